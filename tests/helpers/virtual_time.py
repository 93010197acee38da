"""Virtual time shared by a client and the sandbox, and a transport that counts requests.

Bulk actions wait for rate-limit windows to reset. With ``VirtualTime`` the client's
``sleep`` moves the clock that both the client and the sandbox read. A test of 100 deletes
under a limit of 20 requests per window then runs at full speed, and it still goes through
every wait in the same order as in real time.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx


@dataclass
class VirtualTime:
    """A Unix-epoch clock that moves only when ``sleep`` is awaited.

    It starts at the real time, so code that reads the real clock (such as a progress
    estimate) stays close to it.
    """

    now: float = field(default_factory=time.time)
    slept_seconds: float = 0.0

    def clock(self) -> float:
        """Return the current virtual time in Unix epoch seconds (the client's clock)."""
        return self.now

    def utc_now(self) -> datetime:
        """Return the current virtual time as an aware UTC datetime (the sandbox's clock)."""
        return datetime.fromtimestamp(self.now, UTC)

    async def sleep(self, seconds: float) -> None:
        """Move the clock by ``seconds`` and let other tasks run once."""
        step = max(seconds, 0.0)
        self.now += step
        self.slept_seconds += step
        await asyncio.sleep(0)


@dataclass
class CountingTransport(httpx.AsyncBaseTransport):
    """Passes requests to ``inner`` and counts them by method and by response status.

    ``hold_method`` and ``hold_after``: the request of that method after the first
    ``hold_after`` ones waits until ``release`` is set, and ``request_held`` is set when one waits,
    so a test can cancel while a request is in flight.
    """

    inner: httpx.AsyncBaseTransport
    methods: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    hold_method: str | None = None
    hold_after: int = 0
    request_held: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        method = request.method
        if method == self.hold_method and self.methods[method] >= self.hold_after:
            self.request_held.set()
            await self.release.wait()
        self.methods[method] += 1
        response = await self.inner.handle_async_request(request)
        self.statuses[response.status_code] += 1
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()
