"""The objects every sandbox handler shares, kept on ``app.state.context``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from starlette.requests import Request

from .faults import FaultRandom, Faults
from .ratelimit import FixedWindowRateLimiter
from .store import Account, SandboxStore

logger = logging.getLogger(__name__)


@dataclass
class SandboxContext:
    store: SandboxStore
    faults: Faults
    clock: Callable[[], datetime]
    limiter: FixedWindowRateLimiter
    ai_delay_seconds: float
    fault_random: FaultRandom = field(default_factory=FaultRandom)
    # Every deliberate delay (latency fault, AI generation) goes through here, so tests can
    # observe and release it.
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    background_tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def now(self) -> datetime:
        """Return the clock's time, after publishing every scheduled post that is due."""
        now = self.clock()
        self.store.publish_due_posts(now)
        return now

    def start_background(self, coroutine: Coroutine[Any, Any, None], name: str) -> None:
        """Run ``coroutine`` on the serving loop, keeping a reference until it ends."""
        task = asyncio.get_running_loop().create_task(coroutine, name=name)
        self.background_tasks.add(task)
        task.add_done_callback(self._on_background_done)

    def _on_background_done(self, task: asyncio.Task[None]) -> None:
        self.background_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error(
                "Sandbox background task %s failed", task.get_name(), exc_info=task.exception()
            )

    async def cancel_background(self) -> None:
        tasks = list(self.background_tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def context_of(request: Request) -> SandboxContext:
    context = request.app.state.context
    assert isinstance(context, SandboxContext)
    return context


def account_of(request: Request) -> Account:
    """Return the account that the API middleware authenticated for this request."""
    account = request.scope["state"]["account"]
    assert isinstance(account, Account)
    return account
