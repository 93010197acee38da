"""The connection state: request outcomes, the transport that reports them, and the probe."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from ocoya_desktop.api import NetworkError, ServerError
from ocoya_desktop.services.connectivity import (
    ConnectionEvents,
    ConnectivityMonitor,
    ReachabilityTransport,
    is_network_failure,
)


class ScriptedTransport(httpx.AsyncBaseTransport):
    """Fails to connect while ``offline``, otherwise returns 200, or raises ``error`` once."""

    def __init__(self) -> None:
        self.offline = False
        self.error: Exception | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.offline:
            raise httpx.ConnectError("Network is unreachable", request=request)
        if self.error is not None:
            error, self.error = self.error, None
            raise error
        return httpx.Response(200, json={}, request=request)


class ScriptedProbe:
    def __init__(self) -> None:
        self.reachable = False
        self.calls = 0

    async def __call__(self) -> object:
        self.calls += 1
        if not self.reachable:
            raise NetworkError("GET /me failed: Network is unreachable")
        return object()


async def test_transport_reports_each_outcome() -> None:
    events = ConnectionEvents()
    seen: list[tuple[bool, str]] = []
    events.subscribe(lambda reached, reason: seen.append((reached, reason)))
    inner = ScriptedTransport()
    async with httpx.AsyncClient(transport=ReachabilityTransport(inner, events)) as http:
        await http.get("http://api.test/me")
        inner.offline = True
        with pytest.raises(httpx.ConnectError):
            await http.get("http://api.test/me")

    assert seen == [(True, ""), (False, "Network is unreachable")]


async def test_dropped_response_not_offline() -> None:
    events = ConnectionEvents()
    seen: list[bool] = []
    events.subscribe(lambda reached, _reason: seen.append(reached))
    inner = ScriptedTransport()
    inner.error = httpx.RemoteProtocolError("Server disconnected")
    async with httpx.AsyncClient(transport=ReachabilityTransport(inner, events)) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            await http.get("http://api.test/post")

    assert seen == []


async def test_unsubscribe_stops_reports() -> None:
    events = ConnectionEvents()
    seen: list[bool] = []
    unsubscribe = events.subscribe(lambda reached, _reason: seen.append(reached))

    unsubscribe()
    events.report(False, "gone")

    assert seen == []


def test_errors_classified() -> None:
    monitor = ConnectivityMonitor(ScriptedProbe())
    changes: list[bool] = []
    monitor.add_listener(changes.append)

    monitor.report_error(ServerError("boom", status_code=500))
    assert monitor.online is True
    monitor.report_error(NetworkError("unreachable"))
    assert monitor.online is False
    monitor.report_error(NetworkError("still unreachable"))
    monitor.report_reach(True)

    assert monitor.online is True
    assert changes == [False, True]


def test_wrapped_network_error_counts() -> None:
    class Wrapper(Exception):
        def __init__(self, cause: Exception) -> None:
            self.cause = cause

    assert is_network_failure(Wrapper(NetworkError("x")))
    assert not is_network_failure(Wrapper(ServerError("x", status_code=500)))


async def test_probe_only_while_offline() -> None:
    """The probe runs every interval while offline and stops once a probe succeeds."""
    probe = ScriptedProbe()
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 3:
            probe.reachable = True

    monitor = ConnectivityMonitor(probe, interval_seconds=15.0, sleep=sleep)
    task = asyncio.create_task(monitor.run())
    await asyncio.sleep(0)
    assert probe.calls == 0  # online: no probe

    monitor.report_error(NetworkError("unreachable"))
    online = asyncio.Event()
    monitor.add_listener(lambda state: online.set() if state else None)
    await asyncio.wait_for(online.wait(), timeout=5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert probe.calls == 3
    assert sleeps == [15.0, 15.0, 15.0]
    assert monitor.online is True
