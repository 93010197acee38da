"""Dropping photos on the calendar starts a post for that day or slot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QTime
from pytestqt.qtbot import QtBot

from ocoya_desktop.sandbox import SandboxStore
from ocoya_desktop.sandbox.store import PostGroup as StoredPostGroup
from ocoya_desktop.ui.widgets.calendar_grid import CalendarMode, CalendarTarget
from tests.gui.calendar.support import NOW, WAIT_MS, ZONE_NAME, CalendarShell, file_drop
from tests.helpers.media_files import make_jpeg

ZONE = ZoneInfo(ZONE_NAME)
FRIDAY = dt.date(2030, 6, 14)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def picker_date_time(shell: CalendarShell) -> tuple[QDate, QTime]:
    picker = shell.window.editor.schedule_picker
    return picker.date_edit.date(), picker.time_edit.time()


def test_photo_on_day_starts_post(qtbot: QtBot, shell: CalendarShell, tmp_path: Path) -> None:
    grid = shell.grid
    photo = make_jpeg(tmp_path / "friday.jpg", (320, 240))

    drop = file_drop(grid, grid.target_rect(CalendarTarget(FRIDAY)).center(), [photo])

    assert drop.isAccepted()
    zone = shell.window.composer.media_zone
    qtbot.waitUntil(lambda: bool(zone.media_urls()) and not zone.is_busy(), timeout=WAIT_MS)
    assert picker_date_time(shell) == (QDate(2030, 6, 14), QTime(9, 0))
    assert not shell.window.editor.schedule_picker.is_draft()
    assert shell.window.editor.schedule_picker.time_zone_name() == ZONE_NAME


def test_photo_on_busy_nine_takes_next_hour(
    qtbot: QtBot, shell: CalendarShell, store: SandboxStore, tmp_path: Path
) -> None:
    nine = dt.datetime.combine(FRIDAY, dt.time(9), ZONE).astimezone(dt.UTC)
    workspace_id = shell.window.controller.current_workspace_id
    assert workspace_id is not None
    store.add_post(
        StoredPostGroup(
            id=store.new_id(),
            workspace_id=workspace_id,
            status="DRAFT",
            caption="Already at nine",
            created_at=NOW,
            scheduled_at=nine,
        )
    )
    with qtbot.waitSignal(shell.window.controller.workspace_loaded, timeout=WAIT_MS):
        shell.window.refresh_action.trigger()
    grid = shell.grid

    file_drop(
        grid, grid.target_rect(CalendarTarget(FRIDAY)).center(), [make_jpeg(tmp_path / "a.jpg")]
    )

    assert picker_date_time(shell) == (QDate(2030, 6, 14), QTime(10, 0))


def test_photo_on_slot_uses_slot_time(qtbot: QtBot, shell: CalendarShell, tmp_path: Path) -> None:
    shell.window.calendar_view.set_mode(CalendarMode.WEEK)
    grid = shell.grid
    slot = CalendarTarget(FRIDAY, dt.time(16))

    drop = file_drop(grid, grid.target_rect(slot).center(), [make_jpeg(tmp_path / "slot.jpg")])

    assert drop.isAccepted()
    assert picker_date_time(shell) == (QDate(2030, 6, 14), QTime(16, 0))
    zone = shell.window.composer.media_zone
    qtbot.waitUntil(lambda: bool(zone.media_urls()) and not zone.is_busy(), timeout=WAIT_MS)


def test_photo_on_past_day_rejected(shell: CalendarShell, tmp_path: Path) -> None:
    grid = shell.grid
    yesterday = NOW.astimezone(ZONE).date() - dt.timedelta(days=1)
    photo = make_jpeg(tmp_path / "late.jpg")

    drop = file_drop(grid, grid.target_rect(CalendarTarget(yesterday)).center(), [photo])

    assert not drop.isAccepted()
    assert shell.window.composer.media_zone.model.items() == []
    assert any("no time left" in message.text for message in shell.messages)


def test_busy_day_shows_more(qtbot: QtBot, shell: CalendarShell, store: SandboxStore) -> None:
    workspace_id = shell.window.controller.current_workspace_id
    assert workspace_id is not None
    for hour in range(8, 22):
        store.add_post(
            StoredPostGroup(
                id=store.new_id(),
                workspace_id=workspace_id,
                status="DRAFT",
                caption=f"Busy {hour}",
                created_at=NOW,
                scheduled_at=dt.datetime.combine(FRIDAY, dt.time(hour), ZONE),
            )
        )
    with qtbot.waitSignal(shell.window.controller.workspace_loaded, timeout=WAIT_MS):
        shell.window.refresh_action.trigger()
    grid = shell.grid

    hidden = grid.overflow_on(FRIDAY)

    posts = grid.posts_on(FRIDAY)
    assert len(posts) >= 14
    assert 0 < hidden < len(posts)
    shown = [post for post in posts if not grid.chip_rect(post.id).isEmpty()]
    assert len(shown) + hidden == len(posts)
