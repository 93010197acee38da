"""Link checks against small test servers: an in-process Starlette app and raw sockets."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from PIL import Image
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ocoya_desktop.media_hosts import MAX_MEDIA_BYTES, LinkCheckError, check_link

BASE = "http://media.test"


def _jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    return buffer.getvalue()


JPEG = _jpeg_bytes()
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100
SIX_MEGABYTES = b"\x00" * (6 * 1024 * 1024)


def _ranged(request: Request, body: bytes, content_type: str) -> Response:
    """Respond to a `Range: bytes=0-N` GET with 206 and the total in Content-Range."""
    range_header = request.headers.get("range", "")
    if not range_header.startswith("bytes=0-"):
        return Response(body, media_type=content_type)
    end = min(int(range_header.removeprefix("bytes=0-")), len(body) - 1)
    return Response(
        body[: end + 1],
        status_code=206,
        media_type=content_type,
        headers={"Content-Range": f"bytes 0-{end}/{len(body)}"},
    )


async def photo(request: Request) -> Response:
    return Response(JPEG, media_type="image/jpeg")


async def page(request: Request) -> Response:
    return Response("<html><body><img src='/photo.jpg'></body></html>", media_type="text/html")


async def big_video(request: Request) -> Response:
    return Response(SIX_MEGABYTES, media_type="video/mp4")


async def webp_image(request: Request) -> Response:
    return Response(b"RIFF\x00\x00\x00\x00WEBPVP8 ", media_type="image/webp")


async def missing(request: Request) -> Response:
    return Response("not here", status_code=404)


async def no_head_clip(request: Request) -> Response:
    if request.method == "HEAD":
        return Response(status_code=405)
    return _ranged(request, MP4_HEAD, "video/mp4")


async def no_head_no_range(request: Request) -> Response:
    # Rejects HEAD and ignores Range, sending the whole 6 MB file.
    if request.method == "HEAD":
        return Response(status_code=405)
    return Response(SIX_MEGABYTES, media_type="image/png")


async def generic_png(request: Request) -> Response:
    return _ranged(request, PNG_SIGNATURE, "application/octet-stream")


async def generic_text(request: Request) -> Response:
    return _ranged(request, b"just some plain text, nothing else", "application/octet-stream")


async def redirect(request: Request) -> Response:
    return RedirectResponse("/photo.jpg", status_code=302)


async def redirect_loop(request: Request) -> Response:
    return RedirectResponse("/loop", status_code=302)


async def redirect_to_ftp(request: Request) -> Response:
    return RedirectResponse("ftp://files.test/photo.jpg", status_code=302)


app = Starlette(
    routes=[
        Route("/photo.jpg", photo),
        Route("/picture.webp", photo),
        Route("/page.html", page),
        Route("/big.mp4", big_video),
        Route("/webp-image", webp_image),
        Route("/missing.png", missing),
        Route("/clip", no_head_clip, methods=["GET", "HEAD"]),
        Route("/whole", no_head_no_range, methods=["GET", "HEAD"]),
        Route("/generic", generic_png),
        Route("/generic-text", generic_text),
        Route("/redirect", redirect),
        Route("/loop", redirect_loop),
        Route("/to-ftp", redirect_to_ftp),
    ]
)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as client:
        yield client


async def _failure(url: str, client: httpx.AsyncClient) -> LinkCheckError:
    with pytest.raises(LinkCheckError) as raised:
        await check_link(url, client=client)
    return raised.value


async def test_image_link_passes(client: httpx.AsyncClient) -> None:
    result = await check_link(f"{BASE}/photo.jpg", client=client)

    assert result.content_type == "image/jpeg"
    assert result.size_bytes == len(JPEG)
    assert result.url == f"{BASE}/photo.jpg"
    assert not result.is_video


async def test_html_page_rejected(client: httpx.AsyncClient) -> None:
    error = await _failure(f"{BASE}/page.html", client)

    assert error.reason == "not_media"
    assert "is a web page" in error.message
    assert error.url == f"{BASE}/page.html"


async def test_big_file_rejected_with_size(client: httpx.AsyncClient) -> None:
    error = await _failure(f"{BASE}/big.mp4", client)

    assert error.reason == "too_big"
    assert "6.0 MB" in error.message
    assert "5.0 MB" in error.message


async def test_unaccepted_image_type_rejected(client: httpx.AsyncClient) -> None:
    error = await _failure(f"{BASE}/webp-image", client)

    assert error.reason == "not_media"
    assert "image/webp" in error.message


async def test_missing_file_rejected(client: httpx.AsyncClient) -> None:
    error = await _failure(f"{BASE}/missing.png", client)

    assert error.reason == "not_found"
    assert "HTTP 404" in error.message


async def test_head_rejected_falls_back_to_ranged_get(client: httpx.AsyncClient) -> None:
    result = await check_link(f"{BASE}/clip", client=client)

    assert result.content_type == "video/mp4"
    assert result.size_bytes == len(MP4_HEAD)
    assert result.is_video


async def test_get_without_range_support_still_sized(client: httpx.AsyncClient) -> None:
    error = await _failure(f"{BASE}/whole", client)

    assert error.reason == "too_big"
    assert "6.0 MB" in error.message


async def test_generic_type_sniffed_from_bytes(client: httpx.AsyncClient) -> None:
    result = await check_link(f"{BASE}/generic", client=client)

    assert result.content_type == "image/png"
    assert result.size_bytes == len(PNG_SIGNATURE)


async def test_generic_type_with_unknown_bytes(client: httpx.AsyncClient) -> None:
    error = await _failure(f"{BASE}/generic-text", client)

    assert error.reason == "not_media"
    assert "application/octet-stream" in error.message


async def test_redirect_followed(client: httpx.AsyncClient) -> None:
    result = await check_link(f"{BASE}/redirect", client=client)

    assert result.url == f"{BASE}/redirect"
    assert result.final_url == f"{BASE}/photo.jpg"
    assert result.content_type == "image/jpeg"


async def test_redirect_loop_stops(client: httpx.AsyncClient) -> None:
    error = await _failure(f"{BASE}/loop", client)

    assert error.reason == "too_many_redirects"


async def test_redirect_to_other_scheme_rejected(client: httpx.AsyncClient) -> None:
    error = await _failure(f"{BASE}/to-ftp", client)

    assert error.reason == "not_http"
    assert "ftp://files.test/photo.jpg" in error.message


@pytest.mark.parametrize("url", ["ftp://files.test/a.jpg", "file:///home/me/a.jpg", "a.jpg"])
async def test_non_http_link_rejected(url: str, client: httpx.AsyncClient) -> None:
    error = await _failure(url, client)

    assert error.reason == "not_http"
    assert "only http and https" in error.message


async def test_unaccepted_extension_rejected(client: httpx.AsyncClient) -> None:
    error = await _failure(f"{BASE}/picture.webp", client)

    assert error.reason == "bad_extension"
    assert "'.webp'" in error.message


def test_limit_is_five_megabytes() -> None:
    assert MAX_MEDIA_BYTES == 5 * 1024 * 1024


async def _serve_once(
    handle: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]],
    url_path: str,
    *,
    scheme: str,
    client_timeout: float,
) -> LinkCheckError:
    """Run `check_link` against a raw TCP server on 127.0.0.1 that runs `handle` once."""
    handled = asyncio.Event()

    async def handle_and_close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await handle(reader, writer)
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
            handled.set()

    server = await asyncio.start_server(handle_and_close, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server, httpx.AsyncClient(timeout=httpx.Timeout(client_timeout)) as client:
        error = await _failure(f"{scheme}://127.0.0.1:{port}{url_path}", client)
    await handled.wait()
    return error


async def test_silent_server_times_out() -> None:
    async def never_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # returns once the client gives up and disconnects

    error = await _serve_once(never_answer, "/photo.jpg", scheme="http", client_timeout=0.2)

    assert error.reason == "timeout"
    assert "did not answer in time" in error.message


async def test_tls_failure_reported() -> None:
    async def plain_http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1024)  # the TLS client hello, which gets a plain-text response
        writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()

    error = await _serve_once(plain_http, "/photo.jpg", scheme="https", client_timeout=5.0)

    assert error.reason == "tls"
    assert "secure connection to 127.0.0.1 failed" in error.message
