"""Fixtures for the sandbox tests: a movable clock, the app, and an in-process client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette

from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
from ocoya_desktop.sandbox.context import SandboxContext
from ocoya_desktop.sandbox.transport import SandboxTransport

API_BASE = "http://127.0.0.1/api/_public/v1"
START = datetime(2030, 6, 3, 12, 0, tzinfo=UTC)


class FakeClock:
    """A clock the test moves by hand; returns aware UTC datetimes."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def context_of(app: Starlette) -> SandboxContext:
    context = app.state.context
    assert isinstance(context, SandboxContext)
    return context


def api_client(app: Starlette, api_key: str | None = DEMO_API_KEY) -> httpx.AsyncClient:
    headers = {"X-API-Key": api_key} if api_key is not None else {}
    return httpx.AsyncClient(transport=SandboxTransport(app), base_url=API_BASE, headers=headers)


def iso(moment: datetime) -> str:
    """Format a datetime the way clients must send it."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def app(clock: FakeClock) -> Starlette:
    return create_app(clock=clock, rate_limit=1000)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(app) as http:
        yield http
    await context_of(app).cancel_background()


@pytest.fixture
async def workspace_ids(client: httpx.AsyncClient) -> list[str]:
    response = await client.get("/workspaces")
    return [workspace["id"] for workspace in response.json()]


@pytest.fixture
async def profile_ids(client: httpx.AsyncClient, workspace_ids: list[str]) -> list[str]:
    response = await client.get("/social-profiles", params={"workspaceId": workspace_ids[0]})
    return [profile["id"] for profile in response.json()]
