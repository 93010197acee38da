"""Autosave when Qt quits on its own: a waiting change is written, a deleted timer is no error."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from tests.gui.reliability.conftest import App, start


def _emit_about_to_quit() -> None:
    application = QCoreApplication.instance()
    assert application is not None
    application.aboutToQuit.emit()


def test_about_to_quit_writes_pending_change(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    autosave = app.tools.autosave
    app.window.editor.set_caption("Typed as the session ended")
    assert autosave.is_pending()

    with qtbot.waitSignal(autosave.saved, timeout=1_000):
        _emit_about_to_quit()

    assert not autosave.is_pending()
    captions = [draft.state.caption for draft in app.database.list_drafts()]
    assert captions == ["Typed as the session ended"]


def test_about_to_quit_without_change_writes_nothing(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    saved: list[int] = []
    app.tools.autosave.saved.connect(saved.append)

    _emit_about_to_quit()

    assert saved == []
    assert app.database.list_drafts() == []


def test_deleted_autosave_is_not_pending(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    autosave = app.tools.autosave
    app.window.editor.set_caption("Typed before the window went away")
    assert autosave.is_pending()

    # Deleting the C++ object deletes its timer too, as deleting the main window does.
    shiboken6.delete(autosave)

    assert not autosave.is_pending()
    # Qt dropped the deleted object's connection, so quitting now writes and raises nothing.
    _emit_about_to_quit()
    assert app.database.list_drafts() == []
