"""Rate-limit pacing, 429 handling, retries with backoff, and the request log."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import httpx
import pytest

from ocoya_desktop.api import (
    Backoff,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerError,
)

from .conftest import TEST_KEY, ClientFactory, FakeTime, Recorder, json_response

WORKSPACE = "cworkspace000000000000001"
LIMIT_429 = {"message": "You've exceeded the request limit."}


def limit_headers(remaining: int, reset: float, limit: int = 60) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": str(int(reset)),
    }


async def test_429_waits_until_reset_then_succeeds(
    make_client: ClientFactory, fake_time: FakeTime
) -> None:
    reset = fake_time.now + 42
    recorder = Recorder(
        [
            json_response(429, LIMIT_429, limit_headers(0, reset)),
            json_response(200, [{"id": "w1", "name": "Main"}], limit_headers(59, reset + 60)),
        ]
    )
    client = make_client(recorder)

    workspaces = await client.workspaces()

    assert [w.id for w in workspaces] == ["w1"]
    assert len(fake_time.sleeps) == 1
    assert fake_time.sleeps[0] == pytest.approx(42, abs=0.1)
    assert len(recorder.requests) == 2


async def test_429_on_create_post_is_retried(
    make_client: ClientFactory, fake_time: FakeTime
) -> None:
    reset = fake_time.now + 5
    recorder = Recorder(
        [
            json_response(429, LIMIT_429, limit_headers(0, reset)),
            json_response(201, {"postGroupId": "cpost"}),
        ]
    )
    client = make_client(recorder)

    assert await client.create_post(WORKSPACE, caption="x") == "cpost"
    assert len(recorder.requests) == 2
    assert fake_time.sleeps[0] == pytest.approx(5, abs=0.1)


async def test_429_without_reset_header_backs_off(
    make_client: ClientFactory, fake_time: FakeTime
) -> None:
    recorder = Recorder([json_response(429, LIMIT_429), json_response(200, [])])
    client = make_client(recorder, backoff=Backoff(base_seconds=1.0, max_seconds=8.0))

    await client.workspaces()

    assert len(fake_time.sleeps) == 1
    assert 0.5 <= fake_time.sleeps[0] <= 1.0


async def test_persistent_429_raises_with_reset_time(
    make_client: ClientFactory, fake_time: FakeTime
) -> None:
    reset = int(fake_time.now) + 30
    recorder = Recorder([json_response(429, LIMIT_429, limit_headers(0, reset))])
    client = make_client(recorder)

    with pytest.raises(RateLimitedError) as caught:
        await client.me()

    assert caught.value.reset_at == datetime.fromtimestamp(reset, UTC)
    assert caught.value.message == LIMIT_429["message"]
    assert len(recorder.requests) == 6


async def test_pacer_waits_when_remaining_reaches_zero(
    make_client: ClientFactory, fake_time: FakeTime
) -> None:
    reset = fake_time.now + 20
    recorder = Recorder(
        [
            json_response(200, [], limit_headers(1, reset)),
            json_response(200, [], limit_headers(0, reset)),
            json_response(200, [], limit_headers(59, reset + 60)),
        ]
    )
    client = make_client(recorder)

    await client.workspaces()
    await client.workspaces()
    assert fake_time.sleeps == []

    await client.workspaces()

    assert len(fake_time.sleeps) == 1
    assert fake_time.sleeps[0] == pytest.approx(20, abs=0.1)
    assert len(recorder.requests) == 3


async def test_pacer_counts_concurrent_requests(
    make_client: ClientFactory, fake_time: FakeTime
) -> None:
    reset = fake_time.now + 10
    recorder = Recorder([json_response(200, [], limit_headers(2, reset))])
    client = make_client(recorder)
    await client.workspaces()

    await asyncio.gather(*(client.workspaces() for _ in range(3)))

    # Two requests fit in the window; the third waited for the reset.
    assert len(fake_time.sleeps) == 1
    assert fake_time.sleeps[0] == pytest.approx(10, abs=0.1)


async def test_pacer_wait_is_capped_for_skewed_clock(
    make_client: ClientFactory, fake_time: FakeTime
) -> None:
    far_reset = fake_time.now + 3600
    recorder = Recorder([json_response(200, [], limit_headers(0, far_reset))])
    client = make_client(recorder)

    await client.workspaces()
    await client.workspaces()

    assert fake_time.sleeps == [pytest.approx(61, abs=0.1)]


async def test_get_retried_on_503_with_growing_backoff(
    make_client: ClientFactory, fake_time: FakeTime
) -> None:
    down = json_response(503, {"message": "Service unavailable"})
    recorder = Recorder([down, down, down, json_response(200, {"id": "u1"})])
    client = make_client(recorder, backoff=Backoff(base_seconds=1.0, max_seconds=3.0))

    me = await client.me()

    assert me.id == "u1"
    assert len(recorder.requests) == 4
    first, second, third = fake_time.sleeps
    assert 0.5 <= first <= 1.0
    assert 1.0 <= second <= 2.0
    assert 1.5 <= third <= 3.0


async def test_get_gives_up_after_max_retries(
    make_client: ClientFactory, fake_time: FakeTime
) -> None:
    recorder = Recorder([json_response(502, {"message": "Bad gateway"})])
    client = make_client(recorder, max_retries=3)

    with pytest.raises(ServerError, match="Bad gateway"):
        await client.workspaces()
    assert len(recorder.requests) == 4
    assert len(fake_time.sleeps) == 3


async def test_get_retried_on_connect_error(make_client: ClientFactory) -> None:
    recorder = Recorder([httpx.ConnectError("refused"), json_response(200, [])])
    client = make_client(recorder)

    assert await client.workspaces() == []
    assert len(recorder.requests) == 2


async def test_connect_error_after_retries_is_network_error(make_client: ClientFactory) -> None:
    recorder = Recorder([httpx.ConnectError("connection refused")])
    client = make_client(recorder, max_retries=1)

    with pytest.raises(NetworkError, match="connection refused"):
        await client.workspaces()
    assert len(recorder.requests) == 2


@pytest.mark.parametrize("method_name", ["reschedule_post", "delete_post"])
async def test_patch_and_delete_retried_on_read_error(
    make_client: ClientFactory, method_name: str
) -> None:
    recorder = Recorder([httpx.ReadError("reset"), json_response(200, {})])
    client = make_client(recorder)

    if method_name == "reschedule_post":
        await client.reschedule_post("cpost", datetime(2031, 1, 1, tzinfo=UTC))
    else:
        await client.delete_post("cpost")
    assert len(recorder.requests) == 2


async def test_delete_retry_finding_post_gone_succeeds(make_client: ClientFactory) -> None:
    # The first DELETE was sent and its response lost, so the post may already be deleted.
    recorder = Recorder([httpx.ReadError("reset"), json_response(404, {"message": "Not found"})])
    client = make_client(recorder)

    await client.delete_post("cpost")

    assert [request.method for request in recorder.requests] == ["DELETE", "DELETE"]


async def test_delete_404_after_unsent_attempt_raises(make_client: ClientFactory) -> None:
    # A failed connection attempt sends nothing, so the 404 means the post never existed.
    recorder = Recorder([httpx.ConnectError("refused"), json_response(404, {"message": "Nope"})])
    client = make_client(recorder)

    with pytest.raises(NotFoundError):
        await client.delete_post("cpost")
    assert len(recorder.requests) == 2


async def test_reschedule_404_after_lost_response_raises(make_client: ClientFactory) -> None:
    # Only DELETE counts a 404 on a retry as done, because a rescheduled post still exists.
    recorder = Recorder([httpx.ReadError("reset"), json_response(404, {"message": "Nope"})])
    client = make_client(recorder)

    with pytest.raises(NotFoundError):
        await client.reschedule_post("cpost", datetime(2031, 1, 1, tzinfo=UTC))


async def test_client_error_status_not_retried(make_client: ClientFactory) -> None:
    recorder = Recorder([json_response(404, {"message": "Post not found."})])
    client = make_client(recorder)

    with pytest.raises(NotFoundError):
        await client.delete_post("cmissing")
    assert len(recorder.requests) == 1


@pytest.mark.parametrize("status", [404, 405])
async def test_connection_url_falls_back_to_post_form(
    make_client: ClientFactory, status: int
) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return json_response(status, {"message": "Not here"})
        return json_response(200, {"url": "https://auth.example/start"})

    recorder = Recorder([answer])
    client = make_client(recorder)

    connection = await client.connection_url(WORKSPACE, "twitter")

    get, post = recorder.requests
    assert get.method == "GET"
    assert get.url.params["provider"] == "twitter"
    assert post.method == "POST"
    assert dict(post.url.params) == {"workspaceId": WORKSPACE}
    assert post.content == b'{"provider":"x"}' or b'"provider": "x"' in post.content
    assert connection.url == "https://auth.example/start"
    assert connection.auth_provider is None


async def test_connection_url_get_form_parsed(make_client: ClientFactory) -> None:
    answer = {
        "provider": "instagram",
        "authProvider": "facebook",
        "authUrl": "https://auth.example/fb",
        "callbackUrl": "https://app.example/cb",
        "instructions": "Choose your Facebook Page.",
    }
    recorder = Recorder([json_response(200, answer)])
    client = make_client(recorder)

    connection = await client.connection_url(WORKSPACE, "instagram")

    assert connection.url == "https://auth.example/fb"
    assert connection.auth_provider == "facebook"
    assert connection.instructions == "Choose your Facebook Page."
    assert len(recorder.requests) == 1


async def test_connection_url_other_errors_not_falling_back(make_client: ClientFactory) -> None:
    recorder = Recorder([json_response(403, {"message": "Invalid API token."})])
    client = make_client(recorder)

    with pytest.raises(Exception, match="Invalid API token"):
        await client.connection_url(WORKSPACE, "facebook")
    assert len(recorder.requests) == 1


async def test_request_log_has_method_path_status_no_key(
    make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder([json_response(503, {"message": "down"}), json_response(200, [])])
    client = make_client(recorder)

    with caplog.at_level(logging.DEBUG, logger="ocoya_desktop.api"):
        await client.social_profiles(WORKSPACE)

    lines = [record.getMessage() for record in caplog.records]
    assert any(f"GET /social-profiles?workspaceId={WORKSPACE} -> 503" in line for line in lines)
    assert any("-> 200" in line and "attempt 2" in line for line in lines)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "HTTP 503" in warnings[0].getMessage()
    assert all(TEST_KEY not in line for line in lines)
    assert all("X-API-Key" not in line for line in lines)
    assert TEST_KEY not in repr(client._http.auth)
