"""Bulk delete and Load All Posts in the main window, under a small rate limit.

The sandbox allows 20 requests per 10-second window. The client and the sandbox share a
virtual clock that moves when the client waits, so every wait for a window reset happens
without the test waiting in real time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import PostStatus
from ocoya_desktop.sandbox import SandboxStore, create_app
from tests.gui.shell_support import Shell, answer, build_shell, start, workspace_ids
from tests.helpers.sandbox_support import add_drafts, store_of, virtual_time_client
from tests.helpers.virtual_time import CountingTransport, VirtualTime

WAIT_MS = 20_000
RATE_LIMIT = 20
RATE_WINDOW_SECONDS = 10.0
CAPTION = "Bulk draft"

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass(kw_only=True)
class BulkWindow(Shell):
    store: SandboxStore
    transport: CountingTransport
    time: VirtualTime
    workspace_id: str

    def add_drafts(self, count: int) -> list[str]:
        newest = self.time.utc_now() - timedelta(days=30)
        return add_drafts(self.store, self.workspace_id, count, caption=CAPTION, newest=newest)

    def error_messages(self) -> list[str]:
        return [message.text for message in self.messages if message.is_error]


@pytest.fixture
def bulk(
    qtbot: QtBot, qloop: qasync.QEventLoop, run_async: Callable[..., Any], tmp_path: Path
) -> Iterator[BulkWindow]:
    time = VirtualTime()
    app = create_app(
        clock=time.utc_now, rate_limit=RATE_LIMIT, rate_window_seconds=RATE_WINDOW_SECONDS
    )
    store = store_of(app)
    transport, client = virtual_time_client(app, time)
    built = BulkWindow.extend(
        build_shell(qloop, client, tmp_path),
        store=store,
        transport=transport,
        time=time,
        workspace_id=workspace_ids(store)[0],
    )
    qtbot.addWidget(built.window)
    yield built

    run_async(built.aclose())


def load_all(qtbot: QtBot, bulk: BulkWindow) -> int:
    bulk_controller = bulk.window._bulk
    assert bulk_controller is not None
    with qtbot.waitSignal(bulk_controller.all_posts_loaded, timeout=WAIT_MS) as loaded:
        bulk_controller.load_all_action.trigger()
    count: int = loaded.args[0]
    return count


def select_drafts(bulk: BulkWindow) -> None:
    """Search for the bulk drafts and select every row shown, as Ctrl+A does."""
    view = bulk.window.schedule_view
    view.search_field.setText(CAPTION)
    view.table.selectAll()


def test_load_all_2000_posts_without_429(qtbot: QtBot, bulk: BulkWindow) -> None:
    bulk.add_drafts(2000)
    expected = len(bulk.store.posts_in(bulk.workspace_id))
    start(qtbot, bulk)
    schedule = bulk.window.schedule_view

    loaded = load_all(qtbot, bulk)

    assert loaded == expected
    assert schedule.proxy.sourceModel().rowCount() == expected
    assert bulk.transport.statuses[429] == 0
    assert bulk.error_messages() == []
    assert bulk.window.message_bar.text().endswith(
        " posts loaded; search and filters now cover every post."
    )
    assert not bulk.window.task_panel.isVisibleTo(bulk.window)
    # The text filter now covers posts far beyond the first page.
    schedule.search_field.setText(f"{CAPTION} 1999")
    assert schedule.proxy.rowCount() == 1


def test_status_filter_covers_all_loaded_posts(qtbot: QtBot, bulk: BulkWindow) -> None:
    bulk.add_drafts(120)
    drafts = len(bulk.store.posts_in(bulk.workspace_id, [PostStatus.DRAFT.value]))
    start(qtbot, bulk)
    schedule = bulk.window.schedule_view

    load_all(qtbot, bulk)
    status_row = schedule.status_filter.findData(PostStatus.DRAFT.value)
    schedule.status_filter.setCurrentIndex(status_row)

    assert schedule.proxy.rowCount() == drafts


def test_delete_100_posts_without_429(qtbot: QtBot, bulk: BulkWindow) -> None:
    ids = bulk.add_drafts(100)
    others = len(bulk.store.posts_in(bulk.workspace_id)) - 100
    start(qtbot, bulk)
    load_all(qtbot, bulk)
    select_drafts(bulk)
    bulk_controller = bulk.window._bulk
    assert bulk_controller is not None

    assert bulk.window.delete_action.text() == "&Delete 100 Posts…"
    with qtbot.waitSignal(bulk_controller.posts_deleted, timeout=WAIT_MS) as deleted:
        bulk.window.delete_action.trigger()
        question = answer(qtbot, bulk.window, QMessageBox.StandardButton.Yes)

    assert "Delete 100 posts" in question
    assert deleted.args == [100]
    assert not any(post_id in bulk.store.posts for post_id in ids)
    assert len(bulk.store.posts_in(bulk.workspace_id)) == others
    assert bulk.window.schedule_view.proxy.sourceModel().rowCount() == others
    assert bulk.transport.methods["DELETE"] == 100
    assert bulk.transport.statuses[429] == 0
    assert bulk.error_messages() == []
    assert bulk.window.message_bar.text() == "Deleted 100 posts."
    # 100 deletes at 20 per window waited for several resets.
    assert bulk.time.slept_seconds >= 3 * RATE_WINDOW_SECONDS


def test_delete_shows_count_and_time_left(qtbot: QtBot, bulk: BulkWindow) -> None:
    bulk.add_drafts(45)
    start(qtbot, bulk)
    load_all(qtbot, bulk)
    select_drafts(bulk)
    bulk.transport.hold_method = "DELETE"
    bulk.transport.hold_after = 5
    panel = bulk.window.task_panel

    bulk.window.delete_action.trigger()
    answer(qtbot, bulk.window, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(bulk.transport.request_held.is_set, timeout=WAIT_MS)

    assert panel.isVisibleTo(bulk.window)
    assert panel.text().startswith("Deleting posts: 5 of 45, about ")
    assert panel.text().endswith(" left")
    with qtbot.waitSignal(bulk.window._bulk.posts_deleted, timeout=WAIT_MS):  # type: ignore[union-attr]
        bulk.transport.release.set()
    assert not panel.isVisibleTo(bulk.window)


def test_cancel_stops_bulk_delete(qtbot: QtBot, bulk: BulkWindow) -> None:
    ids = bulk.add_drafts(30)
    start(qtbot, bulk)
    load_all(qtbot, bulk)
    select_drafts(bulk)
    bulk.transport.hold_method = "DELETE"
    bulk.transport.hold_after = 10
    bulk_controller = bulk.window._bulk
    assert bulk_controller is not None

    bulk.window.delete_action.trigger()
    answer(qtbot, bulk.window, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(bulk.transport.request_held.is_set, timeout=WAIT_MS)
    with qtbot.waitSignal(bulk_controller.posts_deleted, timeout=WAIT_MS) as deleted:
        bulk.window.task_panel.cancel_button.click()
    bulk.transport.release.set()

    assert deleted.args == [10]
    remaining = [post_id for post_id in ids if post_id in bulk.store.posts]
    assert remaining == ids[10:]
    assert bulk.transport.methods["DELETE"] == 10
    assert bulk.window.schedule_view.proxy.rowCount() == 20
    assert bulk.error_messages() == []


def test_cancel_question_deletes_nothing(qtbot: QtBot, bulk: BulkWindow) -> None:
    ids = bulk.add_drafts(5)
    start(qtbot, bulk)
    load_all(qtbot, bulk)
    select_drafts(bulk)

    bulk.window.delete_action.trigger()
    question = answer(qtbot, bulk.window, QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: not bulk.runner.is_busy(), timeout=WAIT_MS)

    assert "Delete 5 posts" in question
    assert all(post_id in bulk.store.posts for post_id in ids)
    assert bulk.transport.methods["DELETE"] == 0
