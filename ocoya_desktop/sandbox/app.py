"""The sandbox ASGI app: Ocoya's public API paths plus sandbox-only helpers under ``/_sandbox``."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import api_routes, sandbox_routes
from .context import SandboxContext
from .faults import Faults
from .ratelimit import FixedWindowRateLimiter, RateDecision
from .seed import build_demo_store
from .store import SandboxStore
from .validation import ApiError

logger = logging.getLogger(__name__)

API_PREFIX = "/api/_public/v1"

_HTML_500_PAGE = (
    "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>"
    "<body><h1>Internal Server Error</h1><p>The sandbox failed this request on purpose "
    "because the fault switch html_500 is on.</p></body></html>"
)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(
    *,
    store: SandboxStore | None = None,
    faults: Faults | None = None,
    clock: Callable[[], datetime] | None = None,
    rate_limit: int = 60,
    rate_window_seconds: float = 60.0,
    ai_delay_seconds: float = 0.0,
) -> Starlette:
    """Build the sandbox app.

    Without ``store`` it is seeded with the demo data relative to ``clock()``. ``clock`` returns
    an aware UTC datetime and drives scheduling, publishing and rate-limit windows.
    ``ai_delay_seconds`` is how long ``POST /post/ai`` takes; each campaign draft takes a
    quarter of it. ``app.state.store`` and ``app.state.faults`` are live: changing them changes
    how the running app behaves.
    """
    clock = clock or _utc_now
    context = SandboxContext(
        store=store if store is not None else build_demo_store(clock()),
        faults=faults if faults is not None else Faults(),
        clock=clock,
        limiter=FixedWindowRateLimiter(rate_limit, rate_window_seconds),
        ai_delay_seconds=ai_delay_seconds,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await context.cancel_background()

    app = Starlette(
        routes=[*api_routes.routes(API_PREFIX), *sandbox_routes.routes()],
        middleware=[
            Middleware(_ClientDisconnectMiddleware),
            Middleware(_RequestLogMiddleware),
            Middleware(_OcoyaApiMiddleware, context=context),
        ],
        exception_handlers={
            ApiError: _api_error_response,
            HTTPException: _http_exception_response,
        },
        lifespan=lifespan,
    )
    app.state.context = context
    app.state.store = context.store
    app.state.faults = context.faults
    return app


async def _api_error_response(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return JSONResponse({"message": exc.message}, status_code=exc.status)


async def _http_exception_response(request: Request, exc: Exception) -> Response:
    """Render Starlette's own 404 and 405 as a JSON message, like every other error."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        message = f"No endpoint at {request.url.path}; check the path."
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        message = f"{request.method} is not allowed on {request.url.path}; use one of: {allowed}."
    else:
        message = exc.detail
    return JSONResponse({"message": message}, status_code=exc.status_code, headers=exc.headers)


class _ClientDisconnectMiddleware:
    """End a request whose client closed the connection with one INFO line, not an error.

    Starlette raises ``ClientDisconnect`` when a route reads the body of such a request, as
    happens when the app cancels a save during the ``latency_seconds`` fault. Nothing can reach
    that client any more, so the request ends here without a response. Left to uvicorn, the
    exception is logged as an error with a long traceback although the sandbox works on.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        except ClientDisconnect:
            logger.info(
                "The client closed the connection before the response to %s %s was sent",
                scope["method"],
                scope["path"],
            )


class _RequestLogMiddleware:
    """Log one line per request at INFO: method, path and status (never headers or keys)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def logging_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                logger.info("%s %s -> %s", scope["method"], scope["path"], message["status"])
            await send(message)

        await self.app(scope, receive, logging_send)


class _OcoyaApiMiddleware:
    """Apply what every Ocoya API request goes through: faults, rate limit and authentication.

    Paths outside the API prefix pass untouched, so ``/_sandbox/faults`` stays reachable
    while faults are on.
    """

    def __init__(self, app: ASGIApp, context: SandboxContext) -> None:
        self.app = app
        self.context = context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return

        faults = self.context.faults
        if faults.latency_seconds > 0:
            await self.context.sleep(faults.latency_seconds)

        decision = self._rate_decision(scope)
        rate_headers = decision.headers()
        early = self._early_response(scope, decision)
        if early is not None:
            early.headers.update(rate_headers)
            await early(scope, receive, send)
            return

        add_headers = _HeaderAddingSend(send, rate_headers)
        if faults.malformed_json and scope["method"] == "GET":
            await self.app(scope, receive, _TruncatingSend(add_headers))
        else:
            await self.app(scope, receive, add_headers)

    def _rate_decision(self, scope: Scope) -> RateDecision:
        now_epoch = self.context.clock().timestamp()
        if self.context.faults.force_429:
            return self.context.limiter.exhausted(now_epoch)
        # Requests without a key share one bucket; each presented key, valid or not, has its own.
        return self.context.limiter.hit(_api_key(scope) or "", now_epoch)

    def _early_response(self, scope: Scope, decision: RateDecision) -> Response | None:
        """Return the response that ends the request before routing, or ``None`` to go on."""
        if not decision.allowed:
            return JSONResponse({"message": "You've exceeded the request limit."}, 429)

        api_key = _api_key(scope)
        if not api_key:
            return JSONResponse({"message": "Missing API token."}, 401)
        account = self.context.store.account_for_key(api_key)
        if account is None:
            return JSONResponse({"message": "Invalid API token."}, 403)
        scope.setdefault("state", {})["account"] = account

        faults = self.context.faults
        if faults.html_500:
            return HTMLResponse(_HTML_500_PAGE, 500)
        if faults.error_rate > 0 and self.context.fault_random.chance(faults) < faults.error_rate:
            return JSONResponse(
                {"message": "Internal server error (sandbox fault switch error_rate)."}, 500
            )
        return None


def _api_key(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"x-api-key":
            return str(value.decode("latin-1")).strip()
    return None


class _HeaderAddingSend:
    def __init__(self, send: Send, headers: dict[str, str]) -> None:
        self._send = send
        self._raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *self._raw]}
        await self._send(message)


class _TruncatingSend:
    """Cut successful JSON bodies in half, for the ``malformed_json`` fault."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self._start: Message | None = None
        self._body = bytearray()

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            if message["status"] != 200:
                self._start = None
                await self._send(message)
                return
            self._start = message
            return

        if self._start is None or message["type"] != "http.response.body":
            await self._send(message)
            return

        self._body.extend(message.get("body", b""))
        if message.get("more_body", False):
            return

        body = bytes(self._body[: max(1, len(self._body) // 2)])
        headers = [(k, v) for k, v in self._start.get("headers", []) if k != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode("latin-1")))
        await self._send({**self._start, "headers": headers})
        await self._send({"type": "http.response.body", "body": body})
