"""Autosave and restore: nothing typed in the editor is lost, and Local Drafts lists it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from ocoya_desktop.storage.drafts_db import DraftsDatabase, EditorState, MediaEntry
from ocoya_desktop.ui.dialogs.local_drafts_dialog import LocalDraftsDialog
from ocoya_desktop.ui.labels import network_label
from ocoya_desktop.ui.models.profile_list_model import ProfileListModel
from tests.gui.reliability.conftest import (
    WAIT_MS,
    App,
    answer,
    build_app,
    close_app,
    start,
    tick_first_profiles,
)

MEDIA_URL = "https://cdn.example.com/menu.jpg"

# The offscreen platform has no window manager, so it warns when a shown dialog sets size
# hints or is raised.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _first_workspace_and_profiles(app: App) -> tuple[str, list[str]]:
    workspace_id = app.window.controller.current_workspace_id
    assert workspace_id is not None
    profiles = [p.id for p in app.window.sidebar.profile_view.model().profiles()]  # type: ignore[attr-defined]
    return workspace_id, profiles


def test_change_saved_within_a_second(qtbot: QtBot, app: App) -> None:
    """Guarantee: a change is written to the drafts database after the debounce.

    Without the autosave timer the database would stay empty.
    """
    start(qtbot, app, restore=False)
    profile_ids = tick_first_profiles(app, 2)

    with qtbot.waitSignal(app.tools.autosave.saved, timeout=WAIT_MS):
        app.window.editor.set_caption("Soup of the day")

    drafts = app.database.list_drafts()
    assert len(drafts) == 1
    state = drafts[0].state
    assert state.caption == "Soup of the day"
    assert state.profile_ids == tuple(profile_ids)
    assert state.workspace_id == app.window.controller.current_workspace_id
    assert state.time_zone == app.window.editor.schedule_picker.time_zone_name()


def test_quick_edits_write_once(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    saves: list[int] = []
    app.tools.autosave.saved.connect(saves.append)

    for text in ("S", "So", "Sou", "Soup"):
        app.window.editor.set_caption(text)
    qtbot.waitUntil(lambda: bool(saves), timeout=WAIT_MS)

    assert len(saves) == 1
    assert app.database.list_drafts()[0].state.caption == "Soup"


def test_sent_post_leaves_no_draft(qtbot: QtBot, app: App) -> None:
    """Guarantee: a successful send removes the composition from the database."""
    start(qtbot, app, restore=False)
    with qtbot.waitSignal(app.tools.autosave.saved, timeout=WAIT_MS):
        app.window.editor.set_caption("Sent and gone")

    with qtbot.waitSignal(app.window.composer.post_sent, timeout=WAIT_MS):
        app.window.editor.save_draft_button.click()
    app.tools.autosave.save_now()

    assert app.database.list_drafts() == []
    assert len(app.posts_with_caption("Sent and gone")) == 1


def test_restore_at_start_says_so(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    sandbox: Starlette,
    database: DraftsDatabase,
    tmp_path: Path,
) -> None:
    """Guarantee: the next start restores the unsent post, with a notice in the message bar."""
    first = build_app(qloop, sandbox, tmp_path, database)
    qtbot.addWidget(first.window)
    start(qtbot, first, restore=False)
    workspace_id, profiles = _first_workspace_and_profiles(first)
    close_app(first, run_async)
    database.save_draft(
        None,
        EditorState(
            caption="Typed before the crash",
            media=(MediaEntry(MEDIA_URL, is_local=False, public_url=MEDIA_URL, state="ready"),),
            profile_ids=tuple(profiles[:2]),
            workspace_id=workspace_id,
            local_date=date(2031, 5, 6),
            local_time=time(14, 30),
            time_zone="Europe/Berlin",
        ),
    )

    second = build_app(qloop, sandbox, tmp_path, database)
    qtbot.addWidget(second.window)
    try:
        start(qtbot, second)
        model = second.window.sidebar.profile_view.model()
        qtbot.waitUntil(
            lambda: model.checked_ids() == profiles[:2],  # type: ignore[attr-defined]
            timeout=WAIT_MS,
        )
        editor = second.window.editor
        assert editor.caption() == "Typed before the crash"
        assert editor.schedule_picker.time_zone_name() == "Europe/Berlin"
        assert editor.schedule_picker.date_edit.date().toPython() == date(2031, 5, 6)
        assert editor.schedule_picker.time_edit.time().toString("HH:mm") == "14:30"
        sources = [str(item.source) for item in second.window.composer.media_zone.model.items()]
        assert sources == [MEDIA_URL]
        assert any("Restored the post" in text for text in second.message_texts())
        assert second.window.message_bar.text().startswith("Restored the post")
    finally:
        close_app(second, run_async)


def test_local_drafts_open_asks_first(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    other = app.database.save_draft(None, EditorState(caption="An older idea"))
    with qtbot.waitSignal(app.tools.autosave.saved, timeout=WAIT_MS):
        app.window.editor.set_caption("What I am writing now")

    app.window.local_drafts_action.trigger()
    dialog = app.window.findChild(LocalDraftsDialog)
    assert dialog is not None
    assert dialog.isVisible()
    assert set(dialog.draft_ids()) == {other, app.tools.autosave.current_draft_id}
    dialog.select_draft(other)
    dialog.open_button.click()
    question = answer(qtbot, app.window, QMessageBox.StandardButton.Yes)

    assert "stays in File → Local Drafts" in question
    qtbot.waitUntil(lambda: app.window.editor.caption() == "An older idea", timeout=WAIT_MS)
    assert app.tools.autosave.current_draft_id == other
    captions = {d.state.caption for d in app.database.list_drafts()}
    assert captions == {"An older idea", "What I am writing now"}
    dialog.close()


def test_local_drafts_cancel_keeps_editor(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    other = app.database.save_draft(None, EditorState(caption="Not this one"))
    with qtbot.waitSignal(app.tools.autosave.saved, timeout=WAIT_MS):
        app.window.editor.set_caption("Keep me")

    dialog = app.tools.autosave.open_local_drafts(app.window)
    dialog.select_draft(other)
    dialog.open_button.click()
    answer(qtbot, app.window, QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: not app.runner.is_busy(), timeout=WAIT_MS)

    assert app.window.editor.caption() == "Keep me"
    dialog.close()


def test_local_drafts_delete(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    doomed = app.database.save_draft(None, EditorState(caption="Delete me"))
    kept = app.database.save_draft(None, EditorState(caption="Keep me"))

    dialog = app.tools.autosave.open_local_drafts(app.window)
    dialog.select_draft(doomed)
    dialog.delete_button.click()
    question = answer(qtbot, app.window, QMessageBox.StandardButton.Cancel)
    assert "cannot be brought back" in question
    assert len(app.database.list_drafts()) == 2

    dialog.delete_button.click()
    answer(qtbot, app.window, QMessageBox.StandardButton.Yes)

    assert [d.draft_id for d in app.database.list_drafts()] == [kept]
    assert dialog.draft_ids() == [kept]
    first_cell = dialog.table.item(0, 0)
    assert first_cell is not None
    assert first_cell.text() == "Keep me"
    dialog.close()


def test_local_drafts_caption_keeps_width(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    profile_ids = tuple(f"profile-{number}" for number in range(8))
    names = {pid: f"A rather long profile name for the studio {pid}" * 2 for pid in profile_ids}
    app.database.save_draft(None, EditorState(caption="Visible caption", profile_ids=profile_ids))

    dialog = app.tools.autosave.open_local_drafts(app.window)
    dialog.set_profile_names(names)
    dialog.set_drafts(app.database.list_drafts(), None)
    qtbot.waitExposed(dialog)

    table = dialog.table
    # Every column fits in view, so the caption is never scrolled or squeezed away.
    assert table.horizontalHeader().length() <= table.viewport().width()
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance("Visible caption")
    dialog.close()


def test_local_drafts_name_twin_networks(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    model = app.window.sidebar.profile_view.model()
    assert isinstance(model, ProfileListModel)
    names = [profile.name for profile in model.profiles()]
    twins = [profile for profile in model.profiles() if names.count(profile.name) > 1]
    assert len(twins) >= 2, "the demo workspace has two profiles of the same name"
    state = EditorState(caption="For the twins", profile_ids=tuple(p.id for p in twins[:2]))
    app.database.save_draft(None, state)

    dialog = app.tools.autosave.open_local_drafts(app.window)

    texts = [
        cell.text()
        for column in range(dialog.table.columnCount())
        if (cell := dialog.table.item(0, column)) is not None
    ]
    for twin in twins[:2]:
        network = network_label(twin.provider)
        assert any(f"{twin.name} ({network})" in text for text in texts), texts
    dialog.close()


def test_empty_editor_opens_without_asking(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    draft = app.database.save_draft(None, EditorState(caption="Straight in"))

    dialog = app.tools.autosave.open_local_drafts(app.window)
    dialog.select_draft(draft)
    dialog.open_button.click()

    qtbot.waitUntil(lambda: app.window.editor.caption() == "Straight in", timeout=WAIT_MS)
    dialog.close()
