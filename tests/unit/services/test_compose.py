"""Sending a composition to the in-process sandbox, and the checks made before any request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette

from ocoya_desktop.api import OcoyaClient, PostStatus, ValidationError
from ocoya_desktop.sandbox import DEMO_API_KEY, SandboxStore, create_app
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.services.compose import (
    Composition,
    CompositionError,
    SendResult,
    send_composition,
)

BASE_URL = "http://sandbox.test/api/_public/v1"
NOW = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)


@dataclass
class Sandbox:
    """The sandbox app, a client to it, and the ids of the first workspace and its profiles."""

    app: Starlette
    client: OcoyaClient
    workspace_id: str
    profile_ids: list[str]
    requests: list[httpx.Request]

    @property
    def store(self) -> SandboxStore:
        store: SandboxStore = self.app.state.store
        return store

    def post_count(self) -> int:
        with self.store.lock:
            return len(self.store.posts)


class RecordingTransport(httpx.AsyncBaseTransport):
    """Pass requests to the sandbox and record each one, to prove none was sent."""

    def __init__(self, app: Starlette, requests: list[httpx.Request]) -> None:
        self._inner = SandboxTransport(app)
        self._requests = requests

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._requests.append(request)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    app = create_app(clock=lambda: NOW, rate_limit=1000)
    requests: list[httpx.Request] = []
    async with OcoyaClient(
        DEMO_API_KEY, base_url=BASE_URL, transport=RecordingTransport(app, requests)
    ) as client:
        workspaces = await client.workspaces()
        profiles = await client.social_profiles(workspaces[0].id)
        requests.clear()
        yield Sandbox(app, client, workspaces[0].id, [p.id for p in profiles], requests)


async def test_draft_without_profiles(sandbox: Sandbox) -> None:
    composition = Composition(caption="Spring menu is out 🌷")

    result = await send_composition(sandbox.client, sandbox.workspace_id, composition, now=NOW)

    assert result.status is PostStatus.DRAFT
    stored = sandbox.store.posts[result.post_group_id]
    assert stored.status == "DRAFT"
    assert stored.caption == "Spring menu is out 🌷"
    assert stored.social_profile_ids == []
    assert stored.scheduled_at is None


async def test_scheduled_with_two_profiles(sandbox: Sandbox) -> None:
    assert len(sandbox.profile_ids) >= 2
    chosen = tuple(sandbox.profile_ids[:2])
    # 10:00 in Berlin on 5 March 2030 is 09:00 UTC (CET, UTC+01:00).
    scheduled = datetime(2030, 3, 5, 9, 0, tzinfo=UTC)
    composition = Composition(
        caption="Doors open at ten",
        social_profile_ids=chosen,
        scheduled_at=scheduled,
        time_zone="Europe/Berlin",
    )

    result = await send_composition(sandbox.client, sandbox.workspace_id, composition, now=NOW)

    assert result.status is PostStatus.SCHEDULED
    stored = sandbox.store.posts[result.post_group_id]
    assert stored.status == "SCHEDULED"
    assert stored.scheduled_at == scheduled
    assert stored.social_profile_ids == list(chosen)
    assert len(sandbox.requests) == 1


async def test_time_without_profiles_is_draft(sandbox: Sandbox) -> None:
    composition = Composition(caption="Later", scheduled_at=NOW + timedelta(days=1))

    result = await send_composition(sandbox.client, sandbox.workspace_id, composition, now=NOW)

    assert result == SendResult(result.post_group_id, PostStatus.DRAFT)
    assert sandbox.store.posts[result.post_group_id].status == "DRAFT"


async def test_past_time_rejected_before_sending(sandbox: Sandbox) -> None:
    posts_before = sandbox.post_count()
    composition = Composition(
        caption="Too late",
        social_profile_ids=(sandbox.profile_ids[0],),
        scheduled_at=NOW - timedelta(minutes=5),
        time_zone="Europe/Berlin",
    )

    with pytest.raises(CompositionError, match="in the past") as caught:
        await send_composition(sandbox.client, sandbox.workspace_id, composition, now=NOW)

    assert caught.value.code == "time_not_in_future"
    # The message names the time in the composition's zone: 08:55 UTC is 09:55 CET.
    assert "09:55 CET" in str(caught.value)
    assert sandbox.requests == []
    assert sandbox.post_count() == posts_before


async def test_time_within_lead_rejected(sandbox: Sandbox) -> None:
    composition = Composition(
        caption="Right now",
        social_profile_ids=(sandbox.profile_ids[0],),
        scheduled_at=NOW + timedelta(seconds=30),
    )

    with pytest.raises(CompositionError, match="less than 1 minute from now"):
        await send_composition(sandbox.client, sandbox.workspace_id, composition, now=NOW)

    assert sandbox.requests == []


async def test_caption_over_limit_rejected(sandbox: Sandbox) -> None:
    posts_before = sandbox.post_count()
    composition = Composition(caption="a" * 10_001)

    with pytest.raises(CompositionError, match="10,001 characters") as caught:
        await send_composition(sandbox.client, sandbox.workspace_id, composition, now=NOW)

    assert caught.value.code == "caption_too_long"
    assert "1 over Ocoya's limit of 10,000" in str(caught.value)
    assert sandbox.requests == []
    assert sandbox.post_count() == posts_before


async def test_caption_limit_counts_utf16(sandbox: Sandbox) -> None:
    # 5,000 emoji outside the Basic Multilingual Plane are 10,000 UTF-16 code units: allowed.
    at_limit = Composition(caption="😀" * 5_000)
    over_limit = Composition(caption="😀" * 5_000 + "!")

    result = await send_composition(sandbox.client, sandbox.workspace_id, at_limit, now=NOW)
    with pytest.raises(CompositionError, match="10,001"):
        await send_composition(sandbox.client, sandbox.workspace_id, over_limit, now=NOW)

    assert sandbox.store.posts[result.post_group_id].caption == at_limit.caption
    assert len(sandbox.requests) == 1


async def test_empty_post_rejected(sandbox: Sandbox) -> None:
    with pytest.raises(CompositionError, match="empty") as caught:
        await send_composition(
            sandbox.client, sandbox.workspace_id, Composition(caption="  \n "), now=NOW
        )

    assert caught.value.code == "empty_post"
    assert sandbox.requests == []


async def test_media_only_post_sends_no_caption(sandbox: Sandbox) -> None:
    url = "http://sandbox.test/_sandbox/files/avatars/a.png"
    composition = Composition(caption="   ", media_urls=(url,))

    result = await send_composition(sandbox.client, sandbox.workspace_id, composition, now=NOW)

    body = sandbox.requests[-1].read()
    assert b'"caption"' not in body
    stored = sandbox.store.posts[result.post_group_id]
    assert [creative.url for creative in stored.creatives] == [url]


async def test_api_error_propagates(sandbox: Sandbox) -> None:
    composition = Composition(caption="Hello", social_profile_ids=("no-such-profile",))

    with pytest.raises(ValidationError):
        await send_composition(sandbox.client, sandbox.workspace_id, composition, now=NOW)

    assert len(sandbox.requests) == 1
