"""Each fault switch, set directly on app.state.faults or through /_sandbox/faults."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from starlette.applications import Starlette

from ocoya_desktop.sandbox import create_app
from ocoya_desktop.sandbox.faults import Faults

from .conftest import FakeClock, api_client, context_of

FAULTS_URL = "http://127.0.0.1/_sandbox/faults"


def faults_of(app: Starlette) -> Faults:
    faults = app.state.faults
    assert isinstance(faults, Faults)
    return faults


async def count_posts(app: Starlette, workspace_id: str) -> int:
    store = app.state.store
    with store.lock:
        return sum(1 for post in store.posts.values() if post.workspace_id == workspace_id)


async def test_faults_endpoint_reads_and_sets(app: Starlette, client: httpx.AsyncClient) -> None:
    initial = await client.get(FAULTS_URL)
    changed = await client.post(FAULTS_URL, json={"force_429": True, "latency_seconds": 0.5})

    assert initial.json() == {
        "latency_seconds": 0,
        "error_rate": 0,
        "force_429": False,
        "html_500": False,
        "malformed_json": False,
        "drop_after_create": False,
        "seed": None,
    }
    assert changed.status_code == 200
    assert changed.json()["force_429"] is True
    assert faults_of(app).force_429 is True
    assert faults_of(app).latency_seconds == 0.5


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"force_429": "yes"}, "force_429"),
        ({"error_rate": 1.5}, "error_rate"),
        ({"latency_seconds": -1}, "latency_seconds"),
        ({"seed": 1.5}, "seed"),
        ({"seed": True}, "seed"),
        ({"explode": True}, "explode"),
    ],
)
async def test_faults_endpoint_rejects(
    app: Starlette, client: httpx.AsyncClient, body: dict[str, object], field: str
) -> None:
    response = await client.post(FAULTS_URL, json=body | {"html_500": True})

    assert response.status_code == 400
    assert field in response.json()["message"]
    assert faults_of(app).html_500 is False


async def test_faults_endpoint_needs_key(app: Starlette) -> None:
    async with api_client(app, api_key=None) as anonymous:
        response = await anonymous.post(FAULTS_URL, json={"force_429": True})

    assert response.status_code == 401
    assert faults_of(app).force_429 is False


async def test_force_429(app: Starlette, client: httpx.AsyncClient) -> None:
    faults_of(app).force_429 = True

    response = await client.get("/me")

    assert response.status_code == 429
    assert response.headers["X-RateLimit-Remaining"] == "0"


async def test_html_500(app: Starlette, client: httpx.AsyncClient) -> None:
    faults_of(app).html_500 = True

    response = await client.get("/me")

    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    assert "<html>" in response.text
    assert "X-RateLimit-Limit" in response.headers


async def test_error_rate_one_always_fails(app: Starlette, client: httpx.AsyncClient) -> None:
    faults_of(app).error_rate = 1.0

    responses = [await client.get("/me") for _ in range(5)]

    assert {response.status_code for response in responses} == {500}
    assert all("error_rate" in response.json()["message"] for response in responses)


async def test_error_rate_is_repeatable(clock: FakeClock) -> None:
    outcomes = []
    for _ in range(2):
        app = create_app(clock=clock, rate_limit=1000, faults=Faults(error_rate=0.5, seed=7))
        async with api_client(app) as client:
            outcomes.append([(await client.get("/me")).status_code for _ in range(20)])

    assert outcomes[0] == outcomes[1]
    assert set(outcomes[0]) == {200, 500}


async def test_malformed_json_on_get(app: Starlette, client: httpx.AsyncClient) -> None:
    faults_of(app).malformed_json = True

    response = await client.get("/workspaces")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert int(response.headers["content-length"]) == len(response.content)
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


async def test_malformed_json_spares_post(
    app: Starlette, client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    faults_of(app).malformed_json = True

    response = await client.post(
        "/post", params={"workspaceId": workspace_ids[0]}, json={"caption": "x"}
    )

    assert response.status_code == 201
    assert "postGroupId" in response.json()


async def test_drop_after_create_stores_post(
    app: Starlette, client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    before = await count_posts(app, workspace_ids[0])
    faults_of(app).drop_after_create = True

    with pytest.raises(httpx.RemoteProtocolError):
        await client.post("/post", params={"workspaceId": workspace_ids[0]}, json={"caption": "x"})

    assert await count_posts(app, workspace_ids[0]) == before + 1


async def test_drop_after_ai_draft(
    app: Starlette, client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    before = await count_posts(app, workspace_ids[0])
    faults_of(app).drop_after_create = True

    with pytest.raises(httpx.RemoteProtocolError):
        await client.post(
            "/post/ai",
            params={"workspaceId": workspace_ids[0]},
            json={"prompt": "A launch post for our new blend"},
        )

    assert await count_posts(app, workspace_ids[0]) == before + 1


async def test_drop_spares_failed_create(
    app: Starlette, client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    faults_of(app).drop_after_create = True

    response = await client.post("/post", params={"workspaceId": workspace_ids[0]}, json={})

    assert response.status_code == 400


async def test_latency_delays_requests(app: Starlette, client: httpx.AsyncClient) -> None:
    context = context_of(app)
    delays: list[float] = []
    sleeping = asyncio.Event()
    release = asyncio.Event()

    async def held_sleep(seconds: float) -> None:
        delays.append(seconds)
        sleeping.set()
        await release.wait()

    context.sleep = held_sleep
    faults_of(app).latency_seconds = 2.5
    request = asyncio.create_task(client.get("/me"))
    await sleeping.wait()

    assert delays == [2.5]
    assert not request.done()
    release.set()
    response = await request
    assert response.status_code == 200


async def test_faults_spare_sandbox_paths(app: Starlette, client: httpx.AsyncClient) -> None:
    faults_of(app).html_500 = True

    response = await client.post(FAULTS_URL, json={"html_500": False})
    after = await client.get("/me")

    assert response.status_code == 200
    assert after.status_code == 200
