"""Show the sentences that plain-Python modules build, in the user's language."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication

from ocoya_desktop.domain.texts import TEXT_CONTEXT, Text


def translated(text: Text) -> str:
    """Return ``text`` translated with the app's installed translators, then filled in."""
    return text.render(partial(QCoreApplication.translate, TEXT_CONTEXT))
