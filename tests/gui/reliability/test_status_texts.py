"""Status texts follow what they describe: the post count, the restore notice, the AI panel.

The window runs on the in-process sandbox with the drafts database, as ``--demo`` runs it.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ocoya_desktop.storage.drafts_db import EditorState
from ocoya_desktop.ui.ai_controller import AiController
from tests.gui.reliability.conftest import WAIT_MS, App, start
from tests.gui.shell_support import answer

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

DRAFT_IN_EDITOR = "The draft is in the editor."
RESTORED = "Restored the post you were writing when the app last closed."


def wait_idle(qtbot: QtBot, app: App) -> None:
    qtbot.waitUntil(lambda: not app.runner.is_busy(), timeout=WAIT_MS)


def rows(app: App) -> int:
    return app.window.schedule_view.proxy.sourceModel().rowCount()


def summary_for_rows(app: App) -> str:
    workspace_id = app.window.controller.current_workspace_id
    assert workspace_id is not None
    profiles = len(app.store.profiles_in(workspace_id))
    return f"{profiles} social profiles, {rows(app)} posts loaded"


# --- the post count in the status bar ---------------------------------------------------


def test_post_count_after_saving_draft(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    wait_idle(qtbot, app)
    before = rows(app)
    editor = app.window.editor
    editor.set_caption("Counted once it is saved")
    editor.schedule_picker.set_draft(True)

    editor.save_draft_button.click()
    qtbot.waitUntil(lambda: rows(app) == before + 1, timeout=WAIT_MS)
    wait_idle(qtbot, app)

    assert app.window.statusBar().currentMessage() == summary_for_rows(app)
    assert app.window.status_summary() == summary_for_rows(app)


def test_post_count_after_deleting_post(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    wait_idle(qtbot, app)
    before = rows(app)
    app.window.schedule_view.table.selectRow(0)

    app.window.delete_action.trigger()
    answer(qtbot, app.window, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: rows(app) == before - 1, timeout=WAIT_MS)
    wait_idle(qtbot, app)

    assert app.window.statusBar().currentMessage() == summary_for_rows(app)


# --- the restore notice in the message bar ------------------------------------------------


def restore_two_drafts(qtbot: QtBot, app: App) -> int:
    """Start with two unsent posts, the newest restored; return the other one's id."""
    older = app.database.save_draft(None, EditorState(caption="Older post"))
    app.database.save_draft(None, EditorState(caption="Newest post"))
    start(qtbot, app)
    qtbot.waitUntil(lambda: app.window.editor.caption() == "Newest post", timeout=WAIT_MS)
    assert app.window.message_bar.text() == f"{RESTORED} Unsent posts in File → Local Drafts: 2."
    return older


def delete_local_draft(qtbot: QtBot, app: App, draft_id: int) -> None:
    dialog = app.tools.autosave.open_local_drafts(app.window)
    dialog.select_draft(draft_id)
    dialog.delete_button.click()
    answer(qtbot, app.window, QMessageBox.StandardButton.Yes)
    dialog.close()


def test_restore_notice_counts_deleted_draft(qtbot: QtBot, app: App) -> None:
    older = restore_two_drafts(qtbot, app)

    delete_local_draft(qtbot, app, older)

    assert app.window.message_bar.text() == f"{RESTORED} Unsent posts in File → Local Drafts: 1."


def test_restore_notice_gone_when_none_left(qtbot: QtBot, app: App) -> None:
    older = restore_two_drafts(qtbot, app)
    delete_local_draft(qtbot, app, older)

    with qtbot.waitSignal(app.window.composer.post_sent, timeout=WAIT_MS):
        app.window.editor.save_draft_button.click()

    assert app.database.list_drafts() == []
    assert app.window.message_bar.text() == ""


def test_restore_notice_keeps_later_message(qtbot: QtBot, app: App) -> None:
    restore_two_drafts(qtbot, app)
    app.window.new_post_action.trigger()
    later = app.window.message_bar.text()
    assert later == "The previous post is in File → Local Drafts."

    with qtbot.waitSignal(app.tools.autosave.saved, timeout=WAIT_MS):
        app.window.editor.set_caption("A third post")

    assert len(app.database.list_drafts()) == 3
    assert app.window.message_bar.text() == later


def test_dismissed_restore_notice_stays_hidden(qtbot: QtBot, app: App) -> None:
    older = restore_two_drafts(qtbot, app)
    app.window.message_bar.dismiss()

    delete_local_draft(qtbot, app, older)

    assert app.window.message_bar.text() == ""


# --- the AI Draft panel's message ---------------------------------------------------------


def generate_into_editor(qtbot: QtBot, app: App) -> AiController:
    ai = app.window.findChild(AiController)
    assert ai is not None
    ai.panel.prompt_edit.setPlainText("Announce our autumn opening hours")
    with qtbot.waitSignal(ai.draft_loaded, timeout=WAIT_MS):
        ai.panel.generate_button.click()
    assert ai.panel.message().startswith(DRAFT_IN_EDITOR)
    return ai


def test_ai_message_cleared_by_new_post(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    ai = generate_into_editor(qtbot, app)

    app.window.new_post_action.trigger()

    assert app.window.editor.caption() == ""
    assert ai.panel.message() == ""


def test_ai_message_cleared_after_sending(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    ai = generate_into_editor(qtbot, app)
    zone = app.window.composer.media_zone
    qtbot.waitUntil(lambda: not zone.is_busy(), timeout=WAIT_MS)

    app.window.editor.save_draft_button.click()
    qtbot.waitUntil(lambda: app.window.composer.ai_draft is None, timeout=WAIT_MS)

    assert ai.panel.message() == ""


def test_ai_error_kept_when_editor_cleared(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    ai = generate_into_editor(qtbot, app)
    ai.panel.generate_image_check.setChecked(True)
    ai.panel.reference_url_edit.setText("mood board")
    ai.panel.add_url_button.click()
    error_message = ai.panel.message()
    assert error_message.startswith("“mood board” is not a web address.")

    app.window.new_post_action.trigger()

    assert ai.panel.message() == error_message
