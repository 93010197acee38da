"""Checks that a pasted or dropped link is media that Ocoya can download.

Ocoya downloads each media URL itself and accepts PNG, JPEG, GIF and MP4 files of at most
5 MB. The check reads the type and size from the server without downloading the file. It
sends a HEAD request, or a GET for the first bytes when the server rejects HEAD or sends no
useful type or size.
"""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass
from posixpath import splitext

import httpx

logger = logging.getLogger(__name__)

MAX_MEDIA_BYTES = 5 * 1024 * 1024
"""Ocoya's limit for one media file."""

MAX_REDIRECTS = 5

ACCEPTED_TYPES = {
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/jpg": "JPEG image",
    "image/gif": "GIF image",
    "video/mp4": "MP4 video",
}

# The sandbox rejects a media URL whose path ends in any other extension (a path with no
# extension passes). NOTE: Ocoya's documentation does not say whether the real service does.
ACCEPTED_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".mp4"}

_GENERIC_TYPES = {"", "application/octet-stream", "binary/octet-stream"}
_HEAD_REJECTED = {403, 405, 501}
_SNIFF_BYTES = 16


class LinkCheckError(Exception):
    """A link cannot be used as post media; `message` explains why and what to do."""

    def __init__(self, url: str, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.url = url
        self.message = message
        self.reason = reason
        """A short machine-readable cause, e.g. `not_found`, `too_big`, `not_media`."""


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """Type and size of a usable media link, as its server reported them.

    `url` is the link as given, which the post uses; `final_url` is where redirects led.
    `size_bytes` is None when the server sent no size.
    """

    url: str
    final_url: str
    content_type: str
    size_bytes: int | None

    @property
    def is_video(self) -> bool:
        """Whether the link is an MP4 video rather than an image."""
        return self.content_type == "video/mp4"


@dataclass(frozen=True, slots=True)
class _Probe:
    final_url: str
    content_type: str
    size_bytes: int | None
    first_bytes: bytes | None


async def check_link(url: str, *, client: httpx.AsyncClient) -> LinkCheck:
    """Check that `url` is a reachable PNG, JPEG, GIF or MP4 of at most 5 MB.

    Raises `LinkCheckError` saying why the link cannot be used.
    """
    url = url.strip()
    _check_scheme(url, url)

    probe = await _probe(url, client, use_head=True)
    if probe.first_bytes is None and (
        probe.content_type in _GENERIC_TYPES or probe.size_bytes is None
    ):
        # HEAD sent no useful type or size, so read them from the first bytes and Content-Range.
        probe = await _probe(url, client, use_head=False)
    content_type = probe.content_type
    if content_type in _GENERIC_TYPES and probe.first_bytes is not None:
        content_type = _sniff(probe.first_bytes) or content_type

    if content_type not in ACCEPTED_TYPES:
        raise LinkCheckError(url, _not_media_message(url, content_type), reason="not_media")
    if probe.size_bytes is not None and probe.size_bytes > MAX_MEDIA_BYTES:
        raise LinkCheckError(
            url,
            f"The file at {url} is too big: {_megabytes(probe.size_bytes)}, and Ocoya accepts "
            f"at most {_megabytes(MAX_MEDIA_BYTES)}. Download it and add the file instead, so "
            "the app can make it smaller.",
            reason="too_big",
        )

    # Checked last, so a web page or a missing file gets its own, clearer message.
    _check_extension(url)

    logger.debug("Link %s is %s, %s bytes", url, content_type, probe.size_bytes)
    return LinkCheck(
        url=url,
        final_url=probe.final_url,
        content_type="image/jpeg" if content_type == "image/jpg" else content_type,
        size_bytes=probe.size_bytes,
    )


async def _probe(
    url: str, client: httpx.AsyncClient, *, use_head: bool, start: str | None = None
) -> _Probe:
    """Follow redirects from `start` (default `url`) with HEAD or a ranged GET.

    `url` is the link as given, named in error messages.
    """
    current = start or url
    for _ in range(MAX_REDIRECTS + 1):
        response, first_bytes = await _send(url, current, client, use_head=use_head)
        if response.is_redirect and "Location" in response.headers:
            current = str(httpx.URL(current).join(response.headers["Location"]))
            _check_scheme(url, current)
            continue
        if use_head and response.status_code in _HEAD_REJECTED:
            logger.debug(
                "HEAD %s rejected with %d; trying a ranged GET", current, response.status_code
            )
            return await _probe(url, client, use_head=False, start=current)
        _check_status(url, response)
        return _Probe(
            final_url=current,
            content_type=_base_type(response.headers.get("Content-Type", "")),
            size_bytes=_size(response),
            first_bytes=first_bytes,
        )
    raise LinkCheckError(
        url,
        f"The link {url} redirects more than {MAX_REDIRECTS} times. Open it in a browser and "
        "copy the address of the image itself.",
        reason="too_many_redirects",
    )


async def _send(
    url: str, current: str, client: httpx.AsyncClient, *, use_head: bool
) -> tuple[httpx.Response, bytes | None]:
    """Send HEAD, or a GET for the first bytes; return the response and those bytes."""
    try:
        if use_head:
            return await client.head(current, follow_redirects=False), None
        # Read only the first bytes, even from a server that ignores Range and sends it all.
        request = client.build_request(
            "GET", current, headers={"Range": f"bytes=0-{_SNIFF_BYTES - 1}"}
        )
        response = await client.send(request, stream=True, follow_redirects=False)
        first = b""
        try:
            async for chunk in response.aiter_bytes():
                first += chunk
                if len(first) >= _SNIFF_BYTES:
                    break
        finally:
            await response.aclose()
        return response, first[:_SNIFF_BYTES]
    except httpx.TimeoutException as error:
        raise LinkCheckError(
            url,
            f"The server for {url} did not answer in time. Check the link and your internet "
            "connection, then try again.",
            reason="timeout",
        ) from error
    except httpx.ConnectError as error:
        if _is_tls_error(error):
            raise LinkCheckError(
                url,
                f"The secure connection to {httpx.URL(current).host} failed ({error}). The "
                "site's certificate is not trusted; use a link from a site with a valid one.",
                reason="tls",
            ) from error
        raise LinkCheckError(
            url,
            f"Could not connect to {httpx.URL(current).host} ({error}). Check the link and "
            "your internet connection.",
            reason="unreachable",
        ) from error
    except httpx.HTTPError as error:
        raise LinkCheckError(
            url,
            f"Reading {url} failed ({error}). Check the link and try again.",
            reason="network",
        ) from error


def _check_scheme(url: str, current: str) -> None:
    scheme = current.partition(":")[0].lower() if ":" in current else ""
    if scheme not in ("http", "https"):
        raise LinkCheckError(
            url,
            f"Cannot use {current} as media: only http and https links can be posted. "
            "Add a local file by dropping it instead.",
            reason="not_http",
        )


def _check_extension(url: str) -> None:
    extension = splitext(httpx.URL(url).path)[1].lower()
    if extension and extension not in ACCEPTED_EXTENSIONS:
        raise LinkCheckError(
            url,
            f"Ocoya rejects media links whose name ends in {extension!r}: {url}. It accepts "
            "names ending in .png, .jpg, .jpeg, .gif or .mp4, or with no extension. Download "
            "the file and add it instead, so the app converts and hosts it.",
            reason="bad_extension",
        )


def _check_status(url: str, response: httpx.Response) -> None:
    if response.status_code in (200, 206):
        return
    if response.status_code in (404, 410):
        raise LinkCheckError(
            url,
            f"Nothing was found at {url} (HTTP {response.status_code}). Check the link.",
            reason="not_found",
        )
    if response.status_code in (401, 403):
        raise LinkCheckError(
            url,
            f"The server refused access to {url} (HTTP {response.status_code}). Ocoya "
            "downloads media without signing in, so use a public link.",
            reason="forbidden",
        )
    raise LinkCheckError(
        url,
        f"The server answered HTTP {response.status_code} for {url}. Check the link or try "
        "again later.",
        reason="http_error",
    )


def _size(response: httpx.Response) -> int | None:
    """Return the whole file's size from Content-Range (ranged GET) or Content-Length."""
    content_range = response.headers.get("Content-Range", "")
    if response.status_code == 206 and "/" in content_range:
        total = content_range.rsplit("/", 1)[1].strip()
        return int(total) if total.isdigit() else None
    length = response.headers.get("Content-Length", "")
    if response.status_code == 200 and length.isdigit():
        return int(length)
    return None


def _sniff(first_bytes: bytes) -> str | None:
    """Recognise the accepted formats by their signature bytes."""
    if first_bytes.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if first_bytes.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if first_bytes.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    # ISO base media files (MP4) start with a box size, then the "ftyp" box type.
    if first_bytes[4:8] == b"ftyp":
        return "video/mp4"
    return None


def _base_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _not_media_message(url: str, content_type: str) -> str:
    if content_type in ("text/html", "application/xhtml+xml"):
        return (
            f"{url} is a web page, not an image or video. Open it in a browser, right-click "
            "the image and copy the image address instead."
        )
    if content_type.startswith(("image/", "video/")):
        return (
            f"{url} is a {content_type} file, which Ocoya does not accept (it takes PNG, "
            "JPEG, GIF and MP4). Download it and add the file instead, so the app converts it."
        )
    sent_type = content_type or "no content type"
    return (
        f"{url} is not an image or video (the server sent {sent_type}). Use a link to a PNG, "
        "JPEG, GIF or MP4 file."
    )


def _is_tls_error(error: BaseException) -> bool:
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return True
        cause = cause.__cause__ or cause.__context__
    return "SSL" in str(error) or "certificate" in str(error).lower()
