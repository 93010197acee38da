"""Bulk actions over many post groups: deleting a selection and loading every page.

Both run their requests one after another through one ``OcoyaClient``, which paces itself
on the service's ``X-RateLimit-*`` headers and waits out a 429, so a bulk action slows down
under the rate limit instead of failing. ``TimeLeftEstimator`` turns the same headers into
the "about T left" a progress display shows.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ocoya_desktop.api import (
    MAX_PER_PAGE,
    NotFoundError,
    OcoyaClient,
    PostGroup,
    RateLimitState,
)

_log = logging.getLogger(__name__)

DEFAULT_WINDOW_SECONDS = 60.0
"""Length of the service's rate-limit window: Ocoya allows 60 requests per minute. The
estimator uses it until two responses with different reset times show the real length."""

_SMOOTHING = 0.3
"""Weight of the newest request duration in the running average."""

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class BulkProgress:
    """How far a bulk action has got.

    ``total`` is None when the number of items is not known in advance (loading every page,
    because Ocoya's post list has no total). ``seconds_left`` is an estimate, None until
    the first request finished or when the total is unknown.
    """

    done: int
    total: int | None
    seconds_left: float | None


@dataclass(frozen=True, slots=True)
class BulkDeleteResult:
    """The outcome of ``delete_posts``: ids deleted now, and ids that were already gone."""

    deleted: tuple[str, ...]
    already_gone: tuple[str, ...]


class TimeLeftEstimator:
    """Estimates how long a run of sequential requests takes under a fixed-window rate limit.

    Call ``observe`` after each request with the client's latest rate-limit headers. The
    estimate combines the average duration of a request with the waits for the windows to
    reset that the remaining requests will need. ``clock`` returns Unix epoch seconds, the
    same clock the client paces by, because ``X-RateLimit-Reset`` is an epoch time.
    """

    def __init__(self, *, clock: Clock = time.time) -> None:
        self._clock = clock
        self._last_time = clock()
        self._request_seconds: float | None = None
        self._limits: RateLimitState | None = None
        self._window_seconds = DEFAULT_WINDOW_SECONDS

    @property
    def window_seconds(self) -> float:
        """The rate-limit window length assumed now, in seconds."""
        return self._window_seconds

    def observe(self, limits: RateLimitState | None) -> None:
        """Record that one more request finished; ``limits`` are the latest headers."""
        now = self._clock()
        elapsed = max(now - self._last_time, 0.0)
        self._last_time = now

        previous_reset = self._limits.reset_epoch if self._limits is not None else None
        reset = limits.reset_epoch if limits is not None else None
        if previous_reset is not None and reset is not None and reset != previous_reset:
            if reset > previous_reset:
                self._window_seconds = reset - previous_reset
        else:
            # A request that crossed into a new window may include the pacer's wait for the
            # reset, which the window term of the estimate already counts.
            self._add_duration(elapsed)
        if limits is not None:
            self._limits = limits

    def seconds_left(self, requests_left: int) -> float | None:
        """Return the estimated seconds for ``requests_left`` more requests, or None when
        no request duration has been measured yet."""
        if requests_left <= 0:
            return 0.0
        per_request = self._request_seconds
        if per_request is None:
            return None
        busy = requests_left * per_request
        limits = self._limits
        if limits is None or limits.remaining is None or not limits.limit:
            return busy

        remaining = max(limits.remaining, 0)
        if requests_left <= remaining:
            return busy
        # The requests that still fit in this window run first. Then the pacer waits for the
        # reset, and each further full window adds the time it spends idle.
        until_reset = 0.0
        if limits.reset_epoch is not None:
            until_reset = max(limits.reset_epoch - self._clock(), 0.0)
        first_wait = max(until_reset - remaining * per_request, 0.0)
        later_windows = math.ceil((requests_left - remaining) / limits.limit) - 1
        idle_per_window = max(self._window_seconds - limits.limit * per_request, 0.0)
        return busy + first_wait + later_windows * idle_per_window

    def _add_duration(self, seconds: float) -> None:
        if self._request_seconds is None:
            self._request_seconds = seconds
        else:
            self._request_seconds += _SMOOTHING * (seconds - self._request_seconds)


async def delete_posts(
    client: OcoyaClient,
    post_ids: Sequence[str],
    *,
    on_deleted: Callable[[str], None] | None = None,
    on_progress: Callable[[BulkProgress], None] | None = None,
    clock: Clock = time.time,
) -> BulkDeleteResult:
    """Delete the post groups ``post_ids`` one after another.

    A post that is already gone (404) counts as done, because the result the user asked
    for holds. ``on_deleted`` receives each id once it is gone, so a caller can update its
    list while the action runs. Any other error stops the action and propagates, and so
    does cancellation: the ids reported through ``on_deleted`` until then are the ones gone.
    """
    total = len(post_ids)
    estimator = TimeLeftEstimator(clock=clock)
    deleted: list[str] = []
    already_gone: list[str] = []
    _log.info("Deleting %d post groups", total)
    if on_progress is not None:
        on_progress(BulkProgress(0, total, None))

    for post_id in post_ids:
        try:
            await client.delete_post(post_id)
            deleted.append(post_id)
        except NotFoundError:
            _log.info("Post group %s was already deleted", post_id)
            already_gone.append(post_id)
        estimator.observe(client.rate_limit)
        if on_deleted is not None:
            on_deleted(post_id)
        done = len(deleted) + len(already_gone)
        if on_progress is not None:
            on_progress(BulkProgress(done, total, estimator.seconds_left(total - done)))

    _log.info("Deleted %d post groups (%d were already gone)", len(deleted), len(already_gone))
    return BulkDeleteResult(tuple(deleted), tuple(already_gone))


async def load_all_posts(
    client: OcoyaClient,
    workspace_id: str,
    *,
    on_progress: Callable[[BulkProgress], None] | None = None,
) -> tuple[PostGroup, ...]:
    """Return every post group of the workspace, newest created first, page after page.

    ``on_progress`` receives the count loaded so far after each page; the total is unknown
    until the last page arrives.
    """
    posts: list[PostGroup] = []
    if on_progress is not None:
        on_progress(BulkProgress(0, None, None))
    async for group in client.iter_posts(workspace_id):
        posts.append(group)
        # ``iter_posts`` yields a page's groups back to back, so reporting at page
        # boundaries (and at the end) is enough.
        if on_progress is not None and len(posts) % MAX_PER_PAGE == 0:
            on_progress(BulkProgress(len(posts), None, None))

    if on_progress is not None:
        on_progress(BulkProgress(len(posts), len(posts), 0.0))
    _log.info("Loaded all %d post groups of workspace %s", len(posts), workspace_id)
    return tuple(posts)
