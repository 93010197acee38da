"""Sending one API request: pacing, retries, logging, and mapping failures to the error tree."""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from ._errors import (
    ApiStatusError,
    AuthenticationError,
    InvalidResponseError,
    NetworkError,
    NetworkTimeoutError,
    NotFoundError,
    OcoyaError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    ValidationError,
)
from ._pacing import Backoff, Clock, RateLimitPacer, RateLimitState, Sleep

logger = logging.getLogger(__name__)

# Statuses after which a request that is safe to repeat is sent again.
RETRYABLE_STATUSES = frozenset({408, 500, 502, 503, 504})
# Transport failures raised before any byte of the request reached the server.
_NOTHING_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError)
# An error body longer than this is not quoted in the message.
_MAX_QUOTED_BODY = 200

RateLimitWaitListener = Callable[[float], None]
"""Called with the seconds left when a wait for the rate-limit window starts, and with 0
when no request waits any more."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often a request is sent again; `max_retries` counts network errors and 5xx."""

    max_retries: int = 3
    max_rate_limit_retries: int = 5
    backoff: Backoff = field(default_factory=Backoff)


class RequestSender:
    """Sends requests through one httpx client and returns only successful responses."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        sleep: Sleep,
        clock: Clock,
        rng: random.Random,
        policy: RetryPolicy,
    ) -> None:
        self._http = http
        self._sleep = sleep
        self._clock = clock
        self._rng = rng
        self._policy = policy
        self._pacer = RateLimitPacer(sleep=self._wait_for_rate_limit, clock=clock)
        self._wait_listeners: list[RateLimitWaitListener] = []
        # Requests waiting for the rate-limit window now, and when the last of them resumes.
        self._waiting = 0
        self._wait_ends_at = 0.0
        self.last_rate_limit: RateLimitState | None = None
        """The rate-limit headers of the latest response that carried them."""

    def add_rate_limit_listener(self, listener: RateLimitWaitListener) -> None:
        """Call ``listener`` when waits for the rate-limit window start and end."""
        self._wait_listeners.append(listener)

    def remove_rate_limit_listener(self, listener: RateLimitWaitListener) -> None:
        """Stop calling ``listener``; a listener that was never added is ignored."""
        if listener in self._wait_listeners:
            self._wait_listeners.remove(listener)

    async def _wait_for_rate_limit(self, seconds: float) -> None:
        # Several requests can wait at once (the pacer's wait and 429 retries), so listeners
        # hear the time until the last one resumes, and 0 only after every wait ended.
        now = self._clock()
        self._wait_ends_at = max(self._wait_ends_at if self._waiting else now, now + seconds)
        self._waiting += 1
        self._notify_wait(self._wait_ends_at - now)
        try:
            await self._sleep(seconds)
        finally:
            self._waiting -= 1
            if self._waiting == 0:
                self._notify_wait(0.0)

    def _notify_wait(self, seconds: float) -> None:
        for listener in list(self._wait_listeners):
            try:
                listener(seconds)
            except Exception:
                # A failing observer must not break the request it observes.
                logger.exception("A rate-limit wait listener failed")

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: httpx.QueryParams | None = None,
        body: object = None,
        idempotent: bool,
        done_after_retry: frozenset[int] = frozenset(),
    ) -> httpx.Response:
        """Send a request and return its 2xx response, retrying where that is safe.

        `idempotent` marks a request that may be sent twice without a second effect. Only
        those are retried after a network error or a 5xx; every request is retried after a
        429, because the service did not process it. A retry that gets a status in
        `done_after_retry` is returned as success when an earlier attempt may have reached
        the service, because that attempt may have done the work. For example, a DELETE
        whose response was lost gets 404 on its retry.
        """
        # The request target as logged: the path and query, never headers.
        target = f"{path}?{params}" if params else path
        failures = 0
        rate_limited = 0
        attempt = 0
        # True once an attempt may have been carried out although no success came back.
        maybe_applied = False
        while True:
            attempt += 1
            await self._pacer.acquire()
            started = time.perf_counter()
            try:
                response = await self._http.request(method, path, params=params, json=body)
            except httpx.HTTPError as error:
                failure = _transport_failure(error, method, path, idempotent=idempotent)
                _log_failure(method, target, error, started, attempt)
                maybe_applied = maybe_applied or not isinstance(error, _NOTHING_SENT)
                retryable = isinstance(failure, NetworkError) and idempotent
                if retryable and failures < self._policy.max_retries:
                    await self._back_off(method, target, failures, type(error).__name__)
                    failures += 1
                    continue
                raise failure from error

            _log_response(method, target, response, started, attempt)
            limits = RateLimitState.from_headers(response.headers)
            self._pacer.update(limits)
            if limits.remaining is not None:
                self.last_rate_limit = limits
            if response.is_success:
                return response
            if maybe_applied and response.status_code in done_after_retry:
                logger.info(
                    "%s %s returned %d after an earlier attempt may have succeeded; "
                    "treating it as done",
                    method,
                    target,
                    response.status_code,
                )
                return response
            maybe_applied = maybe_applied or response.status_code >= 500

            if response.status_code == 429:
                if rate_limited < self._policy.max_rate_limit_retries:
                    await self._wait_after_429(method, target, limits, rate_limited)
                    rate_limited += 1
                    continue
                raise _rate_limited_error(response, method, path, limits)

            status_error = error_from_response(response, method, path)
            retryable = idempotent and response.status_code in RETRYABLE_STATUSES
            if retryable and failures < self._policy.max_retries:
                reason = f"HTTP {response.status_code}"
                await self._back_off(method, target, failures, reason)
                failures += 1
                continue
            raise status_error

    async def _back_off(self, method: str, target: str, retry_number: int, reason: str) -> None:
        delay = self._policy.backoff.delay(retry_number, self._rng)
        logger.warning(
            "%s %s failed (%s); retrying in %.2f s (retry %d of %d)",
            method,
            target,
            reason,
            delay,
            retry_number + 1,
            self._policy.max_retries,
        )
        await self._sleep(delay)

    async def _wait_after_429(
        self, method: str, target: str, limits: RateLimitState, retry_number: int
    ) -> None:
        delay = self._pacer.seconds_until_reset(limits.reset_epoch)
        if delay is None:
            delay = self._policy.backoff.delay(retry_number, self._rng)
        logger.warning(
            "%s %s was rate limited (HTTP 429); retrying in %.2f s (retry %d of %d)",
            method,
            target,
            delay,
            retry_number + 1,
            self._policy.max_rate_limit_retries,
        )
        await self._wait_for_rate_limit(delay)


def decode_json(response: httpx.Response, method: str, path: str) -> object:
    """Decode a success response's JSON body, raising InvalidResponseError if it is not JSON."""
    try:
        return _loads(response.content)
    except ValueError as error:
        raise InvalidResponseError(
            f"{method} {path} returned HTTP {response.status_code} with a body that is not "
            f"JSON ({_describe_body(response)})"
        ) from error


def error_from_response(response: httpx.Response, method: str, path: str) -> ApiStatusError:
    """Map an error response to the class for its status, with the service's message."""
    status = response.status_code
    message = _server_message(response)
    error_class: type[ApiStatusError]
    if status == 401:
        error_class = AuthenticationError
    elif status == 403:
        error_class = PermissionDeniedError
    elif status == 404:
        error_class = NotFoundError
    elif status in (400, 422):
        error_class = ValidationError
    elif status >= 500:
        error_class = ServerError
    else:
        error_class = ApiStatusError
    return error_class(message, status_code=status, method=method, path=path)


def _rate_limited_error(
    response: httpx.Response, method: str, path: str, limits: RateLimitState
) -> RateLimitedError:
    reset_at = None
    if limits.reset_epoch is not None:
        try:
            reset_at = datetime.fromtimestamp(limits.reset_epoch, UTC)
        except (OverflowError, OSError, ValueError):
            reset_at = None
    return RateLimitedError(_server_message(response), reset_at=reset_at, method=method, path=path)


def _transport_failure(
    error: httpx.HTTPError, method: str, path: str, *, idempotent: bool
) -> OcoyaError:
    if isinstance(error, httpx.DecodingError):
        return InvalidResponseError(f"{method} {path}: the response could not be decoded: {error}")

    reason = str(error) or type(error).__name__
    if not idempotent and not isinstance(error, _NOTHING_SENT):
        return OutcomeUnknownError(method, path, reason)
    if isinstance(error, httpx.TimeoutException):
        return NetworkTimeoutError(f"{method} {path} timed out: {reason}")
    return NetworkError(f"{method} {path} failed: {reason}")


def _server_message(response: httpx.Response) -> str:
    """Return the `message` of a JSON error body, or a short description of another body."""
    try:
        data = _loads(response.content)
    except ValueError:
        data = None
    if isinstance(data, dict):
        message = data.get("message")
        if isinstance(message, str) and message.strip():
            return message.strip()
    reason = response.reason_phrase or "Error"
    return f"{reason} ({_describe_body(response)})"


def _loads(content: bytes) -> object:
    """Decode JSON like ``json.loads``, raising ValueError for nesting too deep to decode.

    The standard decoder recurses once per nesting level, so a body such as ``[[[[…]]]]``
    with tens of thousands of levels raises RecursionError instead of ValueError.
    """
    try:
        return json.loads(content)
    except RecursionError as error:
        raise ValueError("the JSON is nested too deeply to decode") from error


def _describe_body(response: httpx.Response) -> str:
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not response.content:
        return "empty body"
    if content_type == "text/html" or response.content.lstrip()[:1] == b"<":
        return "the server returned an HTML page instead of JSON"
    text = response.content.decode("utf-8", errors="replace").strip()
    if content_type == "text/plain" and len(text) <= _MAX_QUOTED_BODY:
        return f"the server returned the text {text!r}"
    return f"{len(response.content)} bytes of {content_type or 'unknown content type'}"


def _log_response(
    method: str, target: str, response: httpx.Response, started: float, attempt: int
) -> None:
    level = logging.DEBUG if response.is_success else logging.INFO
    logger.log(
        level,
        "%s %s -> %d in %.0f ms (attempt %d)",
        method,
        target,
        response.status_code,
        (time.perf_counter() - started) * 1000,
        attempt,
    )


def _log_failure(
    method: str, target: str, error: httpx.HTTPError, started: float, attempt: int
) -> None:
    logger.info(
        "%s %s -> %s after %.0f ms (attempt %d)",
        method,
        target,
        type(error).__name__,
        (time.perf_counter() - started) * 1000,
        attempt,
    )
