"""Thumbnails for media links: `check_link` with a cache folder, against servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from ocoya_desktop.media_hosts import SandboxMediaHost
from ocoya_desktop.services.media_pipeline import check_link
from tests.helpers import media_files
from tests.helpers.link_servers import BodyMode, serve_raw_image
from tests.helpers.media_hosts import LiveSandbox

THUMBNAIL_SIZE = 256


@pytest.fixture
async def recording_http() -> AsyncIterator[tuple[httpx.AsyncClient, list[httpx.Request]]]:
    """A plain client that records every request it sends."""
    sent: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    async with httpx.AsyncClient(
        timeout=httpx.Timeout(10.0), event_hooks={"request": [record]}
    ) as client:
        yield client, sent


def _files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


async def test_image_link_gets_thumbnail(
    sandbox_host: SandboxMediaHost,
    recording_http: tuple[httpx.AsyncClient, list[httpx.Request]],
    tmp_path: Path,
) -> None:
    client, sent = recording_http
    photo = media_files.make_jpeg(tmp_path / "photo.jpg", (640, 480))
    url = await sandbox_host.upload(photo, "image/jpeg")
    cache = tmp_path / "cache"

    prepared = await check_link(url, client=client, cache_dir=cache)

    assert prepared.thumbnail_path is not None
    assert prepared.thumbnail_path.parent == cache / "thumbnails"
    with Image.open(prepared.thumbnail_path) as thumbnail:
        assert thumbnail.size == (THUMBNAIL_SIZE, THUMBNAIL_SIZE * 480 // 640)
    assert prepared.notes == ()
    assert _files_under(cache) == [prepared.thumbnail_path]
    assert {request.url.host for request in sent} == {"127.0.0.1"}


async def test_generated_sandbox_file_gets_thumbnail(
    live_sandbox: LiveSandbox,
    recording_http: tuple[httpx.AsyncClient, list[httpx.Request]],
    tmp_path: Path,
) -> None:
    client, sent = recording_http
    store = live_sandbox.app.state.store
    with store.lock:
        template_path = next(path for path in store.files if path.startswith("templates/"))
    url = f"{live_sandbox.base_url}/_sandbox/files/{template_path}"

    prepared = await check_link(url, client=client, cache_dir=tmp_path / "cache")

    assert prepared.thumbnail_path is not None
    assert prepared.thumbnail_path.is_file()
    assert prepared.content_type == "image/png"
    assert {request.url.host for request in sent} == {"127.0.0.1"}


async def test_without_cache_folder_nothing_downloaded(
    sandbox_host: SandboxMediaHost,
    recording_http: tuple[httpx.AsyncClient, list[httpx.Request]],
    tmp_path: Path,
) -> None:
    client, sent = recording_http
    url = await sandbox_host.upload(media_files.make_png(tmp_path / "a.png"), "image/png")
    sent.clear()

    prepared = await check_link(url, client=client)

    assert prepared.thumbnail_path is None
    assert [request.method for request in sent] == ["HEAD"]


async def test_video_link_keeps_icon_without_download(
    sandbox_host: SandboxMediaHost,
    recording_http: tuple[httpx.AsyncClient, list[httpx.Request]],
    tmp_path: Path,
) -> None:
    client, sent = recording_http
    url = await sandbox_host.upload(media_files.make_mp4(tmp_path / "clip.mp4"), "video/mp4")
    sent.clear()
    cache = tmp_path / "cache"

    prepared = await check_link(url, client=client, cache_dir=cache)

    assert prepared.content_type == "video/mp4"
    assert prepared.thumbnail_path is None
    assert [request.method for request in sent] == ["HEAD"]
    assert _files_under(cache) == []


async def test_unreadable_image_keeps_icon_with_note(
    sandbox_host: SandboxMediaHost, sandbox_http: httpx.AsyncClient, tmp_path: Path
) -> None:
    broken = media_files.make_truncated_png(tmp_path / "broken.png")
    url = await sandbox_host.upload(broken, "image/png")
    cache = tmp_path / "cache"

    prepared = await check_link(url, client=sandbox_http, cache_dir=cache)

    assert prepared.public_url == url
    assert prepared.thumbnail_path is None
    assert len(prepared.notes) == 1
    assert prepared.notes[0].startswith("no preview: ")
    assert _files_under(cache) == []


async def test_endless_link_stops_at_preview_limit(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    async with (
        serve_raw_image(BodyMode.ENDLESS) as server,
        httpx.AsyncClient(timeout=httpx.Timeout(10.0)) as client,
    ):
        prepared = await check_link(server.url, client=client, cache_dir=cache)
        await server.client_left.wait()

    assert prepared.public_url == server.url
    assert prepared.thumbnail_path is None
    assert "no preview: the file is larger than 25 MB" in prepared.notes
    assert any("larger than 5 MB, which Ocoya rejects" in note for note in prepared.notes)
    assert _files_under(cache) == []


async def test_cancel_while_downloading_leaves_no_file(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    async with (
        serve_raw_image(BodyMode.STALL) as server,
        httpx.AsyncClient(timeout=httpx.Timeout(10.0)) as client,
    ):
        task = asyncio.create_task(check_link(server.url, client=client, cache_dir=cache))
        await server.body_started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await server.client_left.wait()

    assert server.requests == ["HEAD /picture.png", "GET /picture.png"]
    assert _files_under(tmp_path) == []
