"""The async Ocoya client: one method per endpoint over one httpx.AsyncClient."""

from __future__ import annotations

import asyncio
import logging
import random
import ssl
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Self, TypeVar
from urllib.parse import quote

import httpx
import truststore

from ocoya_desktop import __version__

from ._auth import ApiKeyAuth
from ._dates import format_api_datetime
from ._errors import ApiStatusError, InvalidResponseError, NotFoundError
from ._models import (
    BrandKit,
    Campaign,
    ConnectionUrl,
    HashtagLibrary,
    Me,
    PostGroup,
    SocialProfile,
    StudioTemplate,
    Workspace,
    parse_brand_kits,
    parse_campaign,
    parse_connection_url,
    parse_hashtag_libraries,
    parse_me,
    parse_post_group_id,
    parse_post_groups,
    parse_social_profiles,
    parse_studio_templates,
    parse_workspaces,
)
from ._pacing import Backoff, Clock, RateLimitState, Sleep
from ._requests import AiDraftRequest, CampaignRequest
from ._sender import RateLimitWaitListener, RequestSender, RetryPolicy, decode_json

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_BASE_URL = "https://app.ocoya.com/api/_public/v1"
# Generating an AI draft takes up to tens of seconds before the response starts, hence the
# long read timeout; connecting should never take long.
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=90.0, write=30.0, pool=10.0)
# The service silently lowers larger page sizes to this.
MAX_PER_PAGE = 50


class OcoyaClient:
    """An async client for the Ocoya public REST API, used as an async context manager.

    `transport` replaces the network (for tests, or the in-process sandbox); without it the
    client verifies TLS against the operating system's certificate store. `sleep`, `clock`
    and `rng` exist so tests can run pacing and retries without waiting in real time. An API
    key with whitespace or non-ASCII characters raises ValueError.
    """

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.time,
        rng: random.Random | None = None,
        max_retries: int = 3,
        backoff: Backoff | None = None,
        on_rate_limit_wait: RateLimitWaitListener | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url,
            auth=ApiKeyAuth(api_key),
            timeout=timeout or DEFAULT_TIMEOUT,
            transport=transport,
            verify=_tls_context() if transport is None else True,
            headers={
                "Accept": "application/json",
                "User-Agent": f"OcoyaDesktop/{__version__}",
            },
            follow_redirects=False,
        )
        self._sender = RequestSender(
            self._http,
            sleep=sleep,
            clock=clock,
            rng=rng or random.Random(),
            policy=RetryPolicy(max_retries=max_retries, backoff=backoff or Backoff()),
        )
        if on_rate_limit_wait is not None:
            self._sender.add_rate_limit_listener(on_rate_limit_wait)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool; the client cannot be used afterwards."""
        await self._http.aclose()

    @property
    def rate_limit(self) -> RateLimitState | None:
        """The rate-limit headers of the latest response, or None before any arrived.

        Bulk actions read it to estimate how long the remaining requests will take.
        """
        return self._sender.last_rate_limit

    def add_rate_limit_listener(self, listener: RateLimitWaitListener) -> None:
        """Call ``listener(seconds)`` when requests start waiting for the rate-limit window.

        ``seconds`` is the time until the last waiting request resumes; it is 0 once none
        waits any more. Waits come from pacing (no requests left in the window) and from a
        429 response. The listener runs on the event loop and must not block.
        """
        self._sender.add_rate_limit_listener(listener)

    def remove_rate_limit_listener(self, listener: RateLimitWaitListener) -> None:
        """Stop calling a listener added with ``add_rate_limit_listener``."""
        self._sender.remove_rate_limit_listener(listener)

    # Account and workspace data

    async def me(self) -> Me:
        """Return the key's owner; the documented way to check that a key works."""
        return await self._get("/me", parse_me)

    async def workspaces(self) -> list[Workspace]:
        return await self._get("/workspaces", parse_workspaces)

    async def social_profiles(self, workspace_id: str) -> list[SocialProfile]:
        return await self._get("/social-profiles", parse_social_profiles, workspace_id)

    async def brand_kits(self, workspace_id: str) -> list[BrandKit]:
        return await self._get("/brand-kits", parse_brand_kits, workspace_id)

    async def hashtag_libraries(self, workspace_id: str) -> list[HashtagLibrary]:
        return await self._get("/hashtag-libraries", parse_hashtag_libraries, workspace_id)

    async def studio_templates(self, workspace_id: str) -> list[StudioTemplate]:
        return await self._get("/studio-templates", parse_studio_templates, workspace_id)

    async def connection_url(self, workspace_id: str, provider: str) -> ConnectionUrl:
        """Return a browser URL that starts connecting a new profile of `provider`.

        Uses `GET /social-profiles/connection-url`, and the older POST form of the endpoint
        when the service returns 404 or 405 for the GET form.
        """
        path = "/social-profiles/connection-url"
        name = provider.strip().lower()
        get_name = "twitter" if name == "x" else name
        try:
            return await self._get(path, parse_connection_url, workspace_id, provider=get_name)
        except ApiStatusError as error:
            if not isinstance(error, NotFoundError) and error.status_code != 405:
                raise
            logger.info("GET %s returned %s; trying the POST form", path, error.status_code)

        post_name = "x" if name == "twitter" else name
        response = await self._sender.send(
            "POST",
            path,
            params=_workspace_params(workspace_id),
            body={"provider": post_name},
            idempotent=True,
        )
        return _parse(decode_json(response, "POST", path), parse_connection_url, "POST", path)

    # Posts

    async def list_posts(
        self,
        workspace_id: str,
        *,
        statuses: Iterable[str] | None = None,
        page: int = 0,
        per_page: int = MAX_PER_PAGE,
    ) -> list[PostGroup]:
        """Return one page of post groups, newest created first; `page` counts from 0.

        Raises ValueError for a `per_page` above 50: the service would lower it to 50
        without saying so, and a caller paging with the larger size would stop early.
        """
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise ValueError(f"per_page must be from 1 to {MAX_PER_PAGE}, got {per_page}")
        if page < 0:
            raise ValueError(f"page must be 0 or more, got {page}")

        params = _workspace_params(workspace_id)
        for status in statuses or ():
            params = params.add("statuses", str(status))
        params = params.merge({"page": page, "perPage": per_page})
        return await self._get_with_params("/post", parse_post_groups, params)

    async def iter_posts(
        self,
        workspace_id: str,
        *,
        statuses: Iterable[str] | None = None,
        per_page: int = MAX_PER_PAGE,
    ) -> AsyncIterator[PostGroup]:
        """Yield every post group, page after page, until a page shorter than `per_page`.

        A post created while paging shifts the newest-first list, so a group can appear on
        two pages. Each group is yielded once, and paging stops if a full page brings no
        new group (a service that ignores `page` would otherwise loop forever).
        """
        wanted = list(statuses) if statuses is not None else None
        seen: set[str] = set()
        page = 0
        while True:
            groups = await self.list_posts(
                workspace_id, statuses=wanted, page=page, per_page=per_page
            )
            new = [group for group in groups if group.id not in seen]
            for group in new:
                seen.add(group.id)
                yield group
            if len(groups) < per_page or not new:
                return
            page += 1

    async def create_post(
        self,
        workspace_id: str,
        *,
        caption: str | None = None,
        media_urls: Sequence[str] = (),
        social_profile_ids: Sequence[str] = (),
        scheduled_at: datetime | None = None,
    ) -> str:
        """Create a post group and return its id.

        Without `scheduled_at` or without profiles the post is a draft. The request is never
        repeated after a network error, because the first one may have created the post:
        such a failure raises OutcomeUnknownError. A naive `scheduled_at` raises ValueError.
        """
        body: dict[str, object] = {}
        if caption is not None:
            body["caption"] = caption
        if media_urls:
            body["mediaUrls"] = list(media_urls)
        if social_profile_ids:
            body["socialProfileIds"] = list(social_profile_ids)
        if scheduled_at is not None:
            body["scheduledAt"] = format_api_datetime(scheduled_at)
        return await self._post("/post", workspace_id, body, parse_post_group_id)

    async def create_ai_draft(self, workspace_id: str, request: AiDraftRequest) -> str:
        """Generate a caption (and image if requested) as a draft; return its post group id.

        Like `create_post`, this is never repeated after a network error.
        """
        return await self._post("/post/ai", workspace_id, request.to_json(), parse_post_group_id)

    async def reschedule_post(self, post_id: str, scheduled_at: datetime) -> None:
        """Move a post group to `scheduled_at`; a draft with profiles becomes scheduled."""
        body = {"scheduledAt": format_api_datetime(scheduled_at)}
        await self._sender.send("PATCH", _post_path(post_id), body=body, idempotent=True)

    async def delete_post(self, post_id: str) -> None:
        """Delete a post group and cancel its schedule.

        A retry after a lost response may find the post already gone (404), and that counts
        as deleted. A 404 on the first attempt raises NotFoundError.
        """
        await self._sender.send(
            "DELETE", _post_path(post_id), idempotent=True, done_after_retry=frozenset({404})
        )

    async def create_campaign(self, workspace_id: str, request: CampaignRequest) -> Campaign:
        """Start generating a campaign; its posts appear later as drafts."""
        return await self._post("/campaigns", workspace_id, request.to_json(), parse_campaign)

    # Helpers

    async def _get(
        self,
        path: str,
        parse: Callable[[object], T],
        workspace_id: str | None = None,
        **extra: str,
    ) -> T:
        params = (
            _workspace_params(workspace_id) if workspace_id is not None else httpx.QueryParams()
        )
        if extra:
            params = params.merge(extra)
        return await self._get_with_params(path, parse, params)

    async def _get_with_params(
        self, path: str, parse: Callable[[object], T], params: httpx.QueryParams
    ) -> T:
        response = await self._sender.send("GET", path, params=params or None, idempotent=True)
        return _parse(decode_json(response, "GET", path), parse, "GET", path)

    async def _post(
        self, path: str, workspace_id: str, body: dict[str, object], parse: Callable[[object], T]
    ) -> T:
        response = await self._sender.send(
            "POST", path, params=_workspace_params(workspace_id), body=body, idempotent=False
        )
        return _parse(decode_json(response, "POST", path), parse, "POST", path)


def _parse(data: object, parse: Callable[[object], T], method: str, path: str) -> T:
    try:
        return parse(data)
    except InvalidResponseError as error:
        raise InvalidResponseError(
            f"{method} {path} returned an unexpected body: {error}"
        ) from error


def _workspace_params(workspace_id: str) -> httpx.QueryParams:
    return httpx.QueryParams({"workspaceId": workspace_id})


def _post_path(post_id: str) -> str:
    # Quoting every reserved character keeps an id with `/` or `?` inside one path segment.
    return f"/post/{quote(post_id, safe='')}"


def _tls_context() -> ssl.SSLContext:
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
