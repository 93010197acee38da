"""Exactly-once delivery and the outbox, against the in-process sandbox with its fault switches."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from starlette.applications import Starlette

from ocoya_desktop.api import NetworkError, OcoyaClient, PostStatus, ServerError
from ocoya_desktop.sandbox import DEMO_API_KEY, Faults, SandboxStore, create_app
from ocoya_desktop.services.compose import Composition, CompositionError
from ocoya_desktop.services.delivery import (
    MAX_SENDS,
    DeliveryFailedError,
    DeliveryUncertainError,
    composition_for,
    deliver,
    find_sent_post,
    queued_post_for,
    send_outbox,
)
from ocoya_desktop.storage.drafts_db import DraftsDatabase, EditorState, OutboxStatus
from tests.helpers.sandbox_support import SwitchableTransport, faults_of, no_wait, store_of

BASE_URL = "http://sandbox.test/api/_public/v1"
NOW = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)


@dataclass
class Sandbox:
    app: Starlette
    client: OcoyaClient
    transport: SwitchableTransport
    workspace_id: str
    profile_ids: list[str]

    @property
    def store(self) -> SandboxStore:
        return store_of(self.app)

    @property
    def faults(self) -> Faults:
        return faults_of(self.app)

    def posts_with_caption(self, caption: str) -> list[str]:
        with self.store.lock:
            return [p.id for p in self.store.posts.values() if p.caption == caption]


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    app = create_app(clock=lambda: NOW, rate_limit=100_000)
    transport = SwitchableTransport(app)
    async with OcoyaClient(
        DEMO_API_KEY, base_url=BASE_URL, transport=transport, sleep=no_wait
    ) as client:
        workspaces = await client.workspaces()
        profiles = await client.social_profiles(workspaces[0].id)
        yield Sandbox(app, client, transport, workspaces[0].id, [p.id for p in profiles])


@pytest.fixture
def database(tmp_path: Path) -> Iterator[DraftsDatabase]:
    db = DraftsDatabase.open(tmp_path / "drafts.sqlite3")
    yield db
    db.close()


def _scheduled(sandbox: Sandbox, caption: str, hours: int = 24) -> Composition:
    return Composition(
        caption=caption,
        media_urls=("https://cdn.example.com/a.jpg",),
        social_profile_ids=tuple(sandbox.profile_ids[:2]),
        scheduled_at=NOW + timedelta(hours=hours),
    )


async def test_plain_send_creates_one_post(sandbox: Sandbox) -> None:
    composition = _scheduled(sandbox, "Plain send")

    delivered = await deliver(sandbox.client, sandbox.workspace_id, composition, now=NOW)

    assert delivered.result.status is PostStatus.SCHEDULED
    assert delivered.recovered is False
    assert sandbox.posts_with_caption("Plain send") == [delivered.result.post_group_id]


async def test_lost_response_not_sent_twice(sandbox: Sandbox) -> None:
    """Guarantee: a post whose response was lost is found, not created a second time.

    Without the check after ``OutcomeUnknownError`` the delivery would send again and leave
    two posts (or fail), so the count below would not be one.
    """
    sandbox.faults.drop_after_create = True
    checks: list[str] = []
    composition = _scheduled(sandbox, "Dropped once")

    delivered = await deliver(
        sandbox.client,
        sandbox.workspace_id,
        composition,
        now=NOW,
        on_checking=lambda: checks.append("checking"),
    )

    assert delivered.recovered is True
    assert checks == ["checking"]
    assert sandbox.transport.post_requests == 1
    assert sandbox.posts_with_caption("Dropped once") == [delivered.result.post_group_id]


async def test_not_found_is_sent_again(sandbox: Sandbox) -> None:
    """A lost response whose post is missing is sent once more, and only once."""
    sandbox.faults.error_rate = 1.0  # every request fails with 500 until switched off
    composition = _scheduled(sandbox, "Server failed first")

    sends: list[int] = []

    def on_checking() -> None:
        sends.append(sandbox.transport.post_requests)
        sandbox.faults.error_rate = 0.0

    delivered = await deliver(
        sandbox.client, sandbox.workspace_id, composition, now=NOW, on_checking=on_checking
    )

    assert delivered.recovered is False
    assert delivered.sends == 2
    assert sends == [1]
    assert sandbox.posts_with_caption("Server failed first") == [delivered.result.post_group_id]


async def test_gives_up_after_max_sends(sandbox: Sandbox) -> None:
    sandbox.faults.error_rate = 1.0
    sandbox.faults.seed = 1
    composition = _scheduled(sandbox, "Never arrives")

    with pytest.raises(DeliveryUncertainError):
        # The check's reads fail as well, so the outcome stays unknown after the first send.
        await deliver(sandbox.client, sandbox.workspace_id, composition, now=NOW)

    assert sandbox.transport.post_requests == 1
    assert sandbox.posts_with_caption("Never arrives") == []


async def test_failed_after_two_unanswered_sends(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def always_500(*_args: object, **_kwargs: object) -> str:
        raise ServerError("boom", status_code=500)

    monkeypatch.setattr(sandbox.client, "create_post", always_500)

    with pytest.raises(DeliveryFailedError) as caught:
        await deliver(sandbox.client, sandbox.workspace_id, _scheduled(sandbox, "x"), now=NOW)

    assert caught.value.sends == MAX_SENDS


async def test_maybe_sent_checks_before_sending(sandbox: Sandbox) -> None:
    """Guarantee: a post that may have been sent before a crash is looked for first.

    Without the check for ``maybe_sent`` the second delivery would create a duplicate.
    """
    composition = _scheduled(sandbox, "Sent before the crash")
    first = await deliver(sandbox.client, sandbox.workspace_id, composition, now=NOW)

    again = await deliver(
        sandbox.client, sandbox.workspace_id, composition, now=NOW, maybe_sent=True
    )

    assert again.recovered is True
    assert again.result.post_group_id == first.result.post_group_id
    assert len(sandbox.posts_with_caption("Sent before the crash")) == 1


async def test_invalid_composition_sends_nothing(sandbox: Sandbox) -> None:
    with pytest.raises(CompositionError):
        await deliver(sandbox.client, sandbox.workspace_id, Composition(caption=" "), now=NOW)

    assert sandbox.transport.post_requests == 0


async def test_match_needs_same_time_profiles_media(sandbox: Sandbox) -> None:
    composition = _scheduled(sandbox, "Matching rules")
    await deliver(sandbox.client, sandbox.workspace_id, composition, now=NOW)
    other_time = _scheduled(sandbox, "Matching rules", hours=25)
    other_profiles = Composition(
        caption="Matching rules",
        media_urls=composition.media_urls,
        social_profile_ids=tuple(sandbox.profile_ids[:1]),
        scheduled_at=composition.scheduled_at,
    )
    other_media = Composition(
        caption="Matching rules",
        social_profile_ids=composition.social_profile_ids,
        scheduled_at=composition.scheduled_at,
    )

    found = await find_sent_post(sandbox.client, sandbox.workspace_id, composition)

    assert found is not None
    assert await find_sent_post(sandbox.client, sandbox.workspace_id, other_time) is None
    assert await find_sent_post(sandbox.client, sandbox.workspace_id, other_profiles) is None
    assert await find_sent_post(sandbox.client, sandbox.workspace_id, other_media) is None


async def test_hundred_compositions_random_faults(sandbox: Sandbox) -> None:
    """Guarantee: every composition ends as exactly one post, whatever the faults.

    Each of 100 compositions is delivered under a random (seeded) mix of dropped responses
    and random 500s. A delivery that gives up is retried the way the outbox retries it,
    marked as possibly sent. Sending again without the check would leave duplicates.
    """
    rng = random.Random(20261204)
    recovered = 0
    retried = 0
    for number in range(100):
        sandbox.faults.drop_after_create = rng.random() < 0.3
        sandbox.faults.error_rate = rng.choice([0.0, 0.0, 0.2, 0.5])
        sandbox.faults.seed = rng.randrange(1_000_000)
        composition = _scheduled(sandbox, f"Fault run {number}", hours=24 + number)
        maybe_sent = False
        for _attempt in range(30):
            try:
                delivered = await deliver(
                    sandbox.client,
                    sandbox.workspace_id,
                    composition,
                    now=NOW,
                    maybe_sent=maybe_sent,
                )
            except (DeliveryFailedError, DeliveryUncertainError):
                maybe_sent = True
                retried += 1
                continue
            recovered += delivered.recovered
            break
        else:
            pytest.fail(f"composition {number} was never delivered")

        sandbox.faults.drop_after_create = False
        sandbox.faults.error_rate = 0.0
        assert len(sandbox.posts_with_caption(f"Fault run {number}")) == 1, number

    # The faults really happened: some posts were found after a lost response.
    assert recovered > 10
    assert retried > 0


# --- the outbox -----------------------------------------------------------------------


def _enqueue(database: DraftsDatabase, sandbox: Sandbox, caption: str) -> int:
    composition = _scheduled(sandbox, caption)
    return database.enqueue(
        sandbox.workspace_id, queued_post_for(composition), EditorState(caption=caption)
    )


async def test_outbox_sends_in_order(sandbox: Sandbox, database: DraftsDatabase) -> None:
    ids = [_enqueue(database, sandbox, f"Queued {n}") for n in range(3)]
    seen: list[tuple[int, OutboxStatus]] = []

    run = await send_outbox(
        sandbox.client,
        database,
        on_update=lambda entry: seen.append((entry.entry_id, entry.status)),
        now=lambda: NOW,
    )

    assert run.sent == tuple(ids)
    assert [status for _id, status in seen] == [OutboxStatus.SENDING, OutboxStatus.SENT] * 3
    assert [entry_id for entry_id, _status in seen][::2] == ids
    for entry in database.outbox_entries():
        assert entry.status is OutboxStatus.SENT
        assert entry.post_group_id is not None
    for n in range(3):
        assert len(sandbox.posts_with_caption(f"Queued {n}")) == 1


async def test_outbox_stops_when_offline(sandbox: Sandbox, database: DraftsDatabase) -> None:
    _enqueue(database, sandbox, "Still offline 1")
    _enqueue(database, sandbox, "Still offline 2")
    sandbox.transport.offline = True

    run = await send_outbox(sandbox.client, database, now=lambda: NOW)

    assert run.went_offline is True
    assert [e.status for e in database.outbox_entries()] == [OutboxStatus.QUEUED] * 2
    assert sandbox.posts_with_caption("Still offline 1") == []


async def test_outbox_failure_keeps_reason(sandbox: Sandbox, database: DraftsDatabase) -> None:
    past = Composition(caption="Too late", scheduled_at=NOW - timedelta(hours=1))
    entry_id = database.enqueue(
        sandbox.workspace_id, queued_post_for(past), EditorState(caption="Too late")
    )

    run = await send_outbox(sandbox.client, database, now=lambda: NOW)

    assert run.failed == (entry_id,)
    entry = database.outbox_entry(entry_id)
    assert entry is not None
    assert entry.status is OutboxStatus.FAILED
    assert "past" in entry.error or "future" in entry.error


async def test_outbox_interrupted_send_checked(sandbox: Sandbox, tmp_path: Path) -> None:
    """Guarantee: an entry that was sending when the app stopped is checked, not resent.

    The database reopens a "sending" entry as queued and possibly sent; without that mark
    the outbox would create the post a second time.
    """
    path = tmp_path / "crash.sqlite3"
    database = DraftsDatabase.open(path)
    entry_id = _enqueue(database, sandbox, "Sent as the app died")
    database.update_outbox(entry_id, OutboxStatus.SENDING)
    entry = database.outbox_entry(entry_id)
    assert entry is not None
    await deliver(sandbox.client, sandbox.workspace_id, composition_for(entry.post), now=NOW)
    database.close()

    reopened = DraftsDatabase.open(path)
    try:
        run = await send_outbox(sandbox.client, reopened, now=lambda: NOW)
    finally:
        reopened.close()

    assert run.sent == (entry_id,)
    assert len(sandbox.posts_with_caption("Sent as the app died")) == 1


async def test_network_error_raised_unwrapped(sandbox: Sandbox) -> None:
    sandbox.transport.offline = True

    with pytest.raises(NetworkError):
        await deliver(sandbox.client, sandbox.workspace_id, _scheduled(sandbox, "off"), now=NOW)
