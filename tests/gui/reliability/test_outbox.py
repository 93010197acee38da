"""Sending once from the window, going offline, and the outbox that sends when it returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ocoya_desktop.services.compose import Composition
from ocoya_desktop.services.delivery import queued_post_for
from ocoya_desktop.storage.drafts_db import EditorState, OutboxStatus
from tests.gui.reliability.conftest import WAIT_MS, App, answer, start, tick_first_profiles

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def tomorrow_at_nine(app: App) -> dt.datetime:
    """Set the editor to tomorrow 09:00 in its zone; return that instant in UTC."""
    picker = app.window.editor.schedule_picker
    picker.set_draft(False)
    zone = ZoneInfo(picker.time_zone_name())
    day = dt.datetime.now(zone).date() + dt.timedelta(days=1)
    picker.set_local_datetime(day, dt.time(9, 0))
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=zone).astimezone(dt.UTC)


def compose(qtbot: QtBot, app: App, caption: str) -> dt.datetime:
    start(qtbot, app, restore=False)
    tick_first_profiles(app, 2)
    app.window.editor.set_caption(caption)
    return tomorrow_at_nine(app)


def test_lost_response_checked_not_resent(qtbot: QtBot, app: App) -> None:
    """Guarantee: a scheduled post whose response is lost is found, not sent twice.

    Without the check in the window's send path the post would be sent again (two posts)
    or the send would fail with "may or may not have happened".
    """
    compose(qtbot, app, "Dropped response")
    app.faults.drop_after_create = True

    with qtbot.waitSignal(app.window.composer.post_sent, timeout=WAIT_MS):
        app.window.editor.schedule_button.click()

    assert "Checking whether Ocoya received the post…" in app.message_texts()
    assert len(app.posts_with_caption("Dropped response")) == 1
    assert app.transport.post_requests == 1
    assert app.window.editor.caption() == ""


def test_double_schedule_sends_once(qtbot: QtBot, app: App) -> None:
    """Guarantee: a double click on Schedule and Ctrl+Return twice create one post."""
    compose(qtbot, app, "Pressed many times")
    editor = app.window.editor

    with qtbot.waitSignal(app.window.composer.post_sent, timeout=WAIT_MS):
        QTest.mouseDClick(editor.schedule_button, Qt.MouseButton.LeftButton)
        editor.schedule_action.trigger()
        editor.schedule_action.trigger()
    qtbot.waitUntil(lambda: not app.runner.is_busy(), timeout=WAIT_MS)

    assert len(app.posts_with_caption("Pressed many times")) == 1
    assert app.transport.post_requests == 1


def test_offline_post_queued_then_sent(qtbot: QtBot, app: App) -> None:
    """Guarantee: a post scheduled offline waits in the outbox and is sent once online.

    Without the outbox the post would exist only as the editor's failed send.
    """
    scheduled_at = compose(qtbot, app, "Written on the train")
    app.transport.offline = True

    app.window.editor.schedule_button.click()
    question = answer(qtbot, app.window, QMessageBox.StandardButton.Yes)

    assert "Queue it in the outbox" in question
    qtbot.waitUntil(lambda: len(app.database.outbox_entries()) == 1, timeout=WAIT_MS)
    entry = app.database.outbox_entries()[0]
    assert entry.status is OutboxStatus.QUEUED
    assert entry.post.scheduled_at == scheduled_at
    assert entry.editor_state.caption == "Written on the train"
    assert app.window.editor.caption() == ""
    assert not app.tools.indicator.isHidden()
    assert app.tools.indicator.text() == "Offline — composing still works"
    assert app.window.outbox_dock.isVisibleTo(app.window)
    assert app.tools.outbox.view.status_of(entry.entry_id) == "Queued"
    assert app.posts_with_caption("Written on the train") == []

    app.transport.offline = False
    app.tools.outbox.monitor.report_success()  # what the next probe reports

    qtbot.waitUntil(
        lambda: app.database.outbox_entries()[0].status is OutboxStatus.SENT, timeout=WAIT_MS
    )
    assert len(app.posts_with_caption("Written on the train")) == 1
    assert app.tools.indicator.isHidden()
    assert app.tools.outbox.view.status_of(entry.entry_id) == "Sent"


def test_probe_brings_app_online(qtbot: QtBot, app: App, run_async: Callable[..., Any]) -> None:
    start(qtbot, app, restore=False)
    app.transport.offline = True
    monitor = app.tools.outbox.monitor

    assert run_async(monitor.probe_now()) is False
    assert not app.tools.indicator.isHidden()

    app.transport.offline = False
    assert run_async(monitor.probe_now()) is True
    assert app.tools.indicator.isHidden()


def test_declined_queue_keeps_editor(qtbot: QtBot, app: App) -> None:
    compose(qtbot, app, "Not queued")
    app.transport.offline = True

    app.window.editor.schedule_button.click()
    answer(qtbot, app.window, QMessageBox.StandardButton.No)
    qtbot.waitUntil(lambda: not app.runner.is_busy(), timeout=WAIT_MS)

    assert app.database.outbox_entries() == []
    assert app.window.editor.caption() == "Not queued"
    assert not app.window.editor.is_busy()


def _queue_past_post(app: App, caption: str) -> int:
    workspace_id = app.window.controller.current_workspace_id
    assert workspace_id is not None
    past = Composition(
        caption=caption, scheduled_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    )
    return app.database.enqueue(workspace_id, queued_post_for(past), EditorState(caption=caption))


def _send_failing_past_post(qtbot: QtBot, app: App, caption: str) -> int:
    """Queue a post due an hour ago, send the outbox and wait until that entry has failed."""
    entry_id = _queue_past_post(app, caption)
    app.tools.outbox.send_queued()
    qtbot.waitUntil(
        lambda: app.database.outbox_entry(entry_id).status is OutboxStatus.FAILED,  # type: ignore[union-attr]
        timeout=WAIT_MS,
    )
    return entry_id


def test_failed_entry_shows_reason(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    entry_id = _queue_past_post(app, "Too late now")

    app.tools.outbox.send_queued()

    qtbot.waitUntil(
        lambda: app.tools.outbox.view.status_of(entry_id).startswith("Failed: "),
        timeout=WAIT_MS,
    )
    assert "in the past" in app.tools.outbox.view.status_of(entry_id)
    assert app.posts_with_caption("Too late now") == []
    view = app.tools.outbox.view
    view.select_entry(entry_id)
    assert view.retry_button.isEnabled()
    assert view.edit_button.isEnabled()
    assert view.remove_button.isEnabled()


def test_failed_entry_edit_moves_to_editor(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    entry_id = _send_failing_past_post(qtbot, app, "Fix my time")

    view = app.tools.outbox.view
    view.select_entry(entry_id)
    view.edit_button.click()

    qtbot.waitUntil(lambda: app.window.editor.caption() == "Fix my time", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: app.database.outbox_entries() == [], timeout=WAIT_MS)
    assert [d.state.caption for d in app.database.list_drafts()] == ["Fix my time"]


def test_failed_entry_remove(qtbot: QtBot, app: App) -> None:
    start(qtbot, app, restore=False)
    entry_id = _send_failing_past_post(qtbot, app, "Remove me")

    view = app.tools.outbox.view
    view.select_entry(entry_id)
    view.remove_button.click()

    assert app.database.outbox_entries() == []
    assert view.entry_ids() == []


def test_queued_at_start_sent_visibly(qtbot: QtBot, app: App) -> None:
    """Guarantee: posts left queued by an earlier run are sent only with the outbox shown."""
    workspace_id = "placeholder"
    with qtbot.waitSignal(app.window.controller.workspace_loaded, timeout=WAIT_MS):
        app.window.start()
    workspace_id = app.window.controller.current_workspace_id or workspace_id
    future = Composition(
        caption="Left from yesterday",
        scheduled_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=2),
    )
    app.database.enqueue(workspace_id, queued_post_for(future), EditorState())

    app.tools.start(restore=False)

    assert app.window.outbox_dock.isVisibleTo(app.window)
    qtbot.waitUntil(
        lambda: app.database.outbox_entries()[0].status is OutboxStatus.SENT, timeout=WAIT_MS
    )
    assert len(app.posts_with_caption("Left from yesterday")) == 1


def test_failed_read_shows_offline(qtbot: QtBot, app: App) -> None:
    """Guarantee: any request that cannot connect, not only a send, shows the indicator."""
    start(qtbot, app, restore=False)
    app.transport.offline = True

    app.window.controller.refresh()

    qtbot.waitUntil(lambda: not app.tools.indicator.isHidden(), timeout=WAIT_MS)
    app.transport.offline = False
    app.window.controller.refresh()
    qtbot.waitUntil(app.tools.indicator.isHidden, timeout=WAIT_MS)
