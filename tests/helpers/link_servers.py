"""A raw HTTP server on 127.0.0.1 serving one PNG link whose body misbehaves on purpose.

The sandbox always sends whole files with a Content-Length, so the cases a media link can
meet on the web (a download that stalls, a body with no size that never ends) need this
server. It runs on the running asyncio loop, so GUI tests can use it on their qasync loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
STALLED_FILE_BYTES = 1024 * 1024
"""The size a stalling server declares; it sends only the first chunk of it."""

CHUNK_BYTES = 256 * 1024
MAX_ENDLESS_BYTES = 64 * 1024 * 1024
"""Where an endless body gives up if the client never disconnects, so a bug cannot hang."""


class BodyMode(enum.Enum):
    """How the server responds to a GET."""

    STALL = "stall"
    """Declare `STALLED_FILE_BYTES`, send one chunk, then wait for the client to leave."""
    ENDLESS = "endless"
    """Send no size and stream zeros after the PNG signature until the client leaves."""


@dataclass
class RawImageServer:
    """The link `url` and events that report what the server has done so far."""

    url: str
    body_started: asyncio.Event = field(default_factory=asyncio.Event)
    """Set once a GET's first chunk has been written."""
    client_left: asyncio.Event = field(default_factory=asyncio.Event)
    """Set when sending a body ended, which normally means the client closed the connection."""
    requests: list[str] = field(default_factory=list)
    """Each request's method and path, in arrival order."""


@contextlib.asynccontextmanager
async def serve_raw_image(mode: BodyMode) -> AsyncIterator[RawImageServer]:
    """Serve `/picture.png` on a free port of 127.0.0.1 until the block ends."""
    state: RawImageServer | None = None

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        assert state is not None
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
                state.requests.append(request_line.rsplit(" ", 1)[0])
                if request_line.startswith("HEAD "):
                    writer.write(_head_response(mode))
                    await writer.drain()
                    continue
                await _send_body(mode, state, reader, writer)
                return
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    state = RawImageServer(url=f"http://127.0.0.1:{port}/picture.png")
    async with server:
        yield state


def _head_response(mode: BodyMode) -> bytes:
    if mode is BodyMode.STALL:
        return (
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
            f"Content-Length: {STALLED_FILE_BYTES}\r\n\r\n"
        ).encode("ascii")
    # No size: the link check then reads the first bytes with a ranged GET.
    return b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n"


async def _send_body(
    mode: BodyMode,
    state: RawImageServer,
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
) -> None:
    first_chunk = PNG_SIGNATURE + b"\x00" * (CHUNK_BYTES - len(PNG_SIGNATURE))
    try:
        if mode is BodyMode.STALL:
            await _send_stalled(first_chunk, state, reader, writer)
        else:
            await _send_endless(first_chunk, state, writer)
    finally:
        # A client that closes with unread data resets the connection, so both an end of
        # stream and a ConnectionError mean it left.
        state.client_left.set()


async def _send_stalled(
    first_chunk: bytes,
    state: RawImageServer,
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
) -> None:
    writer.write(
        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
        f"Content-Length: {STALLED_FILE_BYTES}\r\n\r\n".encode("ascii")
    )
    writer.write(first_chunk)
    await writer.drain()
    state.body_started.set()
    await reader.read()  # returns b"" once the client closes the connection


async def _send_endless(
    first_chunk: bytes, state: RawImageServer, writer: asyncio.StreamWriter
) -> None:
    # No Content-Length and no chunked encoding: the body ends when the connection closes.
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n")
    writer.write(first_chunk)
    state.body_started.set()
    sent = len(first_chunk)
    zeros = b"\x00" * CHUNK_BYTES
    while sent < MAX_ENDLESS_BYTES:
        await writer.drain()
        writer.write(zeros)
        sent += CHUNK_BYTES
    await writer.drain()
