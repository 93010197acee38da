"""Send what the user composed to Ocoya as a draft or a scheduled post (no Qt).

``send_composition`` checks the composition against Ocoya's own rules first and raises
``CompositionError`` before any request, so a post Ocoya would reject never leaves the app.
Errors from the API itself (``ocoya_desktop.api.OcoyaError`` and its subclasses) propagate
unchanged for the UI to present.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ocoya_desktop.api import OcoyaClient, PostStatus
from ocoya_desktop.domain.caption_rules import OCOYA_CAPTION_RULE
from ocoya_desktop.domain.captions import ocoya_length
from ocoya_desktop.domain.scheduling import (
    ScheduleTimeError,
    system_time_zone,
    validate_schedule_time,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Composition:
    """A post as the user composed it, ready to send.

    ``scheduled_at`` is an aware datetime (the editor sends UTC), or None for a draft.
    ``time_zone`` is the IANA name the user picked the time in, or "" for the system zone.
    It only names the time in messages, because ``scheduled_at`` already fixes the instant.
    """

    caption: str
    media_urls: tuple[str, ...] = ()
    social_profile_ids: tuple[str, ...] = ()
    scheduled_at: datetime | None = None
    time_zone: str = ""

    @property
    def will_be_scheduled(self) -> bool:
        """Whether Ocoya will schedule the post: it needs both a time and a profile."""
        return self.scheduled_at is not None and bool(self.social_profile_ids)


@dataclass(frozen=True, slots=True)
class SendResult:
    """The post group Ocoya created and whether it is a draft or scheduled."""

    post_group_id: str
    status: PostStatus


class CompositionError(ValueError):
    """A composition Ocoya would reject, with a message stating what the user must change."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        # A stable identifier for tests and logs, such as "caption_too_long".
        self.code = code


def validate_composition(composition: Composition, *, now: datetime) -> None:
    """Raise ``CompositionError`` if Ocoya would reject ``composition`` at ``now``.

    The checks: a caption or at least one media URL, a caption within Ocoya's limit in UTF-16
    code units, and a scheduled time far enough in the future. A naive ``scheduled_at`` or
    ``now`` is a programming error and raises a plain ``ValueError``.
    """
    if not composition.caption.strip() and not composition.media_urls:
        raise CompositionError(
            "The post is empty. Write a caption or attach media before saving it.",
            code="empty_post",
        )

    length = ocoya_length(composition.caption)
    limit = OCOYA_CAPTION_RULE.limit
    if length > limit:
        raise CompositionError(
            f"The caption is {length:,} characters long, {length - limit:,} over Ocoya's limit "
            f"of {limit:,} (most emoji count as 2). Shorten it to {limit:,} characters or fewer.",
            code="caption_too_long",
        )

    if composition.scheduled_at is not None:
        zone = _zone_for_messages(composition.time_zone)
        try:
            validate_schedule_time(composition.scheduled_at, now, zone=zone)
        except ScheduleTimeError as error:
            raise CompositionError(str(error), code="time_not_in_future") from error


async def send_composition(
    client: OcoyaClient,
    workspace_id: str,
    composition: Composition,
    *,
    now: datetime | None = None,
) -> SendResult:
    """Validate ``composition``, then create it as a post group in ``workspace_id``.

    Raises ``CompositionError`` before any request when the composition is invalid; ``now``
    defaults to the current time. The post is ``SCHEDULED`` when it has both a time and at
    least one profile, otherwise a ``DRAFT``, which is the rule Ocoya applies. A blank
    caption is sent as no caption.
    """
    moment = now if now is not None else datetime.now(UTC)
    validate_composition(composition, now=moment)

    caption = composition.caption if composition.caption.strip() else None
    profile_ids = tuple(dict.fromkeys(composition.social_profile_ids))
    post_group_id = await client.create_post(
        workspace_id,
        caption=caption,
        media_urls=composition.media_urls,
        social_profile_ids=profile_ids,
        scheduled_at=composition.scheduled_at,
    )

    status = PostStatus.SCHEDULED if composition.will_be_scheduled else PostStatus.DRAFT
    logger.info(
        "Created post group %s in workspace %s as %s (%s profiles, %s media)",
        post_group_id,
        workspace_id,
        status.value,
        len(profile_ids),
        len(composition.media_urls),
    )
    return SendResult(post_group_id=post_group_id, status=status)


def _zone_for_messages(name: str) -> ZoneInfo:
    """Return the zone to name times in, falling back to the system zone for "" or unknown."""
    if not name:
        return system_time_zone()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        logger.debug("Naming times in the system zone instead of %r: %s", name, error)
        return system_time_zone()
