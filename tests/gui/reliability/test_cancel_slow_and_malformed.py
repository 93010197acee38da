"""Slow responses offer Cancel in the status bar, and malformed ones become a message.

The sandbox runs in-process with its ``latency_seconds`` and ``malformed_json`` fault
switches. The runner reports a task as slow after 0.2 s here instead of 2 s, and the tests
wait for its signal rather than for time to pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import qasync
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from ocoya_desktop.sandbox import Faults, SandboxStore, create_app
from tests.gui import shell_support
from tests.gui.shell_support import Shell, make_shell, sandbox_transport
from tests.helpers.sandbox_support import faults_of, store_of

WAIT_MS = 10_000
SLOW_AFTER_SECONDS = 0.2
# Far longer than any test runs; the request only ends by being cancelled.
LONG_LATENCY_SECONDS = 600.0
CAPTION = "Spring menu is here: try the lavender latte"

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass
class Setup:
    shell: Shell
    app: Starlette

    @property
    def faults(self) -> Faults:
        return faults_of(self.app)

    @property
    def store(self) -> SandboxStore:
        return store_of(self.app)


@pytest.fixture
def setup(
    qtbot: QtBot, qloop: qasync.QEventLoop, run_async: Callable[..., Any], tmp_path: Path
) -> Iterator[Setup]:
    app = create_app(rate_limit=100_000)
    shell = make_shell(qloop, sandbox_transport(app), tmp_path)
    shell.runner.slow_after_seconds = SLOW_AFTER_SECONDS
    qtbot.addWidget(shell.window)
    yield Setup(shell, app)
    run_async(shell.aclose())


def start(qtbot: QtBot, setup: Setup) -> None:
    shell_support.start(qtbot, setup.shell)


def test_slow_load_offers_cancel(qtbot: QtBot, setup: Setup) -> None:
    window = setup.shell.window
    runner = setup.shell.runner
    setup.faults.latency_seconds = LONG_LATENCY_SECONDS

    with qtbot.waitSignal(runner.slow_task_started, timeout=WAIT_MS) as slow:
        window.start()

    assert slow.args == ["workspaces", "Loading the list of workspaces"]
    assert window.task_panel.isVisibleTo(window)
    assert window.task_panel.text() == "Loading the list of workspaces… (taking a while)"
    with qtbot.waitSignal(runner.task_cancelled, timeout=WAIT_MS) as cancelled:
        window.task_panel.cancel_button.click()
    assert cancelled.args == ["workspaces"]
    assert not runner.is_busy()
    assert not window.task_panel.isVisibleTo(window)
    assert window.message_bar.text() == ""


def test_window_works_after_cancelled_load(qtbot: QtBot, setup: Setup) -> None:
    window = setup.shell.window
    runner = setup.shell.runner
    setup.faults.latency_seconds = LONG_LATENCY_SECONDS
    with qtbot.waitSignal(runner.slow_task_started, timeout=WAIT_MS):
        window.start()
    with qtbot.waitSignal(runner.task_cancelled, timeout=WAIT_MS):
        window.task_panel.cancel_button.click()

    setup.faults.latency_seconds = 0
    with qtbot.waitSignal(window.controller.workspace_loaded, timeout=WAIT_MS):
        window.refresh_action.trigger()

    assert window.schedule_view.proxy.rowCount() > 0


def test_fast_task_offers_no_cancel(qtbot: QtBot, setup: Setup) -> None:
    window = setup.shell.window
    setup.shell.runner.slow_after_seconds = 60.0
    slow: list[str] = []
    setup.shell.runner.slow_task_started.connect(lambda key, _action: slow.append(key))

    start(qtbot, setup)
    qtbot.waitUntil(lambda: not setup.shell.runner.is_busy(), timeout=WAIT_MS)

    assert slow == []
    assert not window.task_panel.isVisibleTo(window)


def test_cancel_slow_send_keeps_editor_content(qtbot: QtBot, setup: Setup) -> None:
    window = setup.shell.window
    runner = setup.shell.runner
    start(qtbot, setup)
    posts_before = len(setup.store.posts)
    window.editor.set_caption(CAPTION)
    setup.faults.latency_seconds = LONG_LATENCY_SECONDS

    with qtbot.waitSignal(runner.slow_task_started, timeout=WAIT_MS) as slow:
        window.editor.save_draft_action.trigger()
    assert slow.args[1] == "Saving the post"
    with qtbot.waitSignal(runner.task_cancelled, timeout=WAIT_MS):
        window.task_panel.cancel_button.click()

    assert window.editor.caption() == CAPTION
    assert not window.editor.is_busy()
    assert window.editor.save_draft_action.isEnabled()
    assert len(setup.store.posts) == posts_before
    assert not any(post.caption == CAPTION for post in setup.store.posts.values())


def test_malformed_workspace_answer_shows_message(qtbot: QtBot, setup: Setup) -> None:
    window = setup.shell.window
    controller = window.controller
    start(qtbot, setup)
    setup.faults.malformed_json = True

    with qtbot.waitSignal(controller.workspace_failed, timeout=WAIT_MS):
        window.refresh_action.trigger()

    message = window.message_bar.text()
    assert message != ""
    assert "Loading the workspace" in message
    setup.faults.malformed_json = False
    with qtbot.waitSignal(controller.workspace_loaded, timeout=WAIT_MS):
        window.refresh_action.trigger()
    assert window.message_bar.text() == ""
    assert window.schedule_view.proxy.rowCount() > 0


def test_malformed_workspace_list_shows_message(qtbot: QtBot, setup: Setup) -> None:
    window = setup.shell.window
    setup.faults.malformed_json = True

    window.start()
    qtbot.waitUntil(lambda: window.message_bar.text() != "", timeout=WAIT_MS)

    assert "workspaces" in window.message_bar.text()
    setup.faults.malformed_json = False
    with qtbot.waitSignal(window.controller.workspace_loaded, timeout=WAIT_MS):
        window.refresh_action.trigger()
    assert window.message_bar.text() == ""
