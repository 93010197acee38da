"""The sandbox media host against the real sandbox served by uvicorn on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import socket
from pathlib import Path

import httpx
import pytest

from ocoya_desktop.media_hosts import MediaHost, MediaHostError, SandboxMediaHost
from tests.helpers.media_hosts import LiveSandbox


def _write_file(tmp_path: Path, size: int = 30_000, name: str = "photo.jpg") -> Path:
    path = tmp_path / name
    path.write_bytes(os.urandom(size))
    return path


async def test_upload_serves_file_publicly(
    sandbox_host: SandboxMediaHost, sandbox_http: httpx.AsyncClient, tmp_path: Path
) -> None:
    path = _write_file(tmp_path)

    url = await sandbox_host.upload(path, "image/jpeg")
    response = await sandbox_http.get(url)

    assert response.status_code == 200
    assert response.content == path.read_bytes()
    assert response.headers["Content-Type"] == "image/jpeg"
    assert url.endswith(".jpg")


async def test_same_file_twice_stored_once(
    live_sandbox: LiveSandbox, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    path = _write_file(tmp_path)
    copy = tmp_path / "copy.jpg"
    copy.write_bytes(path.read_bytes())
    before = set(live_sandbox.media_names())

    first_url = await sandbox_host.upload(path, "image/jpeg")
    second_url = await sandbox_host.upload(copy, "image/jpeg")

    assert second_url == first_url
    assert len(set(live_sandbox.media_names()) - before) == 1


async def test_delete_removes_file(
    sandbox_host: SandboxMediaHost, sandbox_http: httpx.AsyncClient, tmp_path: Path
) -> None:
    url = await sandbox_host.upload(_write_file(tmp_path), "image/png")

    await sandbox_host.delete(url)

    assert (await sandbox_http.head(url)).status_code == 404


async def test_progress_reaches_total(sandbox_host: SandboxMediaHost, tmp_path: Path) -> None:
    path = _write_file(tmp_path, size=1_000_000)
    calls: list[tuple[int, int]] = []

    await sandbox_host.upload(
        path, "video/mp4", progress=lambda sent, total: calls.append((sent, total))
    )

    assert len(calls) > 1
    assert calls[-1] == (1_000_000, 1_000_000)
    assert all(total == 1_000_000 for _, total in calls)


async def test_cancel_leaves_no_object(
    live_sandbox: LiveSandbox,
    sandbox_host: SandboxMediaHost,
    sandbox_http: httpx.AsyncClient,
    tmp_path: Path,
) -> None:
    path = _write_file(tmp_path, size=20 * 1024 * 1024, name="big.mp4")
    before = set(live_sandbox.media_names())
    calls: list[tuple[int, int]] = []
    tasks: list[asyncio.Task[str]] = []

    def cancel_on_first_chunk(sent: int, total: int) -> None:
        calls.append((sent, total))
        tasks[0].cancel()

    tasks.append(
        asyncio.create_task(sandbox_host.upload(path, "video/mp4", progress=cancel_on_first_chunk))
    )
    with pytest.raises(asyncio.CancelledError):
        await tasks[0]

    assert len(calls) == 1
    assert calls[0][0] < calls[0][1]
    assert set(live_sandbox.media_names()) == before


async def test_connection_succeeds_and_cleans_up(
    live_sandbox: LiveSandbox, sandbox_host: SandboxMediaHost
) -> None:
    before = set(live_sandbox.media_names())

    message = await sandbox_host.test_connection()

    assert "Uploaded and deleted a test image" in message
    assert live_sandbox.base_url in message
    assert set(live_sandbox.media_names()) == before


async def test_wrong_key_rejected(
    live_sandbox: LiveSandbox, sandbox_http: httpx.AsyncClient
) -> None:
    host = SandboxMediaHost(sandbox_http, api_key="not-a-key", base_url=live_sandbox.base_url)

    with pytest.raises(MediaHostError) as raised:
        await host.test_connection()

    assert raised.value.code == "403"
    assert "demo API key" in raised.value.message


async def test_unreachable_sandbox(sandbox_http: httpx.AsyncClient, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    host = SandboxMediaHost(sandbox_http, api_key="key", base_url=f"http://127.0.0.1:{closed_port}")

    with pytest.raises(MediaHostError, match="Could not reach the sandbox"):
        await host.upload(_write_file(tmp_path), "image/jpeg")


async def test_missing_file_reported(sandbox_host: SandboxMediaHost, tmp_path: Path) -> None:
    with pytest.raises(MediaHostError, match="no longer exists"):
        await sandbox_host.upload(tmp_path / "gone.jpg", "image/jpeg")


async def test_unaccepted_type_rejected(sandbox_host: SandboxMediaHost, tmp_path: Path) -> None:
    with pytest.raises(MediaHostError, match="image/webp"):
        await sandbox_host.upload(_write_file(tmp_path, name="photo.webp"), "image/webp")


async def test_delete_rejects_foreign_url(sandbox_host: SandboxMediaHost) -> None:
    with pytest.raises(MediaHostError, match="not sandbox media"):
        await sandbox_host.delete("http://127.0.0.1:1/other/file.png")


def test_sandbox_host_satisfies_protocol(sandbox_host: SandboxMediaHost) -> None:
    assert isinstance(sandbox_host, MediaHost)
    assert "sandbox-demo-key" not in repr(sandbox_host)
