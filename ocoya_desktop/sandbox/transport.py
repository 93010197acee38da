"""An in-process httpx transport to the sandbox that behaves like a socket when it drops."""

from __future__ import annotations

import httpx
from starlette.types import ASGIApp

from .faults import ConnectionDropped


class SandboxTransport(httpx.AsyncBaseTransport):
    """Send requests straight to the sandbox ASGI app, without a socket (the app's demo mode).

    When the app drops the connection (``ConnectionDropped``), this raises
    ``httpx.RemoteProtocolError``, which is what httpx raises when a real server closes the
    socket without sending a response.
    """

    def __init__(self, app: ASGIApp) -> None:
        self._transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._transport.handle_async_request(request)
        except ConnectionDropped:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from None

    async def aclose(self) -> None:
        await self._transport.aclose()
