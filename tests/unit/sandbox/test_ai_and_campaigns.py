"""AI drafts (POST /post/ai) and background campaigns (POST /campaigns)."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import httpx
import pytest
from PIL import Image
from starlette.applications import Starlette

from ocoya_desktop.sandbox.generation import SANDBOX_MARKER

from .conftest import context_of

PROMPT = "Announce our new autumn blend with cinnamon notes"


async def ai_draft(client: httpx.AsyncClient, workspace_id: str, body: object) -> httpx.Response:
    return await client.post("/post/ai", params={"workspaceId": workspace_id}, json=body)


async def listed(client: httpx.AsyncClient, workspace_id: str) -> dict[str, Any]:
    response = await client.get("/post", params={"workspaceId": workspace_id, "perPage": 50})
    return {post["id"]: post for post in response.json()}


async def first_id(client: httpx.AsyncClient, path: str, workspace_id: str) -> str:
    response = await client.get(path, params={"workspaceId": workspace_id})
    item_id: str = response.json()[0]["id"]
    return item_id


# AI drafts


async def test_ai_draft_is_marked_draft(
    client: httpx.AsyncClient, workspace_ids: list[str], profile_ids: list[str]
) -> None:
    response = await ai_draft(
        client, workspace_ids[0], {"prompt": PROMPT, "socialProfileIds": profile_ids[:2]}
    )

    assert response.status_code == 201
    post = (await listed(client, workspace_ids[0]))[response.json()["postGroupId"]]
    assert post["status"] == "DRAFT"
    assert post["scheduledAt"] is None
    caption = post["posts"][0]["caption"]
    assert caption.startswith(SANDBOX_MARKER)
    assert PROMPT in caption
    assert len(post["socialProfiles"]) == 2


async def test_ai_caption_is_deterministic(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    brand_id = await first_id(client, "/brand-kits", workspace_ids[0])
    library_id = await first_id(client, "/hashtag-libraries", workspace_ids[0])
    body = {
        "prompt": PROMPT,
        "tone": "bold",
        "length": "long",
        "brandId": brand_id,
        "hashtagLibraryId": library_id,
    }

    first = (await ai_draft(client, workspace_ids[0], body)).json()["postGroupId"]
    second = (await ai_draft(client, workspace_ids[0], body)).json()["postGroupId"]
    posts = await listed(client, workspace_ids[0])

    caption = posts[first]["posts"][0]["caption"]
    assert caption == posts[second]["posts"][0]["caption"]
    assert "Stop scrolling" in caption
    assert "#coffee" in caption
    assert "brand voice" in caption


async def test_ai_options_change_caption(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    captions = set()
    for tone, length in [
        ("friendly", "short"),
        ("friendly", "extra_long"),
        ("educational", "short"),
    ]:
        body = {"prompt": PROMPT, "tone": tone, "length": length}
        post_id = (await ai_draft(client, workspace_ids[0], body)).json()["postGroupId"]
        captions.add((await listed(client, workspace_ids[0]))[post_id]["posts"][0]["caption"])

    assert len(captions) == 3


async def test_ai_image_is_square_png(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    body = {"prompt": PROMPT, "generateImage": True}
    first = (await ai_draft(client, workspace_ids[0], body)).json()["postGroupId"]
    second = (await ai_draft(client, workspace_ids[0], body)).json()["postGroupId"]
    posts = await listed(client, workspace_ids[0])

    creatives = posts[first]["posts"][0]["creatives"]
    assert len(creatives) == 1
    assert creatives[0]["type"] == "IMAGE"
    assert creatives == posts[second]["posts"][0]["creatives"]
    response = await client.get(creatives[0]["url"])
    assert response.status_code == 200
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert image.width == image.height
    assert image.width >= 512


async def test_ai_without_image_has_no_media(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    post_id = (await ai_draft(client, workspace_ids[0], {"prompt": PROMPT})).json()["postGroupId"]

    assert (await listed(client, workspace_ids[0]))[post_id]["posts"][0]["creatives"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "prompt"),
        ({"prompt": "too short"}, "prompt"),
        ({"prompt": 1234567890123}, "prompt"),
        ({"prompt": PROMPT, "tone": "angry"}, "tone"),
        ({"prompt": PROMPT, "length": "epic"}, "length"),
        ({"prompt": PROMPT, "socialProfileIds": ["cnope0000000000000000000a"]}, "socialProfileIds"),
        ({"prompt": PROMPT, "brandId": "cnope0000000000000000000a"}, "brandId"),
        ({"prompt": PROMPT, "hashtagLibraryId": "cnope0000000000000000000a"}, "hashtagLibraryId"),
        ({"prompt": PROMPT, "generateImage": "yes"}, "generateImage"),
        ({"prompt": PROMPT, "referenceUrls": "https://a.org"}, "referenceUrls"),
        ({"prompt": PROMPT, "referenceUrls": [3]}, "referenceUrls[0]"),
        ({"prompt": PROMPT, "referenceUrls": ["file:///etc/passwd"]}, "referenceUrls[0]"),
        (
            {"prompt": PROMPT, "referenceDesignIds": ["cnope0000000000000000000a"]},
            "referenceDesignIds",
        ),
    ],
)
async def test_ai_rejects_invalid(
    client: httpx.AsyncClient, workspace_ids: list[str], body: dict[str, Any], field: str
) -> None:
    response = await ai_draft(client, workspace_ids[0], body)

    assert response.status_code == 400
    assert field in response.json()["message"]


async def test_ai_prompt_counts_utf16_units(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    # Each emoji here is one code point but two UTF-16 code units, as JavaScript counts them.
    four_emoji = "\N{GRINNING FACE}\N{FALLEN LEAF}\N{DOG FACE}\N{FALLEN LEAF}"
    assert len(four_emoji) == 4

    accepted = await ai_draft(client, workspace_ids[0], {"prompt": four_emoji + "ok"})
    rejected = await ai_draft(client, workspace_ids[0], {"prompt": "  " + four_emoji + "a  "})

    assert accepted.status_code == 201
    assert rejected.status_code == 400
    assert "has 9" in rejected.json()["message"]


async def test_ai_accepts_references(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    design_id = await first_id(client, "/studio-templates", workspace_ids[0])

    response = await ai_draft(
        client,
        workspace_ids[0],
        {
            "prompt": PROMPT,
            "generateImage": True,
            "referenceUrls": ["https://example.org/mood.jpg"],
            "referenceDesignIds": [design_id],
        },
    )

    assert response.status_code == 201


async def test_server_answers_during_ai_delay(
    app: Starlette, client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    context = context_of(app)
    context.ai_delay_seconds = 3.0
    delays: list[float] = []
    generating = asyncio.Event()
    release = asyncio.Event()

    async def held_sleep(seconds: float) -> None:
        delays.append(seconds)
        generating.set()
        await release.wait()

    context.sleep = held_sleep
    draft = asyncio.create_task(ai_draft(client, workspace_ids[0], {"prompt": PROMPT}))
    await generating.wait()

    me = await client.get("/me")

    assert me.status_code == 200
    assert delays == [3.0]
    assert not draft.done()
    release.set()
    assert (await draft).status_code == 201


# Campaigns


async def create_campaign(
    client: httpx.AsyncClient, workspace_id: str, body: object
) -> httpx.Response:
    return await client.post("/campaigns", params={"workspaceId": workspace_id}, json=body)


async def test_campaign_drafts_appear(
    app: Starlette, client: httpx.AsyncClient, workspace_ids: list[str], profile_ids: list[str]
) -> None:
    response = await create_campaign(
        client,
        workspace_ids[0],
        {
            "prompt": "Autumn menu",
            "count": 4,
            "duration": 8,
            "socialProfileIds": profile_ids[:1],
            "generateMedia": True,
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "GENERATING"
    assert body["queued"] is True
    assert body["generation"] == {}
    campaign_id = body["campaignId"]
    store = app.state.store
    await asyncio.wait_for(
        store.wait_for(lambda: store.campaigns[campaign_id].status == "COMPLETED"), timeout=30
    )

    progress = (await client.get(f"http://127.0.0.1/_sandbox/campaigns/{campaign_id}")).json()
    assert progress["status"] == "COMPLETED"
    assert len(progress["postGroupIds"]) == 4
    posts = await listed(client, workspace_ids[0])
    drafts = [posts[post_id] for post_id in progress["postGroupIds"]]
    assert {post["status"] for post in drafts} == {"DRAFT"}
    scheduled = sorted(post["scheduledAt"] for post in drafts)
    assert len(set(scheduled)) == 4
    assert all(post["posts"][0]["creatives"] for post in drafts)
    assert all("Autumn menu" in post["posts"][0]["caption"] for post in drafts)


async def test_campaign_defaults_to_five(
    app: Starlette, client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    response = await create_campaign(client, workspace_ids[0], {"topic": "Yoga"})
    campaign_id = response.json()["campaignId"]
    store = app.state.store

    await asyncio.wait_for(
        store.wait_for(lambda: store.campaigns[campaign_id].status == "COMPLETED"), timeout=30
    )

    assert len(store.campaigns[campaign_id].post_group_ids) == 5


async def test_campaign_accepts_library_name(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    response = await create_campaign(
        client, workspace_ids[0], {"prompt": "Autumn", "hashtagLibraryName": "coffee EVERYDAY"}
    )

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "prompt"),
        ({"prompt": "ab"}, "prompt"),
        ({"topic": ["Autumn"]}, "topic"),
        ({"prompt": "Autumn", "duration": 0}, "duration"),
        ({"prompt": "Autumn", "duration": 31}, "duration"),
        ({"prompt": "Autumn", "duration": "7"}, "duration"),
        ({"prompt": "Autumn", "count": 2}, "count"),
        ({"prompt": "Autumn", "count": 31}, "count"),
        ({"prompt": "Autumn", "count": 5.5}, "count"),
        ({"prompt": "Autumn", "count": True}, "count"),
        ({"prompt": "Autumn", "tone": "loud"}, "tone"),
        ({"prompt": "Autumn", "postLength": "huge"}, "postLength"),
        ({"prompt": "Autumn", "goal": 3}, "goal"),
        ({"prompt": "Autumn", "hashtagLibraryName": "Missing"}, "hashtagLibraryName"),
        ({"prompt": "Autumn", "referenceUrls": ["https://a.org/1"] * 4}, "referenceUrls"),
        ({"prompt": "Autumn", "referenceDesignIds": ["c"] * 4}, "referenceDesignIds"),
        ({"prompt": "Autumn", "generateMedia": 1}, "generateMedia"),
    ],
)
async def test_campaign_rejects_invalid(
    app: Starlette,
    client: httpx.AsyncClient,
    workspace_ids: list[str],
    body: dict[str, Any],
    field: str,
) -> None:
    response = await create_campaign(client, workspace_ids[0], body)

    assert response.status_code == 400
    assert field in response.json()["message"]
    assert app.state.store.campaigns == {}


async def test_campaign_prompt_counts_utf16_units(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    two_code_points = "\N{GRINNING FACE}\N{FALLEN LEAF}"

    accepted = await create_campaign(client, workspace_ids[0], {"topic": two_code_points})
    rejected = await create_campaign(client, workspace_ids[0], {"prompt": "\N{FALLEN LEAF}"})

    assert accepted.status_code == 201
    assert rejected.status_code == 400
    assert "at least 3" in rejected.json()["message"]


async def test_unknown_campaign_is_404(app: Starlette, client: httpx.AsyncClient) -> None:
    response = await client.get("http://127.0.0.1/_sandbox/campaigns/cnope0000000000000000000a")

    assert response.status_code == 404
