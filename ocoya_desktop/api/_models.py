"""Frozen models of what the Ocoya service returns, and their tolerant parsers.

Parsers ignore unknown fields, accept missing optional ones, and keep status and provider
values they do not know as plain strings. A body of the wrong shape raises
InvalidResponseError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ._json import JsonObject, parse_list

__all__ = [
    "BrandKit",
    "Campaign",
    "ConnectionUrl",
    "Creative",
    "HashtagLibrary",
    "Me",
    "Post",
    "PostGroup",
    "PostStatus",
    "SocialProfile",
    "StudioTemplate",
    "Workspace",
]


class PostStatus(StrEnum):
    """Post group statuses the service documents; `PostGroup.status` may hold others."""

    DRAFT = "DRAFT"
    PENDING_CLIENT_APPROVAL = "PENDING_CLIENT_APPROVAL"
    PENDING_INTERNAL_APPROVAL = "PENDING_INTERNAL_APPROVAL"
    SCHEDULED = "SCHEDULED"
    POSTED = "POSTED"
    ERROR = "ERROR"


@dataclass(frozen=True, slots=True)
class Me:
    """The owner of the API key."""

    id: str
    name: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class Workspace:
    """A workspace the API key can reach."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class SocialProfile:
    """A connected social-media account; `provider` is lower-case, e.g. "instagram"."""

    id: str
    provider: str
    name: str
    image: str | None


@dataclass(frozen=True, slots=True)
class BrandKit:
    """A brand kit; `description` is its brand voice when the service sends one."""

    id: str
    name: str
    description: str | None


@dataclass(frozen=True, slots=True)
class HashtagLibrary:
    """A saved set of hashtags, each with its leading `#`."""

    id: str
    name: str
    hashtags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StudioTemplate:
    """A Studio design usable as a visual reference for AI images."""

    id: str
    name: str
    thumbnail_url: str | None


@dataclass(frozen=True, slots=True)
class Creative:
    """One media item of a post; `type` is "IMAGE" or "VIDEO" (others kept as sent)."""

    url: str
    type: str


@dataclass(frozen=True, slots=True)
class Post:
    """The content of a post group for one provider ("GENERAL" for all of them)."""

    provider: str
    caption: str | None
    creatives: tuple[Creative, ...]


@dataclass(frozen=True, slots=True)
class PostGroup:
    """One logical post sent to several social profiles.

    `status` is usually a `PostStatus` value; `scheduled_at` is an aware UTC datetime.
    """

    id: str
    post_type: str
    status: str
    scheduled_at: datetime | None
    posts: tuple[Post, ...]
    social_profiles: tuple[SocialProfile, ...]


@dataclass(frozen=True, slots=True)
class ConnectionUrl:
    """A browser URL that starts connecting a new social profile.

    Only `url` is always present: the older form of the endpoint returns nothing else.
    """

    url: str
    provider: str | None
    auth_provider: str | None
    instructions: str | None


@dataclass(frozen=True, slots=True)
class Campaign:
    """A campaign whose posts the service generates in the background as drafts."""

    id: str
    status: str
    queued: bool


def parse_me(data: object) -> Me:
    obj = JsonObject(data, "me")
    return Me(
        id=obj.required_str("id"), name=obj.optional_str("name"), email=obj.optional_str("email")
    )


def parse_workspaces(data: object) -> list[Workspace]:
    return parse_list(data, "workspaces", _parse_workspace)


def parse_social_profiles(data: object) -> list[SocialProfile]:
    return parse_list(data, "social profiles", _parse_social_profile)


def parse_brand_kits(data: object) -> list[BrandKit]:
    return parse_list(data, "brand kits", _parse_brand_kit)


def parse_hashtag_libraries(data: object) -> list[HashtagLibrary]:
    return parse_list(data, "hashtag libraries", _parse_hashtag_library)


def parse_studio_templates(data: object) -> list[StudioTemplate]:
    return parse_list(data, "studio templates", _parse_studio_template)


def parse_post_groups(data: object) -> list[PostGroup]:
    return parse_list(data, "posts", _parse_post_group)


def parse_post_group_id(data: object) -> str:
    return JsonObject(data, "created post").required_str("postGroupId")


def parse_connection_url(data: object) -> ConnectionUrl:
    """Parse either form: `{"authUrl", "provider", ...}` from GET or `{"url"}` from POST."""
    obj = JsonObject(data, "connection URL")
    url = obj.required_str("authUrl") if "authUrl" in obj else obj.required_str("url")
    return ConnectionUrl(
        url=url,
        provider=obj.optional_str("provider"),
        auth_provider=obj.optional_str("authProvider"),
        instructions=obj.optional_str("instructions"),
    )


def parse_campaign(data: object) -> Campaign:
    obj = JsonObject(data, "campaign")
    return Campaign(
        id=obj.required_str("campaignId"),
        status=obj.optional_str("status") or "",
        queued=bool(obj.optional_bool("queued")),
    )


def _parse_workspace(obj: JsonObject) -> Workspace:
    return Workspace(id=obj.required_str("id"), name=obj.optional_str("name") or "")


def _parse_social_profile(obj: JsonObject) -> SocialProfile:
    return SocialProfile(
        id=obj.required_str("id"),
        provider=obj.optional_str("provider") or "",
        name=obj.optional_str("name") or "",
        image=obj.optional_str("image"),
    )


def _parse_brand_kit(obj: JsonObject) -> BrandKit:
    return BrandKit(
        id=obj.required_str("id"),
        name=obj.optional_str("name") or "",
        description=obj.optional_str("description"),
    )


def _parse_hashtag_library(obj: JsonObject) -> HashtagLibrary:
    return HashtagLibrary(
        id=obj.required_str("id"),
        name=obj.optional_str("name") or "",
        hashtags=obj.str_tuple("hashtags"),
    )


def _parse_studio_template(obj: JsonObject) -> StudioTemplate:
    return StudioTemplate(
        id=obj.required_str("id"),
        name=obj.optional_str("name") or "",
        thumbnail_url=obj.optional_str("thumbnailUrl"),
    )


def _parse_post_group(obj: JsonObject) -> PostGroup:
    return PostGroup(
        id=obj.required_str("id"),
        post_type=obj.optional_str("postType") or "",
        status=obj.optional_str("status") or "",
        scheduled_at=obj.optional_datetime("scheduledAt"),
        posts=obj.object_list("posts", _parse_post),
        social_profiles=obj.object_list("socialProfiles", _parse_linked_profile),
    )


def _parse_post(obj: JsonObject) -> Post:
    return Post(
        provider=obj.optional_str("provider") or "",
        caption=obj.optional_str("caption"),
        creatives=obj.object_list("creatives", _parse_creative),
    )


def _parse_creative(obj: JsonObject) -> Creative:
    return Creative(url=obj.required_str("url"), type=obj.optional_str("type") or "")


def _parse_linked_profile(obj: JsonObject) -> SocialProfile:
    # A post group lists its profiles wrapped as {"socialProfile": {...}}; a bare profile
    # object is accepted too.
    inner = obj.child("socialProfile")
    return _parse_social_profile(inner if inner is not None else obj)
