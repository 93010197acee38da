"""Client-side pacing under the service's rate limit, and retry backoff.

The service allows 60 requests per minute per API key and reports its count on every
response in `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (Unix epoch
seconds). The pacer waits for the reset once the remaining count reaches zero, so a burst
of requests slows down instead of collecting 429 responses.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]

# The service's window is one minute, so no honest reset is further away than that. The
# cap keeps a server clock that runs ahead of ours from stalling the app.
MAX_RESET_WAIT_SECONDS = 61.0
# Waiting a little past the reset absorbs rounding of the reset time to whole seconds.
RESET_MARGIN_SECONDS = 0.05


@dataclass(frozen=True, slots=True)
class RateLimitState:
    """The rate-limit headers of one response; a field is None when its header was absent."""

    limit: int | None
    remaining: int | None
    reset_epoch: float | None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimitState:
        return cls(
            limit=_int_header(headers, "x-ratelimit-limit"),
            remaining=_int_header(headers, "x-ratelimit-remaining"),
            reset_epoch=_float_header(headers, "x-ratelimit-reset"),
        )


class RateLimitPacer:
    """Delays requests while the current rate-limit window has no requests left.

    Requests sent concurrently each take one from the remaining count before they go out,
    so the count stays correct even while earlier responses are still on their way.
    """

    def __init__(self, *, sleep: Sleep, clock: Clock) -> None:
        self._sleep = sleep
        self._clock = clock
        self._lock = asyncio.Lock()
        self._remaining: int | None = None
        self._reset_epoch: float | None = None

    async def acquire(self) -> None:
        """Wait until a request may be sent, then count it against the window."""
        async with self._lock:
            if self._remaining is not None and self._remaining <= 0:
                await self._wait_for_reset()
            if self._remaining is not None:
                self._remaining -= 1

    def update(self, state: RateLimitState) -> None:
        """Take the counts from a response's headers."""
        if state.remaining is None:
            return
        same_window = state.reset_epoch is not None and state.reset_epoch == self._reset_epoch
        if same_window and self._remaining is not None:
            # Responses can arrive out of order, so within one window the lower count wins.
            self._remaining = min(self._remaining, state.remaining)
        else:
            self._remaining = state.remaining
            self._reset_epoch = state.reset_epoch

    def seconds_until_reset(self, reset_epoch: float | None) -> float | None:
        """Seconds from now until `reset_epoch` plus a small margin, capped at one window."""
        if reset_epoch is None:
            return None
        delay = reset_epoch - self._clock() + RESET_MARGIN_SECONDS
        return min(max(delay, 0.0), MAX_RESET_WAIT_SECONDS)

    async def _wait_for_reset(self) -> None:
        reset_epoch = self._reset_epoch
        # Without a reported reset time there is nothing to wait for, and a reset already
        # passed (for example while waiting after a 429) needs no wait either.
        if reset_epoch is not None and self._clock() < reset_epoch:
            delay = min(reset_epoch - self._clock() + RESET_MARGIN_SECONDS, MAX_RESET_WAIT_SECONDS)
            logger.info("Rate limit reached; waiting %.1f s for the window to reset", delay)
            await self._sleep(delay)
        # The next response reports the new window's count.
        self._remaining = None
        self._reset_epoch = None


@dataclass(frozen=True, slots=True)
class Backoff:
    """Capped exponential backoff with jitter: attempt n waits up to `base * 2**n` seconds."""

    base_seconds: float = 0.5
    max_seconds: float = 4.0

    def delay(self, retry_number: int, rng: random.Random) -> float:
        """Seconds to wait before retry `retry_number` (0 for the first retry)."""
        ceiling = min(self.max_seconds, self.base_seconds * 2.0**retry_number)
        # Half fixed and half random, so clients that failed together do not retry together.
        return ceiling / 2 + rng.uniform(0.0, ceiling / 2)


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _float_header(headers: Mapping[str, str], name: str) -> float | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None
