"""Bulk delete and load-all against the sandbox under a small rate limit, and the estimator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from ocoya_desktop.api import OcoyaClient, RateLimitState
from ocoya_desktop.sandbox import SandboxStore, create_app
from ocoya_desktop.services.bulk import (
    DEFAULT_WINDOW_SECONDS,
    BulkProgress,
    TimeLeftEstimator,
    delete_posts,
    load_all_posts,
)
from tests.helpers.sandbox_support import (
    add_drafts,
    store_of,
    virtual_time_client,
    workspace_ids,
)
from tests.helpers.virtual_time import CountingTransport, VirtualTime

RATE_LIMIT = 20
RATE_WINDOW_SECONDS = 10.0


@dataclass
class Sandbox:
    store: SandboxStore
    transport: CountingTransport
    client: OcoyaClient
    time: VirtualTime
    workspace_id: str

    def add_drafts(self, count: int) -> list[str]:
        """Add ``count`` drafts to the workspace and return their ids."""
        newest = self.time.utc_now() - timedelta(days=1)
        return add_drafts(self.store, self.workspace_id, count, caption="Bulk draft", newest=newest)


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    time = VirtualTime()
    app = create_app(
        clock=time.utc_now, rate_limit=RATE_LIMIT, rate_window_seconds=RATE_WINDOW_SECONDS
    )
    store = store_of(app)
    transport, client = virtual_time_client(app, time)
    async with client:
        yield Sandbox(store, transport, client, time, workspace_ids(store)[0])


async def test_delete_100_stays_under_rate_limit(sandbox: Sandbox) -> None:
    ids = sandbox.add_drafts(100)
    reported: list[str] = []
    progress: list[BulkProgress] = []

    result = await delete_posts(
        sandbox.client,
        ids,
        on_deleted=reported.append,
        on_progress=progress.append,
        clock=sandbox.time.clock,
    )

    assert result.deleted == tuple(ids)
    assert result.already_gone == ()
    assert reported == ids
    assert not any(post_id in sandbox.store.posts for post_id in ids)
    assert sandbox.transport.statuses[429] == 0
    assert sandbox.transport.methods["DELETE"] == 100
    # 100 requests at 20 per window need four waits for a reset.
    assert sandbox.time.slept_seconds >= 3 * RATE_WINDOW_SECONDS
    assert progress[0] == BulkProgress(0, 100, None)
    assert progress[-1].done == 100
    assert progress[-1].seconds_left == 0.0


async def test_delete_reports_time_left_from_pacing(sandbox: Sandbox) -> None:
    ids = sandbox.add_drafts(60)
    progress: list[BulkProgress] = []

    await delete_posts(sandbox.client, ids, on_progress=progress.append, clock=sandbox.time.clock)

    # After the first delete, 59 more requests need at least two more windows to reset.
    first_estimate = progress[1].seconds_left
    assert first_estimate is not None
    assert first_estimate >= RATE_WINDOW_SECONDS
    estimates = [p.seconds_left for p in progress[1:] if p.seconds_left is not None]
    assert estimates[-1] == 0.0


async def test_delete_counts_missing_post_as_gone(sandbox: Sandbox) -> None:
    ids = sandbox.add_drafts(3)
    sandbox.store.delete_post(ids[1])

    result = await delete_posts(sandbox.client, ids, clock=sandbox.time.clock)

    assert result.deleted == (ids[0], ids[2])
    assert result.already_gone == (ids[1],)


async def test_cancel_stops_further_deletes(sandbox: Sandbox) -> None:
    ids = sandbox.add_drafts(30)
    sandbox.transport.hold_method = "DELETE"
    sandbox.transport.hold_after = 10
    reported: list[str] = []
    task = asyncio.create_task(
        delete_posts(sandbox.client, ids, on_deleted=reported.append, clock=sandbox.time.clock)
    )

    await sandbox.transport.request_held.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    sandbox.transport.release.set()
    await asyncio.sleep(0)

    assert reported == ids[:10]
    assert sandbox.transport.methods["DELETE"] == 10
    remaining = [post_id for post_id in ids if post_id in sandbox.store.posts]
    assert remaining == ids[10:]


async def test_load_all_2000_stays_under_rate_limit(sandbox: Sandbox) -> None:
    sandbox.add_drafts(2000)
    expected = len(sandbox.store.posts_in(sandbox.workspace_id))
    progress: list[BulkProgress] = []

    posts = await load_all_posts(sandbox.client, sandbox.workspace_id, on_progress=progress.append)

    assert len(posts) == expected
    assert len({post.id for post in posts}) == expected
    assert sandbox.transport.statuses[429] == 0
    # 2000+ posts at 50 per page take more than the 20 requests of one window.
    assert sandbox.transport.methods["GET"] > RATE_LIMIT
    assert progress[0] == BulkProgress(0, None, None)
    assert progress[-1] == BulkProgress(expected, expected, 0.0)
    counts = [p.done for p in progress]
    assert counts == sorted(counts)


# --- the estimator ----------------------------------------------------------------------


@dataclass
class ManualClock:
    now: float = 1_000.0

    def __call__(self) -> float:
        return self.now


def limits(remaining: int, reset: float, limit: int = 20) -> RateLimitState:
    return RateLimitState(limit=limit, remaining=remaining, reset_epoch=reset)


def test_estimator_unknown_before_first_request() -> None:
    estimator = TimeLeftEstimator(clock=ManualClock())

    assert estimator.seconds_left(10) is None
    assert estimator.seconds_left(0) == 0.0


def test_estimator_within_window_is_request_time() -> None:
    clock = ManualClock()
    estimator = TimeLeftEstimator(clock=clock)

    clock.now += 0.5
    estimator.observe(limits(remaining=15, reset=1_030.0))

    assert estimator.seconds_left(10) == pytest.approx(5.0)


def test_estimator_adds_waits_for_resets() -> None:
    clock = ManualClock()
    estimator = TimeLeftEstimator(clock=clock)

    clock.now += 0.5
    estimator.observe(limits(remaining=5, reset=1_030.0))

    # 45 requests: 5 in this window, then the reset 29.5 s away (2.5 s of it busy sending),
    # then two more windows of 20 at the default window length, each 10 s busy.
    expected = 45 * 0.5 + (29.5 - 2.5) + 1 * (DEFAULT_WINDOW_SECONDS - 20 * 0.5)
    assert estimator.seconds_left(45) == pytest.approx(expected)


def _estimator_after_waiting_for_reset() -> TimeLeftEstimator:
    """Observe a 0.1 s request that used up a window, then one that waited for its reset."""
    clock = ManualClock()
    estimator = TimeLeftEstimator(clock=clock)
    clock.now += 0.1
    estimator.observe(limits(remaining=0, reset=1_010.0))
    clock.now = 1_010.2
    estimator.observe(limits(remaining=19, reset=1_020.0))
    return estimator


def test_estimator_learns_window_length() -> None:
    estimator = _estimator_after_waiting_for_reset()

    assert estimator.window_seconds == 10.0


def test_estimator_ignores_wait_in_request_time() -> None:
    estimator = _estimator_after_waiting_for_reset()

    # The second request waited for the reset, so its long duration is not a request time.
    assert estimator.seconds_left(1) == pytest.approx(0.1)


def test_estimator_without_headers_uses_request_time() -> None:
    clock = ManualClock()
    estimator = TimeLeftEstimator(clock=clock)

    clock.now += 2.0
    estimator.observe(None)

    assert estimator.seconds_left(3) == pytest.approx(6.0)


def test_virtual_time_matches_utc() -> None:
    time = VirtualTime(now=0.0)

    assert time.utc_now() == datetime(1970, 1, 1, tzinfo=UTC)
