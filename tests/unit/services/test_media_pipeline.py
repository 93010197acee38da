"""The media pipeline from a local file or link to a URL the sandbox accepts in a post."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx
import pytest
from PIL import Image

from ocoya_desktop.domain.media import MediaError
from ocoya_desktop.domain.networks import Network
from ocoya_desktop.media_hosts import LinkCheckError, MediaHostError, SandboxMediaHost
from ocoya_desktop.services.media_pipeline import STAGES, check_link, prepare_local_file
from tests.helpers.media_hosts import LiveSandbox

EXIF_ORIENTATION = 0x0112
ROTATED_90_CLOCKWISE = 6


def _write_jpeg(path: Path, size: tuple[int, int] = (800, 600), *, orientation: int = 1) -> Path:
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    if orientation != 1:
        exif[EXIF_ORIENTATION] = orientation
    image.save(path, "JPEG", quality=90, exif=exif)
    return path


def _write_noisy_jpeg(path: Path) -> Path:
    # Random pixels barely compress, so the JPEG is a few megabytes: many upload chunks.
    side = 1400
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(path, "JPEG", quality=95)
    return path


async def test_jpeg_becomes_url_accepted_by_post(
    live_sandbox: LiveSandbox,
    sandbox_host: SandboxMediaHost,
    sandbox_http: httpx.AsyncClient,
    tmp_path: Path,
) -> None:
    photo = _write_jpeg(tmp_path / "photo.jpg")

    prepared = await prepare_local_file(photo, host=sandbox_host, cache_dir=tmp_path / "cache")

    assert prepared.content_type == "image/jpeg"
    assert prepared.source == str(photo)
    assert (await sandbox_http.get(prepared.public_url)).headers["Content-Type"] == "image/jpeg"

    headers = {"X-API-Key": live_sandbox.api_key}
    workspaces = (
        await sandbox_http.get(f"{live_sandbox.api_base}/workspaces", headers=headers)
    ).json()
    response = await sandbox_http.post(
        f"{live_sandbox.api_base}/post",
        params={"workspaceId": workspaces[0]["id"]},
        headers=headers,
        json={"caption": "Pipeline check", "mediaUrls": [prepared.public_url]},
    )
    assert response.status_code == 201, response.text
    assert response.json()["postGroupId"]


async def test_rotated_jpeg_turned_upright(sandbox_host: SandboxMediaHost, tmp_path: Path) -> None:
    photo = _write_jpeg(tmp_path / "sideways.jpg", (800, 600), orientation=ROTATED_90_CLOCKWISE)

    prepared = await prepare_local_file(photo, host=sandbox_host, cache_dir=tmp_path / "cache")

    assert prepared.info is not None
    assert (prepared.info.width, prepared.info.height) == (600, 800)
    assert "turned upright" in prepared.notes
    assert prepared.thumbnail_path is not None
    assert prepared.thumbnail_path.is_file()
    assert (
        photo.read_bytes()
        == _write_jpeg(
            tmp_path / "again.jpg", (800, 600), orientation=ROTATED_90_CLOCKWISE
        ).read_bytes()
    )


async def test_progress_covers_every_stage(sandbox_host: SandboxMediaHost, tmp_path: Path) -> None:
    photo = _write_jpeg(tmp_path / "photo.jpg")
    calls: list[tuple[str, int, int]] = []

    prepared = await prepare_local_file(
        photo,
        host=sandbox_host,
        cache_dir=tmp_path / "cache",
        progress=lambda stage, done, total: calls.append((stage, done, total)),
    )

    stages_in_order = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert stages_in_order == list(STAGES)
    upload_stage, uploaded, upload_total = calls[-1]
    assert upload_stage == "upload"
    assert prepared.info is not None
    assert uploaded == upload_total == prepared.info.size_bytes


async def test_network_findings_reported(sandbox_host: SandboxMediaHost, tmp_path: Path) -> None:
    # 100 pixels wide is below Instagram's minimum image width.
    photo = _write_jpeg(tmp_path / "small.jpg", (100, 100))

    prepared = await prepare_local_file(
        photo, host=sandbox_host, cache_dir=tmp_path / "cache", networks=[Network.INSTAGRAM]
    )

    assert any(finding.network is Network.INSTAGRAM for finding in prepared.findings)


async def test_file_deleted_before_prepare(sandbox_host: SandboxMediaHost, tmp_path: Path) -> None:
    photo = _write_jpeg(tmp_path / "photo.jpg")
    photo.unlink()

    with pytest.raises(MediaError) as raised:
        await prepare_local_file(photo, host=sandbox_host, cache_dir=tmp_path / "cache")

    assert "photo.jpg" in raised.value.message
    assert "add the file again" in raised.value.message


async def test_file_deleted_before_upload(sandbox_host: SandboxMediaHost, tmp_path: Path) -> None:
    # An upright JPEG without metadata is uploaded as it is, straight from its own path.
    photo = tmp_path / "plain.jpg"
    Image.new("RGB", (640, 480), "green").save(photo, "JPEG")

    def delete_after_thumbnail(stage: str, done: int, total: int) -> None:
        if stage == "thumbnail" and done == total:
            photo.unlink()

    with pytest.raises(MediaHostError) as raised:
        await prepare_local_file(
            photo, host=sandbox_host, cache_dir=tmp_path / "cache", progress=delete_after_thumbnail
        )

    assert "no longer exists" in raised.value.message
    assert "add it again" in raised.value.message


async def test_cancel_during_upload_stores_nothing(
    live_sandbox: LiveSandbox, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    photo = _write_noisy_jpeg(tmp_path / "noise.jpg")
    before = set(live_sandbox.media_names())
    upload_calls: list[tuple[int, int]] = []
    tasks: list[asyncio.Task[object]] = []

    def cancel_on_first_upload_chunk(stage: str, done: int, total: int) -> None:
        if stage == "upload":
            upload_calls.append((done, total))
            tasks[0].cancel()

    tasks.append(
        asyncio.create_task(
            prepare_local_file(
                photo,
                host=sandbox_host,
                cache_dir=tmp_path / "cache",
                progress=cancel_on_first_upload_chunk,
            )
        )
    )
    with pytest.raises(asyncio.CancelledError):
        await tasks[0]

    assert len(upload_calls) == 1
    assert upload_calls[0][0] < upload_calls[0][1]
    assert set(live_sandbox.media_names()) == before


async def test_cancel_during_convert_uploads_nothing(
    live_sandbox: LiveSandbox, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    photo = _write_jpeg(tmp_path / "photo.jpg", orientation=ROTATED_90_CLOCKWISE)
    before = set(live_sandbox.media_names())
    stages: list[str] = []
    tasks: list[asyncio.Task[object]] = []

    def cancel_at_convert(stage: str, done: int, total: int) -> None:
        stages.append(stage)
        if stage == "convert":
            tasks[0].cancel()

    tasks.append(
        asyncio.create_task(
            prepare_local_file(
                photo, host=sandbox_host, cache_dir=tmp_path / "cache", progress=cancel_at_convert
            )
        )
    )
    with pytest.raises(asyncio.CancelledError):
        await tasks[0]

    assert "upload" not in stages
    assert set(live_sandbox.media_names()) == before


async def test_link_becomes_prepared_media(
    sandbox_host: SandboxMediaHost, sandbox_http: httpx.AsyncClient, tmp_path: Path
) -> None:
    photo = _write_jpeg(tmp_path / "photo.jpg", (320, 320))
    uploaded = await sandbox_host.upload(photo, "image/jpeg")

    prepared = await check_link(uploaded, client=sandbox_http)

    assert prepared.public_url == uploaded
    assert prepared.source == uploaded
    assert prepared.content_type == "image/jpeg"
    assert prepared.info is None
    assert prepared.notes == ()


async def test_broken_link_raises(
    live_sandbox: LiveSandbox, sandbox_http: httpx.AsyncClient
) -> None:
    with pytest.raises(LinkCheckError) as raised:
        await check_link(f"{live_sandbox.base_url}/_sandbox/media/missing.jpg", client=sandbox_http)

    assert raised.value.reason == "not_found"
