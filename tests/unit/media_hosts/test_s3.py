"""The S3 media host against a real moto server on 127.0.0.1 that checks signatures."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from ocoya_desktop.media_hosts import (
    MediaHost,
    MediaHostError,
    S3Config,
    S3Credentials,
    S3MediaHost,
)
from tests.unit.media_hosts.conftest import MotoS3


def _write_file(tmp_path: Path, size: int = 40_000, name: str = "photo.jpg") -> Path:
    path = tmp_path / name
    path.write_bytes(os.urandom(size))
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _RequestLog:
    """Records the method and path of every request an httpx client sends."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []

    async def __call__(self, request: httpx.Request) -> None:
        self.requests.append((request.method, request.url.path))

    def methods(self) -> list[str]:
        return [method for method, _ in self.requests]


class _DroppingProxy:
    """A TCP proxy on 127.0.0.1 that loses the response to the first PUT it forwards.

    The PUT reaches the server in full, so the object is stored, but the client's connection
    is closed instead of receiving the response, as when a network drops mid-request.
    """

    def __init__(self, upstream_port: int) -> None:
        self._upstream_port = upstream_port
        self.dropped = asyncio.Event()
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def __aenter__(self) -> str:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _handle(
        self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(
            "127.0.0.1", self._upstream_port
        )
        put_forwarded = asyncio.Event()

        async def client_to_server() -> None:
            while data := await client_reader.read(65536):
                if data.startswith(b"PUT "):
                    put_forwarded.set()
                upstream_writer.write(data)
                await upstream_writer.drain()

        async def server_to_client() -> None:
            while data := await upstream_reader.read(65536):
                if put_forwarded.is_set() and not self.dropped.is_set():
                    self.dropped.set()
                    return
                client_writer.write(data)
                await client_writer.drain()

        forward = asyncio.ensure_future(client_to_server())
        backward = asyncio.ensure_future(server_to_client())
        self._tasks.update((forward, backward))
        try:
            await asyncio.wait((forward, backward), return_when=asyncio.FIRST_COMPLETED)
        finally:
            forward.cancel()
            backward.cancel()
            for writer in (client_writer, upstream_writer):
                writer.close()
                with contextlib.suppress(ConnectionError):
                    await writer.wait_closed()


@pytest.fixture
async def logged_client() -> AsyncIterator[tuple[httpx.AsyncClient, _RequestLog]]:
    log = _RequestLog()
    async with httpx.AsyncClient(
        timeout=httpx.Timeout(10.0), event_hooks={"request": [log]}
    ) as client:
        yield client, log


async def test_upload_stores_bytes_and_type(
    moto_s3: MotoS3, http_client: httpx.AsyncClient, tmp_path: Path
) -> None:
    bucket = moto_s3.create_bucket()
    host = S3MediaHost(http_client, moto_s3.config(bucket), moto_s3.credentials)
    path = _write_file(tmp_path)

    await host.upload(path, "image/jpeg")

    stored = moto_s3.boto_client().get_object(
        Bucket=bucket, Key=f"ocoya-desktop/{_sha256(path)}.jpg"
    )
    assert stored["Body"].read() == path.read_bytes()
    assert stored["ContentType"] == "image/jpeg"


async def test_upload_returns_public_url(
    moto_s3: MotoS3, http_client: httpx.AsyncClient, tmp_path: Path
) -> None:
    bucket = moto_s3.create_bucket()
    config = moto_s3.config(bucket)
    host = S3MediaHost(http_client, config, moto_s3.credentials)
    path = _write_file(tmp_path)

    url = await host.upload(path, "image/png")

    assert url == f"{moto_s3.endpoint}/{bucket}/ocoya-desktop/{_sha256(path)}.png"


async def test_upload_reports_progress_to_total(
    moto_s3: MotoS3, http_client: httpx.AsyncClient, tmp_path: Path
) -> None:
    bucket = moto_s3.create_bucket()
    host = S3MediaHost(http_client, moto_s3.config(bucket), moto_s3.credentials)
    path = _write_file(tmp_path, size=700_000)
    calls: list[tuple[int, int]] = []

    await host.upload(path, "image/jpeg", progress=lambda sent, total: calls.append((sent, total)))

    assert len(calls) > 1
    assert calls[-1] == (700_000, 700_000)
    assert [sent for sent, _ in calls] == sorted(sent for sent, _ in calls)


async def test_duplicate_upload_skips_put(
    moto_s3: MotoS3,
    logged_client: tuple[httpx.AsyncClient, _RequestLog],
    tmp_path: Path,
) -> None:
    client, log = logged_client
    bucket = moto_s3.create_bucket()
    host = S3MediaHost(client, moto_s3.config(bucket), moto_s3.credentials)
    path = _write_file(tmp_path)
    copy = tmp_path / "copy-of-photo.jpg"
    copy.write_bytes(path.read_bytes())

    first_url = await host.upload(path, "image/jpeg")
    log.requests.clear()
    second_url = await host.upload(copy, "image/jpeg")

    assert second_url == first_url
    assert log.methods() == ["HEAD"]
    assert len(moto_s3.keys(bucket)) == 1


async def test_delete_removes_object(
    moto_s3: MotoS3, http_client: httpx.AsyncClient, tmp_path: Path
) -> None:
    bucket = moto_s3.create_bucket()
    host = S3MediaHost(http_client, moto_s3.config(bucket), moto_s3.credentials)
    url = await host.upload(_write_file(tmp_path), "image/jpeg")

    await host.delete(url)

    assert moto_s3.keys(bucket) == []


async def test_delete_rejects_foreign_url(moto_s3: MotoS3, http_client: httpx.AsyncClient) -> None:
    bucket = moto_s3.create_bucket()
    host = S3MediaHost(http_client, moto_s3.config(bucket), moto_s3.credentials)

    with pytest.raises(MediaHostError, match="not under this bucket's public URL"):
        await host.delete("http://127.0.0.1:1/elsewhere/picture.jpg")


async def test_connection_succeeds_and_cleans_up(
    moto_s3: MotoS3, http_client: httpx.AsyncClient
) -> None:
    bucket = moto_s3.create_bucket()
    host = S3MediaHost(http_client, moto_s3.config(bucket), moto_s3.credentials)

    message = await host.test_connection()

    assert f"bucket {bucket!r}" in message
    assert "Uploaded and deleted" in message
    assert moto_s3.keys(bucket) == []


async def test_connection_wrong_secret(moto_s3: MotoS3, http_client: httpx.AsyncClient) -> None:
    bucket = moto_s3.create_bucket()
    wrong = S3Credentials(moto_s3.credentials.access_key_id, "not-the-secret")
    host = S3MediaHost(http_client, moto_s3.config(bucket), wrong)

    with pytest.raises(MediaHostError) as raised:
        await host.test_connection()

    assert raised.value.code == "SignatureDoesNotMatch"
    assert "secret access key is wrong" in raised.value.message
    assert bucket in raised.value.message


async def test_connection_unknown_access_key(
    moto_s3: MotoS3, http_client: httpx.AsyncClient
) -> None:
    bucket = moto_s3.create_bucket()
    unknown = S3Credentials("AKIAUNKNOWNKEY000000", "whatever")
    host = S3MediaHost(http_client, moto_s3.config(bucket), unknown)

    with pytest.raises(MediaHostError) as raised:
        await host.test_connection()

    assert raised.value.code == "InvalidAccessKeyId"
    assert "access key ID is not known" in raised.value.message


async def test_connection_missing_bucket(moto_s3: MotoS3, http_client: httpx.AsyncClient) -> None:
    host = S3MediaHost(http_client, moto_s3.config("no-such-bucket-here"), moto_s3.credentials)

    with pytest.raises(MediaHostError) as raised:
        await host.test_connection()

    assert raised.value.code == "NoSuchBucket"
    assert "'no-such-bucket-here' does not exist" in raised.value.message


async def test_connection_access_denied(moto_s3: MotoS3, http_client: httpx.AsyncClient) -> None:
    bucket = moto_s3.create_bucket()
    host = S3MediaHost(http_client, moto_s3.config(bucket), moto_s3.unprivileged)

    with pytest.raises(MediaHostError) as raised:
        await host.test_connection()

    assert raised.value.code == "AccessDenied"
    assert "may not write" in raised.value.message


async def test_connection_unreachable_endpoint(
    moto_s3: MotoS3, http_client: httpx.AsyncClient
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    config = moto_s3.config("bucket", endpoint=f"http://127.0.0.1:{closed_port}")
    host = S3MediaHost(http_client, config, moto_s3.credentials)

    with pytest.raises(MediaHostError, match="Could not reach the storage endpoint"):
        await host.test_connection()


async def test_retry_after_drop_leaves_one_object(
    moto_s3: MotoS3, http_client: httpx.AsyncClient, tmp_path: Path
) -> None:
    bucket = moto_s3.create_bucket()
    path = _write_file(tmp_path)
    upstream_port = int(moto_s3.endpoint.rsplit(":", 1)[1])
    proxy = _DroppingProxy(upstream_port)

    async with proxy as proxy_url:
        # Requests go through the proxy; the signature covers the proxy's host and port.
        config = S3Config(
            bucket=bucket,
            region="us-east-1",
            endpoint_url=proxy_url,
            public_base_url=f"{moto_s3.endpoint}/{bucket}",
            path_style=True,
        )
        host = S3MediaHost(http_client, config, moto_s3.credentials)
        with pytest.raises(MediaHostError):
            await host.upload(path, "image/jpeg")
        assert proxy.dropped.is_set()

        url = await host.upload(path, "image/jpeg")

    assert moto_s3.keys(bucket) == [f"ocoya-desktop/{_sha256(path)}.jpg"]
    assert url.endswith(f"/{bucket}/ocoya-desktop/{_sha256(path)}.jpg")


async def test_virtual_host_style_url(tmp_path: Path) -> None:
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200 if request.method == "PUT" else 404)

    config = S3Config(
        bucket="media-bucket",
        region="eu-west-1",
        endpoint_url=None,
        public_base_url="https://cdn.example.test/",
        key_prefix="app/",
    )
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        host = S3MediaHost(client, config, S3Credentials("AKIDEXAMPLE", "secret"))
        url = await host.upload(_write_file(tmp_path), "video/mp4")

    assert seen[0].host == "media-bucket.s3.eu-west-1.amazonaws.com"
    assert seen[0].path.startswith("/app/")
    assert url.startswith("https://cdn.example.test/app/")
    assert url.endswith(".mp4")


async def test_s3_host_satisfies_protocol(moto_s3: MotoS3, http_client: httpx.AsyncClient) -> None:
    host = S3MediaHost(http_client, moto_s3.config("bucket"), moto_s3.credentials)

    assert isinstance(host, MediaHost)
    assert moto_s3.credentials.secret_access_key not in repr(host)
    assert moto_s3.credentials.secret_access_key not in repr(moto_s3.credentials)
