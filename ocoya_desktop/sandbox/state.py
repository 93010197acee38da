"""Save the sandbox store to a JSON file and load it back, so a demo keeps its posts.

NOTE: uploaded media is saved inside the JSON as base64, and the whole file is rewritten on each
change. That suits a demo with a few images, not one with many large videos.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import tempfile
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from .store import (
    Account,
    BrandKit,
    Campaign,
    Creative,
    GeneratedImage,
    HashtagLibrary,
    MediaObject,
    PostGroup,
    SandboxStore,
    SocialProfile,
    StudioTemplate,
    Workspace,
)

STATE_VERSION = 1


class StateFileError(Exception):
    """The state file cannot be read as sandbox state."""


def store_to_json(store: SandboxStore) -> dict[str, Any]:
    """Return a JSON-ready snapshot of everything in the store."""
    with store.lock:
        return {
            "version": STATE_VERSION,
            "accounts": [asdict(account) for account in store.accounts.values()],
            "workspaces": [asdict(workspace) for workspace in store.workspaces.values()],
            "socialProfiles": [asdict(profile) for profile in store.social_profiles.values()],
            "brandKits": [asdict(kit) for kit in store.brand_kits.values()],
            "hashtagLibraries": [asdict(lib) for lib in store.hashtag_libraries.values()],
            "studioTemplates": [asdict(t) for t in store.studio_templates.values()],
            "posts": [_post_to_json(post) for post in store.posts.values()],
            "media": [
                {
                    "name": item.name,
                    "content_type": item.content_type,
                    "data": base64.b64encode(item.data).decode("ascii"),
                }
                for item in store.media.values()
            ],
            "files": {path: asdict(image) for path, image in store.files.items()},
            "campaigns": [asdict(campaign) for campaign in store.campaigns.values()],
        }


def _post_to_json(post: PostGroup) -> dict[str, Any]:
    data = asdict(post)
    data["created_at"] = post.created_at.isoformat()
    data["scheduled_at"] = post.scheduled_at.isoformat() if post.scheduled_at else None
    return data


def store_from_json(data: object) -> SandboxStore:
    """Build a store from ``store_to_json`` output; raise ``StateFileError`` when it is invalid."""
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        raise StateFileError(f"The state is not sandbox state version {STATE_VERSION}.")

    # Fresh ids must not repeat ids of posts deleted in an earlier run.
    store = SandboxStore(id_seed=secrets.randbits(64))
    try:
        _fill_store(store, data)
    except (KeyError, TypeError, ValueError) as exc:
        raise StateFileError(f"The state has a missing or invalid entry: {exc!r}.") from exc
    return store


def _fill_store(store: SandboxStore, data: dict[str, Any]) -> None:
    for item in data["accounts"]:
        store.accounts[item["api_key"]] = Account(**item)
    for item in data["workspaces"]:
        store.workspaces[item["id"]] = Workspace(**item)
    for item in data["socialProfiles"]:
        store.social_profiles[item["id"]] = SocialProfile(**item)
    for item in data["brandKits"]:
        store.brand_kits[item["id"]] = BrandKit(**item)
    for item in data["hashtagLibraries"]:
        store.hashtag_libraries[item["id"]] = HashtagLibrary(**item)
    for item in data["studioTemplates"]:
        store.studio_templates[item["id"]] = StudioTemplate(**item)
    for item in data["posts"]:
        post = _post_from_json(item)
        store.posts[post.id] = post
    for item in data["media"]:
        raw = base64.b64decode(item["data"], validate=True)
        store.media[item["name"]] = MediaObject(item["name"], item["content_type"], raw)
    for path, item in data["files"].items():
        store.files[path] = GeneratedImage(**item)
    for item in data["campaigns"]:
        campaign = Campaign(**item)
        if campaign.status == "GENERATING":
            # The generating task died with the previous process.
            campaign.status = "INTERRUPTED"
        store.campaigns[campaign.id] = campaign


def _post_from_json(item: dict[str, Any]) -> PostGroup:
    fields = dict(item)
    fields["created_at"] = _aware(fields["created_at"])
    if fields["scheduled_at"] is not None:
        fields["scheduled_at"] = _aware(fields["scheduled_at"])
    fields["creatives"] = [Creative(**creative) for creative in fields["creatives"]]
    return PostGroup(**fields)


def _aware(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(f"datetime {text!r} has no time zone")
    return value


def save_state(store: SandboxStore, path: Path) -> None:
    """Write the store to ``path`` atomically: readers see the old file or the new one."""
    text = json.dumps(store_to_json(store), ensure_ascii=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_state(path: Path) -> SandboxStore:
    """Read a store saved by ``save_state``; raise ``StateFileError`` naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StateFileError(f"Cannot read sandbox state from {path}: {exc}") from exc
    try:
        return store_from_json(data)
    except StateFileError as exc:
        raise StateFileError(f"{path}: {exc}") from exc
