"""Helpers for the GUI tests that build the whole main window against a sandbox.

``build_shell`` wires the window as the app's composition root does, on any client, and
returns a ``Shell`` with the objects a test drives. Suites that need more (the AI panel,
the calendar, the outbox) subclass ``Shell`` and convert a built one with ``Shell.extend``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self

import httpx
import qasync
from PySide6.QtCore import QSize, QUrl
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from ocoya_desktop.api import Me, OcoyaClient
from ocoya_desktop.app import build_main_window
from ocoya_desktop.sandbox import DEMO_API_KEY, SandboxStore
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.ui.bulk_controller import BulkController
from ocoya_desktop.ui.errors import ErrorPresenter, UserMessage
from ocoya_desktop.ui.main_window import MainWindow
from ocoya_desktop.ui.tasks import TaskRunner
from tests.helpers.sandbox_support import API_PATH, IN_PROCESS_BASE_URL, add_drafts
from tests.helpers.sandbox_support import workspace_ids as workspace_ids

BASE_URL = IN_PROCESS_BASE_URL
TEST_ME = Me(id="ctestuser0000000000000000", name="Test User", email="test@example.com")
# Upper bound for a workspace load or a question box to appear. It only stops a hung test.
WAIT_MS = 10_000


class GatedTransport(httpx.AsyncBaseTransport):
    """Passes requests to ``inner``, but delays those whose URL contains a closed gate's text.

    A test closes a gate with ``close_gate(text)`` and opens it with ``open_gate(text)``,
    so it decides exactly when a slow response arrives, without sleeping.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner
        self._gates: dict[str, asyncio.Event] = {}
        self.held: list[str] = []

    def close_gate(self, text: str) -> None:
        self._gates[text] = asyncio.Event()

    def open_gate(self, text: str) -> None:
        self._gates[text].set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        for text, gate in self._gates.items():
            if text in url and not gate.is_set():
                self.held.append(url)
                await gate.wait()
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def add_posts(store: SandboxStore, workspace_id: str, count: int, caption: str) -> None:
    """Add ``count`` draft posts created before every seeded one, so they list last."""
    oldest = min((p.created_at for p in store.posts.values()), default=datetime.now(UTC))
    step = timedelta(minutes=1)
    add_drafts(store, workspace_id, count, caption=caption, newest=oldest - step, step=step)


@dataclass
class Shell:
    """A main window wired to a client, with the objects a test drives.

    ``messages`` collects every message the window shows, and ``opened`` every URL it asked
    the browser to open (the tests never start a real browser).
    """

    window: MainWindow
    client: OcoyaClient
    errors: ErrorPresenter
    runner: TaskRunner
    settings: Settings
    http: httpx.AsyncClient | None = None
    messages: list[UserMessage] = field(default_factory=list)
    opened: list[QUrl] = field(default_factory=list)

    @classmethod
    def extend(cls, shell: Shell, **extra: Any) -> Self:
        """Return ``shell`` as this subclass, sharing its objects, with ``extra`` fields set."""
        base = {item.name: getattr(shell, item.name) for item in fields(Shell)}
        return cls(**base, **extra)

    def message_texts(self) -> list[str]:
        return [message.text for message in self.messages]

    async def aclose(self) -> None:
        """Stop the window's uploads and tasks, and close its HTTP clients."""
        self.window.composer.media_zone.cancel_all()
        await self.runner.shutdown()
        await self.client.aclose()
        if self.http is not None:
            await self.http.aclose()


def make_client(transport: httpx.AsyncBaseTransport, **options: Any) -> OcoyaClient:
    """Return a demo-key client on ``transport`` that does not retry, so a 500 fails at once."""
    options.setdefault("max_retries", 0)
    return OcoyaClient(DEMO_API_KEY, base_url=BASE_URL, transport=transport, **options)


def live_client(server_url: str, *, api_key: str = DEMO_API_KEY, **options: Any) -> OcoyaClient:
    """Return a client to the sandbox served at ``server_url`` that does not retry."""
    options.setdefault("max_retries", 0)
    return OcoyaClient(api_key, base_url=server_url + API_PATH, **options)


def build_shell(
    loop: qasync.QEventLoop,
    client: OcoyaClient,
    data_dir: Path,
    *,
    http: httpx.AsyncClient | None = None,
    with_images: bool = False,
    settings: Settings | None = None,
    demo: bool = True,
    **window_options: Any,
) -> Shell:
    """Build the main window as the app does, on ``client``, with its files in ``data_dir``.

    ``http`` is closed with the shell. ``with_images`` lets the window download avatars and
    thumbnails with ``http``. ``settings`` defaults to ``data_dir/settings.json``.
    ``window_options`` go to ``build_main_window`` as they are (host_provider, link_checker,
    settings_dialog_factory, drafts, connection_events).
    """
    errors = ErrorPresenter()
    runner = TaskRunner(loop, errors)
    if settings is None:
        settings = Settings.load(data_dir / "settings.json")
    opened: list[QUrl] = []
    window = build_main_window(
        client=client,
        image_http=http if with_images else None,
        cache_dir=data_dir / "cache",
        settings=settings,
        me=TEST_ME,
        errors=errors,
        runner=runner,
        demo=demo,
        url_opener=opened.append,
        **window_options,
    )
    shell = Shell(window, client, errors, runner, settings, http=http, opened=opened)
    errors.message_posted.connect(shell.messages.append)
    return shell


def make_shell(
    loop: qasync.QEventLoop,
    transport: httpx.AsyncBaseTransport,
    data_dir: Path,
    *,
    with_images: bool = False,
) -> Shell:
    """Build the main window in demo mode on ``transport``, with settings in ``data_dir``."""
    http = httpx.AsyncClient(transport=transport) if with_images else None
    return build_shell(loop, make_client(transport), data_dir, http=http, with_images=with_images)


def sandbox_transport(app: Starlette) -> SandboxTransport:
    """Return the in-process transport to ``app``."""
    return SandboxTransport(app)


def bulk_controller_of(shell: Shell) -> BulkController:
    """Return the window's controller for bulk delete and Load All Posts."""
    controller = shell.window._bulk
    assert controller is not None
    return controller


def start(qtbot: QtBot, shell: Shell, *, timeout_ms: int = WAIT_MS) -> None:
    """Start the window and wait until its first workspace has loaded."""
    with qtbot.waitSignal(shell.window.controller.workspace_loaded, timeout=timeout_ms):
        shell.window.start()


def show_started(
    qtbot: QtBot, shell: Shell, size: QSize | None = None, *, active: bool = False
) -> None:
    """Show the window, at ``size`` if given, and wait until its first workspace has loaded.

    With ``active`` the window also becomes the active window, which keyboard tests need.
    """
    window = shell.window
    if size is not None:
        window.resize(size)
    window.show()
    qtbot.waitExposed(window)
    if active:
        window.activateWindow()
        qtbot.waitActive(window)
    start(qtbot, shell)
    qtbot.waitUntil(lambda: not shell.runner.is_busy(), timeout=WAIT_MS)


def delete_posts_found_by_search(qtbot: QtBot, shell: Shell, text: str, count: int) -> None:
    """Search the schedule for ``text``, wait for ``count`` rows, select them all and delete
    them with Delete and a Yes to the question, waiting until the bulk delete has ended."""
    schedule = shell.window.schedule_view
    schedule.search_field.setText(text)
    qtbot.waitUntil(lambda: schedule.proxy.rowCount() == count, timeout=WAIT_MS)
    schedule.table.selectAll()

    with qtbot.waitSignal(bulk_controller_of(shell).posts_deleted, timeout=WAIT_MS):
        shell.window.delete_action.trigger()
        answer(qtbot, shell.window, QMessageBox.StandardButton.Yes)


def visible_message_box(window: MainWindow) -> QMessageBox | None:
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    return boxes[0] if boxes else None


def wait_for_message_box(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    """Wait until ``window`` shows a message box and return it."""
    qtbot.waitUntil(lambda: visible_message_box(window) is not None, timeout=WAIT_MS)
    box = visible_message_box(window)
    assert box is not None
    return box


def answer(qtbot: QtBot, window: MainWindow, button: QMessageBox.StandardButton) -> str:
    """Wait for the question box, press ``button`` and return the question's text."""
    box = wait_for_message_box(qtbot, window)
    text = box.text()
    box.button(button).click()
    return text
