"""Sandbox-only paths under ``/_sandbox``: media hosting, generated files, faults, campaigns.

These are not Ocoya endpoints: they are not rate-limited and fault switches do not touch them.
"""

from __future__ import annotations

import logging
import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from .api_routes import absolute_url
from .context import context_of
from .store import Account
from .validation import ApiError, bad_request, parse_json_object

logger = logging.getLogger(__name__)

MAX_MEDIA_BYTES = 50 * 1024 * 1024
_MEDIA_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def routes() -> list[BaseRoute]:
    return [
        Route("/_sandbox/media/{name}", media, methods=["GET", "HEAD", "PUT", "DELETE"]),
        Route("/_sandbox/files/{path:path}", generated_file, methods=["GET", "HEAD"]),
        Route("/_sandbox/faults", faults, methods=["GET", "POST"]),
        Route("/_sandbox/campaigns/{campaign_id}", campaign, methods=["GET"]),
    ]


def require_account(request: Request) -> Account:
    """Authenticate a sandbox-only request with the same keys and messages as the API."""
    api_key = request.headers.get("x-api-key", "").strip()
    if not api_key:
        raise ApiError(401, "Missing API token.")
    account = context_of(request).store.account_for_key(api_key)
    if account is None:
        raise ApiError(403, "Invalid API token.")
    return account


def _bytes_response(request: Request, data: bytes, content_type: str) -> Response:
    headers = {"Content-Length": str(len(data)), "Cache-Control": "public, max-age=3600"}
    body = b"" if request.method == "HEAD" else data
    return Response(body, media_type=content_type, headers=headers)


async def media(request: Request) -> Response:
    name = request.path_params["name"]
    if not _MEDIA_NAME.fullmatch(name):
        raise bad_request(
            f"Media name {name!r} is invalid; use 1 to 200 letters, digits, dots, dashes or "
            "underscores, starting with a letter or digit."
        )
    store = context_of(request).store

    if request.method in ("GET", "HEAD"):
        with store.lock:
            stored = store.media.get(name)
        if stored is None:
            raise ApiError(404, f"No uploaded media named {name!r}.")
        return _bytes_response(request, stored.data, stored.content_type)

    require_account(request)
    if request.method == "DELETE":
        if not store.delete_media(name):
            raise ApiError(404, f"No uploaded media named {name!r}.")
        logger.info("Deleted uploaded media %s", name)
        return JSONResponse({})

    content_type = request.headers.get("content-type", "").strip()
    if not content_type:
        raise bad_request("The Content-Type header is missing; send the file's MIME type.")
    data = await _read_limited_body(request)
    created = store.put_media(name, content_type, data)
    logger.info("Stored uploaded media %s (%s, %s bytes)", name, content_type, len(data))
    url = absolute_url(request, f"/_sandbox/media/{name}")
    return JSONResponse({"url": url}, status_code=201 if created else 200)


async def _read_limited_body(request: Request) -> bytes:
    too_large = ApiError(
        413,
        f"The upload is larger than {MAX_MEDIA_BYTES // (1024 * 1024)} MB; send a smaller file.",
    )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_MEDIA_BYTES:
        raise too_large

    chunks = bytearray()
    async for chunk in request.stream():
        chunks.extend(chunk)
        if len(chunks) > MAX_MEDIA_BYTES:
            raise too_large
    return bytes(chunks)


async def generated_file(request: Request) -> Response:
    path = request.path_params["path"]
    store = context_of(request).store
    with store.lock:
        image = store.files.get(path)
    if image is None:
        raise ApiError(404, f"No sandbox file at {path!r}.")
    # Imported on the first request for a drawn image, because demo mode starts the sandbox
    # before the main window is shown and Pillow takes about 25 ms to import.
    from .images import render_png

    return _bytes_response(request, render_png(image), "image/png")


async def faults(request: Request) -> Response:
    require_account(request)
    switches = context_of(request).faults
    if request.method == "POST":
        body = parse_json_object(await request.body())
        try:
            switches.update_from_json(body)
        except ValueError as exc:
            raise bad_request(str(exc)) from None
        logger.info("Fault switches are now %s", switches.to_json())
    return JSONResponse(switches.to_json())


async def campaign(request: Request) -> Response:
    """Report a campaign's progress, so tests and demos can see its drafts appear."""
    account = require_account(request)
    campaign_id = request.path_params["campaign_id"]
    store = context_of(request).store
    with store.lock:
        found = store.campaigns.get(campaign_id)
        if found is None or found.workspace_id not in account.workspace_ids:
            raise ApiError(404, f"Campaign {campaign_id!r} was not found.")
        payload = {
            "campaignId": found.id,
            "workspaceId": found.workspace_id,
            "status": found.status,
            "count": found.count,
            "postGroupIds": list(found.post_group_ids),
        }
    return JSONResponse(payload)
