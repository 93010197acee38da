"""The media host interface and the pieces every host shares.

Ocoya has no upload endpoint: a post names its media by public URL, so a local file must be
stored somewhere public first. Each host stores a file under a key made from the SHA-256 of
its bytes (`<prefix><sha256>.<ext>`). The same file therefore always maps to the same object:
a host checks for the object with HEAD before uploading, and a retry after a lost response
overwrites the object with identical bytes instead of adding a second one.
"""

from __future__ import annotations

import asyncio
import hashlib
import struct
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

UploadProgress = Callable[[int, int], None]
"""Called as `progress(bytes_sent, total_bytes)` while an upload streams."""

CHUNK_SIZE = 256 * 1024
"""Bytes read from disk and handed to the HTTP client per step of a streamed upload."""

_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "video/mp4": ".mp4",
}


class MediaHostError(Exception):
    """A media host operation failed; `message` is written for the user.

    The message names what failed, on which host or bucket, and how to fix it.
    """

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        """The host's own error code when it sent one (for example S3's `NoSuchBucket`)."""


@runtime_checkable
class MediaHost(Protocol):
    """Somewhere local files become public URLs that Ocoya can download."""

    async def upload(
        self, path: Path, content_type: str, *, progress: UploadProgress | None = None
    ) -> str:
        """Store the file at `path` and return its public URL.

        An object with the same content already on the host is reused, not uploaded again.
        Raises `MediaHostError` on failure; cancelling the task stops the transfer and leaves
        no partial object visible.
        """
        ...

    async def delete(self, url: str) -> None:
        """Delete the object behind a URL that `upload` returned."""
        ...

    async def test_connection(self) -> str:
        """Upload and delete a tiny file, returning a message that names what worked."""
        ...


@dataclass(frozen=True, slots=True)
class LocalFile:
    """A file about to be uploaded: its size and the SHA-256 of its bytes, read once."""

    path: Path
    size: int
    sha256: str


def extension_for(content_type: str) -> str:
    """Return the file extension (with the dot) for one of the content types Ocoya accepts.

    Raises `MediaHostError` for any other type, because Ocoya would reject the URL anyway.
    """
    base_type = content_type.split(";", 1)[0].strip().lower()
    try:
        return _EXTENSIONS[base_type]
    except KeyError:
        accepted = ", ".join(sorted(_EXTENSIONS))
        raise MediaHostError(
            f"Cannot upload content of type {content_type!r}: Ocoya accepts only {accepted}. "
            "Convert the file to PNG, JPEG, GIF or MP4 first."
        ) from None


def object_name(prefix: str, sha256: str, content_type: str) -> str:
    """Return the object key `<prefix><sha256>.<ext>` for a file's content."""
    return f"{prefix}{sha256}{extension_for(content_type)}"


def _hash_file(path: Path) -> LocalFile:
    with path.open("rb") as file:
        digest = hashlib.file_digest(file, "sha256").hexdigest()
        size = file.tell()
    return LocalFile(path=path, size=size, sha256=digest)


async def read_local_file(path: Path) -> LocalFile:
    """Hash a file in a worker thread, raising `MediaHostError` if it cannot be read."""
    try:
        return await asyncio.to_thread(_hash_file, path)
    except FileNotFoundError:
        raise MediaHostError(
            f"Cannot upload {path}: the file no longer exists. "
            "It was moved or deleted after it was added; add it again."
        ) from None
    except OSError as error:
        raise MediaHostError(
            f"Cannot upload {path}: reading the file failed ({error.strerror or error}). "
            "Check that the file is readable and add it again."
        ) from error


async def stream_file(
    local_file: LocalFile, progress: UploadProgress | None = None
) -> AsyncIterator[bytes]:
    """Yield the file's bytes in chunks, reading each one in a worker thread.

    `progress` is called after the HTTP client has taken each chunk, so its last call reports
    `(size, size)`. Raises `MediaHostError` if the file changed size while it was read, because
    the request's Content-Length and payload hash would then be wrong.
    """
    total = local_file.size
    sent = 0
    file = await asyncio.to_thread(local_file.path.open, "rb")
    with file:
        while sent < total:
            chunk = await asyncio.to_thread(file.read, min(CHUNK_SIZE, total - sent))
            if not chunk:
                raise MediaHostError(
                    f"Cannot upload {local_file.path}: the file shrank while it was uploaded. "
                    "Wait until the program writing it has finished, then add it again."
                )
            yield chunk
            sent += len(chunk)
            if progress is not None:
                progress(sent, total)


def tiny_png(marker: str) -> bytes:
    """Build a valid 1x1 PNG whose bytes include `marker`, for connection tests.

    The marker (a text chunk) makes each test file's content hash unique, so a test upload
    is never skipped as a duplicate of an earlier one.
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\xff")  # filter byte 0, one white pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00" + marker.encode("ascii"))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )
