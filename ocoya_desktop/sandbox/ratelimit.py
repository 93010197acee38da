"""Fixed-window rate limiting per API key, the way the sandbox reports it in headers."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class RateDecision:
    """The outcome of one request: whether it may proceed and the values of the headers."""

    allowed: bool
    limit: int
    remaining: int
    reset_epoch: int

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_epoch),
        }


class FixedWindowRateLimiter:
    """Count requests per key in windows of ``window_seconds`` aligned to the Unix epoch."""

    def __init__(self, limit: int, window_seconds: float) -> None:
        if limit < 1:
            raise ValueError(f"The rate limit must be at least 1 request, not {limit}.")
        if window_seconds <= 0:
            raise ValueError(f"The rate window must be positive, not {window_seconds} seconds.")
        self.limit = limit
        self.window_seconds = window_seconds
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}

    def hit(self, key: str, now_epoch: float) -> RateDecision:
        """Count one request by ``key`` at ``now_epoch`` (Unix seconds) and decide on it."""
        window = math.floor(now_epoch / self.window_seconds)
        # Rounded up, so a client that waits until the reset is always in the next window.
        reset_epoch = math.ceil((window + 1) * self.window_seconds)

        with self._lock:
            current_window, count = self._windows.get(key, (window, 0))
            if current_window != window:
                count = 0
            allowed = count < self.limit
            if allowed:
                count += 1
            self._windows[key] = (window, count)

        return RateDecision(
            allowed=allowed,
            limit=self.limit,
            remaining=self.limit - count,
            reset_epoch=reset_epoch,
        )

    def exhausted(self, now_epoch: float) -> RateDecision:
        """Return a rejecting decision for the current window, for the forced-429 fault."""
        window = math.floor(now_epoch / self.window_seconds)
        return RateDecision(
            allowed=False,
            limit=self.limit,
            remaining=0,
            reset_epoch=math.ceil((window + 1) * self.window_seconds),
        )
