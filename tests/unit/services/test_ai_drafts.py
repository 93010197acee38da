"""AI drafts and campaigns against the in-process sandbox: requests, lookups and sending."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette

from ocoya_desktop.api import CampaignRequest, OcoyaClient, PostStatus, ValidationError
from ocoya_desktop.sandbox import DEMO_API_KEY, SandboxStore, create_app
from ocoya_desktop.sandbox.generation import SANDBOX_MARKER
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.services.ai_drafts import (
    AiDraftChoices,
    AiDraftNotFoundError,
    AiDraftOrigin,
    AiSendPlan,
    build_ai_request,
    generate_ai_draft,
    plan_ai_send,
    prompt_problem,
    remember_prompt,
    send_ai_draft,
    start_campaign,
    watch_campaign,
)
from ocoya_desktop.services.compose import Composition, CompositionError

BASE_URL = "http://sandbox.test/api/_public/v1"
NOW = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
PROMPT = "Announce the autumn blend with cinnamon notes"


class RecordingTransport(httpx.AsyncBaseTransport):
    """Pass requests to the sandbox and record each one's method, path and JSON body."""

    def __init__(self, app: Starlette) -> None:
        self._inner = SandboxTransport(app)
        self.calls: list[tuple[str, str, object]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        path = request.url.path.removeprefix("/api/_public/v1")
        self.calls.append((request.method, path, body))
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()

    def writes(self) -> list[tuple[str, str]]:
        """Return the method and path of every request that is not a GET."""
        return [(method, path) for method, path, _ in self.calls if method != "GET"]


@dataclass
class Sandbox:
    app: Starlette
    client: OcoyaClient
    transport: RecordingTransport
    workspace_id: str
    profile_ids: list[str]

    @property
    def store(self) -> SandboxStore:
        store: SandboxStore = self.app.state.store
        return store

    def first_id(self, table: str) -> str:
        items = getattr(self.store, table).values()
        found: str = next(item.id for item in items if item.workspace_id == self.workspace_id)
        return found


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    app = create_app(clock=lambda: NOW, rate_limit=10_000)
    transport = RecordingTransport(app)
    client = OcoyaClient(DEMO_API_KEY, base_url=BASE_URL, transport=transport, max_retries=0)
    store: SandboxStore = app.state.store
    workspace_id = store.accounts[DEMO_API_KEY].workspace_ids[0]
    profiles = [p.id for p in store.profiles_in(workspace_id)][:2]
    async with client:
        yield Sandbox(app, client, transport, workspace_id, profiles)


def ai_bodies(sandbox: Sandbox) -> list[object]:
    return [body for method, path, body in sandbox.transport.calls if path == "/post/ai"]


# --- choices and requests -----------------------------------------------------------------


def test_prompt_of_nine_characters_is_rejected() -> None:
    assert prompt_problem("  123456789  ") is not None
    assert prompt_problem("1234567890") is None
    # An emoji outside the BMP counts as two UTF-16 code units, as the service counts it.
    assert prompt_problem("12345678🙂") is None


def test_request_drops_references_without_image() -> None:
    choices = AiDraftChoices(
        prompt=PROMPT,
        reference_urls=("https://cdn.example.com/a.png",),
        reference_design_ids=("ctemplate",),
    )

    body = build_ai_request(choices, ["p1", "p1", "p2"]).to_json()

    assert "referenceUrls" not in body
    assert "referenceDesignIds" not in body
    assert body["socialProfileIds"] == ["p1", "p2"]


def test_request_rejects_short_prompt() -> None:
    with pytest.raises(ValidationError):
        build_ai_request(AiDraftChoices(prompt="too short"), [])


def test_choices_round_trip_through_settings() -> None:
    choices = AiDraftChoices(
        prompt=PROMPT,
        tone="bold",
        length="extra_long",
        brand_id="cbrand",
        hashtag_library_id="clib",
        generate_image=True,
        reference_urls=("https://cdn.example.com/a.png",),
        reference_design_ids=("ct1", "ct2"),
    )

    restored = AiDraftChoices.from_settings(json.loads(json.dumps(choices.to_settings())))

    assert restored == replace(choices, prompt="")


def test_choices_from_damaged_settings_use_defaults() -> None:
    restored = AiDraftChoices.from_settings({"tone": "angry", "reference_urls": "nope"})

    assert restored.tone == "professional"
    assert restored.length == "medium"
    assert restored.reference_urls == ()


def test_prompt_history_moves_repeat_to_front() -> None:
    history = remember_prompt(["b prompt", "a prompt"], " a prompt ")

    assert history == ["a prompt", "b prompt"]
    assert len(remember_prompt([f"p{n}" for n in range(30)], "new")) == 20


# --- generating ---------------------------------------------------------------------------


async def test_every_option_reaches_the_request(sandbox: Sandbox) -> None:
    templates = [t.id for t in sandbox.store.studio_templates_in(sandbox.workspace_id)][:2]
    choices = AiDraftChoices(
        prompt=PROMPT,
        tone="founder_led",
        length="long",
        brand_id=sandbox.first_id("brand_kits"),
        hashtag_library_id=sandbox.first_id("hashtag_libraries"),
        generate_image=True,
        reference_urls=("https://cdn.example.com/ref.png",),
        reference_design_ids=tuple(templates),
    )

    origin = await generate_ai_draft(
        sandbox.client, sandbox.workspace_id, build_ai_request(choices, sandbox.profile_ids)
    )

    assert ai_bodies(sandbox) == [
        {
            "prompt": PROMPT,
            "tone": "founder_led",
            "length": "long",
            "socialProfileIds": sandbox.profile_ids,
            "brandId": choices.brand_id,
            "hashtagLibraryId": choices.hashtag_library_id,
            "generateImage": True,
            "referenceUrls": ["https://cdn.example.com/ref.png"],
            "referenceDesignIds": templates,
        }
    ]
    assert origin.caption.startswith(SANDBOX_MARKER)
    assert len(origin.media_urls) == 1
    assert set(origin.social_profile_ids) == set(sandbox.profile_ids)


async def test_missing_draft_raises_after_retries(sandbox: Sandbox) -> None:
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)
        # The draft vanishes before it can be listed, as if the list lagged behind.
        sandbox.store.posts.clear()

    request = build_ai_request(AiDraftChoices(prompt=PROMPT), [])
    original = sandbox.client.create_ai_draft

    async def create_then_hide(workspace_id: str, request: object) -> str:
        post_id = await original(workspace_id, request)  # type: ignore[arg-type]
        del sandbox.store.posts[post_id]
        return post_id

    sandbox.client.create_ai_draft = create_then_hide  # type: ignore[method-assign]
    with pytest.raises(AiDraftNotFoundError):
        await generate_ai_draft(
            sandbox.client, sandbox.workspace_id, request, attempts=3, sleep=no_wait
        )
    assert waits == [1.0, 1.0]


# --- sending ------------------------------------------------------------------------------


async def make_draft(sandbox: Sandbox) -> AiDraftOrigin:
    request = build_ai_request(
        AiDraftChoices(prompt=PROMPT, generate_image=True), sandbox.profile_ids
    )
    origin = await generate_ai_draft(sandbox.client, sandbox.workspace_id, request)
    sandbox.transport.calls.clear()
    return origin


def composition_of(origin: AiDraftOrigin, **changes: object) -> Composition:
    base = Composition(
        caption=origin.caption,
        media_urls=origin.media_urls,
        social_profile_ids=origin.social_profile_ids,
        scheduled_at=NOW + timedelta(days=1),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


async def test_unchanged_draft_is_rescheduled_only(sandbox: Sandbox) -> None:
    origin = await make_draft(sandbox)
    composition = composition_of(origin)

    result = await send_ai_draft(sandbox.client, sandbox.workspace_id, origin, composition, now=NOW)

    assert sandbox.transport.writes() == [("PATCH", f"/post/{origin.post_group_id}")]
    assert result.plan is AiSendPlan.RESCHEDULE
    assert result.post_group_id == origin.post_group_id
    stored = sandbox.store.posts[origin.post_group_id]
    assert stored.status == "SCHEDULED"
    assert stored.scheduled_at == composition.scheduled_at


async def test_edited_draft_is_created_then_deleted(sandbox: Sandbox) -> None:
    origin = await make_draft(sandbox)
    composition = composition_of(origin, caption=origin.caption + "\n\nEdited by hand.")
    before = len(sandbox.store.posts)

    result = await send_ai_draft(sandbox.client, sandbox.workspace_id, origin, composition, now=NOW)

    assert sandbox.transport.writes() == [
        ("POST", "/post"),
        ("DELETE", f"/post/{origin.post_group_id}"),
    ]
    assert result.plan is AiSendPlan.REPLACE
    assert result.status is PostStatus.SCHEDULED
    assert result.draft_left_behind is None
    assert origin.post_group_id not in sandbox.store.posts
    assert len(sandbox.store.posts) == before
    stored = sandbox.store.posts[result.post_group_id]
    assert stored.caption.endswith("Edited by hand.")
    assert [creative.url for creative in stored.creatives] == list(origin.media_urls)


@pytest.mark.parametrize(
    "change",
    [
        {"media_urls": ()},
        {"social_profile_ids": ("only-one",)},
        {"caption": "Something else entirely"},
    ],
)
def test_any_edit_means_replace(change: dict[str, object]) -> None:
    origin = AiDraftOrigin("cdraft", "Caption", ("https://x.test/a.png",), ("p1", "p2"))

    assert plan_ai_send(origin, composition_of(origin, **change)) is AiSendPlan.REPLACE
    assert plan_ai_send(origin, composition_of(origin)) is AiSendPlan.RESCHEDULE
    reordered = composition_of(origin, social_profile_ids=("p2", "p1"))
    assert plan_ai_send(origin, reordered) is AiSendPlan.RESCHEDULE


async def test_unchanged_draft_saved_as_draft_sends_nothing(sandbox: Sandbox) -> None:
    origin = await make_draft(sandbox)

    result = await send_ai_draft(
        sandbox.client,
        sandbox.workspace_id,
        origin,
        composition_of(origin, scheduled_at=None),
        now=NOW,
    )

    assert result.plan is AiSendPlan.ALREADY_SAVED
    assert sandbox.transport.calls == []


async def test_past_time_is_rejected_before_any_request(sandbox: Sandbox) -> None:
    origin = await make_draft(sandbox)

    with pytest.raises(CompositionError):
        await send_ai_draft(
            sandbox.client,
            sandbox.workspace_id,
            origin,
            composition_of(origin, scheduled_at=NOW - timedelta(hours=1)),
            now=NOW,
        )
    assert sandbox.transport.calls == []


async def test_failed_delete_reports_draft_left_behind(sandbox: Sandbox) -> None:
    origin = await make_draft(sandbox)

    async def fail_delete(post_id: str) -> None:
        sandbox.app.state.faults.error_rate = 1.0
        try:
            await original_delete(post_id)
        finally:
            sandbox.app.state.faults.error_rate = 0.0

    original_delete = sandbox.client.delete_post
    sandbox.client.delete_post = fail_delete  # type: ignore[method-assign]
    result = await send_ai_draft(
        sandbox.client,
        sandbox.workspace_id,
        origin,
        composition_of(origin, caption="Mine now"),
        now=NOW,
    )

    assert result.plan is AiSendPlan.REPLACE
    assert result.draft_left_behind == origin.post_group_id
    assert origin.post_group_id in sandbox.store.posts
    assert result.post_group_id in sandbox.store.posts


# --- campaigns ----------------------------------------------------------------------------


async def test_campaign_drafts_are_found_as_they_appear(sandbox: Sandbox) -> None:
    earlier_drafts = {post.id for post in sandbox.store.posts_in(sandbox.workspace_id, ["DRAFT"])}
    request = CampaignRequest(prompt="Autumn menu week", count=3, duration_days=5)
    start = await start_campaign(sandbox.client, sandbox.workspace_id, request)
    seen: list[int] = []

    progress = await watch_campaign(
        sandbox.client,
        start,
        on_progress=lambda p: seen.append(len(p.drafts)),
        poll_seconds=0.0,
    )

    assert start.earlier_draft_ids == earlier_drafts
    assert progress.is_complete
    assert not progress.timed_out
    assert len(progress.drafts) == 3
    assert all(post.status == "DRAFT" for post in progress.drafts)
    assert not {post.id for post in progress.drafts} & earlier_drafts
    assert seen[-1] == 3


async def test_campaign_watch_times_out(sandbox: Sandbox) -> None:
    request = CampaignRequest(prompt="Autumn menu week", count=3)
    start = await start_campaign(sandbox.client, sandbox.workspace_id, request)
    campaign = sandbox.store.campaigns[start.campaign.id]
    await sandbox.store.wait_for(lambda: campaign.status == "COMPLETED")
    # Hide the campaign's drafts by pretending they all existed before it started.
    hidden = replace(start, earlier_draft_ids=frozenset(sandbox.store.posts))
    moments = iter([0.0, 5.0, 11.0])

    async def no_wait(seconds: float) -> None:
        return None

    progress = await watch_campaign(
        sandbox.client,
        hidden,
        timeout_seconds=10.0,
        sleep=no_wait,
        clock=lambda: next(moments),
    )

    assert progress.timed_out
    assert not progress.is_complete
