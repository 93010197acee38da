"""Fixtures for the API client tests: a fake clock and a client over httpx.MockTransport."""

from __future__ import annotations

import json
import random
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import httpx
import pytest

from ocoya_desktop.api import OcoyaClient

TEST_KEY = "test-key-0123456789"
BASE_URL = "https://ocoya.test/api/_public/v1"
API_PATH = "/api/_public/v1"

Handler = Callable[[httpx.Request], httpx.Response]


@dataclass
class FakeTime:
    """A clock that only moves when the client sleeps; every sleep is recorded."""

    now: float = 1_700_000_000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@dataclass
class Recorder:
    """Returns responses from a list in order (the last one repeats) and records each request."""

    responses: list[httpx.Response | Exception | Handler]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        index = min(len(self.requests), len(self.responses)) - 1
        answer = self.responses[index]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        return answer(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def json_response(
    status: int, data: object, headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(status, json=data, headers=headers)


def body_of(request: httpx.Request) -> object:
    return json.loads(request.content)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


ClientFactory = Callable[..., OcoyaClient]


@pytest.fixture
async def make_client(fake_time: FakeTime) -> AsyncIterator[ClientFactory]:
    """Build clients over a MockTransport calling `handler`; all are closed after the test."""
    clients: list[OcoyaClient] = []

    def factory(handler: Handler, **options: object) -> OcoyaClient:
        settings: dict[str, object] = {
            "base_url": BASE_URL,
            "transport": httpx.MockTransport(handler),
            "sleep": fake_time.sleep,
            "clock": fake_time.clock,
            "rng": random.Random(1),
        }
        settings.update(options)
        client = OcoyaClient(TEST_KEY, **settings)  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield factory
    for client in clients:
        await client.aclose()
