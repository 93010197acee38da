"""In-memory state of the sandbox: accounts, workspaces, profiles, posts and hosted files.

One ``threading.RLock`` guards every read and write, because the store is shared between the
uvicorn thread that serves requests and the tests or CLI that inspect and save it. Listeners
registered with ``add_listener`` run after each change, outside the lock.
"""

from __future__ import annotations

import asyncio
import logging
import random
import string
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

logger = logging.getLogger(__name__)

POST_STATUSES = (
    "DRAFT",
    "PENDING_CLIENT_APPROVAL",
    "PENDING_INTERNAL_APPROVAL",
    "SCHEDULED",
    "POSTED",
    "ERROR",
)

_ID_ALPHABET = string.ascii_lowercase + string.digits
ID_LENGTH = 25


@dataclass
class Account:
    """An API key and the user and workspaces it reaches."""

    api_key: str
    user_id: str
    name: str
    email: str
    workspace_ids: list[str]


@dataclass
class Workspace:
    id: str
    name: str


@dataclass
class SocialProfile:
    """A connected profile; ``image`` is a sandbox file path such as ``avatars/<id>.png``."""

    id: str
    workspace_id: str
    provider: str
    name: str
    image: str


@dataclass
class BrandKit:
    id: str
    workspace_id: str
    name: str
    description: str


@dataclass
class HashtagLibrary:
    id: str
    workspace_id: str
    name: str
    hashtags: list[str]


@dataclass
class StudioTemplate:
    """A Studio design; ``thumbnail`` is a sandbox file path such as ``templates/<id>.png``."""

    id: str
    workspace_id: str
    name: str
    thumbnail: str


@dataclass
class Creative:
    """A media item of a post: ``url`` is absolute, or a sandbox file path starting with ``/``."""

    url: str
    type: str


@dataclass
class PostGroup:
    """One logical post sent to several profiles, with the times as aware UTC datetimes."""

    id: str
    workspace_id: str
    status: str
    caption: str
    created_at: datetime
    scheduled_at: datetime | None = None
    creatives: list[Creative] = field(default_factory=list)
    social_profile_ids: list[str] = field(default_factory=list)
    post_type: str = "REGULAR"
    campaign_id: str | None = None


@dataclass
class MediaObject:
    """A file uploaded with ``PUT /_sandbox/media/{name}``."""

    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class GeneratedImage:
    """A PNG drawn on demand from ``text``; ``style`` picks the drawing (see ``images.py``)."""

    style: str
    text: str
    width: int
    height: int


@dataclass
class Campaign:
    """A campaign generated in the background; ``post_group_ids`` grows as drafts appear."""

    id: str
    workspace_id: str
    status: str
    count: int
    post_group_ids: list[str] = field(default_factory=list)


class SandboxStore:
    """All sandbox data, keyed by id, safe to share between threads."""

    def __init__(self, *, id_seed: int = 0) -> None:
        self.lock = threading.RLock()
        self.accounts: dict[str, Account] = {}
        self.workspaces: dict[str, Workspace] = {}
        self.social_profiles: dict[str, SocialProfile] = {}
        self.brand_kits: dict[str, BrandKit] = {}
        self.hashtag_libraries: dict[str, HashtagLibrary] = {}
        self.studio_templates: dict[str, StudioTemplate] = {}
        self.posts: dict[str, PostGroup] = {}
        self.media: dict[str, MediaObject] = {}
        self.files: dict[str, GeneratedImage] = {}
        self.campaigns: dict[str, Campaign] = {}
        self._id_random = random.Random(id_seed)
        self._listeners: list[Callable[[], None]] = []

    # Ids and change notification

    def new_id(self) -> str:
        """Return a fresh 25-character cuid-like id starting with ``c``."""
        with self.lock:
            while True:
                tail = "".join(self._id_random.choices(_ID_ALPHABET, k=ID_LENGTH - 1))
                candidate = "c" + tail
                if not self._id_in_use(candidate):
                    return candidate

    def _id_in_use(self, candidate: str) -> bool:
        return any(
            candidate in table
            for table in (
                self.workspaces,
                self.social_profiles,
                self.brand_kits,
                self.hashtag_libraries,
                self.studio_templates,
                self.posts,
                self.campaigns,
            )
        )

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every change, in the thread that made the change."""
        with self.lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[], None]) -> None:
        with self.lock:
            self._listeners.remove(listener)

    def notify_changed(self) -> None:
        """Run the listeners; every method that changes data calls this after releasing the lock."""
        with self.lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener()

    async def wait_for(self, predicate: Callable[[], bool]) -> None:
        """Wait until ``predicate()`` is true, checking it after every change to the store.

        Works from any event loop, also when the changes happen in another thread.
        """
        loop = asyncio.get_running_loop()
        changed = asyncio.Event()

        def wake() -> None:
            loop.call_soon_threadsafe(changed.set)

        self.add_listener(wake)
        try:
            while True:
                with self.lock:
                    if predicate():
                        return
                await changed.wait()
                changed.clear()
        finally:
            self.remove_listener(wake)

    # Access checks

    def account_for_key(self, api_key: str) -> Account | None:
        with self.lock:
            return self.accounts.get(api_key)

    def can_reach(self, account: Account, workspace_id: str) -> bool:
        with self.lock:
            return workspace_id in self.workspaces and workspace_id in account.workspace_ids

    def profiles_in(self, workspace_id: str) -> list[SocialProfile]:
        with self.lock:
            return [p for p in self.social_profiles.values() if p.workspace_id == workspace_id]

    def brand_kits_in(self, workspace_id: str) -> list[BrandKit]:
        with self.lock:
            return [b for b in self.brand_kits.values() if b.workspace_id == workspace_id]

    def hashtag_libraries_in(self, workspace_id: str) -> list[HashtagLibrary]:
        with self.lock:
            return [h for h in self.hashtag_libraries.values() if h.workspace_id == workspace_id]

    def studio_templates_in(self, workspace_id: str) -> list[StudioTemplate]:
        with self.lock:
            return [t for t in self.studio_templates.values() if t.workspace_id == workspace_id]

    # Posts

    def publish_due_posts(self, now: datetime) -> int:
        """Mark every ``SCHEDULED`` post whose time has come as ``POSTED``; return how many."""
        with self.lock:
            due = [
                post
                for post in self.posts.values()
                if post.status == "SCHEDULED"
                and post.scheduled_at is not None
                and post.scheduled_at <= now
            ]
            for post in due:
                post.status = "POSTED"
        if due:
            logger.debug("Marked %s scheduled posts as posted", len(due))
            self.notify_changed()
        return len(due)

    def add_post(self, post: PostGroup) -> None:
        with self.lock:
            self.posts[post.id] = post
            if post.campaign_id is not None and post.campaign_id in self.campaigns:
                self.campaigns[post.campaign_id].post_group_ids.append(post.id)
        self.notify_changed()

    def posts_in(self, workspace_id: str, statuses: Iterable[str] | None = None) -> list[PostGroup]:
        """Return the workspace's posts, newest created first, optionally filtered by status."""
        status_filter = set(statuses) if statuses is not None else None
        with self.lock:
            # Insertion order breaks ties between equal creation times, newest insertion first.
            ordered = list(self.posts.values())[::-1]
            matching = [
                post
                for post in ordered
                if post.workspace_id == workspace_id
                and (status_filter is None or post.status in status_filter)
            ]
        return sorted(matching, key=lambda post: post.created_at, reverse=True)

    def post_for_account(self, account: Account, post_id: str) -> PostGroup | None:
        """Return the post if it exists in a workspace the account reaches, else ``None``."""
        with self.lock:
            post = self.posts.get(post_id)
            if post is None or post.workspace_id not in account.workspace_ids:
                return None
            return post

    def reschedule_post(self, post_id: str, scheduled_at: datetime) -> None:
        """Move the post to ``scheduled_at``; a draft or failed post with profiles is scheduled."""
        with self.lock:
            post = self.posts[post_id]
            post.scheduled_at = scheduled_at
            if post.status in ("DRAFT", "ERROR") and post.social_profile_ids:
                post.status = "SCHEDULED"
        self.notify_changed()

    def delete_post(self, post_id: str) -> None:
        with self.lock:
            del self.posts[post_id]
        self.notify_changed()

    # Campaigns, media and generated files

    def add_campaign(self, campaign: Campaign) -> None:
        with self.lock:
            self.campaigns[campaign.id] = campaign
        self.notify_changed()

    def finish_campaign(self, campaign_id: str, status: str) -> None:
        with self.lock:
            self.campaigns[campaign_id].status = status
        self.notify_changed()

    def put_media(self, name: str, content_type: str, data: bytes) -> bool:
        """Store an uploaded file under ``name``; return ``True`` when the name is new."""
        with self.lock:
            created = name not in self.media
            self.media[name] = MediaObject(name=name, content_type=content_type, data=data)
        self.notify_changed()
        return created

    def delete_media(self, name: str) -> bool:
        """Remove an uploaded file; return ``False`` when there was none."""
        with self.lock:
            removed = self.media.pop(name, None) is not None
        if removed:
            self.notify_changed()
        return removed

    def add_file(self, path: str, image: GeneratedImage) -> None:
        with self.lock:
            self.files[path] = image
        self.notify_changed()
