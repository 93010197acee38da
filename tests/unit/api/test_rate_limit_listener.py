"""Listeners hear when requests wait for the rate-limit window, and when the wait ends."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from ocoya_desktop.api import OcoyaClient, RateLimitedError
from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
from ocoya_desktop.sandbox.transport import SandboxTransport
from tests.helpers.sandbox_support import IN_PROCESS_BASE_URL, faults_of
from tests.helpers.virtual_time import VirtualTime

WINDOW_SECONDS = 40.0


def _client(time: VirtualTime, *, rate_limit: int) -> tuple[OcoyaClient, list[float], Starlette]:
    app = create_app(clock=time.utc_now, rate_limit=rate_limit, rate_window_seconds=WINDOW_SECONDS)
    waits: list[float] = []
    client = OcoyaClient(
        DEMO_API_KEY,
        base_url=IN_PROCESS_BASE_URL,
        transport=SandboxTransport(app),
        sleep=time.sleep,
        clock=time.clock,
        on_rate_limit_wait=waits.append,
    )
    return client, waits, app


async def test_pacing_wait_is_reported() -> None:
    time = VirtualTime()
    client, waits, _app = _client(time, rate_limit=2)

    async with client:
        await client.me()
        await client.me()
        assert waits == []
        await client.me()

    assert len(waits) == 2
    assert 0 < waits[0] <= WINDOW_SECONDS + 1
    assert waits[1] == 0
    assert time.slept_seconds == pytest.approx(waits[0])


async def test_429_wait_is_reported() -> None:
    time = VirtualTime()
    client, waits, app = _client(time, rate_limit=100)
    faults = faults_of(app)
    faults.force_429 = True

    def lift_fault(seconds: float) -> None:
        faults.force_429 = False

    client.add_rate_limit_listener(lift_fault)
    async with client:
        me = await client.me()

    assert me.name
    assert len(waits) == 2
    assert waits[0] > 0
    assert waits[1] == 0


async def test_removed_listener_is_not_called() -> None:
    time = VirtualTime()
    client, waits, app = _client(time, rate_limit=100)
    faults_of(app).force_429 = True
    client.remove_rate_limit_listener(waits.append)

    async with client:
        with pytest.raises(RateLimitedError):
            await client.me()

    assert waits == []


async def test_failing_listener_does_not_break_request() -> None:
    time = VirtualTime()
    client, waits, _app = _client(time, rate_limit=1)

    def broken(seconds: float) -> None:
        raise RuntimeError("listener bug")

    client.add_rate_limit_listener(broken)
    async with client:
        await client.me()
        me = await client.me()

    assert me.name
    assert waits[-1] == 0
