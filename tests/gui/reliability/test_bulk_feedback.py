"""The message bar shows what a bulk delete or Load All Posts did once it ends."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ocoya_desktop.sandbox import SandboxStore, create_app
from ocoya_desktop.ui.bulk_controller import BulkController
from tests.gui.shell_support import Shell, answer, build_shell, start, workspace_ids
from tests.helpers.sandbox_support import add_drafts, store_of, virtual_time_client
from tests.helpers.virtual_time import VirtualTime

WAIT_MS = 20_000
CAPTION = "Feedback draft"

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def time() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def sandbox_and_shell(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    tmp_path: Path,
    time: VirtualTime,
) -> Iterator[tuple[SandboxStore, Shell]]:
    app = create_app(clock=time.utc_now, rate_limit=100_000)
    _transport, client = virtual_time_client(app, time)
    shell = build_shell(qloop, client, tmp_path)
    qtbot.addWidget(shell.window)
    yield store_of(app), shell

    run_async(shell.aclose())


def _bulk(shell: Shell) -> BulkController:
    controller = shell.window._bulk
    assert controller is not None
    return controller


def test_load_all_reports_count(
    qtbot: QtBot, sandbox_and_shell: tuple[SandboxStore, Shell]
) -> None:
    store, shell = sandbox_and_shell
    start(qtbot, shell)
    expected = len(store.posts_in(workspace_ids(store)[0]))

    with qtbot.waitSignal(_bulk(shell).all_posts_loaded, timeout=WAIT_MS):
        _bulk(shell).load_all_action.trigger()

    count = QLocale().toString(expected)
    assert shell.window.message_bar.text() == (
        f"All {count} posts loaded; search and filters now cover every post."
    )
    assert shell.message_texts()[-1] == shell.window.message_bar.text()


def test_bulk_delete_reports_count(
    qtbot: QtBot, sandbox_and_shell: tuple[SandboxStore, Shell], time: VirtualTime
) -> None:
    store, shell = sandbox_and_shell
    workspace_id = workspace_ids(store)[0]
    ids = add_drafts(store, workspace_id, 3, caption=CAPTION, newest=time.utc_now())
    start(qtbot, shell)
    schedule = shell.window.schedule_view
    schedule.search_field.setText(CAPTION)
    qtbot.waitUntil(lambda: schedule.proxy.rowCount() == 3, timeout=WAIT_MS)
    schedule.table.selectAll()

    with qtbot.waitSignal(_bulk(shell).posts_deleted, timeout=WAIT_MS):
        shell.window.delete_action.trigger()
        answer(qtbot, shell.window, QMessageBox.StandardButton.Yes)

    assert not any(post_id in store.posts for post_id in ids)
    assert shell.window.message_bar.text() == "Deleted 3 posts."
