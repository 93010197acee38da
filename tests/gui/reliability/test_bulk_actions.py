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

from ocoya_desktop.api import OcoyaClient, PostStatus
from ocoya_desktop.app import build_main_window
from ocoya_desktop.sandbox import DEMO_API_KEY, SandboxStore, create_app
from ocoya_desktop.sandbox.store import PostGroup as StoredPostGroup
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.ui.errors import ErrorPresenter, UserMessage
from ocoya_desktop.ui.main_window import MainWindow
from ocoya_desktop.ui.tasks import TaskRunner
from tests.gui.shell_support import BASE_URL, TEST_ME, workspace_ids
from tests.helpers.virtual_time import CountingTransport, VirtualTime

WAIT_MS = 20_000
RATE_LIMIT = 20
RATE_WINDOW_SECONDS = 10.0
CAPTION = "Bulk draft"

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass
class BulkWindow:
    window: MainWindow
    client: OcoyaClient
    runner: TaskRunner
    store: SandboxStore
    transport: CountingTransport
    time: VirtualTime
    workspace_id: str
    messages: list[UserMessage]

    def add_drafts(self, count: int) -> list[str]:
        created = self.time.utc_now() - timedelta(days=30)
        ids = []
        for number in range(count):
            post_id = self.store.new_id()
            self.store.add_post(
                StoredPostGroup(
                    id=post_id,
                    workspace_id=self.workspace_id,
                    status=PostStatus.DRAFT.value,
                    caption=f"{CAPTION} {number}",
                    created_at=created - timedelta(seconds=number),
                )
            )
            ids.append(post_id)
        return ids

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
    store: SandboxStore = app.state.store
    transport = CountingTransport(SandboxTransport(app))
    client = OcoyaClient(
        DEMO_API_KEY, base_url=BASE_URL, transport=transport, sleep=time.sleep, clock=time.clock
    )
    errors = ErrorPresenter()
    runner = TaskRunner(qloop, errors)
    window = build_main_window(
        client=client,
        image_http=None,
        cache_dir=tmp_path / "cache",
        settings=Settings.load(tmp_path / "settings.json"),
        me=TEST_ME,
        errors=errors,
        runner=runner,
        demo=True,
    )
    qtbot.addWidget(window)
    messages: list[UserMessage] = []
    errors.message_posted.connect(messages.append)
    built = BulkWindow(
        window, client, runner, store, transport, time, workspace_ids(store)[0], messages
    )
    yield built

    run_async(runner.shutdown())
    run_async(client.aclose())


def start(qtbot: QtBot, bulk: BulkWindow) -> None:
    with qtbot.waitSignal(bulk.window.controller.workspace_loaded, timeout=WAIT_MS):
        bulk.window.start()


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


def answer_question(qtbot: QtBot, window: MainWindow, button: QMessageBox.StandardButton) -> str:
    def visible_box() -> QMessageBox | None:
        boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
        return boxes[0] if boxes else None

    qtbot.waitUntil(lambda: visible_box() is not None, timeout=WAIT_MS)
    box = visible_box()
    assert box is not None
    text = box.text()
    box.button(button).click()
    return text


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
    assert bulk.window.message_bar.text() == ""
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
        question = answer_question(qtbot, bulk.window, QMessageBox.StandardButton.Yes)

    assert "Delete 100 posts" in question
    assert deleted.args == [100]
    assert not any(post_id in bulk.store.posts for post_id in ids)
    assert len(bulk.store.posts_in(bulk.workspace_id)) == others
    assert bulk.window.schedule_view.proxy.sourceModel().rowCount() == others
    assert bulk.transport.methods["DELETE"] == 100
    assert bulk.transport.statuses[429] == 0
    assert bulk.error_messages() == []
    assert bulk.window.message_bar.text() == ""
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
    answer_question(qtbot, bulk.window, QMessageBox.StandardButton.Yes)
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
    answer_question(qtbot, bulk.window, QMessageBox.StandardButton.Yes)
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
    question = answer_question(qtbot, bulk.window, QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: not bulk.runner.is_busy(), timeout=WAIT_MS)

    assert "Delete 5 posts" in question
    assert all(post_id in bulk.store.posts for post_id in ids)
    assert bulk.transport.methods["DELETE"] == 0
