"""Rate-limit headers on every response and the 429 once a key exceeds its window."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ocoya_desktop.sandbox import create_app
from ocoya_desktop.sandbox.ratelimit import FixedWindowRateLimiter

from .conftest import START, FakeClock, api_client

# START is on a whole minute, so it opens a 60-second window.
WINDOW_END = int(START.timestamp()) + 60


async def test_headers_on_success_and_errors(clock: FakeClock) -> None:
    app = create_app(clock=clock, rate_limit=5)

    async with api_client(app) as client:
        responses = [
            await client.get("/me"),
            await client.get("/post"),
            await client.get("/no-such-path"),
            await client.delete("/me"),
        ]

    for number, response in enumerate(responses, start=1):
        assert response.headers["X-RateLimit-Limit"] == "5"
        assert response.headers["X-RateLimit-Remaining"] == str(5 - number)
        assert response.headers["X-RateLimit-Reset"] == str(WINDOW_END)


async def test_headers_on_auth_errors(clock: FakeClock) -> None:
    app = create_app(clock=clock)

    async with api_client(app, api_key=None) as anonymous:
        response = await anonymous.get("/me")

    assert response.status_code == 401
    assert response.headers["X-RateLimit-Remaining"] == "59"


async def test_over_limit_is_429_until_reset(clock: FakeClock) -> None:
    app = create_app(clock=clock, rate_limit=3)

    async with api_client(app) as client:
        allowed = [await client.get("/me") for _ in range(3)]
        rejected = await client.get("/me")
        clock.now = START + timedelta(seconds=60)
        after_reset = await client.get("/me")

    assert [response.status_code for response in allowed] == [200, 200, 200]
    assert rejected.status_code == 429
    assert rejected.json() == {"message": "You've exceeded the request limit."}
    assert rejected.headers["X-RateLimit-Remaining"] == "0"
    assert "Retry-After" not in rejected.headers
    assert after_reset.status_code == 200
    assert after_reset.headers["X-RateLimit-Remaining"] == "2"


async def test_keys_have_separate_windows(clock: FakeClock) -> None:
    from ocoya_desktop.sandbox import LIMITED_API_KEY

    app = create_app(clock=clock, rate_limit=1)

    async with api_client(app) as demo, api_client(app, LIMITED_API_KEY) as limited:
        first = await demo.get("/me")
        other = await limited.get("/me")
        second = await demo.get("/me")

    assert first.status_code == 200
    assert other.status_code == 200
    assert second.status_code == 429


async def test_sandbox_paths_not_limited(clock: FakeClock) -> None:
    app = create_app(clock=clock, rate_limit=1)

    async with api_client(app) as client:
        await client.get("/me")
        faults = await client.get("http://127.0.0.1/_sandbox/faults")

    assert faults.status_code == 200


def test_reset_rounds_up_fractional_windows() -> None:
    limiter = FixedWindowRateLimiter(2, 1.5)

    decision = limiter.hit("key", 10.0)

    # 10.0 s falls in the window [9.0, 10.5), which resets at 10.5 s, sent as 11.
    assert decision.reset_epoch == 11
    assert decision.remaining == 1


@pytest.mark.parametrize(("limit", "window"), [(0, 60.0), (5, 0.0), (5, -1.0)])
def test_limiter_rejects_bad_settings(limit: int, window: float) -> None:
    with pytest.raises(ValueError, match="rate"):
        FixedWindowRateLimiter(limit, window)
