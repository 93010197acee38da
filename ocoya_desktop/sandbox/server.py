"""Serve the sandbox over real HTTP with uvicorn, in a background thread or in the foreground."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from .faults import ConnectionDropped

logger = logging.getLogger(__name__)

_STARTUP_TIMEOUT_SECONDS = 30.0
_SHUTDOWN_TIMEOUT_SECONDS = 30.0


class DroppingH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, closing the socket without a response on ``ConnectionDropped``.

    Plain uvicorn sends a 500 response for any exception from the app, which is not what a lost
    connection looks like to the client.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        inner_app = self.app

        async def dropping_app(scope: Scope, receive: Receive, send: Send) -> None:
            try:
                await inner_app(scope, receive, send)
            except ConnectionDropped:
                if self.transport is not None:
                    self.transport.close()
                # One turn of the loop runs connection_lost, which marks the request cycle as
                # disconnected, so uvicorn neither logs an error nor writes a 500.
                await asyncio.sleep(0)

        self.app = dropping_app


def make_config(app: ASGIApp, *, host: str, port: int, **options: Any) -> uvicorn.Config:
    """Return a uvicorn configuration that keeps the app's logging and drops connections."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=DroppingH11Protocol,
        ws="none",
        lifespan="on",
        log_config=None,
        access_log=False,
        **options,
    )


def base_url_of(server: uvicorn.Server, host: str) -> str:
    """Return ``http://host:port`` with the port the started server actually bound."""
    port = server.servers[0].sockets[0].getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    return f"http://{shown_host}:{port}"


class AnnouncingServer(uvicorn.Server):
    """A uvicorn server that calls ``on_started`` with its base URL once it is listening."""

    def __init__(self, config: uvicorn.Config, on_started: Callable[[str], None]) -> None:
        super().__init__(config)
        self._on_started = on_started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            self._on_started(base_url_of(self, self.config.host))


@contextmanager
def serve_in_thread(app: ASGIApp, *, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run ``app`` with uvicorn in a daemon thread and yield its base URL, e.g.
    ``http://127.0.0.1:54321``; port 0 picks a free port. Stops the server on exit.

    uvicorn installs signal handlers only in the main thread, so this leaves them alone.
    """
    ready = threading.Event()
    urls: list[str] = []

    def on_started(base_url: str) -> None:
        urls.append(base_url)
        ready.set()

    def run() -> None:
        try:
            server.run()
        finally:
            # Also set when start-up fails, so the caller stops waiting at once.
            ready.set()

    server = AnnouncingServer(make_config(app, host=host, port=port), on_started)
    thread = threading.Thread(target=run, name="ocoya-sandbox", daemon=True)
    thread.start()

    if not ready.wait(_STARTUP_TIMEOUT_SECONDS) or not urls:
        server.should_exit = True
        thread.join(_SHUTDOWN_TIMEOUT_SECONDS)
        raise RuntimeError(f"The sandbox server did not start on {host}:{port}; see the log.")

    base_url = urls[0]
    logger.info("Sandbox serving at %s", base_url)
    try:
        yield base_url
    finally:
        server.should_exit = True
        thread.join(_SHUTDOWN_TIMEOUT_SECONDS)
        if thread.is_alive():
            logger.warning("The sandbox server at %s did not stop in time", base_url)
        else:
            logger.info("Sandbox at %s stopped", base_url)
