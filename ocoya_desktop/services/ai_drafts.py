"""AI drafts and campaigns: build the requests, find the results, send the user's version (no Qt).

Ocoya's public API can change nothing of a post but its ``scheduledAt``. So an AI draft the
user schedules unchanged is rescheduled in place (``PATCH``). An edited one is created anew
with the user's caption, media and profiles (``POST``), and the server's AI draft is then
deleted (``DELETE``), so no stray drafts pile up. ``AiDraftOrigin`` remembers what the server
generated, which is what "unchanged" is measured against.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from ocoya_desktop.api import (
    AiDraftRequest,
    Campaign,
    CampaignRequest,
    NotFoundError,
    OcoyaClient,
    OcoyaError,
    PostGroup,
    PostLength,
    PostStatus,
    Tone,
    utf16_length,
)
from ocoya_desktop.services.compose import (
    Composition,
    SendResult,
    validate_composition,
)
from ocoya_desktop.services.delivery import deliver

logger = logging.getLogger(__name__)

MIN_PROMPT_LENGTH = 10
"""Shortest prompt ``POST /post/ai`` accepts, in UTF-16 code units after trimming whitespace."""

PROMPT_HISTORY_SIZE = 20
"""How many recent prompts the prompt history keeps."""

FIND_ATTEMPTS = 4
FIND_RETRY_SECONDS = 1.0
"""Reads of the post list, and seconds between them, while looking for a new AI draft."""

CAMPAIGN_POLL_SECONDS = 2.0
CAMPAIGN_TIMEOUT_SECONDS = 300.0

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


# --- choices and requests ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AiDraftChoices:
    """The options chosen in the AI panel, apart from the target profiles.

    ``reference_urls`` and ``reference_design_ids`` (Studio template ids) guide the generated
    image, so they are kept here but sent only when ``generate_image`` is set.
    """

    prompt: str
    tone: str = Tone.PROFESSIONAL.value
    length: str = PostLength.MEDIUM.value
    brand_id: str | None = None
    hashtag_library_id: str | None = None
    generate_image: bool = False
    reference_urls: tuple[str, ...] = ()
    reference_design_ids: tuple[str, ...] = ()

    def to_settings(self) -> dict[str, Any]:
        """Return the choices to remember for a workspace, without the prompt."""
        return {
            "tone": self.tone,
            "length": self.length,
            "brand_id": self.brand_id,
            "hashtag_library_id": self.hashtag_library_id,
            "generate_image": self.generate_image,
            "reference_urls": list(self.reference_urls),
            "reference_design_ids": list(self.reference_design_ids),
        }

    @classmethod
    def from_settings(cls, data: object) -> AiDraftChoices:
        """Rebuild remembered choices; values of the wrong type or unknown names are dropped."""
        values: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
        tone = values.get("tone")
        length = values.get("length")
        return cls(
            prompt="",
            tone=tone if tone in set(Tone) else Tone.PROFESSIONAL.value,
            length=length if length in set(PostLength) else PostLength.MEDIUM.value,
            brand_id=_optional_str(values.get("brand_id")),
            hashtag_library_id=_optional_str(values.get("hashtag_library_id")),
            generate_image=values.get("generate_image") is True,
            reference_urls=_str_tuple(values.get("reference_urls")),
            reference_design_ids=_str_tuple(values.get("reference_design_ids")),
        )


def prompt_problem(prompt: str) -> str | None:
    """Return why ``prompt`` would be rejected, or None; counts as the service does."""
    length = utf16_length(prompt.strip())
    if length >= MIN_PROMPT_LENGTH:
        return None
    return (
        f"The prompt has {length} characters. Write at least {MIN_PROMPT_LENGTH} describing "
        "the post."
    )


def build_ai_request(choices: AiDraftChoices, social_profile_ids: Sequence[str]) -> AiDraftRequest:
    """Build the ``POST /post/ai`` request; raises the API's ``ValidationError`` if invalid.

    References are left out unless an image is generated, because the service uses them only
    for the image.
    """
    with_image = choices.generate_image
    return AiDraftRequest(
        prompt=choices.prompt.strip(),
        tone=choices.tone,
        length=choices.length,
        social_profile_ids=tuple(dict.fromkeys(social_profile_ids)),
        brand_id=choices.brand_id,
        hashtag_library_id=choices.hashtag_library_id,
        generate_image=with_image,
        reference_urls=choices.reference_urls if with_image else (),
        reference_design_ids=choices.reference_design_ids if with_image else (),
    )


def remember_prompt(history: Sequence[str], prompt: str) -> list[str]:
    """Return ``history`` with ``prompt`` first, without duplicates, at most 20 entries."""
    text = prompt.strip()
    rest = [item for item in history if item.strip() != text]
    return [text, *rest][:PROMPT_HISTORY_SIZE] if text else list(history)[:PROMPT_HISTORY_SIZE]


# --- generating a draft -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AiDraftOrigin:
    """An AI draft as the server saved it: what "unchanged" is compared with when sending."""

    post_group_id: str
    caption: str
    media_urls: tuple[str, ...] = ()
    social_profile_ids: tuple[str, ...] = ()

    @classmethod
    def from_post(cls, post: PostGroup) -> AiDraftOrigin:
        """Describe a listed post group: its first caption, every media URL and its profiles."""
        caption = next((item.caption for item in post.posts if item.caption), "")
        urls = dict.fromkeys(creative.url for item in post.posts for creative in item.creatives)
        return cls(
            post_group_id=post.id,
            caption=caption or "",
            media_urls=tuple(urls),
            social_profile_ids=tuple(profile.id for profile in post.social_profiles),
        )


class AiDraftNotFoundError(OcoyaError):
    """Ocoya created the AI draft, but it did not show up in the post list."""

    def __init__(self, post_group_id: str) -> None:
        super().__init__(
            f"Ocoya created the AI draft {post_group_id}, but it is not in the post list yet. "
            "Refresh the schedule in a moment and open the draft from there."
        )
        self.post_group_id = post_group_id


async def find_post(
    client: OcoyaClient,
    workspace_id: str,
    post_group_id: str,
    *,
    statuses: Iterable[str] | None = None,
) -> PostGroup | None:
    """Return the post group with ``post_group_id`` by paging the post list, or None."""
    async for post in client.iter_posts(workspace_id, statuses=statuses):
        if post.id == post_group_id:
            return post
    return None


async def generate_ai_draft(
    client: OcoyaClient,
    workspace_id: str,
    request: AiDraftRequest,
    *,
    attempts: int = FIND_ATTEMPTS,
    retry_seconds: float = FIND_RETRY_SECONDS,
    sleep: Sleep = asyncio.sleep,
) -> AiDraftOrigin:
    """Have Ocoya generate a draft, then read its caption and media from the post list.

    The API returns only the new id, and there is no ``GET /post/{id}``, so the draft is
    looked up among the drafts, retrying a few times in case the list lags behind. Raises
    ``AiDraftNotFoundError`` if it never appears, and the API's errors as they are.
    """
    post_group_id = await client.create_ai_draft(workspace_id, request)
    logger.info("Ocoya generated AI draft %s in workspace %s", post_group_id, workspace_id)

    for attempt in range(attempts):
        if attempt:
            await sleep(retry_seconds)
        post = await find_post(
            client, workspace_id, post_group_id, statuses=[PostStatus.DRAFT.value]
        )
        if post is not None:
            return AiDraftOrigin.from_post(post)
        logger.debug("AI draft %s not listed yet (attempt %d)", post_group_id, attempt + 1)
    raise AiDraftNotFoundError(post_group_id)


# --- sending the user's version ---------------------------------------------------------------


class AiSendPlan(StrEnum):
    """The requests that sending an AI draft makes on Ocoya."""

    RESCHEDULE = "reschedule"
    """Unchanged and given a time: the draft itself is scheduled (PATCH only)."""
    ALREADY_SAVED = "already_saved"
    """Unchanged and kept as a draft: it is already saved on Ocoya, so nothing is sent."""
    REPLACE = "replace"
    """Edited: the user's version is created (POST), then the AI draft is deleted (DELETE)."""


@dataclass(frozen=True, slots=True)
class AiSendResult:
    """The outcome of ``send_ai_draft``.

    ``post_group_id`` is the post that now carries the user's version: the AI draft itself
    for RESCHEDULE and ALREADY_SAVED, the new post for REPLACE. ``draft_left_behind`` is the
    id of an AI draft that could not be deleted after its replacement was created.
    """

    plan: AiSendPlan
    post_group_id: str
    status: PostStatus
    draft_left_behind: str | None = None

    def as_send_result(self) -> SendResult:
        """Return the result in the shape the plain compose path reports."""
        return SendResult(post_group_id=self.post_group_id, status=self.status)


def is_unchanged(
    origin: AiDraftOrigin,
    caption: str,
    media_urls: Sequence[str],
    social_profile_ids: Iterable[str],
) -> bool:
    """Return whether a post has the AI draft's caption, media and profiles.

    The caption must match exactly and the media in the same order. Profiles are compared
    as a set, because their order has no effect on the post.
    """
    return (
        caption == origin.caption
        and tuple(media_urls) == origin.media_urls
        and set(social_profile_ids) == set(origin.social_profile_ids)
    )


def plan_ai_send(origin: AiDraftOrigin, composition: Composition) -> AiSendPlan:
    """Return what ``send_ai_draft`` will do with ``composition``."""
    return plan_for_content(
        origin,
        composition.caption,
        composition.media_urls,
        composition.social_profile_ids,
        scheduled=composition.will_be_scheduled,
    )


def plan_for_content(
    origin: AiDraftOrigin,
    caption: str,
    media_urls: Sequence[str],
    social_profile_ids: Iterable[str],
    *,
    scheduled: bool,
) -> AiSendPlan:
    """Return what sending this content will do; ``scheduled`` means it has a time and profiles."""
    if not is_unchanged(origin, caption, media_urls, social_profile_ids):
        return AiSendPlan.REPLACE
    return AiSendPlan.RESCHEDULE if scheduled else AiSendPlan.ALREADY_SAVED


async def send_ai_draft(
    client: OcoyaClient,
    workspace_id: str,
    origin: AiDraftOrigin,
    composition: Composition,
    *,
    maybe_sent: bool = False,
    now: datetime | None = None,
) -> AiSendResult:
    """Save ``composition``, which started as the AI draft ``origin``, as ``plan_ai_send`` chooses.

    Raises ``CompositionError`` before any request when Ocoya would reject the composition,
    and the API's errors as they are. When the replacement was created but deleting the AI
    draft failed, the result names the draft left behind instead of raising, because the
    user's post exists and sending again would create it twice. ``maybe_sent`` means that an
    earlier attempt may have created the replacement, as for ``deliver``.
    """
    moment = now if now is not None else datetime.now(UTC)
    plan = plan_ai_send(origin, composition)

    if plan is AiSendPlan.ALREADY_SAVED:
        logger.info("AI draft %s is unchanged; nothing to send", origin.post_group_id)
        return AiSendResult(plan, origin.post_group_id, PostStatus.DRAFT)

    if plan is AiSendPlan.RESCHEDULE:
        validate_composition(composition, now=moment)
        assert composition.scheduled_at is not None  # will_be_scheduled checked it
        await client.reschedule_post(origin.post_group_id, composition.scheduled_at)
        logger.info("Scheduled the unchanged AI draft %s", origin.post_group_id)
        return AiSendResult(plan, origin.post_group_id, PostStatus.SCHEDULED)

    # The replacement goes through the same lost-response check as any other post.
    delivered = await deliver(client, workspace_id, composition, maybe_sent=maybe_sent, now=moment)
    created = delivered.result
    left_behind = await _delete_replaced_draft(client, origin.post_group_id)
    logger.info("Replaced AI draft %s with post %s", origin.post_group_id, created.post_group_id)
    return AiSendResult(plan, created.post_group_id, created.status, left_behind)


async def _delete_replaced_draft(client: OcoyaClient, post_group_id: str) -> str | None:
    """Delete the replaced AI draft; return its id if it is still on Ocoya."""
    try:
        await client.delete_post(post_group_id)
    except NotFoundError:
        logger.info("The replaced AI draft %s was already deleted", post_group_id)
    except OcoyaError as error:
        logger.warning("Deleting the replaced AI draft %s failed: %s", post_group_id, error)
        return post_group_id
    return None


# --- campaigns --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CampaignStart:
    """A campaign Ocoya is generating, and the drafts that existed before it started."""

    campaign: Campaign
    workspace_id: str
    count: int
    earlier_draft_ids: frozenset[str]


@dataclass(frozen=True, slots=True)
class CampaignProgress:
    """The campaign's drafts found so far, newest first, and whether waiting has stopped."""

    drafts: tuple[PostGroup, ...]
    count: int
    timed_out: bool = False

    @property
    def is_complete(self) -> bool:
        """Whether every post the campaign asked for has appeared."""
        return len(self.drafts) >= self.count


@dataclass
class _DraftTracker:
    earlier: frozenset[str]
    found: dict[str, PostGroup] = field(default_factory=dict)


async def start_campaign(
    client: OcoyaClient, workspace_id: str, request: CampaignRequest
) -> CampaignStart:
    """Note the workspace's current drafts, then ask Ocoya to generate the campaign.

    The post list does not say which campaign a draft belongs to, so the campaign's drafts
    are identified as the drafts that were not there before it started.
    """
    earlier = frozenset(
        [
            post.id
            async for post in client.iter_posts(workspace_id, statuses=[PostStatus.DRAFT.value])
        ]
    )
    campaign = await client.create_campaign(workspace_id, request)
    logger.info(
        "Ocoya is generating campaign %s (%d posts) in workspace %s",
        campaign.id,
        request.count,
        workspace_id,
    )
    return CampaignStart(campaign, workspace_id, request.count, earlier)


async def watch_campaign(
    client: OcoyaClient,
    start: CampaignStart,
    *,
    on_progress: Callable[[CampaignProgress], None] | None = None,
    poll_seconds: float = CAMPAIGN_POLL_SECONDS,
    timeout_seconds: float = CAMPAIGN_TIMEOUT_SECONDS,
    sleep: Sleep = asyncio.sleep,
    clock: Clock = time.monotonic,
) -> CampaignProgress:
    """Read the post list every ``poll_seconds`` until the campaign's drafts have all appeared.

    ``on_progress`` is called whenever a new draft shows up. Stops after ``timeout_seconds``
    and returns what was found with ``timed_out`` set. Cancelling the task stops waiting,
    and Ocoya goes on generating.
    """
    # NOTE: a draft someone else creates in the workspace meanwhile counts as the campaign's,
    # because the post list gives no campaign id to tell them apart.
    tracker = _DraftTracker(start.earlier_draft_ids)
    deadline = clock() + timeout_seconds
    while True:
        progress = await _poll_campaign(client, start, tracker)
        if progress is not None and on_progress is not None:
            on_progress(progress)
        current = CampaignProgress(tuple(tracker.found.values()), start.count)
        if current.is_complete:
            logger.info("All %d drafts of campaign %s appeared", start.count, start.campaign.id)
            return current
        if clock() >= deadline:
            logger.warning(
                "Stopped waiting for campaign %s after %.0f s with %d of %d drafts",
                start.campaign.id,
                timeout_seconds,
                len(current.drafts),
                start.count,
            )
            return replace(current, timed_out=True)
        await sleep(poll_seconds)


async def _poll_campaign(
    client: OcoyaClient, start: CampaignStart, tracker: _DraftTracker
) -> CampaignProgress | None:
    """Read the drafts once; return the progress if new campaign drafts appeared."""
    new = [
        post
        async for post in client.iter_posts(start.workspace_id, statuses=[PostStatus.DRAFT.value])
        if post.id not in tracker.earlier and post.id not in tracker.found
    ]
    if not new:
        return None
    for post in new:
        tracker.found[post.id] = post
    return CampaignProgress(tuple(tracker.found.values()), start.count)


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _str_tuple(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str) and item)
