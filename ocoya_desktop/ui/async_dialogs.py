"""Dialogs that a coroutine can await without starting a nested event loop.

``QDialog.exec()`` runs its own event loop; inside a coroutine on the qasync loop that
re-enters asyncio. These helpers open the dialog window-modally with ``open()`` and await a
future that its ``finished`` signal resolves.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import shiboken6
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget


async def run_dialog(dialog: QDialog) -> int:
    """Open ``dialog`` and return its result code (``QDialog.DialogCode``) once it closes.

    Cancelling the awaiting task rejects the dialog, so no window is left behind. A dialog
    destroyed while open, as when its parent window is deleted, emits no ``finished``; the
    await then raises ``asyncio.CancelledError``.
    """
    loop = asyncio.get_running_loop()
    result: asyncio.Future[int] = loop.create_future()

    def on_finished(code: int) -> None:
        if not result.done():
            result.set_result(code)

    def on_destroyed() -> None:
        if not result.done():
            result.cancel()

    dialog.finished.connect(on_finished)
    dialog.destroyed.connect(on_destroyed)
    dialog.open()
    try:
        return await result
    except asyncio.CancelledError:
        if shiboken6.isValid(dialog):
            dialog.reject()
        raise
    finally:
        if shiboken6.isValid(dialog):
            dialog.finished.disconnect(on_finished)
            dialog.destroyed.disconnect(on_destroyed)


async def ask_question(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton,
    default: QMessageBox.StandardButton,
    *,
    button_texts: Mapping[QMessageBox.StandardButton, str] | None = None,
) -> QMessageBox.StandardButton:
    """Show a question box and return the button the user pressed.

    ``button_texts`` names buttons for their action (Yes shown as "Replace", for example);
    the return value is still the standard button. Closing the box with Escape returns
    ``QMessageBox.StandardButton.NoButton`` unless the buttons include an escape button
    (Cancel or No).
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
    try:
        for standard, label in (button_texts or {}).items():
            button = box.button(standard)
            if button is None:
                raise ValueError(
                    f"{standard!r} has a text but is missing from buttons. Add it there."
                )
            button.setText(label)
        box.setDefaultButton(default)
        await run_dialog(box)
        clicked = box.clickedButton()
        if clicked is None:
            return QMessageBox.StandardButton.NoButton
        return box.standardButton(clicked)
    finally:
        if shiboken6.isValid(box):
            box.deleteLater()
