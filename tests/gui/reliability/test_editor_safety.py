"""What a user has typed survives the actions that put other content into the editor.

Duplicate into Editor, Open as AI Draft in Editor and a generated AI draft ask before they
replace a post, and on Replace the old post keeps its own row in Local Drafts. The window
runs on the in-process sandbox with the drafts database, as the app does.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from ocoya_desktop.services.ai_drafts import CampaignProgress
from ocoya_desktop.ui.ai_controller import open_ai_draft_text
from ocoya_desktop.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from tests.gui.reliability.conftest import WAIT_MS, App, answer, start, tick_first_profiles
from tests.gui.reliability.editor_support import (
    PLANNED,
    TYPED,
    add_listed_post,
    ai_of,
    draft_captions,
    generate,
    type_and_autosave,
)
from tests.gui.shell_support import visible_message_box, wait_for_message_box

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

# --- Duplicate into Editor --------------------------------------------------------------


def test_duplicate_asks_and_keeps_typed_post(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    add_listed_post(qtbot, app, "The post to copy")
    type_and_autosave(qtbot, app)

    app.window.duplicate_action.trigger()
    box = wait_for_message_box(qtbot, app.window)
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Replace"
    question = answer(qtbot, app.window, QMessageBox.StandardButton.Yes)

    assert "Replace the post in the editor?" in question
    assert "It stays in File → Local Drafts." in question
    qtbot.waitUntil(lambda: app.window.editor.caption() == "The post to copy", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: draft_captions(app) == {TYPED, "The post to copy"}, timeout=WAIT_MS)


def test_duplicate_cancel_keeps_editor(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    add_listed_post(qtbot, app, "Not wanted now")
    type_and_autosave(qtbot, app)

    app.window.duplicate_action.trigger()
    answer(qtbot, app.window, QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: not app.runner.is_busy(), timeout=WAIT_MS)

    assert app.window.editor.caption() == TYPED
    assert draft_captions(app) == {TYPED}


def test_duplicate_into_empty_editor_no_question(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    add_listed_post(qtbot, app, "Straight into the editor")

    app.window.duplicate_action.trigger()

    assert visible_message_box(app.window) is None
    assert app.window.editor.caption() == "Straight into the editor"


def test_picked_date_counts_as_content(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    add_listed_post(qtbot, app, "Copy over a picked date")
    picker = app.window.editor.schedule_picker
    picker.set_local_datetime(dt.date(2031, 5, 4), dt.time(10, 0))

    app.window.duplicate_action.trigger()
    question = answer(qtbot, app.window, QMessageBox.StandardButton.Cancel)

    assert "The date you picked is reset." in question


# --- Open as AI Draft in Editor ---------------------------------------------------------


def test_open_ai_draft_keeps_planned_date(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    add_listed_post(qtbot, app, "Campaign day one", status="DRAFT")
    assert app.window.open_ai_draft_action.isEnabled()

    app.window.open_ai_draft_action.trigger()

    picker = app.window.editor.schedule_picker
    zone = ZoneInfo(picker.time_zone_name())
    local = PLANNED.astimezone(zone)
    assert app.window.editor.caption() == "Campaign day one"
    assert not picker.is_draft()
    assert picker.date_edit.date().toPython() == local.date()
    assert picker.time_edit.time().toPython() == local.time()


def test_open_ai_draft_asks_first(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    add_listed_post(qtbot, app, "Campaign day two", status="DRAFT")
    type_and_autosave(qtbot, app)

    app.window.open_ai_draft_action.trigger()
    answer(qtbot, app.window, QMessageBox.StandardButton.Yes)

    qtbot.waitUntil(lambda: app.window.composer.ai_draft is not None, timeout=WAIT_MS)
    assert app.window.editor.caption() == "Campaign day two"
    qtbot.waitUntil(lambda: draft_captions(app) == {TYPED, "Campaign day two"}, timeout=WAIT_MS)


def test_ai_draft_status_names_caption(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    post_id = add_listed_post(qtbot, app, "Autumn menu is here", status="DRAFT")
    panel = ai_of(app).panel

    app.window.open_ai_draft_action.trigger()

    status = panel.draft_status_label.text()
    assert "“Autumn menu is here”" in status
    assert post_id not in status


# --- generating an AI draft -------------------------------------------------------------


def test_generated_draft_asks_before_replacing(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    tick_first_profiles(app, 1)
    type_and_autosave(qtbot, app)
    ai = ai_of(app)

    generate(ai.panel)
    box = wait_for_message_box(qtbot, app.window)
    labels = [button.text() for button in box.buttons()]
    assert "Insert at Cursor" in labels
    with qtbot.waitSignal(ai.draft_loaded, timeout=WAIT_MS):
        answer(qtbot, app.window, QMessageBox.StandardButton.Yes)

    origin = app.window.composer.ai_draft
    assert origin is not None
    assert app.window.editor.caption() == origin.caption
    assert "File → Local Drafts" in ai.panel.message_label.text()
    qtbot.waitUntil(lambda: draft_captions(app) == {TYPED, origin.caption}, timeout=WAIT_MS)


def test_generated_draft_inserted_at_cursor(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    tick_first_profiles(app, 1)
    type_and_autosave(qtbot, app)
    ai = ai_of(app)

    generate(ai.panel)
    box = wait_for_message_box(qtbot, app.window)
    insert = next(button for button in box.buttons() if button.text() == "Insert at Cursor")
    with qtbot.waitSignal(ai.draft_loaded, timeout=WAIT_MS):
        insert.click()

    origin = app.window.composer.ai_draft
    assert origin is not None
    assert TYPED in app.window.editor.caption()
    assert origin.caption in app.window.editor.caption()


def test_generated_draft_cancel_keeps_caption(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    type_and_autosave(qtbot, app)
    ai = ai_of(app)

    generate(ai.panel)
    answer(qtbot, app.window, QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: "keeps your post" in ai.panel.message_label.text(), timeout=WAIT_MS)

    assert app.window.editor.caption() == TYPED
    assert app.window.composer.ai_draft is None


def test_generate_without_profile_hints(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    app.window.sidebar.profile_view.model().set_checked_ids([])  # type: ignore[attr-defined]
    ai = ai_of(app)

    with qtbot.waitSignal(ai.draft_loaded, timeout=WAIT_MS):
        generate(ai.panel)

    assert "No profile is ticked" in ai.panel.message_label.text()


# --- the send path's messages -----------------------------------------------------------


def test_checking_message_replaced_after_send(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    tick_first_profiles(app, 2)
    app.window.editor.set_caption("Response lost on the way")
    picker = app.window.editor.schedule_picker
    zone = ZoneInfo(picker.time_zone_name())
    picker.set_local_datetime(dt.datetime.now(zone).date() + dt.timedelta(days=1), dt.time(9))
    app.faults.drop_after_create = True

    with qtbot.waitSignal(app.window.composer.post_sent, timeout=WAIT_MS):
        app.window.editor.schedule_button.click()
    qtbot.waitUntil(lambda: not app.runner.is_busy(), timeout=WAIT_MS)

    assert "Checking whether Ocoya received the post…" in app.message_texts()
    assert "Checking" not in app.window.message_bar.text()
    assert "Post scheduled." in app.window.message_bar.text()


def test_empty_editor_shows_no_error(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    editor = app.window.editor

    assert editor.reason_label.isHidden()
    assert not editor.save_draft_button.isEnabled()
    assert "Write a caption or attach media" in editor.save_draft_button.toolTip()


# --- menus and shortcuts ----------------------------------------------------------------


def mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&])", text.replace("&&", ""))
    return match.group(1).casefold() if match else None


def test_menus_have_unique_mnemonics(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    menus: list[QMenu] = [app.window.menuBar()]  # type: ignore[list-item]
    checked = 0
    while menus:
        menu = menus.pop()
        seen: dict[str, str] = {}
        for action in menu.actions():
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                menus.append(submenu)
            key = mnemonic(action.text())
            if key is None or not action.isVisible():
                continue
            assert key not in seen, f"{action.text()!r} and {seen[key]!r} share Alt+{key}"
            seen[key] = action.text()
            checked += 1
    assert checked > 10


def test_refresh_only_in_view_menu(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    holders = []
    for top in app.window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu) and app.window.refresh_action in menu.actions():
            holders.append(top.text())
    assert holders == ["&View"]


def test_shortcuts_list_every_menu_shortcut(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    listed = app.window.shortcut_actions()
    for top in app.window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            if action.shortcuts():
                assert action in listed, f"{action.text()!r} is missing"
    names = {action.text().replace("&", "") for action in listed}
    for expected in ("Local Drafts…", "Outbox", "Undo", "Redo", "Load All Posts", "AI Draft"):
        assert expected in names
    assert open_ai_draft_text().replace("&", "") in names


def test_shortcuts_dialog_lists_calendar_keys(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)

    app.window.shortcuts_action.trigger()
    dialog = app.window.findChild(ShortcutsDialog)
    assert dialog is not None
    rows = dict(dialog.rows())
    dialog.close()

    assert "In the calendar" in rows
    assert rows["Go to today"] == "Ctrl+T or T"
    assert rows["Previous or next page of the calendar"] == "Page Up / Page Down"
    assert "Local Drafts…" in rows


def test_campaign_status_names_menu_item(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    ai = ai_of(app)

    ai._on_campaign_finished(CampaignProgress((), 3))

    item = app.window.open_ai_draft_action.text().replace("&", "")
    assert f"Post → {item}" in ai.panel.campaign_label.text()
