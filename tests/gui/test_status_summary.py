"""The status bar shows the profile and post counts again after bulk delete and Load All."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from ocoya_desktop.sandbox import SandboxStore
from tests.gui.shell_support import (
    Shell,
    bulk_controller_of,
    delete_posts_found_by_search,
    start,
    workspace_ids,
)
from tests.helpers.sandbox_support import add_drafts
from tests.helpers.virtual_time import VirtualTime

WAIT_MS = 20_000
CAPTION = "Summary draft"

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _wait_idle(qtbot: QtBot, shell: Shell) -> None:
    qtbot.waitUntil(lambda: not shell.runner.is_busy(), timeout=WAIT_MS)


def _profile_count(store: SandboxStore, workspace_id: str) -> int:
    return len(store.profiles_in(workspace_id))


def test_summary_after_load_all(
    qtbot: QtBot, virtual_time_shell: tuple[SandboxStore, Shell]
) -> None:
    store, shell = virtual_time_shell
    workspace_id = workspace_ids(store)[0]
    start(qtbot, shell)
    _wait_idle(qtbot, shell)
    profiles = _profile_count(store, workspace_id)
    total = len(store.posts_in(workspace_id))

    with qtbot.waitSignal(bulk_controller_of(shell).all_posts_loaded, timeout=WAIT_MS):
        bulk_controller_of(shell).load_all_action.trigger()
    _wait_idle(qtbot, shell)

    expected = f"{profiles} social profiles, {total} posts loaded"
    assert shell.window.statusBar().currentMessage() == expected
    assert shell.window.status_summary() == expected


def test_summary_after_bulk_delete(
    qtbot: QtBot, virtual_time_shell: tuple[SandboxStore, Shell], virtual_time: VirtualTime
) -> None:
    store, shell = virtual_time_shell
    workspace_id = workspace_ids(store)[0]
    add_drafts(store, workspace_id, 3, caption=CAPTION, newest=virtual_time.utc_now())
    start(qtbot, shell)
    _wait_idle(qtbot, shell)
    loaded = shell.window.schedule_view.proxy.sourceModel().rowCount()
    delete_posts_found_by_search(qtbot, shell, CAPTION, 3)
    _wait_idle(qtbot, shell)

    profiles = _profile_count(store, workspace_id)
    message = shell.window.statusBar().currentMessage()
    assert message == f"{profiles} social profiles, {loaded - 3} posts loaded"
