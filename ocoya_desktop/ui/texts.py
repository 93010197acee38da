"""Show the sentences that plain-Python modules build, in the user's language."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication

from ocoya_desktop.domain.scheduling import ResolvedTime
from ocoya_desktop.domain.texts import TEXT_CONTEXT, MessageAndFix, Text


def translated(text: Text) -> str:
    """Return ``text`` translated with the app's installed translators, then filled in."""
    return text.render(partial(QCoreApplication.translate, TEXT_CONTEXT))


def error_text(error: BaseException) -> str:
    """Return the message of ``error`` to show, translated when the error carries a ``Text``."""
    text = getattr(error, "text", None)
    return translated(text) if isinstance(text, Text) else str(error)


def adjustment_text(resolved: ResolvedTime) -> str:
    """Return why ``resolved`` differs from the wall time picked, translated, or ""."""
    message = resolved.message_text
    return translated(message) if message is not None else ""


def finding_sentence(finding: MessageAndFix, separator: str = " ") -> str:
    """Return the finding's message and fix, translated, joined by ``separator``."""
    return f"{translated(finding.message_text)}{separator}{translated(finding.fix_text)}"
