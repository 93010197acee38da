"""Starting a new post and replacing the editor's content keep what the user expects.

File → New Post keeps the current post in Local Drafts and empties the editor. An emptied
editor is no longer linked to the AI draft it was opened from, and a duplicate gets a new
time. An open Local Drafts window follows the drafts as they change. The window runs on the
in-process sandbox with the drafts database, as the app does.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from ocoya_desktop.storage.drafts_db import EditorState
from ocoya_desktop.ui.ai_controller import AiController
from ocoya_desktop.ui.dialogs.local_drafts_dialog import LocalDraftsDialog
from tests.gui.reliability.conftest import WAIT_MS, App, answer, start, tick_first_profiles
from tests.gui.reliability.editor_support import (
    TYPED,
    add_listed_post,
    ai_of,
    draft_captions,
    generate,
    type_and_autosave,
)
from tests.gui.shell_support import visible_message_box

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

PICKED_DATE = dt.date(2031, 5, 4)
KEPT_NOTE = "The post it replaced is in File → Local Drafts."


def listed_captions(dialog: LocalDraftsDialog) -> list[str]:
    items = [dialog.table.item(row, 0) for row in range(dialog.table.rowCount())]
    return [item.text() for item in items if item is not None]


def open_campaign_draft(qtbot: QtBot, app: App, caption: str) -> str:
    post_id = add_listed_post(qtbot, app, caption, status="DRAFT")
    app.window.open_ai_draft_action.trigger()
    qtbot.waitUntil(lambda: app.window.composer.ai_draft is not None, timeout=WAIT_MS)
    return post_id


# --- an emptied editor ------------------------------------------------------------------


def test_emptied_editor_forgets_ai_draft(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    open_campaign_draft(qtbot, app, "Campaign day one")
    editor = app.window.editor
    assert not editor.send_note_label.isHidden()

    editor.set_caption("")

    assert app.window.composer.ai_draft is None
    assert editor.send_note_label.isHidden()
    assert ai_of(app).panel.draft_status_label.isHidden()


def test_retyped_post_leaves_ai_draft(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    open_campaign_draft(qtbot, app, "Campaign day one")
    editor = app.window.editor
    editor.set_caption("")
    editor.set_caption("An unrelated post")

    with qtbot.waitSignal(app.window.composer.post_sent, timeout=WAIT_MS):
        editor.save_draft_button.click()

    assert len(app.posts_with_caption("Campaign day one")) == 1
    assert len(app.posts_with_caption("An unrelated post")) == 1


def test_opened_local_draft_forgets_ai_draft(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    open_campaign_draft(qtbot, app, "Campaign day one")
    autosave = app.tools.autosave
    other = dataclasses.replace(autosave.capture(), caption="A post kept earlier", ai_draft_id=None)

    autosave.apply(other, draft_id=None)

    assert app.window.editor.caption() == "A post kept earlier"
    assert app.window.composer.ai_draft is None
    assert app.window.editor.send_note_label.isHidden()


def test_local_draft_question_not_slow(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    type_and_autosave(qtbot, app)
    autosave = app.tools.autosave
    other = dataclasses.replace(autosave.capture(), caption="A post kept earlier")
    # Zero: a task reported as slow would be reported on the next turn of the event loop.
    app.runner.slow_after_seconds = 0.0
    slow: list[str] = []
    app.runner.slow_task_started.connect(lambda key, _action: slow.append(key))

    autosave.replace_editor_content(other, draft_id=None)
    qtbot.waitUntil(lambda: visible_message_box(app.window) is not None, timeout=WAIT_MS)
    QApplication.processEvents()
    answer(qtbot, app.window, QMessageBox.StandardButton.Yes)

    qtbot.waitUntil(lambda: app.window.editor.caption() == "A post kept earlier", timeout=WAIT_MS)
    assert slow == []


def test_edited_caption_keeps_ai_draft(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    open_campaign_draft(qtbot, app, "Campaign day one")

    app.window.editor.set_caption("Campaign day one, reworded")

    assert app.window.composer.ai_draft is not None


# --- File → New Post --------------------------------------------------------------------


def test_new_post_keeps_current_in_local_drafts(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    type_and_autosave(qtbot, app)
    editor = app.window.editor
    editor.schedule_picker.set_local_datetime(PICKED_DATE, dt.time(10, 0))

    app.window.new_post_action.trigger()

    assert visible_message_box(app.window) is None
    assert editor.caption() == ""
    assert not editor.has_content()
    assert editor.schedule_picker.date_edit.date().toPython() != PICKED_DATE
    assert not editor.schedule_picker.is_draft()
    assert app.window.message_bar.text() == "The previous post is in File → Local Drafts."
    assert draft_captions(app) == {TYPED}
    type_and_autosave(qtbot, app, "The next post")
    assert draft_captions(app) == {TYPED, "The next post"}


def test_new_post_unkept_leaves_editor(
    qtbot: QtBot, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    start(qtbot, app, restore=False)
    type_and_autosave(qtbot, app)
    monkeypatch.setattr(app.tools.autosave, "keep_current_as_draft", lambda: False)

    app.window.new_post_action.trigger()

    assert app.window.editor.caption() == TYPED
    assert "could not be kept" in app.window.message_bar.text()


def test_new_post_forgets_ai_draft(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    open_campaign_draft(qtbot, app, "Campaign day two")

    app.window.new_post_action.trigger()

    assert app.window.composer.ai_draft is None
    assert app.window.editor.caption() == ""
    assert app.window.editor.send_note_label.isHidden()


def test_new_post_on_empty_editor_says_nothing(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    before = app.message_texts()

    app.window.new_post_action.trigger()

    assert app.message_texts() == before
    assert app.database.list_drafts() == []


# --- Duplicate over a picked date -------------------------------------------------------


def test_duplicate_resets_picked_date(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    add_listed_post(qtbot, app, "Copy over a picked date")
    picker = app.window.editor.schedule_picker
    picker.set_local_datetime(PICKED_DATE, dt.time(10, 0))

    app.window.duplicate_action.trigger()
    question = answer(qtbot, app.window, QMessageBox.StandardButton.Yes)

    assert "The date you picked is reset." in question
    qtbot.waitUntil(
        lambda: app.window.editor.caption() == "Copy over a picked date", timeout=WAIT_MS
    )
    assert picker.date_edit.date().toPython() != PICKED_DATE
    assert picker.time_edit.time().minute() == 0


def test_generated_draft_keeps_picked_date_unasked(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    tick_first_profiles(app, 1)
    picker = app.window.editor.schedule_picker
    picker.set_local_datetime(PICKED_DATE, dt.time(10, 0))
    ai = ai_of(app)

    with qtbot.waitSignal(ai.draft_loaded, timeout=WAIT_MS):
        generate(ai.panel)

    assert visible_message_box(app.window) is None
    assert picker.date_edit.date().toPython() == PICKED_DATE
    assert KEPT_NOTE not in ai.panel.message()


# --- the Local Drafts window ------------------------------------------------------------


@contextlib.contextmanager
def local_drafts_window(app: App) -> Iterator[LocalDraftsDialog]:
    """Open File → Local Drafts for the block and close it after, even when a check fails."""
    dialog = app.tools.autosave.open_local_drafts(app.window)
    try:
        yield dialog
    finally:
        dialog.close()


def test_open_local_drafts_follow_duplicate(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    add_listed_post(qtbot, app, "The post to copy")
    type_and_autosave(qtbot, app)
    with local_drafts_window(app) as dialog:
        assert len(dialog.draft_ids()) == 1

        app.window.duplicate_action.trigger()
        answer(qtbot, app.window, QMessageBox.StandardButton.Yes)

        qtbot.waitUntil(lambda: len(dialog.draft_ids()) == 2, timeout=WAIT_MS)
        assert any(text.startswith("The post to copy") for text in listed_captions(dialog))


def test_open_local_drafts_follow_new_post(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    type_and_autosave(qtbot, app)
    with local_drafts_window(app) as dialog:
        assert listed_captions(dialog) == [f"{TYPED} (in the editor)"]

        app.window.new_post_action.trigger()

        assert listed_captions(dialog) == [TYPED]


def test_drafts_count_without_plural_marks(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    type_and_autosave(qtbot, app)
    with local_drafts_window(app) as dialog:
        assert dialog.summary_label.text() == "Unsent posts saved on this computer: 1."


def test_restore_message_without_plural_marks(qtbot: QtBot, app: App) -> None:
    app.database.save_draft(None, EditorState(caption="Older post"))
    app.database.save_draft(None, EditorState(caption="Newest post"))

    start(qtbot, app)

    qtbot.waitUntil(lambda: app.window.editor.caption() == "Newest post", timeout=WAIT_MS)
    text = next(text for text in app.message_texts() if text.startswith("Restored"))
    assert text.endswith("Unsent posts in File → Local Drafts: 2.")
    assert "(s)" not in text


# --- the AI panel during and after the replace question ---------------------------------


def test_elapsed_time_shown_while_question_open(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    tick_first_profiles(app, 1)
    type_and_autosave(qtbot, app)
    ai = ai_of(app)

    generate(ai.panel)
    qtbot.waitUntil(lambda: visible_message_box(app.window) is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not app.runner.is_running("ai-draft"), timeout=WAIT_MS)

    assert not ai.panel.elapsed_label.isHidden()
    assert ai.panel.elapsed_text().startswith("Generating…")
    with qtbot.waitSignal(ai.draft_loaded, timeout=WAIT_MS):
        answer(qtbot, app.window, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: ai.panel.elapsed_label.isHidden(), timeout=WAIT_MS)
    assert ai.panel.generate_button.isEnabled()


def test_elapsed_time_hidden_after_cancel(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    type_and_autosave(qtbot, app)
    ai = ai_of(app)

    generate(ai.panel)
    answer(qtbot, app.window, QMessageBox.StandardButton.Cancel)

    qtbot.waitUntil(lambda: ai.panel.elapsed_label.isHidden(), timeout=WAIT_MS)
    assert "keeps your post" in ai.panel.message()


def replace_with_generated(qtbot: QtBot, app: App) -> AiController:
    start(qtbot, app, restore=False)
    tick_first_profiles(app, 1)
    type_and_autosave(qtbot, app)
    ai = ai_of(app)
    generate(ai.panel)
    with qtbot.waitSignal(ai.draft_loaded, timeout=WAIT_MS):
        answer(qtbot, app.window, QMessageBox.StandardButton.Yes)
    assert KEPT_NOTE in ai.panel.message()
    return ai


def test_kept_note_cleared_when_editor_changes(qtbot: QtBot, app: App) -> None:
    ai = replace_with_generated(qtbot, app)

    app.window.editor.insert_text_at_cursor(" Extra words.")

    assert KEPT_NOTE not in ai.panel.message()
    assert ai.panel.message().startswith("The draft is in the editor.")


def test_kept_note_cleared_on_next_generation(qtbot: QtBot, app: App) -> None:
    ai = replace_with_generated(qtbot, app)

    generate(ai.panel)
    qtbot.waitUntil(lambda: visible_message_box(app.window) is not None, timeout=WAIT_MS)

    assert KEPT_NOTE not in ai.panel.message_label.text()
    answer(qtbot, app.window, QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: not app.runner.is_busy(), timeout=WAIT_MS)
