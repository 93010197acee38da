"""Hosting uploaded media under /_sandbox/media and serving generated files."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from ocoya_desktop.sandbox.sandbox_routes import MAX_MEDIA_BYTES

from .conftest import api_client

MEDIA = "http://127.0.0.1/_sandbox/media"


async def test_upload_then_download(app: Starlette, client: httpx.AsyncClient) -> None:
    uploaded = await client.put(
        f"{MEDIA}/abc123.png", content=b"\x89PNG fake", headers={"Content-Type": "image/png"}
    )
    async with api_client(app, api_key=None) as anonymous:
        downloaded = await anonymous.get(uploaded.json()["url"])
        head = await anonymous.head(uploaded.json()["url"])

    assert uploaded.status_code == 201
    assert uploaded.json() == {"url": f"{MEDIA}/abc123.png"}
    assert downloaded.status_code == 200
    assert downloaded.content == b"\x89PNG fake"
    assert downloaded.headers["content-type"] == "image/png"
    assert head.status_code == 200
    assert head.headers["content-length"] == str(len(b"\x89PNG fake"))
    assert head.content == b""


async def test_upload_is_idempotent_by_name(client: httpx.AsyncClient) -> None:
    headers = {"Content-Type": "image/jpeg"}
    first = await client.put(f"{MEDIA}/same.jpg", content=b"one", headers=headers)
    second = await client.put(f"{MEDIA}/same.jpg", content=b"one", headers=headers)

    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json() == second.json()


async def test_upload_needs_key(app: Starlette) -> None:
    async with api_client(app, api_key=None) as anonymous:
        missing = await anonymous.put(
            f"{MEDIA}/a.png", content=b"x", headers={"Content-Type": "image/png"}
        )
    async with api_client(app, api_key="wrong") as stranger:
        invalid = await stranger.put(
            f"{MEDIA}/a.png", content=b"x", headers={"Content-Type": "image/png"}
        )

    assert missing.status_code == 401
    assert invalid.status_code == 403


async def test_upload_needs_content_type(client: httpx.AsyncClient) -> None:
    response = await client.put(f"{MEDIA}/a.png", content=b"x", headers={"Content-Type": ""})

    assert response.status_code == 400
    assert "Content-Type" in response.json()["message"]


@pytest.mark.parametrize("name", [".hidden", "a b.png", "x" * 201])
async def test_upload_rejects_bad_names(client: httpx.AsyncClient, name: str) -> None:
    response = await client.put(f"{MEDIA}/{name}", content=b"x", headers={"Content-Type": "a/b"})

    assert response.status_code == 400
    assert "name" in response.json()["message"]


async def test_oversized_upload_is_413(client: httpx.AsyncClient) -> None:
    response = await client.put(
        f"{MEDIA}/big.mp4",
        content=b"\0" * (MAX_MEDIA_BYTES + 1),
        headers={"Content-Type": "video/mp4"},
    )

    assert response.status_code == 413
    assert "50 MB" in response.json()["message"]


async def test_oversized_stream_is_413(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        block = b"\0" * (1024 * 1024)
        for _ in range(51):
            yield block

    response = await client.put(
        f"{MEDIA}/big.mp4", content=chunks(), headers={"Content-Type": "video/mp4"}
    )

    assert response.status_code == 413


async def test_delete_media(client: httpx.AsyncClient) -> None:
    await client.put(f"{MEDIA}/gone.gif", content=b"GIF89a", headers={"Content-Type": "image/gif"})

    deleted = await client.delete(f"{MEDIA}/gone.gif")
    fetched = await client.get(f"{MEDIA}/gone.gif")
    again = await client.delete(f"{MEDIA}/gone.gif")

    assert deleted.status_code == 200
    assert fetched.status_code == 404
    assert again.status_code == 404


async def test_unknown_file_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("http://127.0.0.1/_sandbox/files/avatars/none.png")

    assert response.status_code == 404
    assert "none.png" in response.json()["message"]


async def test_uploaded_url_accepted_in_post(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    uploaded = await client.put(
        f"{MEDIA}/photo.jpg", content=b"\xff\xd8\xff", headers={"Content-Type": "image/jpeg"}
    )

    created = await client.post(
        "/post",
        params={"workspaceId": workspace_ids[0]},
        json={"mediaUrls": [uploaded.json()["url"]]},
    )

    assert created.status_code == 201


async def test_uploaded_video_keeps_type(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    uploaded = await client.put(
        f"{MEDIA}/clip", content=b"\x00\x00\x00\x18ftypmp42", headers={"Content-Type": "video/mp4"}
    )

    created = await client.post(
        "/post",
        params={"workspaceId": workspace_ids[0]},
        json={"mediaUrls": [uploaded.json()["url"]]},
    )
    listed = await client.get("/post", params={"workspaceId": workspace_ids[0], "perPage": 1})

    assert created.status_code == 201
    assert listed.json()[0]["posts"][0]["creatives"][0]["type"] == "VIDEO"
