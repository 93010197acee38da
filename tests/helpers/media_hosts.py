"""The sandbox served over HTTP on 127.0.0.1, for tests that upload media to it.

Loaded as a pytest plugin: the fixtures below serve one sandbox per test module.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import pytest
from starlette.applications import Starlette

from ocoya_desktop.media_hosts import SandboxMediaHost
from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
from ocoya_desktop.sandbox.server import serve_in_thread


@dataclass(frozen=True)
class LiveSandbox:
    """A sandbox app and the base URL (`http://127.0.0.1:<port>`) uvicorn serves it on."""

    app: Starlette
    base_url: str
    api_key: str = DEMO_API_KEY

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/api/_public/v1"

    def media_names(self) -> list[str]:
        """Names of the media the sandbox stores right now."""
        store = self.app.state.store
        with store.lock:
            return sorted(store.media)


@contextmanager
def run_sandbox() -> Iterator[LiveSandbox]:
    """Serve a freshly seeded sandbox with uvicorn in a background thread."""
    app = create_app()
    with serve_in_thread(app) as base_url:
        yield LiveSandbox(app=app, base_url=base_url)


@pytest.fixture(scope="module")
def live_sandbox() -> Iterator[LiveSandbox]:
    """One sandbox per test module; tests that need a pristine store start their own."""
    with run_sandbox() as sandbox:
        yield sandbox


@pytest.fixture
async def sandbox_http() -> AsyncIterator[httpx.AsyncClient]:
    """A plain HTTP client for reading what the sandbox serves."""
    async with httpx.AsyncClient(timeout=httpx.Timeout(10.0)) as client:
        yield client


@pytest.fixture
def sandbox_host(live_sandbox: LiveSandbox, sandbox_http: httpx.AsyncClient) -> SandboxMediaHost:
    """The sandbox media host, signed in with the demo key."""
    return SandboxMediaHost(
        sandbox_http, api_key=live_sandbox.api_key, base_url=live_sandbox.base_url
    )
