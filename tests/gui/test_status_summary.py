"""The status bar shows the profile and post counts again after bulk delete and Load All."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ocoya_desktop.sandbox import SandboxStore, create_app
from ocoya_desktop.ui.bulk_controller import BulkController
from tests.gui.shell_support import Shell, answer, build_shell, start, workspace_ids
from tests.helpers.sandbox_support import add_drafts, store_of, virtual_time_client
from tests.helpers.virtual_time import VirtualTime

WAIT_MS = 20_000
CAPTION = "Summary draft"

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


def _wait_idle(qtbot: QtBot, shell: Shell) -> None:
    qtbot.waitUntil(lambda: not shell.runner.is_busy(), timeout=WAIT_MS)


def _profile_count(store: SandboxStore, workspace_id: str) -> int:
    return len(store.profiles_in(workspace_id))


def test_summary_after_load_all(
    qtbot: QtBot, sandbox_and_shell: tuple[SandboxStore, Shell]
) -> None:
    store, shell = sandbox_and_shell
    workspace_id = workspace_ids(store)[0]
    start(qtbot, shell)
    _wait_idle(qtbot, shell)
    profiles = _profile_count(store, workspace_id)
    total = len(store.posts_in(workspace_id))

    with qtbot.waitSignal(_bulk(shell).all_posts_loaded, timeout=WAIT_MS):
        _bulk(shell).load_all_action.trigger()
    _wait_idle(qtbot, shell)

    expected = f"{profiles} social profiles, {total} posts loaded"
    assert shell.window.statusBar().currentMessage() == expected
    assert shell.window.status_summary() == expected


def test_summary_after_bulk_delete(
    qtbot: QtBot, sandbox_and_shell: tuple[SandboxStore, Shell], time: VirtualTime
) -> None:
    store, shell = sandbox_and_shell
    workspace_id = workspace_ids(store)[0]
    add_drafts(store, workspace_id, 3, caption=CAPTION, newest=time.utc_now())
    start(qtbot, shell)
    _wait_idle(qtbot, shell)
    loaded = shell.window.schedule_view.proxy.sourceModel().rowCount()
    schedule = shell.window.schedule_view
    schedule.search_field.setText(CAPTION)
    qtbot.waitUntil(lambda: schedule.proxy.rowCount() == 3, timeout=WAIT_MS)
    schedule.table.selectAll()

    with qtbot.waitSignal(_bulk(shell).posts_deleted, timeout=WAIT_MS):
        shell.window.delete_action.trigger()
        answer(qtbot, shell.window, QMessageBox.StandardButton.Yes)
    _wait_idle(qtbot, shell)

    profiles = _profile_count(store, workspace_id)
    message = shell.window.statusBar().currentMessage()
    assert message == f"{profiles} social profiles, {loaded - 3} posts loaded"
