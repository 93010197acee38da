"""Every endpoint method of OcoyaClient against broken and slow responses.

Each response is served by an ``httpx.MockTransport``. Whatever the status, headers and
body, a method either returns a parsed value (the parsers are tolerant of unknown and missing
optional fields) or raises a subclass of ``OcoyaError``. Any other exception is a bug.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocoya_desktop.api import (
    DEFAULT_TIMEOUT,
    AiDraftRequest,
    CampaignRequest,
    InvalidResponseError,
    NetworkTimeoutError,
    OcoyaClient,
    OcoyaError,
    OutcomeUnknownError,
)

BASE_URL = "https://ocoya.test/api/_public/v1"
WORKSPACE = "cworkspace000000000000001"
POST_ID = "cpost00000000000000000001"

# Field names of every documented response shape, so generated objects often look almost
# right (the right key with a wrong value), which reaches deeper into the parsers.
FIELD_NAMES = (
    "id",
    "name",
    "email",
    "provider",
    "image",
    "description",
    "hashtags",
    "thumbnailUrl",
    "postType",
    "status",
    "scheduledAt",
    "posts",
    "caption",
    "creatives",
    "url",
    "type",
    "socialProfiles",
    "socialProfile",
    "postGroupId",
    "authUrl",
    "authProvider",
    "instructions",
    "campaignId",
    "queued",
    "message",
)

STATUSES = (200, 201, 204, 301, 304, 400, 401, 403, 404, 405, 408, 418, 422, 429, 500, 502, 503)

CONTENT_TYPES = (
    "application/json",
    "application/json; charset=utf-8",
    "text/html; charset=utf-8",
    "text/plain",
    "application/octet-stream",
    None,
)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    # Datetime-like text, valid and invalid, for `scheduledAt`.
    | st.from_regex(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?")
)

any_json = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=25,
)

shaped_object = st.dictionaries(st.sampled_from(FIELD_NAMES), any_json, max_size=len(FIELD_NAMES))


@dataclass(frozen=True)
class FuzzResponse:
    """One generated response; `describe` is shown by hypothesis when a case fails."""

    status: int
    content_type: str | None
    body: bytes
    extra_headers: tuple[tuple[str, str], ...] = ()

    def to_httpx(self) -> httpx.Response:
        headers = [(name, value) for name, value in self.extra_headers]
        if self.content_type is not None:
            headers.append(("Content-Type", self.content_type))
        return httpx.Response(self.status, headers=headers, content=self.body)


def _dump(value: object) -> bytes:
    return json.dumps(value).encode("utf-8")


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    kind = draw(
        st.sampled_from(
            (
                "json",
                "shaped",
                "shaped_list",
                "huge_array",
                "html",
                "truncated",
                "empty",
                "deep",
                "bytes",
                "text",
            )
        )
    )
    if kind == "json":
        return _dump(draw(any_json))
    if kind == "shaped":
        return _dump(draw(shaped_object))
    if kind == "shaped_list":
        return _dump(draw(st.lists(shaped_object, max_size=5)))
    if kind == "huge_array":
        count = draw(st.integers(min_value=2_000, max_value=20_000))
        item = draw(st.sampled_from([{"id": "c1", "name": "n"}, 1, "x", None, {}]))
        return _dump([item] * count)
    if kind == "html":
        return b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
    if kind == "truncated":
        text = _dump(draw(st.lists(shaped_object, min_size=1, max_size=3)))
        cut = draw(st.integers(min_value=0, max_value=max(len(text) - 1, 0)))
        return text[:cut]
    if kind == "empty":
        return b""
    if kind == "deep":
        # The standard decoder gives up at about 1,000 levels.
        depth = draw(st.integers(min_value=500, max_value=20_000))
        opener, closer = draw(st.sampled_from([(b"[", b"]"), (b'{"a":', b"}")]))
        return opener * depth + b"1" + closer * depth
    if kind == "bytes":
        return draw(st.binary(max_size=64))
    return draw(st.text(max_size=64)).encode("utf-8", errors="surrogatepass")


header_values = st.sampled_from(["", "0", "-5", "1e400", "nan", "abc", "99999999999999999999"])


@st.composite
def responses(draw: st.DrawFn) -> FuzzResponse:
    status = draw(st.sampled_from(STATUSES) | st.integers(min_value=100, max_value=599))
    content_type = draw(st.sampled_from(CONTENT_TYPES))
    body = draw(bodies())
    extra: list[tuple[str, str]] = []
    if draw(st.booleans()):
        for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"):
            extra.append((name, draw(header_values)))
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        # A body that claims a compression it does not have, or really has it.
        real = draw(st.booleans())
        extra.append(("Content-Encoding", "gzip"))
        if real:
            body = gzip.compress(body)
    return FuzzResponse(status, content_type, body, tuple(extra))


Call = Callable[[OcoyaClient], Awaitable[object]]


async def _collect_posts(client: OcoyaClient) -> object:
    return [group async for group in client.iter_posts(WORKSPACE)]


def _future() -> datetime:
    return datetime.now(UTC) + timedelta(days=1)


ENDPOINT_CALLS: dict[str, Call] = {
    "me": lambda client: client.me(),
    "workspaces": lambda client: client.workspaces(),
    "social_profiles": lambda client: client.social_profiles(WORKSPACE),
    "connection_url": lambda client: client.connection_url(WORKSPACE, "instagram"),
    "brand_kits": lambda client: client.brand_kits(WORKSPACE),
    "hashtag_libraries": lambda client: client.hashtag_libraries(WORKSPACE),
    "studio_templates": lambda client: client.studio_templates(WORKSPACE),
    "list_posts": lambda client: client.list_posts(WORKSPACE),
    "iter_posts": _collect_posts,
    "create_post": lambda client: client.create_post(WORKSPACE, caption="Hello"),
    "create_ai_draft": lambda client: client.create_ai_draft(
        WORKSPACE, AiDraftRequest(prompt="A post about spring flowers")
    ),
    "reschedule_post": lambda client: client.reschedule_post(POST_ID, _future()),
    "delete_post": lambda client: client.delete_post(POST_ID),
    "create_campaign": lambda client: client.create_campaign(
        WORKSPACE, CampaignRequest(prompt="Spring sale")
    ),
}


async def _no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)


Handler = Callable[[httpx.Request], httpx.Response]


async def _call_with(handler: Handler, call: Call) -> object:
    client = OcoyaClient(
        "fuzz-key-0123456789",
        base_url=BASE_URL,
        transport=httpx.MockTransport(handler),
        sleep=_no_wait,
        rng=random.Random(0),
    )
    async with client:
        return await call(client)


def _outcome_with(handler: Handler, call: Call) -> object:
    """Return the call's value or its OcoyaError; any other exception propagates."""
    try:
        return asyncio.run(_call_with(handler, call))
    except OcoyaError as error:
        return error


def _outcome(response: FuzzResponse, call: Call) -> object:
    return _outcome_with(lambda _request: response.to_httpx(), call)


@pytest.mark.parametrize("endpoint", sorted(ENDPOINT_CALLS))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(response=responses())
def test_endpoint_survives_fuzzed_response(endpoint: str, response: FuzzResponse) -> None:
    _outcome(response, ENDPOINT_CALLS[endpoint])


# Rescheduling and deleting ignore the body of a success response.
BODY_READING_ENDPOINTS = sorted(set(ENDPOINT_CALLS) - {"reschedule_post", "delete_post"})


@pytest.mark.parametrize("endpoint", BODY_READING_ENDPOINTS)
def test_deeply_nested_json_is_invalid_response(endpoint: str) -> None:
    depth = 100_000
    response = FuzzResponse(200, "application/json", b"[" * depth + b"]" * depth)

    outcome = _outcome(response, ENDPOINT_CALLS[endpoint])

    assert isinstance(outcome, InvalidResponseError)


@pytest.mark.parametrize("endpoint", ["workspaces", "list_posts", "social_profiles"])
def test_huge_array_parses_tolerantly(endpoint: str) -> None:
    items = [{"id": f"c{index:024d}", "surplus": [1, 2, 3]} for index in range(20_000)]
    response = FuzzResponse(200, "application/json", _dump(items))

    outcome = _outcome(response, ENDPOINT_CALLS[endpoint])

    assert isinstance(outcome, list)
    assert len(outcome) == 20_000


def test_error_status_with_deeply_nested_body_keeps_status() -> None:
    depth = 100_000
    response = FuzzResponse(503, "application/json", b"[" * depth + b"]" * depth)

    outcome = _outcome(response, ENDPOINT_CALLS["delete_post"])

    assert isinstance(outcome, OcoyaError)
    assert "503" in str(outcome)


def test_json_with_wrong_content_type_is_parsed() -> None:
    body = _dump([{"id": "cworkspace000000000000001", "name": "Main"}])
    response = FuzzResponse(200, "text/plain", body)

    outcome = _outcome(response, ENDPOINT_CALLS["workspaces"])

    assert isinstance(outcome, list)
    assert [workspace.name for workspace in outcome] == ["Main"]


def test_scheduled_at_with_impossible_offset_is_invalid_response() -> None:
    group = {"id": POST_ID, "scheduledAt": "2026-01-01T10:00:00+99:99"}
    response = FuzzResponse(200, "application/json", _dump([group]))

    outcome = _outcome(response, ENDPOINT_CALLS["list_posts"])

    assert isinstance(outcome, InvalidResponseError)


# --- slow responses ----------------------------------------------------------------------


def test_default_timeout_limits_every_phase() -> None:
    phases = DEFAULT_TIMEOUT.as_dict()

    assert set(phases) == {"connect", "read", "write", "pool"}
    for phase, seconds in phases.items():
        assert seconds is not None, phase
        assert seconds > 0, phase


def test_every_request_carries_default_timeout() -> None:
    seen: list[dict[str, float | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, json={"id": "cuser", "name": "N", "email": "e@example.com"})

    async def call() -> None:
        client = OcoyaClient("key-0123456789", transport=httpx.MockTransport(handler))
        async with client:
            await client.me()

    asyncio.run(call())

    assert seen == [DEFAULT_TIMEOUT.as_dict()]


def test_read_timeout_becomes_network_timeout_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no response in time", request=request)

    for endpoint in ("workspaces", "delete_post"):
        outcome = _outcome_with(handler, ENDPOINT_CALLS[endpoint])
        assert isinstance(outcome, NetworkTimeoutError), endpoint


def test_read_timeout_on_create_is_outcome_unknown() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no response in time", request=request)

    outcome = _outcome_with(handler, ENDPOINT_CALLS["create_post"])

    assert isinstance(outcome, OutcomeUnknownError)
