"""User-visible sentences that plain-Python modules build, kept translatable.

The domain modules do not import Qt, so they cannot call ``tr()``. They describe each
sentence as a ``Text``: an English template, marked with ``QT_TRANSLATE_NOOP`` so that Qt's
``lupdate`` extracts it under ``TEXT_CONTEXT``, and the values that go into it. ``str()``
gives the English sentence for logs, tests and code without Qt. The UI translates the
template with ``QCoreApplication.translate`` and then fills it in
(``ocoya_desktop.ui.texts.translated``).

Templates use ``str.format`` fields, such as ``"{name} needs at least one photo or video."``.
A value may itself be a ``Text`` (a network's "characters as X counts them", say), which is
translated before it is put in. Each template is a whole sentence, or a whole phrase for
such a value, so that a translator never has to join fragments. Singular and plural are two
templates, chosen by the English rule (``plural``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

TEXT_CONTEXT = "Findings"
"""The translation context of every template marked in the domain modules. Markers write it
as the literal ``"Findings"``, because ``lupdate`` reads only a literal context."""


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Return ``source`` unchanged; the call marks it for ``lupdate``, which finds it by name."""
    return source


@dataclass(frozen=True, slots=True)
class Text:
    """An English template and the values that fill it. ``str()`` gives the English text."""

    template: str
    values: tuple[tuple[str, object], ...] = ()

    def render(self, translate: Callable[[str], str]) -> str:
        """Return the sentence with ``translate`` applied to this template and nested ones."""
        values = {
            name: value.render(translate) if isinstance(value, Text) else value
            for name, value in self.values
        }
        return translate(self.template).format(**values)

    def __str__(self) -> str:
        return self.render(_english)


class MessageAndFix:
    """Base of a finding dataclass: its ``message_text`` and ``fix_text`` in English."""

    __slots__ = ()
    message_text: Text
    fix_text: Text

    @property
    def message(self) -> str:
        """The message in English."""
        return str(self.message_text)

    @property
    def fix(self) -> str:
        """The fix in English."""
        return str(self.fix_text)


def text(template: str, **values: object) -> Text:
    """Return the ``Text`` of ``template`` filled with ``values``."""
    return Text(template, tuple(values.items()))


def plural(count: int, singular: str, plural_form: str, **values: object) -> Text:
    """Return ``singular`` for a ``count`` of 1 and ``plural_form`` otherwise, with ``count``.

    NOTE: the choice follows English. A language with more plural forms gets one of these
    two, because the templates are not yet translated with Qt's numerus forms.
    """
    template = singular if count == 1 else plural_form
    return text(template, count=count, **values)


def _english(template: str) -> str:
    return template
