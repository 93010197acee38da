"""Loading a workspace and its pages, the one-minute cache, and the avatar cache."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from ocoya_desktop.api import OcoyaClient, ServerError
from ocoya_desktop.sandbox import DEMO_API_KEY, Faults, SandboxStore, create_app
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.services.workspace import (
    POSTS_PER_PAGE,
    ImageCache,
    ImageFetchError,
    WorkspaceLoader,
    load_workspace,
)

BASE = "http://sandbox.invalid"


@pytest.fixture
def sandbox() -> Starlette:
    return create_app(faults=Faults(), rate_limit=100_000)


@pytest.fixture
async def client(sandbox: Starlette) -> AsyncIterator[OcoyaClient]:
    transport = SandboxTransport(sandbox)
    async with OcoyaClient(
        DEMO_API_KEY, base_url=f"{BASE}/api/_public/v1", transport=transport, max_retries=0
    ) as opened:
        yield opened


async def first_workspace(client: OcoyaClient) -> str:
    return (await client.workspaces())[0].id


async def test_load_workspace_fetches_everything(client: OcoyaClient, sandbox: Starlette) -> None:
    store: SandboxStore = sandbox.state.store
    workspace_id = await first_workspace(client)

    data = await load_workspace(client, workspace_id)

    assert {p.id for p in data.social_profiles} == {p.id for p in store.profiles_in(workspace_id)}
    assert len(data.brand_kits) == len(store.brand_kits_in(workspace_id))
    assert len(data.hashtag_libraries) == len(store.hashtag_libraries_in(workspace_id))
    assert len(data.studio_templates) == len(store.studio_templates_in(workspace_id))
    expected_posts = store.posts_in(workspace_id)[:POSTS_PER_PAGE]
    assert [p.id for p in data.first_page.posts] == [p.id for p in expected_posts]
    assert data.first_page.page == 0


async def test_load_workspace_raises_single_api_error(
    client: OcoyaClient, sandbox: Starlette
) -> None:
    workspace_id = await first_workspace(client)
    sandbox.state.faults.error_rate = 1.0

    with pytest.raises(ServerError):
        await load_workspace(client, workspace_id)


async def test_loader_cache_expires_after_max_age(client: OcoyaClient) -> None:
    now = [1000.0]
    loader = WorkspaceLoader(client, max_age_seconds=60.0, clock=lambda: now[0])
    workspace_id = await first_workspace(client)
    assert loader.cached(workspace_id) is None

    data = await loader.load(workspace_id)
    now[0] += 59.0
    assert loader.cached(workspace_id) is data

    now[0] += 2.0
    assert loader.cached(workspace_id) is None


async def test_loader_forget_drops_cached_data(client: OcoyaClient) -> None:
    loader = WorkspaceLoader(client)
    workspace_id = await first_workspace(client)
    await loader.load(workspace_id)

    loader.forget(workspace_id)

    assert loader.cached(workspace_id) is None


async def test_short_page_is_last(client: OcoyaClient, sandbox: Starlette) -> None:
    loader = WorkspaceLoader(client)
    workspace_id = await first_workspace(client)
    total = len(sandbox.state.store.posts_in(workspace_id))

    page = await loader.load_page(workspace_id, 0)

    assert len(page.posts) == min(total, POSTS_PER_PAGE)
    assert page.is_last == (total < POSTS_PER_PAGE)
    assert (await loader.load_page(workspace_id, 5)).posts == ()


async def test_image_cache_downloads_once(
    client: OcoyaClient, sandbox: Starlette, tmp_path: Path
) -> None:
    requests: list[str] = []
    inner = SandboxTransport(sandbox)

    async def counting(request: httpx.Request) -> httpx.Response:
        requests.append(str(request.url))
        return await inner.handle_async_request(request)

    profile = next(
        p for p in await client.social_profiles(await first_workspace(client)) if p.image
    )
    assert profile.image is not None
    async with httpx.AsyncClient(transport=httpx.MockTransport(counting)) as http:
        cache = ImageCache(http, tmp_path)
        first = await cache.fetch(profile.image)
        second = await cache.fetch(profile.image)

    assert first == second
    assert first.startswith(b"\x89PNG")
    assert len(requests) == 1


async def test_image_cache_rejects_missing_image(tmp_path: Path) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(404))
    async with httpx.AsyncClient(transport=transport) as http:
        cache = ImageCache(http, tmp_path)
        with pytest.raises(ImageFetchError, match="HTTP 404"):
            await cache.fetch(f"{BASE}/_sandbox/files/avatars/none.png")


async def test_image_cache_rejects_non_http_url(tmp_path: Path) -> None:
    async with httpx.AsyncClient() as http:
        cache = ImageCache(http, tmp_path)
        with pytest.raises(ImageFetchError, match="not http"):
            await cache.fetch("file:///etc/passwd")
