"""Listing, creating, rescheduling and deleting posts, and their validation rules."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from ocoya_desktop.sandbox import LIMITED_API_KEY

from .conftest import START, FakeClock, api_client, iso

STATUSES = (
    "DRAFT",
    "PENDING_CLIENT_APPROVAL",
    "PENDING_INTERNAL_APPROVAL",
    "SCHEDULED",
    "POSTED",
    "ERROR",
)
FUTURE = iso(START + timedelta(days=2))


async def all_posts(client: httpx.AsyncClient, workspace_id: str, **params: Any) -> list[Any]:
    response = await client.get(
        "/post", params={"workspaceId": workspace_id, "perPage": 50, **params}
    )
    assert response.status_code == 200
    posts: list[Any] = response.json()
    return posts


async def create(client: httpx.AsyncClient, workspace_id: str, body: object) -> httpx.Response:
    return await client.post("/post", params={"workspaceId": workspace_id}, json=body)


async def find_post(client: httpx.AsyncClient, workspace_id: str, post_id: str) -> Any:
    for post in await all_posts(client, workspace_id):
        if post["id"] == post_id:
            return post
    raise AssertionError(f"post {post_id} is not listed")


# Listing


async def test_seed_has_every_status(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    posts = await all_posts(client, workspace_ids[0])

    assert {post["status"] for post in posts} == set(STATUSES)


async def test_post_shape(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    posts = await all_posts(client, workspace_ids[0])

    with_media = [post for post in posts if post["posts"][0]["creatives"]]
    assert with_media
    creative = with_media[0]["posts"][0]["creatives"][0]
    assert creative["type"] == "IMAGE"
    assert creative["url"].startswith("http://127.0.0.1/_sandbox/files/")
    for post in posts:
        assert post["postType"] == "REGULAR"
        assert post["posts"][0]["provider"] == "GENERAL"
        for entry in post["socialProfiles"]:
            assert set(entry["socialProfile"]) == {"id", "provider", "name", "image"}


async def test_scheduled_at_has_milliseconds(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    posts = await all_posts(client, workspace_ids[0], statuses="SCHEDULED")

    assert posts
    for post in posts:
        assert post["scheduledAt"].endswith(".000Z")


async def test_default_page_size_is_10(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    response = await client.get("/post", params={"workspaceId": workspace_ids[0]})

    assert len(response.json()) == 10


async def test_per_page_clamped_to_50(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    for number in range(30):
        await create(client, workspace_ids[0], {"caption": f"extra {number}"})

    response = await client.get("/post", params={"workspaceId": workspace_ids[0], "perPage": 500})

    assert response.status_code == 200
    assert len(response.json()) == 50


async def test_pages_are_zero_based(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    everything = await all_posts(client, workspace_ids[0])
    pages = []
    for page in range(4):
        response = await client.get(
            "/post", params={"workspaceId": workspace_ids[0], "page": page, "perPage": 8}
        )
        pages.extend(response.json())

    assert [post["id"] for post in pages] == [post["id"] for post in everything]
    assert len(everything) == 30


async def test_page_past_end_is_empty(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    response = await client.get("/post", params={"workspaceId": workspace_ids[0], "page": 99})

    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("page", "-1"),
        ("page", "one"),
        ("page", "1_0"),
        ("page", " 1"),
        ("perPage", "0"),
        ("perPage", "2.5"),
        ("perPage", ""),
        ("perPage", "\u0663"),
    ],
)
async def test_invalid_paging_is_400(
    client: httpx.AsyncClient, workspace_ids: list[str], name: str, value: str
) -> None:
    response = await client.get("/post", params={"workspaceId": workspace_ids[0], name: value})

    assert response.status_code == 400
    assert name in response.json()["message"]


async def test_newest_created_first(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    first = (await create(client, workspace_ids[0], {"caption": "older"})).json()["postGroupId"]
    second = (await create(client, workspace_ids[0], {"caption": "newer"})).json()["postGroupId"]

    posts = await all_posts(client, workspace_ids[0])

    assert [post["id"] for post in posts[:2]] == [second, first]
    created_times = [post["createdAt"] for post in posts]
    assert created_times == sorted(created_times, reverse=True)


async def test_statuses_repeated_keys(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    posts = await all_posts(client, workspace_ids[0], statuses=["DRAFT", "ERROR"])

    assert posts
    assert {post["status"] for post in posts} == {"DRAFT", "ERROR"}


async def test_statuses_comma_separated(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    repeated = await all_posts(client, workspace_ids[0], statuses=["DRAFT", "ERROR"])
    comma = await all_posts(client, workspace_ids[0], statuses="DRAFT,ERROR")

    assert comma == repeated


async def test_unknown_status_is_400(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    response = await client.get(
        "/post", params={"workspaceId": workspace_ids[0], "statuses": "DRAFT,LOST"}
    )

    assert response.status_code == 400
    assert "LOST" in response.json()["message"]


async def test_posts_stay_in_workspace(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    first = {post["id"] for post in await all_posts(client, workspace_ids[0])}
    second = {post["id"] for post in await all_posts(client, workspace_ids[1])}

    assert first
    assert second
    assert not first & second


# Creating


async def test_caption_only_is_draft(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    response = await create(client, workspace_ids[0], {"caption": "Hello ☕"})

    assert response.status_code == 201
    post = await find_post(client, workspace_ids[0], response.json()["postGroupId"])
    assert post["status"] == "DRAFT"
    assert post["scheduledAt"] is None
    assert post["posts"][0]["caption"] == "Hello ☕"


async def test_time_and_profiles_is_scheduled(
    client: httpx.AsyncClient, workspace_ids: list[str], profile_ids: list[str]
) -> None:
    response = await create(
        client,
        workspace_ids[0],
        {"caption": "Soon", "socialProfileIds": profile_ids[:2], "scheduledAt": FUTURE},
    )

    post = await find_post(client, workspace_ids[0], response.json()["postGroupId"])
    assert post["status"] == "SCHEDULED"
    assert post["scheduledAt"] == FUTURE.replace("Z", ".000Z")
    assert [entry["socialProfile"]["id"] for entry in post["socialProfiles"]] == profile_ids[:2]


async def test_time_without_profiles_is_draft(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    response = await create(client, workspace_ids[0], {"caption": "Later", "scheduledAt": FUTURE})

    post = await find_post(client, workspace_ids[0], response.json()["postGroupId"])
    assert post["status"] == "DRAFT"


async def test_profiles_without_time_is_draft(
    client: httpx.AsyncClient, workspace_ids: list[str], profile_ids: list[str]
) -> None:
    response = await create(
        client, workspace_ids[0], {"caption": "Whenever", "socialProfileIds": profile_ids[:1]}
    )

    post = await find_post(client, workspace_ids[0], response.json()["postGroupId"])
    assert post["status"] == "DRAFT"


async def test_media_only_post(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    urls = ["https://cdn.example.org/a.JPG", "http://cdn.example.org/clip.mp4", "https://x.org/raw"]

    response = await create(client, workspace_ids[0], {"mediaUrls": urls})

    assert response.status_code == 201
    post = await find_post(client, workspace_ids[0], response.json()["postGroupId"])
    creatives = post["posts"][0]["creatives"]
    assert [c["url"] for c in creatives] == urls
    assert [c["type"] for c in creatives] == ["IMAGE", "VIDEO", "IMAGE"]


async def test_caption_limit_counts_utf16(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    # An emoji outside the Basic Multilingual Plane is two UTF-16 code units.
    at_limit = "😀" * 5000
    over_limit = "😀" * 5000 + "a"

    accepted = await create(client, workspace_ids[0], {"caption": at_limit})
    rejected = await create(client, workspace_ids[0], {"caption": over_limit})

    assert accepted.status_code == 201
    assert rejected.status_code == 400
    assert "10001" in rejected.json()["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "caption"),
        ({"caption": ""}, "caption"),
        ({"caption": "", "mediaUrls": []}, "mediaUrls"),
        ({"caption": 42}, "caption"),
        ({"caption": "x", "mediaUrls": "https://a.org/a.png"}, "mediaUrls"),
        ({"caption": "x", "mediaUrls": [7]}, "mediaUrls[0]"),
        ({"mediaUrls": ["ftp://a.org/a.png"]}, "mediaUrls[0]"),
        ({"mediaUrls": ["/relative/a.png"]}, "mediaUrls[0]"),
        ({"mediaUrls": ["https://a.org/a.webp"]}, ".webp"),
        ({"mediaUrls": ["https://a.org/a.heic?x=1"]}, ".heic"),
        ({"caption": "x", "socialProfileIds": "abc"}, "socialProfileIds"),
        ({"caption": "x", "socialProfileIds": ["cunknownprofile0000000000"]}, "cunknownprofile"),
        ({"caption": "x", "scheduledAt": 1900000000}, "scheduledAt"),
        ({"caption": "x", "scheduledAt": "2031-01-01T10:00:00.000Z"}, "scheduledAt"),
        ({"caption": "x", "scheduledAt": "2031-01-01T10:00:00+00:00"}, "scheduledAt"),
        ({"caption": "x", "scheduledAt": "2031-01-01 10:00:00Z"}, "scheduledAt"),
        ({"caption": "x", "scheduledAt": "2031-02-30T10:00:00Z"}, "scheduledAt"),
        ({"caption": "x", "scheduledAt": "2020-01-01T10:00:00Z"}, "future"),
    ],
)
async def test_create_rejects_invalid(
    client: httpx.AsyncClient, workspace_ids: list[str], body: dict[str, Any], field: str
) -> None:
    response = await create(client, workspace_ids[0], body)

    assert response.status_code == 400
    assert field in response.json()["message"]


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b"", b"\xff\xfe"])
async def test_create_rejects_non_object(
    client: httpx.AsyncClient, workspace_ids: list[str], raw: bytes
) -> None:
    response = await client.post(
        "/post",
        params={"workspaceId": workspace_ids[0]},
        content=raw,
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert "JSON" in response.json()["message"]


async def test_profile_of_other_workspace_is_400(
    client: httpx.AsyncClient, workspace_ids: list[str], profile_ids: list[str]
) -> None:
    response = await create(
        client, workspace_ids[1], {"caption": "x", "socialProfileIds": profile_ids[:1]}
    )

    assert response.status_code == 400


async def test_scheduled_at_now_is_rejected(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    response = await create(client, workspace_ids[0], {"caption": "x", "scheduledAt": iso(START)})

    assert response.status_code == 400
    assert "future" in response.json()["message"]


# Rescheduling and deleting


async def test_patch_schedules_draft(
    client: httpx.AsyncClient, workspace_ids: list[str], profile_ids: list[str]
) -> None:
    created = await create(
        client, workspace_ids[0], {"caption": "x", "socialProfileIds": profile_ids[:1]}
    )
    post_id = created.json()["postGroupId"]

    response = await client.patch(f"/post/{post_id}", json={"scheduledAt": FUTURE})

    assert response.status_code == 200
    assert response.json() == {}
    post = await find_post(client, workspace_ids[0], post_id)
    assert post["status"] == "SCHEDULED"
    assert post["scheduledAt"] == FUTURE.replace("Z", ".000Z")


async def test_patch_draft_without_profiles(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    post_id = (await create(client, workspace_ids[0], {"caption": "x"})).json()["postGroupId"]

    response = await client.patch(f"/post/{post_id}", json={"scheduledAt": FUTURE})

    assert response.status_code == 200
    post = await find_post(client, workspace_ids[0], post_id)
    assert post["status"] == "DRAFT"
    assert post["scheduledAt"] == FUTURE.replace("Z", ".000Z")


async def test_patch_ignores_workspace_query(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    post_id = (await create(client, workspace_ids[0], {"caption": "x"})).json()["postGroupId"]

    response = await client.patch(
        f"/post/{post_id}", params={"workspaceId": "anything"}, json={"scheduledAt": FUTURE}
    )

    assert response.status_code == 200


async def test_patch_posted_is_400(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    posted = await all_posts(client, workspace_ids[0], statuses="POSTED")

    response = await client.patch(f"/post/{posted[0]['id']}", json={"scheduledAt": FUTURE})

    assert response.status_code == 400
    assert "posted" in response.json()["message"]


async def test_patch_unknown_is_404(client: httpx.AsyncClient) -> None:
    response = await client.patch("/post/cunknownpost000000000000", json={"scheduledAt": FUTURE})

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "scheduledAt"),
        ({"scheduledAt": None}, "scheduledAt"),
        ({"scheduledAt": "tomorrow"}, "scheduledAt"),
        ({"scheduledAt": "2020-01-01T00:00:00Z"}, "future"),
        ({"scheduledAt": FUTURE, "caption": "new"}, "caption"),
    ],
)
async def test_patch_rejects_invalid(
    client: httpx.AsyncClient, workspace_ids: list[str], body: dict[str, Any], field: str
) -> None:
    post_id = (await create(client, workspace_ids[0], {"caption": "x"})).json()["postGroupId"]

    response = await client.patch(f"/post/{post_id}", json=body)

    assert response.status_code == 400
    assert field in response.json()["message"]


@pytest.mark.parametrize("field", ["status", "workspaceId", "postType"])
async def test_patch_rejects_other_fields(
    client: httpx.AsyncClient, workspace_ids: list[str], field: str
) -> None:
    post_id = (await create(client, workspace_ids[0], {"caption": "x"})).json()["postGroupId"]

    response = await client.patch(f"/post/{post_id}", json={"scheduledAt": FUTURE, field: "POSTED"})

    assert response.status_code == 400
    assert field in response.json()["message"]
    post = await find_post(client, workspace_ids[0], post_id)
    assert post["status"] == "DRAFT"
    assert post["scheduledAt"] is None


async def test_delete_removes_post(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    post_id = (await create(client, workspace_ids[0], {"caption": "x"})).json()["postGroupId"]

    response = await client.delete(f"/post/{post_id}")
    again = await client.delete(f"/post/{post_id}")

    assert response.status_code == 200
    assert response.json() == {}
    assert again.status_code == 404
    assert post_id not in {post["id"] for post in await all_posts(client, workspace_ids[0])}


async def test_other_accounts_post_is_404(app: Starlette, workspace_ids: list[str]) -> None:
    async with api_client(app) as demo:
        post_id = (await create(demo, workspace_ids[0], {"caption": "x"})).json()["postGroupId"]

    async with api_client(app, LIMITED_API_KEY) as limited:
        patched = await limited.patch(f"/post/{post_id}", json={"scheduledAt": FUTURE})
        deleted = await limited.delete(f"/post/{post_id}")

    assert patched.status_code == 404
    assert deleted.status_code == 404


# Publishing


async def test_scheduled_post_becomes_posted(
    client: httpx.AsyncClient, clock: FakeClock, workspace_ids: list[str], profile_ids: list[str]
) -> None:
    response = await create(
        client,
        workspace_ids[0],
        {"caption": "x", "socialProfileIds": profile_ids[:1], "scheduledAt": FUTURE},
    )
    post_id = response.json()["postGroupId"]

    clock.advance(timedelta(days=2) - timedelta(seconds=1))
    before = await find_post(client, workspace_ids[0], post_id)
    clock.advance(timedelta(seconds=1))
    after = await find_post(client, workspace_ids[0], post_id)

    assert before["status"] == "SCHEDULED"
    assert after["status"] == "POSTED"


async def test_posted_cannot_be_rescheduled(
    client: httpx.AsyncClient, clock: FakeClock, workspace_ids: list[str], profile_ids: list[str]
) -> None:
    response = await create(
        client,
        workspace_ids[0],
        {"caption": "x", "socialProfileIds": profile_ids[:1], "scheduledAt": FUTURE},
    )
    post_id = response.json()["postGroupId"]
    clock.advance(timedelta(days=3))

    patched = await client.patch(
        f"/post/{post_id}", json={"scheduledAt": iso(clock.now + timedelta(days=1))}
    )

    assert patched.status_code == 400
