"""A client that closes the connection mid-request gets one INFO line in the log, no traceback.

The tests serve the sandbox with uvicorn on 127.0.0.1 and talk raw HTTP over a socket, so
they can send the headers and half of the body and then close the connection. The server
waits for the rest of the body, so it always reads the disconnect, whatever the timing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
from urllib.parse import urlsplit

import pytest

from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
from ocoya_desktop.sandbox.server import serve_in_thread

from .conftest import FakeClock, context_of

API = "/api/_public/v1"
WAIT_SECONDS = 10.0


def send_half_request(base_url: str, target: str, body: bytes) -> socket.socket:
    """Open a connection to ``base_url`` and send a POST to ``target`` without its last half."""
    parts = urlsplit(base_url)
    assert parts.hostname == "127.0.0.1"
    assert parts.port is not None
    connection = socket.create_connection((parts.hostname, parts.port), timeout=WAIT_SECONDS)
    head = (
        f"POST {target} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{parts.port}\r\n"
        f"X-API-Key: {DEMO_API_KEY}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "\r\n"
    )
    connection.sendall(head.encode("ascii") + body[: len(body) // 2])
    return connection


def problems(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Return the log records at WARNING or above, and every record with a traceback."""
    return [
        f"{record.levelname} {record.name}: {record.getMessage()}"
        for record in caplog.records
        if record.levelno >= logging.WARNING or record.exc_info is not None
    ]


def app_lines(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [
        (record.levelno, record.getMessage())
        for record in caplog.records
        if record.name == "ocoya_desktop.sandbox.app"
    ]


def test_cancel_during_latency_logs_one_line(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    app = create_app(clock=clock)
    workspace_id = next(iter(app.state.store.workspaces))
    app.state.faults.latency_seconds = 10
    latency_started = threading.Event()
    release = threading.Event()

    async def hold_latency(_seconds: float) -> None:
        latency_started.set()
        await asyncio.to_thread(release.wait, WAIT_SECONDS)

    context_of(app).sleep = hold_latency
    body = json.dumps({"caption": "A slow save that the app cancels"}).encode("utf-8")
    target = f"{API}/post?workspaceId={workspace_id}"

    with serve_in_thread(app) as base_url:
        connection = send_half_request(base_url, target, body)
        assert latency_started.wait(WAIT_SECONDS)
        connection.close()
        release.set()
    # Leaving serve_in_thread stops the server after its request tasks have ended.

    assert app_lines(caplog) == [
        (
            logging.INFO,
            f"The client closed the connection before the response to POST {API}/post was sent",
        )
    ]
    assert problems(caplog) == []
    assert latency_started.is_set()


def test_disconnect_outside_api_logs_one_line(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    app = create_app(clock=clock)
    body = json.dumps({"latency_seconds": 10}).encode("utf-8")

    with serve_in_thread(app) as base_url:
        send_half_request(base_url, "/_sandbox/faults", body).close()

    assert app_lines(caplog) == [
        (
            logging.INFO,
            "The client closed the connection before the response to POST /_sandbox/faults "
            "was sent",
        )
    ]
    assert problems(caplog) == []
    assert app.state.faults.latency_seconds == 0
