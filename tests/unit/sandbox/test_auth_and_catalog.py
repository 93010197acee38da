"""Authentication, workspace access and the read-only catalogue endpoints."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image
from starlette.applications import Starlette

from ocoya_desktop.sandbox import LIMITED_API_KEY

from .conftest import api_client

CUID_LENGTH = 25


async def test_missing_key_is_401(app: Starlette) -> None:
    async with api_client(app, api_key=None) as anonymous:
        response = await anonymous.get("/me")

    assert response.status_code == 401
    assert response.json() == {"message": "Missing API token."}


async def test_unknown_key_is_403(app: Starlette) -> None:
    async with api_client(app, api_key="not-a-key") as stranger:
        response = await stranger.get("/me")

    assert response.status_code == 403
    assert response.json() == {"message": "Invalid API token."}


async def test_me_returns_owner(client: httpx.AsyncClient) -> None:
    response = await client.get("/me")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "name", "email"}
    assert body["email"].endswith("@sandbox.invalid")


async def test_workspaces_per_key(app: Starlette, client: httpx.AsyncClient) -> None:
    demo = (await client.get("/workspaces")).json()
    async with api_client(app, LIMITED_API_KEY) as limited_client:
        limited = (await limited_client.get("/workspaces")).json()

    assert len(demo) == 2
    assert limited == [demo[1]]
    for workspace in demo:
        assert len(workspace["id"]) == CUID_LENGTH
        assert workspace["id"].startswith("c")


async def test_seeded_ids_are_stable(app: Starlette, client: httpx.AsyncClient) -> None:
    from ocoya_desktop.sandbox import create_app

    first = (await client.get("/workspaces")).json()
    async with api_client(create_app()) as other:
        second = (await other.get("/workspaces")).json()

    assert first == second


@pytest.mark.parametrize(
    "path",
    [
        "/social-profiles",
        "/social-profiles/connection-url",
        "/brand-kits",
        "/hashtag-libraries",
        "/studio-templates",
        "/post",
    ],
)
async def test_missing_workspace_id_is_400(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)

    assert response.status_code == 400
    assert "workspaceId" in response.json()["message"]


async def test_unreachable_workspace_is_403(app: Starlette, workspace_ids: list[str]) -> None:
    async with api_client(app, LIMITED_API_KEY) as limited:
        response = await limited.get("/brand-kits", params={"workspaceId": workspace_ids[0]})

    assert response.status_code == 403
    assert workspace_ids[0] in response.json()["message"]


async def test_unknown_workspace_is_403(client: httpx.AsyncClient) -> None:
    response = await client.get("/brand-kits", params={"workspaceId": "cnotaworkspace0000000000"})

    assert response.status_code == 403


async def test_unknown_path_is_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/nothing-here")

    assert response.status_code == 404
    assert "/nothing-here" in response.json()["message"]


@pytest.mark.parametrize(
    ("method", "path"), [("DELETE", "/me"), ("PUT", "/post"), ("GET", "/campaigns")]
)
async def test_wrong_method_is_json_405(client: httpx.AsyncClient, method: str, path: str) -> None:
    response = await client.request(method, path)

    assert response.status_code == 405
    assert method in response.json()["message"]


async def test_social_profiles_cover_networks(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    response = await client.get("/social-profiles", params={"workspaceId": workspace_ids[0]})

    profiles = response.json()
    providers = {profile["provider"] for profile in profiles}
    assert {"instagram", "facebook", "twitter", "linkedin", "tiktok", "pinterest"} <= providers
    for profile in profiles:
        assert set(profile) == {"id", "provider", "name", "image"}
        assert profile["image"].startswith("http://127.0.0.1/_sandbox/files/avatars/")


async def test_second_workspace_uses_x(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    response = await client.get("/social-profiles", params={"workspaceId": workspace_ids[1]})

    assert "x" in {profile["provider"] for profile in response.json()}


async def test_avatar_is_served_png(client: httpx.AsyncClient, workspace_ids: list[str]) -> None:
    profiles = (
        await client.get("/social-profiles", params={"workspaceId": workspace_ids[0]})
    ).json()

    response = await client.get(profiles[0]["image"])

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).format == "PNG"


async def test_brand_kits_have_description(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    kits = (await client.get("/brand-kits", params={"workspaceId": workspace_ids[0]})).json()

    assert kits
    for kit in kits:
        assert kit["name"]
        assert kit["description"]


async def test_hashtag_libraries_have_hashes(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    libraries = (
        await client.get("/hashtag-libraries", params={"workspaceId": workspace_ids[0]})
    ).json()

    assert libraries
    for library in libraries:
        assert library["hashtags"]
        assert all(tag.startswith("#") for tag in library["hashtags"])


async def test_template_thumbnails_are_served(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    templates = (
        await client.get("/studio-templates", params={"workspaceId": workspace_ids[0]})
    ).json()

    assert templates
    thumbnail = await client.get(templates[0]["thumbnailUrl"])
    assert thumbnail.status_code == 200
    assert Image.open(io.BytesIO(thumbnail.content)).size == (320, 240)


async def test_instagram_connects_through_facebook(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    response = await client.get(
        "/social-profiles/connection-url",
        params={"workspaceId": workspace_ids[0], "provider": "instagram"},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["provider"] == "instagram"
    assert body["authProvider"] == "facebook"
    assert body["authUrl"].startswith("https://auth.sandbox.invalid/")
    assert body["callbackUrl"]
    assert body["instructions"]


@pytest.mark.parametrize("provider", ["facebook", "twitter", "linkedin", "pinterest", "tiktok"])
async def test_connection_url_get_form(
    client: httpx.AsyncClient, workspace_ids: list[str], provider: str
) -> None:
    response = await client.get(
        "/social-profiles/connection-url",
        params={"workspaceId": workspace_ids[0], "provider": provider},
    )

    assert response.status_code == 200
    assert response.json()["authProvider"] == provider


@pytest.mark.parametrize("provider", ["x", "youtube", ""])
async def test_connection_url_get_rejects_provider(
    client: httpx.AsyncClient, workspace_ids: list[str], provider: str
) -> None:
    response = await client.get(
        "/social-profiles/connection-url",
        params={"workspaceId": workspace_ids[0], "provider": provider},
    )

    assert response.status_code == 400
    assert "provider" in response.json()["message"]


async def test_connection_url_without_provider(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    response = await client.get(
        "/social-profiles/connection-url", params={"workspaceId": workspace_ids[0]}
    )

    assert response.status_code == 400
    assert "provider is missing" in response.json()["message"]
    assert "None" not in response.json()["message"]


async def test_connection_url_post_form(
    client: httpx.AsyncClient, workspace_ids: list[str]
) -> None:
    response = await client.post(
        "/social-profiles/connection-url",
        params={"workspaceId": workspace_ids[0]},
        json={"provider": "x"},
    )

    assert response.status_code == 200
    assert response.json()["url"].startswith("https://auth.sandbox.invalid/connect/x?")


@pytest.mark.parametrize(
    "body", [{"provider": "twitter"}, {"provider": "tiktok"}, {}, {"provider": 3}]
)
async def test_connection_url_post_rejects(
    client: httpx.AsyncClient, workspace_ids: list[str], body: dict[str, object]
) -> None:
    response = await client.post(
        "/social-profiles/connection-url", params={"workspaceId": workspace_ids[0]}, json=body
    )

    assert response.status_code == 400
    assert "provider" in response.json()["message"]
