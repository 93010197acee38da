"""The status bar counts down while the client waits for Ocoya's rate-limit window."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QStatusBar
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import OcoyaClient
from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.ui.tasks import RateLimitCountdown
from tests.gui.shell_support import build_shell
from tests.helpers.sandbox_support import IN_PROCESS_BASE_URL
from tests.helpers.virtual_time import VirtualTime

WAIT_MS = 10_000
WINDOW_SECONDS = 40.0
COUNTDOWN = re.compile(r"^Ocoya's rate limit is reached; continuing in (\d+) s$")

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class HeldSleep:
    """A sleep on virtual time that first waits until the test releases it."""

    def __init__(self, time: VirtualTime) -> None:
        self.time = time
        self.release = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        await self.release.wait()
        await self.time.sleep(seconds)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_countdown_updates_and_clears(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    status_bar = QStatusBar()
    qtbot.addWidget(status_bar)
    clock = FakeClock()
    countdown = RateLimitCountdown(status_bar, clock=clock, parent=status_bar)

    countdown.on_wait(38.0)
    assert status_bar.currentMessage() == "Ocoya's rate limit is reached; continuing in 38 s"

    clock.now += 1.0
    with qtbot.waitSignal(countdown.timer.timeout, timeout=WAIT_MS):
        pass
    assert status_bar.currentMessage() == "Ocoya's rate limit is reached; continuing in 37 s"

    countdown.on_wait(0.0)
    assert status_bar.currentMessage() == ""
    assert not countdown.timer.isActive()


def test_countdown_keeps_newer_message(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    status_bar = QStatusBar()
    qtbot.addWidget(status_bar)
    countdown = RateLimitCountdown(status_bar, clock=FakeClock(), parent=status_bar)

    countdown.on_wait(5.0)
    status_bar.showMessage("Loading…")
    countdown.on_wait(0.0)

    assert status_bar.currentMessage() == "Loading…"


def test_window_shows_rate_limit_wait(
    qtbot: QtBot, qloop: qasync.QEventLoop, run_async: Callable[..., Any], tmp_path: Path
) -> None:
    time = VirtualTime()
    app = create_app(clock=time.utc_now, rate_limit=2, rate_window_seconds=WINDOW_SECONDS)
    sleep = HeldSleep(time)
    client = OcoyaClient(
        DEMO_API_KEY,
        base_url=IN_PROCESS_BASE_URL,
        transport=SandboxTransport(app),
        sleep=sleep,
        clock=time.clock,
    )
    shell = build_shell(qloop, client, tmp_path)
    qtbot.addWidget(shell.window)
    status_bar = shell.window.statusBar()
    try:
        shell.window.start()
        qtbot.waitUntil(
            lambda: COUNTDOWN.match(status_bar.currentMessage()) is not None, timeout=WAIT_MS
        )
        match = COUNTDOWN.match(status_bar.currentMessage())
        assert match is not None
        assert 1 <= int(match.group(1)) <= WINDOW_SECONDS + 1

        with qtbot.waitSignal(shell.window.controller.workspace_loaded, timeout=WAIT_MS):
            sleep.release.set()
        assert COUNTDOWN.match(status_bar.currentMessage()) is None
        assert [text for text in shell.message_texts() if "rate limit" in text] == []
    finally:
        run_async(shell.aclose())
