"""Dragging posts in the calendar: the PATCH, rejections, rollback, undo, and the keyboard."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ocoya_desktop.sandbox import SandboxStore
from ocoya_desktop.ui.models.schedule_model import Column
from ocoya_desktop.ui.widgets.calendar_grid import CalendarMode, CalendarTarget
from tests.gui.calendar.support import (
    NOW,
    WAIT_MS,
    ZONE_NAME,
    CalendarShell,
    current,
    drag,
    first_post,
    hover_drag,
    release,
    schedule_model,
)

ZONE = ZoneInfo(ZONE_NAME)
NEXT_TUESDAY = dt.date(2030, 6, 18)

# The offscreen platform has no window manager, so it warns when a shown window sets size hints.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def at_local_time(day: dt.date, moment: dt.datetime) -> dt.datetime:
    """Return ``day`` at the wall-clock time of ``moment`` in the calendar's zone, in UTC."""
    local = moment.astimezone(ZONE)
    return dt.datetime.combine(day, local.time(), ZONE).astimezone(dt.UTC)


def moved_message(shell: CalendarShell) -> bool:
    return any("Post moved" in message.text for message in shell.messages)


def test_drag_sends_patch_and_shows_new_day(
    qtbot: QtBot, shell: CalendarShell, store: SandboxStore
) -> None:
    post = first_post(shell, "SCHEDULED")
    assert post.scheduled_at is not None
    grid = shell.grid
    expected = at_local_time(NEXT_TUESDAY, post.scheduled_at)

    drag(
        grid,
        grid.chip_rect(post.id).center(),
        grid.target_rect(CalendarTarget(NEXT_TUESDAY)).center(),
    )

    # Shown at once, before the response arrives.
    assert current(shell, post.id).scheduled_at == expected
    assert post.id in [p.id for p in grid.posts_on(NEXT_TUESDAY)]
    qtbot.waitUntil(lambda: store.posts[post.id].scheduled_at == expected, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: moved_message(shell), timeout=WAIT_MS)
    # The message names the new time as the calendar shows it, in the editor's zone.
    local_text = expected.astimezone(ZONE).strftime("%Y-%m-%d %H:%M")
    assert any(local_text in message.text for message in shell.messages)

    with qtbot.waitSignal(shell.window.controller.workspace_loaded, timeout=WAIT_MS):
        shell.window.refresh_action.trigger()
    assert post.id in [p.id for p in grid.posts_on(NEXT_TUESDAY)]
    assert current(shell, post.id).scheduled_at == expected


def test_drag_draft_schedules_it(qtbot: QtBot, shell: CalendarShell, store: SandboxStore) -> None:
    draft = first_post(shell, "DRAFT")
    assert draft.scheduled_at is not None
    grid = shell.grid
    grid.select_post(draft.id)
    target = grid.current_day + dt.timedelta(days=1)
    expected = at_local_time(target, draft.scheduled_at)

    drag(grid, grid.chip_rect(draft.id).center(), grid.target_rect(CalendarTarget(target)).center())

    qtbot.waitUntil(lambda: store.posts[draft.id].scheduled_at == expected, timeout=WAIT_MS)
    assert store.posts[draft.id].status == current(shell, draft.id).status


def test_posted_post_cannot_move(qtbot: QtBot, shell: CalendarShell, store: SandboxStore) -> None:
    post = first_post(shell, "POSTED")
    grid = shell.grid
    grid.select_post(post.id)
    before = store.posts[post.id].scheduled_at
    target = grid.current_day + dt.timedelta(days=1)

    drag(grid, grid.chip_rect(post.id).center(), grid.target_rect(CalendarTarget(target)).center())

    assert current(shell, post.id).scheduled_at == post.scheduled_at
    assert any("already published" in message.text for message in shell.messages)
    assert "already published" in shell.window.calendar_view.hint_label.text()
    assert not shell.runner.is_busy()
    assert store.posts[post.id].scheduled_at == before


def test_past_day_rejects_drop(qtbot: QtBot, shell: CalendarShell, store: SandboxStore) -> None:
    post = first_post(shell, "SCHEDULED")
    grid = shell.grid
    yesterday = NOW.astimezone(ZONE).date() - dt.timedelta(days=1)
    start = grid.chip_rect(post.id).center()
    end = grid.target_rect(CalendarTarget(yesterday)).center()

    hover_drag(grid, start, end)
    hint = shell.window.calendar_view.hint_label.text()
    release(grid, end)

    assert "in the past" in hint
    assert any("in the past" in message.text for message in shell.messages)
    assert current(shell, post.id).scheduled_at == post.scheduled_at
    assert store.posts[post.id].scheduled_at == post.scheduled_at
    assert not shell.runner.is_busy()


def test_rejected_patch_rolls_back(qtbot: QtBot, shell: CalendarShell, store: SandboxStore) -> None:
    post = first_post(shell, "SCHEDULED")
    grid = shell.grid
    # Published elsewhere after the calendar loaded it, so Ocoya returns 400.
    with store.lock:
        store.posts[post.id].status = "POSTED"

    drag(
        grid,
        grid.chip_rect(post.id).center(),
        grid.target_rect(CalendarTarget(NEXT_TUESDAY)).center(),
    )
    assert current(shell, post.id).scheduled_at != post.scheduled_at

    qtbot.waitUntil(
        lambda: current(shell, post.id).scheduled_at == post.scheduled_at, timeout=WAIT_MS
    )
    assert any(message.is_error for message in shell.messages)
    assert post.id not in [p.id for p in grid.posts_on(NEXT_TUESDAY)]
    assert store.posts[post.id].scheduled_at == post.scheduled_at
    assert not shell.window.undo_actions[0].isEnabled()


def test_undo_moves_post_back(qtbot: QtBot, shell: CalendarShell, store: SandboxStore) -> None:
    post = first_post(shell, "SCHEDULED")
    grid = shell.grid
    original = post.scheduled_at
    drag(
        grid,
        grid.chip_rect(post.id).center(),
        grid.target_rect(CalendarTarget(NEXT_TUESDAY)).center(),
    )
    qtbot.waitUntil(lambda: moved_message(shell), timeout=WAIT_MS)
    undo, redo = shell.window.undo_actions

    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert current(shell, post.id).scheduled_at == original
    qtbot.waitUntil(lambda: store.posts[post.id].scheduled_at == original, timeout=WAIT_MS)
    assert redo.isEnabled()

    redo.trigger()
    expected = at_local_time(NEXT_TUESDAY, post.scheduled_at)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: store.posts[post.id].scheduled_at == expected, timeout=WAIT_MS)
    assert undo.isEnabled()


def test_week_view_drag_to_slot(qtbot: QtBot, shell: CalendarShell, store: SandboxStore) -> None:
    post = first_post(shell, "SCHEDULED")
    assert post.scheduled_at is not None
    grid = shell.grid
    shell.window.calendar_view.set_mode(CalendarMode.WEEK)
    local = post.scheduled_at.astimezone(ZONE)
    slot = CalendarTarget(local.date(), dt.time(17))
    expected = dt.datetime.combine(local.date(), dt.time(17, local.minute), ZONE)

    drag(grid, grid.chip_rect(post.id).center(), grid.target_rect(slot).center())

    qtbot.waitUntil(lambda: store.posts[post.id].scheduled_at == expected, timeout=WAIT_MS)


def test_keyboard_moves_between_days(qtbot: QtBot, shell: CalendarShell) -> None:
    grid = shell.grid
    view = shell.window.calendar_view
    today = NOW.astimezone(ZONE).date()
    grid.setFocus()

    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert grid.current_day == today + dt.timedelta(days=1)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert grid.current_day == today + dt.timedelta(days=8)
    qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    assert grid.current_day.month == 7
    assert "July" in view.title()
    qtbot.keyClick(grid, Qt.Key.Key_T)
    assert grid.current_day == today
    assert "June" in view.title()


def test_tab_selects_posts_and_enter_opens(qtbot: QtBot, shell: CalendarShell) -> None:
    post = first_post(shell, "SCHEDULED")
    grid = shell.grid
    grid.select_post(None)
    assert post.scheduled_at is not None
    grid.set_current_day(post.scheduled_at.astimezone(ZONE).date())
    grid.setFocus()

    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    assert grid.selected_post_id() == post.id
    selected = shell.window.schedule_view.current_post()
    assert selected is not None
    assert selected.id == post.id
    assert shell.window.delete_action.isEnabled()

    qtbot.keyClick(grid, Qt.Key.Key_Return)
    caption = next(item.caption for item in post.posts if item.caption)
    assert shell.window.editor.caption() == caption


def test_context_menu_offers_post_actions(shell: CalendarShell) -> None:
    actions = shell.grid.actions()

    assert shell.window.reschedule_action in actions
    assert shell.window.duplicate_action in actions
    assert shell.window.delete_action in actions
    assert shell.grid.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu


def test_status_filter_applies_to_calendar(shell: CalendarShell) -> None:
    post = first_post(shell, "SCHEDULED")
    assert post.scheduled_at is not None
    day = post.scheduled_at.astimezone(ZONE).date()
    status_filter = shell.window.schedule_view.status_filter

    status_filter.setCurrentIndex(status_filter.findData("POSTED"))

    assert shell.grid.posts_on(day) == []
    status_filter.setCurrentIndex(status_filter.findData("SCHEDULED"))
    assert post.id in [p.id for p in shell.grid.posts_on(day)]


def test_list_follows_editor_zone(shell: CalendarShell) -> None:
    post = first_post(shell, "SCHEDULED")
    assert post.scheduled_at is not None
    model = schedule_model(shell)
    time_index = model.index(model.row_of(post.id) or 0, Column.TIME)
    assert model.data(time_index) == post.scheduled_at.astimezone(ZONE).strftime("%Y-%m-%d %H:%M")

    shell.window.editor.schedule_picker.set_time_zone("Asia/Tokyo")

    tokyo = ZoneInfo("Asia/Tokyo")
    assert model.data(time_index) == post.scheduled_at.astimezone(tokyo).strftime("%Y-%m-%d %H:%M")
    assert shell.grid.zone == tokyo
    assert model.headerData(Column.TIME, Qt.Orientation.Horizontal) == "Time (Tokyo)"
