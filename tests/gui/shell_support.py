"""Helpers for the app-shell GUI tests: a sandbox behind a gate, and a wired main window."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import qasync
from starlette.applications import Starlette

from ocoya_desktop.api import Me, OcoyaClient
from ocoya_desktop.app import build_main_window
from ocoya_desktop.sandbox import DEMO_API_KEY, SandboxStore
from ocoya_desktop.sandbox.store import PostGroup as StoredPostGroup
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.ui.errors import ErrorPresenter
from ocoya_desktop.ui.main_window import MainWindow
from ocoya_desktop.ui.tasks import TaskRunner

BASE_URL = "http://sandbox.invalid/api/_public/v1"
TEST_ME = Me(id="ctestuser0000000000000000", name="Test User", email="test@example.com")


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


def workspace_ids(store: SandboxStore) -> list[str]:
    """Return the ids of the workspaces the demo key reaches, in store order."""
    account = store.accounts[DEMO_API_KEY]
    return [w for w in store.workspaces if store.can_reach(account, w)]


def add_posts(store: SandboxStore, workspace_id: str, count: int, caption: str) -> None:
    """Add ``count`` draft posts created before every seeded one, so they list last."""
    oldest = min((p.created_at for p in store.posts.values()), default=datetime.now(UTC))
    for number in range(count):
        store.add_post(
            StoredPostGroup(
                id=store.new_id(),
                workspace_id=workspace_id,
                status="DRAFT",
                caption=f"{caption} {number}",
                created_at=oldest - timedelta(minutes=number + 1),
            )
        )


@dataclass
class Shell:
    """A main window wired to a client, with the objects a test drives."""

    window: MainWindow
    client: OcoyaClient
    errors: ErrorPresenter
    runner: TaskRunner
    settings: Settings
    image_http: httpx.AsyncClient | None = None

    async def aclose(self) -> None:
        """Stop the window's tasks and close its HTTP clients."""
        await self.runner.shutdown()
        await self.client.aclose()
        if self.image_http is not None:
            await self.image_http.aclose()


def make_client(transport: httpx.AsyncBaseTransport) -> OcoyaClient:
    """Return a client on ``transport`` that does not retry, so a 500 fails at once."""
    return OcoyaClient(DEMO_API_KEY, base_url=BASE_URL, transport=transport, max_retries=0)


def make_shell(
    loop: qasync.QEventLoop,
    transport: httpx.AsyncBaseTransport,
    data_dir: Path,
    *,
    with_images: bool = False,
) -> Shell:
    """Build the main window as the app does, on ``transport``, with settings in ``data_dir``."""
    client = make_client(transport)
    errors = ErrorPresenter()
    runner = TaskRunner(loop, errors)
    settings = Settings.load(data_dir / "settings.json")
    image_http = httpx.AsyncClient(transport=transport) if with_images else None
    window = build_main_window(
        client=client,
        image_http=image_http,
        cache_dir=data_dir / "cache",
        settings=settings,
        me=TEST_ME,
        errors=errors,
        runner=runner,
        demo=True,
    )
    return Shell(window, client, errors, runner, settings, image_http)


def sandbox_transport(app: Starlette) -> SandboxTransport:
    """Return the in-process transport to ``app``."""
    return SandboxTransport(app)
