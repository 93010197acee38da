"""Random JSON bodies never make the write endpoints fail with a 5xx."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette

from ocoya_desktop.sandbox import create_app

from .conftest import START, FakeClock, api_client, context_of

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)
PLAUSIBLE_STRINGS = st.sampled_from(
    [
        "",
        "2031-01-01T10:00:00Z",
        "2020-01-01T10:00:00Z",
        "https://cdn.example.org/a.png",
        "professional",
        "short",
        "A long enough prompt for the generator",
    ]
)
FIELD_VALUES = JSON_VALUES | PLAUSIBLE_STRINGS | st.lists(PLAUSIBLE_STRINGS, max_size=4)

POST_FIELDS = ("caption", "mediaUrls", "socialProfileIds", "scheduledAt")
AI_FIELDS = (
    "prompt",
    "tone",
    "length",
    "socialProfileIds",
    "brandId",
    "hashtagLibraryId",
    "generateImage",
    "referenceUrls",
    "referenceDesignIds",
)
CAMPAIGN_FIELDS = (
    "prompt",
    "topic",
    "goal",
    "audience",
    "duration",
    "count",
    "postLength",
    "tone",
    "brandId",
    "hashtagLibraryId",
    "hashtagLibraryName",
    "socialProfileIds",
    "generateMedia",
    "referenceUrls",
    "referenceDesignIds",
)


def bodies(fields: tuple[str, ...]) -> st.SearchStrategy[Any]:
    """Objects with any subset of the known fields (random values) plus extras, or any JSON."""
    objects = st.builds(
        lambda known, extra: {**extra, **known},
        st.fixed_dictionaries({}, optional={name: FIELD_VALUES for name in fields}),
        st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=2),
    )
    return objects | JSON_VALUES


class Harness:
    """One app and event loop shared by every generated example of a test module."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.app: Starlette = create_app(clock=FakeClock(START), rate_limit=10**9)
        self.client = api_client(self.app)
        self.workspace_id = next(iter(self.app.state.store.workspaces))

    def send(self, method: str, path: str, body: Any) -> httpx.Response:
        request = self.client.request(
            method, path, params={"workspaceId": self.workspace_id}, json=body
        )
        return self.loop.run_until_complete(request)

    def close(self) -> None:
        self.loop.run_until_complete(context_of(self.app).cancel_background())
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    harness = Harness()
    yield harness
    harness.close()


def assert_client_error_or_success(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"message"}
        assert isinstance(body["message"], str)
        assert body["message"]


FUZZ_SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ_SETTINGS
@given(body=bodies(POST_FIELDS))
def test_create_post_never_5xx(harness: Harness, body: Any) -> None:
    assert_client_error_or_success(harness.send("POST", "/post", body))


@FUZZ_SETTINGS
@given(body=bodies(("scheduledAt", *POST_FIELDS)))
def test_patch_post_never_5xx(harness: Harness, body: Any) -> None:
    post_id = next(iter(harness.app.state.store.posts))

    assert_client_error_or_success(harness.send("PATCH", f"/post/{post_id}", body))


@FUZZ_SETTINGS
@given(body=bodies(AI_FIELDS))
def test_ai_draft_never_5xx(harness: Harness, body: Any) -> None:
    assert_client_error_or_success(harness.send("POST", "/post/ai", body))


@FUZZ_SETTINGS
@given(body=bodies(CAMPAIGN_FIELDS))
def test_campaign_never_5xx(harness: Harness, body: Any) -> None:
    assert_client_error_or_success(harness.send("POST", "/campaigns", body))
