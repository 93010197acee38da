"""A main window with the drafts database, on the in-process sandbox behind an offline switch."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from ocoya_desktop.api import OcoyaClient
from ocoya_desktop.app import build_main_window
from ocoya_desktop.sandbox import DEMO_API_KEY, Faults, SandboxStore, create_app
from ocoya_desktop.sandbox.store import PostGroup as StoredPostGroup
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.services.connectivity import ConnectionEvents, ReachabilityTransport
from ocoya_desktop.storage.drafts_db import DraftsDatabase
from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.ui.errors import ErrorPresenter, UserMessage
from ocoya_desktop.ui.main_window import MainWindow
from ocoya_desktop.ui.models.profile_list_model import ProfileIdRole, ProviderRole
from ocoya_desktop.ui.outbox_controller import ReliabilityTools, reliability_tools_of
from ocoya_desktop.ui.tasks import TaskRunner
from tests.gui.shell_support import TEST_ME

BASE_URL = "http://sandbox.invalid/api/_public/v1"
WAIT_MS = 10_000


async def no_wait(_seconds: float) -> None:
    return None


class SwitchableTransport(httpx.AsyncBaseTransport):
    """The in-process sandbox, with a switch that makes every request fail to connect."""

    def __init__(self, app: Starlette) -> None:
        self._inner = SandboxTransport(app)
        self.offline = False
        self.post_requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.offline:
            raise httpx.ConnectError("Network is unreachable", request=request)
        if request.method == "POST":
            self.post_requests += 1
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


@dataclass
class App:
    """A main window with its autosave and outbox, and what the tests inspect."""

    window: MainWindow
    tools: ReliabilityTools
    database: DraftsDatabase
    client: OcoyaClient
    runner: TaskRunner
    transport: SwitchableTransport
    sandbox: Starlette
    messages: list[UserMessage] = field(default_factory=list)

    @property
    def store(self) -> SandboxStore:
        store: SandboxStore = self.sandbox.state.store
        return store

    @property
    def faults(self) -> Faults:
        faults: Faults = self.sandbox.state.faults
        return faults

    def posts_with_caption(self, caption: str) -> list[StoredPostGroup]:
        with self.store.lock:
            return [post for post in self.store.posts.values() if post.caption == caption]

    def message_texts(self) -> list[str]:
        return [message.text for message in self.messages]


def build_app(
    qloop: qasync.QEventLoop, sandbox: Starlette, data_dir: Path, database: DraftsDatabase
) -> App:
    transport = SwitchableTransport(sandbox)
    events = ConnectionEvents()
    client = OcoyaClient(
        DEMO_API_KEY,
        base_url=BASE_URL,
        transport=ReachabilityTransport(transport, events),
        max_retries=0,
        sleep=no_wait,
    )
    errors = ErrorPresenter()
    runner = TaskRunner(qloop, errors)
    messages: list[UserMessage] = []
    errors.message_posted.connect(messages.append)
    window = build_main_window(
        client=client,
        image_http=None,
        cache_dir=data_dir / "cache",
        settings=Settings.load(data_dir / "settings.json"),
        me=TEST_ME,
        errors=errors,
        runner=runner,
        demo=True,
        drafts=database,
        connection_events=events,
    )
    tools = reliability_tools_of(window)
    assert tools is not None
    return App(window, tools, database, client, runner, transport, sandbox, messages)


def close_app(app: App, run_async: Callable[..., Any]) -> None:
    app.tools.stop()
    app.window.composer.media_zone.cancel_all()
    run_async(app.runner.shutdown())
    run_async(app.client.aclose())


@pytest.fixture
def sandbox() -> Starlette:
    return create_app(rate_limit=100_000)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[DraftsDatabase]:
    db = DraftsDatabase.open(tmp_path / "data" / "drafts.sqlite3")
    yield db
    db.close()


@pytest.fixture
def app(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    sandbox: Starlette,
    database: DraftsDatabase,
    tmp_path: Path,
) -> Iterator[App]:
    built = build_app(qloop, sandbox, tmp_path, database)
    qtbot.addWidget(built.window)
    yield built
    close_app(built, run_async)


def start(qtbot: QtBot, app: App, *, restore: bool = True) -> None:
    """Load the first workspace, then start the autosave's restore and the outbox."""
    with qtbot.waitSignal(app.window.controller.workspace_loaded, timeout=WAIT_MS):
        app.window.start()
        app.tools.start(restore=restore)


# Networks that accept a post without media, so a caption alone can be scheduled.
TEXT_PROVIDERS = ("facebook", "twitter", "x", "linkedin")


def tick_first_profiles(app: App, count: int) -> list[str]:
    """Tick the first ``count`` text-only-capable profiles, as clicks on check boxes do."""
    model = app.window.sidebar.profile_view.model()
    ids = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ProviderRole) not in TEXT_PROVIDERS:
            continue
        model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        ids.append(index.data(ProfileIdRole))
        if len(ids) == count:
            break
    return ids


def visible_message_box(window: MainWindow) -> QMessageBox | None:
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    return boxes[0] if boxes else None


def answer(qtbot: QtBot, window: MainWindow, button: QMessageBox.StandardButton) -> str:
    """Wait for the question box, press ``button`` and return the question's text."""
    qtbot.waitUntil(lambda: visible_message_box(window) is not None, timeout=WAIT_MS)
    box = visible_message_box(window)
    assert box is not None
    text = box.text()
    box.button(button).click()
    return text
