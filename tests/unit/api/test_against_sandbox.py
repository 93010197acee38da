"""The client against the real sandbox, in-process and over HTTP on 127.0.0.1.

The sandbox and the client share one fake clock: the client's waits advance it instead of
sleeping, and the sandbox's rate-limit windows and "in the future" checks read it. So pacing
and 429 handling run for real without the test waiting in real time.
"""

from __future__ import annotations

import asyncio
import logging
import random
import socket
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ocoya_desktop.api import (
    AiDraftRequest,
    AuthenticationError,
    Backoff,
    CampaignRequest,
    InvalidResponseError,
    NetworkError,
    NotFoundError,
    OcoyaClient,
    OutcomeUnknownError,
    PermissionDeniedError,
    PostStatus,
    RateLimitedError,
    ServerError,
    ValidationError,
)
from ocoya_desktop.sandbox import DEMO_API_KEY, LIMITED_API_KEY, Faults, SandboxStore, create_app
from ocoya_desktop.sandbox.server import serve_in_thread
from ocoya_desktop.sandbox.store import Workspace
from ocoya_desktop.sandbox.transport import SandboxTransport
from tests.helpers.sandbox_support import add_drafts, faults_of, store_of

from .conftest import FakeTime

IN_PROCESS_BASE = "http://sandbox.test"
API_PREFIX = "/api/_public/v1"


@dataclass
class Sandbox:
    """A fresh sandbox app and a way to make clients to it that share its fake clock."""

    app: Starlette
    base_url: str
    in_process: bool
    time: FakeTime
    clients: list[OcoyaClient] = field(default_factory=list)

    @property
    def store(self) -> SandboxStore:
        return store_of(self.app)

    @property
    def faults(self) -> Faults:
        return faults_of(self.app)

    def client(self, api_key: str = DEMO_API_KEY, **options: object) -> OcoyaClient:
        settings: dict[str, object] = {
            "base_url": self.base_url + API_PREFIX,
            "transport": SandboxTransport(self.app) if self.in_process else None,
            "sleep": self.time.sleep,
            "clock": self.time.clock,
            "rng": random.Random(3),
        }
        settings.update(options)
        client = OcoyaClient(api_key, **settings)  # type: ignore[arg-type]
        self.clients.append(client)
        return client

    def workspace(self, index: int) -> str:
        """Return the id of seeded workspace `index`; the limited key reaches only index 1."""
        return list(self.store.workspaces)[index]

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.time.now, UTC)


class YieldingFakeTime(FakeTime):
    """FakeTime whose sleep also lets other tasks run, as a real sleep would."""

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds)
        await asyncio.sleep(0)


class AppSwitch:
    """An ASGI app that forwards to whichever sandbox app the current test set.

    One uvicorn server then serves the whole module, instead of one start and stop per test.
    """

    def __init__(self) -> None:
        self.app: Starlette | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._run_lifespan(receive, send)
            return
        assert self.app is not None, "no sandbox app is set for this request"
        await self.app(scope, receive, send)

    async def _run_lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


@pytest.fixture(scope="module")
def http_server() -> Iterator[tuple[AppSwitch, str]]:
    switch = AppSwitch()
    with serve_in_thread(switch) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        yield switch, base_url


@pytest.fixture(params=["in_process", "http"])
async def sandbox(request: pytest.FixtureRequest) -> AsyncIterator[Sandbox]:
    fake_time = YieldingFakeTime(now=time.time())
    app = create_app(clock=lambda: datetime.fromtimestamp(fake_time.now, UTC))

    if request.param == "in_process":
        box = Sandbox(app, IN_PROCESS_BASE, in_process=True, time=fake_time)
    else:
        switch, base_url = request.getfixturevalue("http_server")
        switch.app = app
        box = Sandbox(app, base_url, in_process=False, time=fake_time)

    yield box
    await _close(box)
    if box.in_process:
        # Campaign generation runs as background tasks on this test's loop.
        await app.state.context.cancel_background()


async def _close(box: Sandbox) -> None:
    for client in box.clients:
        await client.aclose()


def add_empty_workspace(box: Sandbox) -> str:
    """Add a workspace with no posts that the demo key reaches."""
    store = box.store
    with store.lock:
        workspace_id = store.new_id()
        store.workspaces[workspace_id] = Workspace(id=workspace_id, name="Empty")
        store.accounts[DEMO_API_KEY].workspace_ids.append(workspace_id)
    return workspace_id


def add_posts(box: Sandbox, workspace_id: str, count: int) -> list[str]:
    step = timedelta(minutes=1)
    return add_drafts(box.store, workspace_id, count, caption="Post", newest=box.now(), step=step)


def request_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "ocoya_desktop.api._sender" and " -> " in record.getMessage()
    ]


# Every endpoint


async def test_account_and_workspace_reads(sandbox: Sandbox) -> None:
    client = sandbox.client()
    workspace_id = sandbox.workspace(0)

    me = await client.me()
    workspaces = await client.workspaces()
    profiles = await client.social_profiles(workspace_id)
    kits = await client.brand_kits(workspace_id)
    libraries = await client.hashtag_libraries(workspace_id)
    templates = await client.studio_templates(workspace_id)

    assert me.email == "dana@sandbox.invalid"
    assert [w.id for w in workspaces] == [sandbox.workspace(0), sandbox.workspace(1)]
    assert {p.provider for p in profiles} >= {"instagram", "twitter", "tiktok"}
    assert all(p.image and p.image.startswith("http") for p in profiles)
    assert kits and all(kit.description for kit in kits)
    assert libraries and all(tag.startswith("#") for lib in libraries for tag in lib.hashtags)
    assert templates and all(t.thumbnail_url for t in templates)


@pytest.mark.parametrize(
    ("provider", "auth_provider"),
    [("instagram", "facebook"), ("x", "twitter"), ("tiktok", "tiktok")],
)
async def test_connection_url(sandbox: Sandbox, provider: str, auth_provider: str) -> None:
    client = sandbox.client()

    connection = await client.connection_url(sandbox.workspace(0), provider)

    assert connection.auth_provider == auth_provider
    assert connection.url.startswith("https://")
    assert connection.instructions


async def test_post_lifecycle(sandbox: Sandbox) -> None:
    client = sandbox.client()
    workspace_id = sandbox.workspace(0)
    profile_ids = [p.id for p in await client.social_profiles(workspace_id)][:2]
    when = sandbox.now().replace(microsecond=0) + timedelta(days=3)

    post_id = await client.create_post(
        workspace_id,
        caption="Fresh beans today",
        media_urls=["https://cdn.example.org/beans.jpg"],
        social_profile_ids=profile_ids,
        scheduled_at=when,
    )
    (created,) = await client.list_posts(workspace_id, statuses=["SCHEDULED"], per_page=1)

    assert created.id == post_id
    assert created.status == PostStatus.SCHEDULED
    assert created.scheduled_at == when
    assert created.posts[0].caption == "Fresh beans today"
    assert created.posts[0].creatives[0].url == "https://cdn.example.org/beans.jpg"
    assert [p.id for p in created.social_profiles] == profile_ids

    later = when + timedelta(hours=5)
    await client.reschedule_post(post_id, later)
    (moved,) = [g async for g in client.iter_posts(workspace_id) if g.id == post_id]
    assert moved.scheduled_at == later

    await client.delete_post(post_id)
    assert post_id not in sandbox.store.posts
    with pytest.raises(NotFoundError, match=post_id):
        await client.delete_post(post_id)


async def test_list_posts_filters_repeated_statuses(sandbox: Sandbox) -> None:
    client = sandbox.client()

    groups = await client.list_posts(sandbox.workspace(0), statuses=["DRAFT", "ERROR"])

    assert groups
    assert {g.status for g in groups} == {"DRAFT", "ERROR"}


async def test_ai_draft_created_as_draft(sandbox: Sandbox) -> None:
    client = sandbox.client()
    workspace_id = sandbox.workspace(0)
    request = AiDraftRequest(prompt="Announce our new cold brew", generate_image=True)

    draft_id = await client.create_ai_draft(workspace_id, request)

    (draft,) = [g for g in await client.list_posts(workspace_id, per_page=5) if g.id == draft_id]
    assert draft.status == PostStatus.DRAFT
    assert draft.posts[0].caption
    assert draft.posts[0].creatives[0].type == "IMAGE"


async def test_campaign_started(sandbox: Sandbox) -> None:
    client = sandbox.client()

    campaign = await client.create_campaign(
        sandbox.workspace(0), CampaignRequest(prompt="Autumn menu launch", count=3)
    )

    assert campaign.status == "GENERATING"
    assert campaign.queued is True
    assert campaign.id in sandbox.store.campaigns


# Documented errors


async def test_missing_key_is_authentication_error(sandbox: Sandbox) -> None:
    with pytest.raises(AuthenticationError, match="Missing API token"):
        await sandbox.client(api_key="").me()


async def test_unknown_key_is_permission_denied(sandbox: Sandbox) -> None:
    with pytest.raises(PermissionDeniedError, match="Invalid API token") as caught:
        await sandbox.client(api_key="not-a-real-key").workspaces()
    assert caught.value.status_code == 403


async def test_unreachable_workspace_is_permission_denied(sandbox: Sandbox) -> None:
    client = sandbox.client(api_key=LIMITED_API_KEY)

    assert [w.id for w in await client.workspaces()] == [sandbox.workspace(1)]
    with pytest.raises(PermissionDeniedError):
        await client.social_profiles(sandbox.workspace(0))


async def test_unknown_post_is_not_found(sandbox: Sandbox) -> None:
    client = sandbox.client()

    with pytest.raises(NotFoundError) as caught:
        await client.reschedule_post("cdoesnotexist000000000000", sandbox.now() + timedelta(days=1))
    assert caught.value.status_code == 404


async def test_past_schedule_is_validation_error(sandbox: Sandbox) -> None:
    client = sandbox.client()

    with pytest.raises(ValidationError, match="scheduledAt") as caught:
        await client.create_post(
            sandbox.workspace(0), caption="Late", scheduled_at=sandbox.now() - timedelta(minutes=1)
        )
    assert caught.value.status_code == 400


async def test_caption_limit_counts_utf16_units(sandbox: Sandbox) -> None:
    client = sandbox.client()
    workspace_id = sandbox.workspace(0)
    # 4,999 emoji are 9,998 UTF-16 units but only 4,999 code points.
    at_limit = "😀" * 4_999 + "ab"
    over_limit = at_limit + "c"

    assert await client.create_post(workspace_id, caption=at_limit)
    with pytest.raises(ValidationError, match="10001") as caught:
        await client.create_post(workspace_id, caption=over_limit)
    assert caught.value.status_code == 400


async def test_invalid_status_filter_is_validation_error(sandbox: Sandbox) -> None:
    with pytest.raises(ValidationError, match="ARCHIVED"):
        await sandbox.client().list_posts(sandbox.workspace(0), statuses=["ARCHIVED"])


# Pagination


@pytest.mark.parametrize(("count", "requests"), [(0, 1), (1, 1), (50, 2), (51, 2)])
async def test_iter_posts_reads_every_page(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture, count: int, requests: int
) -> None:
    workspace_id = add_empty_workspace(sandbox)
    expected = add_posts(sandbox, workspace_id, count)
    client = sandbox.client()

    with caplog.at_level(logging.DEBUG, logger="ocoya_desktop.api"):
        ids = [group.id async for group in client.iter_posts(workspace_id)]

    assert ids == expected
    assert len(request_lines(caplog)) == requests


# Rate limit, retries and faults


async def test_burst_of_70_reads_paced_without_429(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    client = sandbox.client()

    with caplog.at_level(logging.DEBUG, logger="ocoya_desktop.api"):
        for _ in range(35):
            await client.workspaces()
        await asyncio.gather(*(client.me() for _ in range(35)))

    lines = request_lines(caplog)
    assert len(lines) == 70
    assert not [line for line in lines if "-> 429" in line]
    assert len(sandbox.time.sleeps) == 1
    assert 0 < sandbox.time.sleeps[0] <= 61


async def test_forced_429_retried_then_raised(sandbox: Sandbox) -> None:
    sandbox.faults.force_429 = True
    client = sandbox.client()

    with pytest.raises(RateLimitedError) as caught:
        await client.workspaces()

    assert caught.value.reset_at is not None
    assert len(sandbox.time.sleeps) == 5


async def test_429_then_success_for_create_post(sandbox: Sandbox) -> None:
    workspace_id = sandbox.workspace(0)
    sandbox.faults.force_429 = True

    async def lift_limit_on_first_wait(seconds: float) -> None:
        sandbox.faults.force_429 = False
        await sandbox.time.sleep(seconds)

    client = sandbox.client(sleep=lift_limit_on_first_wait)
    before = len(sandbox.store.posts)

    post_id = await client.create_post(workspace_id, caption="After the limit")

    assert post_id in sandbox.store.posts
    assert len(sandbox.store.posts) == before + 1


async def test_random_server_errors_retried_for_reads(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox.faults.error_rate = 0.4
    sandbox.faults.seed = 11
    client = sandbox.client()

    with caplog.at_level(logging.WARNING, logger="ocoya_desktop.api"):
        results = [await client.workspaces() for _ in range(8)]

    assert all(len(workspaces) == 2 for workspaces in results)
    retries = [r for r in caplog.records if "retrying" in r.getMessage()]
    assert retries
    assert all("HTTP 500" in r.getMessage() for r in retries)


async def test_server_error_on_create_post_not_retried(sandbox: Sandbox) -> None:
    sandbox.faults.error_rate = 1.0
    client = sandbox.client()
    before = set(sandbox.store.posts)

    with pytest.raises(ServerError):
        await client.create_post(sandbox.workspace(0), caption="Never stored")

    assert set(sandbox.store.posts) == before
    assert sandbox.time.sleeps == []


async def test_html_500_is_server_error(sandbox: Sandbox) -> None:
    sandbox.faults.html_500 = True
    client = sandbox.client(backoff=Backoff(base_seconds=0.01, max_seconds=0.01))

    with pytest.raises(ServerError, match="HTML page") as caught:
        await client.me()

    assert caught.value.status_code == 500
    assert len(sandbox.time.sleeps) == 3


async def test_malformed_json_is_invalid_response(sandbox: Sandbox) -> None:
    sandbox.faults.malformed_json = True

    with pytest.raises(InvalidResponseError, match="not JSON"):
        await sandbox.client().workspaces()


async def test_dropped_create_is_outcome_unknown(sandbox: Sandbox) -> None:
    sandbox.faults.drop_after_create = True
    client = sandbox.client()
    workspace_id = sandbox.workspace(0)
    before = set(sandbox.store.posts)

    with pytest.raises(OutcomeUnknownError) as caught:
        await client.create_post(workspace_id, caption="Did this arrive?")

    new_ids = set(sandbox.store.posts) - before
    assert caught.value.method == "POST"
    assert caught.value.path == "/post"
    assert len(new_ids) == 1
    assert sandbox.store.posts[new_ids.pop()].caption == "Did this arrive?"


async def test_dropped_ai_draft_is_outcome_unknown(sandbox: Sandbox) -> None:
    sandbox.faults.drop_after_create = True
    before = set(sandbox.store.posts)

    with pytest.raises(OutcomeUnknownError, match="POST /post/ai"):
        await sandbox.client().create_ai_draft(
            sandbox.workspace(0), AiDraftRequest(prompt="Weekend opening hours")
        )

    assert len(set(sandbox.store.posts) - before) == 1


class ResponseLosingTransport(httpx.AsyncBaseTransport):
    """A transport to the sandbox that loses the response to the first `method` request.

    The sandbox has carried out that request, as when a connection breaks after the server
    sent its response.
    """

    def __init__(self, app: Starlette, method: str) -> None:
        self._inner = SandboxTransport(app)
        self._method = method
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if request.method == self._method and self.lost == 0:
            self.lost += 1
            await response.aclose()
            raise httpx.ReadError("connection reset by peer", request=request)
        return response


async def test_lost_delete_response_counts_as_deleted() -> None:
    fake = FakeTime()
    app = create_app(clock=lambda: datetime.fromtimestamp(fake.now, UTC))
    transport = ResponseLosingTransport(app, "DELETE")
    workspace_id = next(iter(app.state.store.workspaces))

    async with OcoyaClient(
        DEMO_API_KEY,
        base_url=IN_PROCESS_BASE + API_PREFIX,
        transport=transport,
        sleep=fake.sleep,
        clock=fake.clock,
    ) as client:
        post_id = await client.create_post(workspace_id, caption="Delete me")
        await client.delete_post(post_id)

    assert transport.lost == 1
    assert post_id not in app.state.store.posts


def without_get_connection_url(app: Starlette) -> ASGIApp:
    """Wrap the sandbox so that it answers 405 to the GET form of the connection-url endpoint."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        path = API_PREFIX + "/social-profiles/connection-url"
        if scope["type"] == "http" and scope["path"] == path and scope["method"] == "GET":
            refusal = JSONResponse({"message": "Method not allowed."}, status_code=405)
            await refusal(scope, receive, send)
            return
        await app(scope, receive, send)

    return wrapped


@pytest.mark.parametrize("provider", ["x", "twitter", "instagram"])
async def test_connection_url_post_fallback_accepted(provider: str) -> None:
    fake = FakeTime()
    app = create_app(clock=lambda: datetime.fromtimestamp(fake.now, UTC))
    workspace_id = next(iter(app.state.store.workspaces))
    expected_name = "x" if provider == "twitter" else provider

    async with OcoyaClient(
        DEMO_API_KEY,
        base_url=IN_PROCESS_BASE + API_PREFIX,
        transport=SandboxTransport(without_get_connection_url(app)),
        sleep=fake.sleep,
        clock=fake.clock,
    ) as client:
        connection = await client.connection_url(workspace_id, provider)

    assert connection.url.startswith(f"https://auth.sandbox.invalid/connect/{expected_name}?")
    assert connection.auth_provider is None


async def test_closed_port_is_network_error() -> None:
    # Bind and release a port so nothing listens on it.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fake = FakeTime()
    async with OcoyaClient(
        DEMO_API_KEY,
        base_url=f"http://127.0.0.1:{port}{API_PREFIX}",
        sleep=fake.sleep,
        clock=fake.clock,
        timeout=httpx.Timeout(5.0),
    ) as client:
        with pytest.raises(NetworkError):
            await client.me()
        with pytest.raises(NetworkError):
            await client.create_post("cworkspace", caption="x")

    # The read was retried three times; the post was not, because it is never repeated.
    assert len(fake.sleeps) == 3
