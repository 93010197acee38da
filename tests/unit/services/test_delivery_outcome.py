"""Whether a post may exist on Ocoya after a delivery failed, so the next one checks first."""

from __future__ import annotations

import asyncio

import pytest

from ocoya_desktop.api import (
    AuthenticationError,
    InvalidResponseError,
    NetworkError,
    NetworkTimeoutError,
    OutcomeUnknownError,
    RateLimitedError,
    ServerError,
    ValidationError,
)
from ocoya_desktop.services.compose import CompositionError
from ocoya_desktop.services.delivery import (
    DeliveryFailedError,
    DeliveryUncertainError,
    may_have_created,
)

SERVER_ERROR = ServerError("Internal server error.", status_code=500, method="GET", path="/post")
REJECTED = ValidationError("caption is too long", status_code=400, method="POST", path="/post")

# Each case: the error deliver raised, and the expected result without and with ``maybe_sent``.
CASES: list[tuple[BaseException, bool, bool]] = [
    (DeliveryUncertainError(SERVER_ERROR), True, True),
    (DeliveryUncertainError(NetworkError("GET /post failed: reset")), True, True),
    (DeliveryFailedError(2, OutcomeUnknownError("POST", "/post")), True, True),
    (CompositionError("The scheduled time is in the past.", code="past_time"), False, True),
    (NetworkError("POST /post failed: connection refused"), False, True),
    (NetworkTimeoutError("POST /post timed out: connect"), False, True),
    (ValidationError("caption is too long"), False, True),
    (REJECTED, False, False),
    (AuthenticationError("Missing API token.", status_code=401), False, False),
    (RateLimitedError("Too many requests.", reset_at=None), False, False),
    (ServerError("Bad gateway.", status_code=502), True, True),
    (OutcomeUnknownError("POST", "/post"), True, True),
    (InvalidResponseError("POST /post: the response is not JSON"), True, True),
    (KeyError("post_group_id"), True, True),
    (asyncio.CancelledError(), True, True),
]


@pytest.mark.parametrize(("error", "first", "after_earlier"), CASES, ids=lambda v: repr(v)[:40])
def test_may_have_created(error: BaseException, first: bool, after_earlier: bool) -> None:
    assert may_have_created(error) is first
    assert may_have_created(error, maybe_sent=True) is after_earlier
