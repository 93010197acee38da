"""Loading a workspace: its social profiles, brand kits, libraries, templates and posts.

``WorkspaceLoader`` keeps what it loaded for a minute, so switching back to a recent
workspace shows the earlier data at once while a refresh runs.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from ocoya_desktop.api import (
    BrandKit,
    HashtagLibrary,
    OcoyaClient,
    PostGroup,
    SocialProfile,
    StudioTemplate,
    Workspace,
)

_log = logging.getLogger(__name__)

POSTS_PER_PAGE = 50
"""Posts per page of the schedule; 50 is the most Ocoya returns per request."""

CACHE_MAX_AGE_SECONDS = 60.0


@dataclass(frozen=True)
class PostsPage:
    """One page of post groups, zero-based like Ocoya's ``page`` parameter."""

    workspace_id: str
    page: int
    posts: tuple[PostGroup, ...]
    statuses: tuple[str, ...] | None = None

    @property
    def is_last(self) -> bool:
        """Whether no later page exists: Ocoya sends no total, and a short page is the last."""
        return len(self.posts) < POSTS_PER_PAGE


@dataclass(frozen=True)
class WorkspaceData:
    """Everything the main window shows for one workspace."""

    workspace_id: str
    social_profiles: tuple[SocialProfile, ...]
    brand_kits: tuple[BrandKit, ...]
    hashtag_libraries: tuple[HashtagLibrary, ...]
    studio_templates: tuple[StudioTemplate, ...]
    first_page: PostsPage


async def list_workspaces(client: OcoyaClient) -> tuple[Workspace, ...]:
    """Return the workspaces the API key can reach."""
    return tuple(await client.workspaces())


async def load_posts_page(
    client: OcoyaClient,
    workspace_id: str,
    page: int,
    *,
    statuses: Sequence[str] | None = None,
) -> PostsPage:
    """Fetch one page of the workspace's post groups, newest first."""
    posts = await client.list_posts(
        workspace_id, statuses=statuses, page=page, per_page=POSTS_PER_PAGE
    )
    chosen = tuple(statuses) if statuses else None
    return PostsPage(workspace_id, page, tuple(posts), chosen)


async def load_workspace(client: OcoyaClient, workspace_id: str) -> WorkspaceData:
    """Fetch the workspace's lists and its first page of posts concurrently.

    If any request fails, the others are cancelled and the first error is raised.
    """
    try:
        async with asyncio.TaskGroup() as group:
            profiles = group.create_task(client.social_profiles(workspace_id))
            brand_kits = group.create_task(client.brand_kits(workspace_id))
            libraries = group.create_task(client.hashtag_libraries(workspace_id))
            templates = group.create_task(client.studio_templates(workspace_id))
            first_page = group.create_task(load_posts_page(client, workspace_id, 0))
    except ExceptionGroup as group_error:
        # Callers handle one api error, not a group; the first one is the cause to show.
        raise group_error.exceptions[0] from None

    data = WorkspaceData(
        workspace_id=workspace_id,
        social_profiles=tuple(profiles.result()),
        brand_kits=tuple(brand_kits.result()),
        hashtag_libraries=tuple(libraries.result()),
        studio_templates=tuple(templates.result()),
        first_page=first_page.result(),
    )
    _log.info(
        "Loaded workspace %s: %d profiles, %d posts on the first page",
        workspace_id,
        len(data.social_profiles),
        len(data.first_page.posts),
    )
    return data


class WorkspaceLoader:
    """Load workspaces and remember each result for ``max_age_seconds``."""

    def __init__(
        self,
        client: OcoyaClient,
        *,
        max_age_seconds: float = CACHE_MAX_AGE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._max_age = max_age_seconds
        self._clock = clock
        self._cache: dict[str, tuple[float, WorkspaceData]] = {}

    @property
    def client(self) -> OcoyaClient:
        """The client every request of this loader goes through."""
        return self._client

    def cached(self, workspace_id: str) -> WorkspaceData | None:
        """Return the data loaded for ``workspace_id`` in the last minute, or None."""
        entry = self._cache.get(workspace_id)
        if entry is None:
            return None
        loaded_at, data = entry
        if self._clock() - loaded_at > self._max_age:
            del self._cache[workspace_id]
            return None
        return data

    async def load(self, workspace_id: str) -> WorkspaceData:
        """Fetch the workspace from Ocoya and remember the result."""
        data = await load_workspace(self._client, workspace_id)
        self._cache[workspace_id] = (self._clock(), data)
        return data

    async def load_page(
        self, workspace_id: str, page: int, *, statuses: Sequence[str] | None = None
    ) -> PostsPage:
        """Fetch a later page of the workspace's posts (not cached)."""
        return await load_posts_page(self._client, workspace_id, page, statuses=statuses)

    def forget(self, workspace_id: str | None = None) -> None:
        """Drop the remembered data for one workspace, or for all when None."""
        if workspace_id is None:
            self._cache.clear()
        else:
            self._cache.pop(workspace_id, None)


class ImageFetchError(Exception):
    """An avatar or thumbnail could not be downloaded; the message names the URL and why."""


MAX_IMAGE_BYTES = 2 * 1024 * 1024
"""Largest avatar accepted; a profile picture is far smaller, so more means a wrong URL."""


class ImageCache:
    """Download small images (profile avatars) once and keep them in a cache folder.

    The file name is the SHA-256 of the URL, so the same URL is never downloaded twice, even
    across restarts.
    """

    def __init__(self, http: httpx.AsyncClient, cache_dir: Path) -> None:
        self._http = http
        self._dir = cache_dir

    async def fetch(self, url: str) -> bytes:
        """Return the image bytes at ``url``, from the cache folder when already there."""
        path = self._dir / hashlib.sha256(url.encode("utf-8")).hexdigest()
        cached = await asyncio.to_thread(_read_if_exists, path)
        if cached is not None:
            return cached

        data = await self._download(url)
        await asyncio.to_thread(_write_atomically, path, data)
        return data

    async def _download(self, url: str) -> bytes:
        if not url.startswith(("http://", "https://")):
            raise ImageFetchError(f"image URL {url!r} is not http(s)")
        try:
            response = await self._http.get(url, follow_redirects=True)
        except httpx.HTTPError as error:
            raise ImageFetchError(f"downloading {url} failed: {error}") from error

        if response.status_code != httpx.codes.OK:
            raise ImageFetchError(f"downloading {url} failed: HTTP {response.status_code}")
        if len(response.content) > MAX_IMAGE_BYTES:
            size = len(response.content)
            raise ImageFetchError(f"image {url} is {size} bytes, over {MAX_IMAGE_BYTES}")
        return response.content


def _read_if_exists(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(path)
