"""Opening a workspace sends its five requests at once, not one after another."""

from __future__ import annotations

import asyncio

import httpx

from ocoya_desktop.api import OcoyaClient
from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.services.workspace import WorkspaceLoader

BASE_URL = "http://sandbox.invalid/api/_public/v1"
WORKSPACE_PATHS = {
    "/api/_public/v1/social-profiles",
    "/api/_public/v1/brand-kits",
    "/api/_public/v1/hashtag-libraries",
    "/api/_public/v1/studio-templates",
    "/api/_public/v1/post",
}


class HoldingTransport(httpx.AsyncBaseTransport):
    """Holds every workspace request until all of them have arrived, then lets them pass.

    Requests sent one after another would never all arrive, and the load would hang; the
    test's timeout turns that into a failure.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner
        self.arrived: set[str] = set()
        self._all_arrived = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path in WORKSPACE_PATHS:
            self.arrived.add(path)
            if self.arrived == WORKSPACE_PATHS:
                self._all_arrived.set()
            await self._all_arrived.wait()
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


async def test_workspace_requests_overlap() -> None:
    transport = HoldingTransport(SandboxTransport(create_app(rate_limit=100_000)))
    async with OcoyaClient(
        DEMO_API_KEY, base_url=BASE_URL, transport=transport, max_retries=0
    ) as client:
        workspace_id = (await client.workspaces())[0].id
        loader = WorkspaceLoader(client)

        data = await asyncio.wait_for(loader.load(workspace_id), timeout=10)

    assert transport.arrived == WORKSPACE_PATHS
    assert data.social_profiles
    assert data.first_page.posts


async def test_second_visit_sends_no_requests() -> None:
    counting = HoldingTransport(SandboxTransport(create_app(rate_limit=100_000)))
    async with OcoyaClient(
        DEMO_API_KEY, base_url=BASE_URL, transport=counting, max_retries=0
    ) as client:
        workspace_id = (await client.workspaces())[0].id
        loader = WorkspaceLoader(client)
        first = await asyncio.wait_for(loader.load(workspace_id), timeout=10)
        counting.arrived.clear()

        second = loader.cached(workspace_id)

    assert second is first
    assert counting.arrived == set()
