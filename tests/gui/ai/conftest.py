"""Fixtures for the AI panel tests: a recording sandbox on 127.0.0.1 and the wired main window."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import qasync
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette
from starlette.types import Message, Receive, Scope, Send

from ocoya_desktop.media_hosts import SandboxMediaHost
from ocoya_desktop.sandbox import DEMO_API_KEY, Faults, SandboxStore, create_app
from ocoya_desktop.sandbox.context import SandboxContext
from ocoya_desktop.sandbox.server import serve_in_thread
from ocoya_desktop.services.media_pipeline import check_link
from ocoya_desktop.ui.ai_controller import AiController
from ocoya_desktop.ui.main_window import MainWindow
from ocoya_desktop.ui.widgets.ai_panel import AiPanel
from tests.gui.shell_support import Shell, build_shell, live_client, start
from tests.helpers.sandbox_support import API_PATH, faults_of, no_wait, store_of


@dataclass(frozen=True)
class Call:
    """One Ocoya API request the sandbox received: method, path after the prefix, JSON body."""

    method: str
    path: str
    body: Any


class RecordingApp:
    """ASGI wrapper that records every Ocoya API request before the sandbox handles it."""

    def __init__(self, app: Starlette) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._calls: list[Call] = []

    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PATH):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        raw = b"".join(chunks)
        body = json.loads(raw) if raw else None
        with self._lock:
            self._calls.append(Call(scope["method"], scope["path"][len(API_PATH) :], body))

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": raw, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class Gate:
    """Holds the sandbox's deliberate delays (AI generation) until the test opens it.

    Installed as the sandbox context's ``sleep``. It runs on the server's loop in the uvicorn
    thread, so ``open`` wakes each waiter through that loop.
    """

    def __init__(self) -> None:
        self.closed = False
        self.waiting = threading.Event()
        self._lock = threading.Lock()
        self._opened = False
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []

    async def sleep(self, seconds: float) -> None:
        if not self.closed:
            return
        released = asyncio.Event()
        with self._lock:
            if self._opened:
                return
            self._waiters.append((asyncio.get_running_loop(), released))
        self.waiting.set()
        await released.wait()

    def open(self) -> None:
        with self._lock:
            self._opened = True
            waiters = list(self._waiters)
        for loop, released in waiters:
            loop.call_soon_threadsafe(released.set)


@dataclass
class Sandbox:
    app: Starlette
    recorder: RecordingApp
    url: str
    gate: Gate

    @property
    def store(self) -> SandboxStore:
        return store_of(self.app)

    @property
    def faults(self) -> Faults:
        return faults_of(self.app)

    def writes(self) -> list[tuple[str, str]]:
        """Return the method and path of every request that was not a GET."""
        return [(c.method, c.path) for c in self.recorder.calls() if c.method != "GET"]

    def ai_bodies(self) -> list[Any]:
        return [c.body for c in self.recorder.calls() if c.path == "/post/ai"]


@pytest.fixture(scope="module")
def sandbox_server() -> Iterator[tuple[Starlette, RecordingApp, str]]:
    # A high rate limit: the tests make more than 60 requests a minute on purpose.
    app = create_app(faults=Faults(), rate_limit=100_000)
    recorder = RecordingApp(app)
    with serve_in_thread(recorder) as url:
        yield app, recorder, url


@pytest.fixture
def sandbox(sandbox_server: tuple[Starlette, RecordingApp, str]) -> Iterator[Sandbox]:
    app, recorder, url = sandbox_server
    context: SandboxContext = app.state.context
    gate = Gate()
    context.sleep = gate.sleep
    recorder.clear()
    yield Sandbox(app, recorder, url, gate)
    gate.open()
    faults = faults_of(app)
    faults.error_rate = 0.0
    faults.force_429 = False


@dataclass
class AiShell(Shell):
    """The main window on a real HTTP client, with the AI parts tests drive."""

    @property
    def ai(self) -> AiController:
        controller = self.window.findChild(AiController)
        assert controller is not None
        return controller

    @property
    def panel(self) -> AiPanel:
        return self.ai.panel


def build_ai_shell(loop: qasync.QEventLoop, server_url: str, data_dir: Path) -> AiShell:
    # The client's sleep is skipped, so a 429 retry does not wait for the window reset.
    client = live_client(server_url, sleep=no_wait)
    http = httpx.AsyncClient()
    built = build_shell(
        loop,
        client,
        data_dir,
        http=http,
        with_images=True,
        demo=False,
        link_checker=lambda url: check_link(url, client=http),
        host_provider=lambda: SandboxMediaHost(http, api_key=DEMO_API_KEY, base_url=server_url),
    )
    return AiShell.extend(built)


@pytest.fixture
def shell(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    sandbox: Sandbox,
    tmp_path: Path,
) -> Iterator[AiShell]:
    built = build_ai_shell(qloop, sandbox.url, tmp_path)
    qtbot.addWidget(built.window)
    start(qtbot, built)
    yield built
    run_async(built.aclose())


def tomorrow_at_nine(window: MainWindow) -> dt.datetime:
    """Set the editor to tomorrow 09:00 in its zone; return that instant in UTC."""
    picker = window.editor.schedule_picker
    picker.set_draft(False)
    zone = ZoneInfo(picker.time_zone_name())
    day = dt.datetime.now(zone).date() + dt.timedelta(days=1)
    picker.set_local_datetime(day, dt.time(9, 0))
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=zone).astimezone(dt.UTC)


def schedule_ids(window: MainWindow) -> list[str]:
    model = window.schedule_view.proxy.sourceModel()
    return [model.post_at(row).id for row in range(model.rowCount())]  # type: ignore[attr-defined]
