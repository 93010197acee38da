"""Send a composition without creating it twice, and send the offline outbox in order (no Qt).

``POST /post`` is not idempotent: when its response is lost (``OutcomeUnknownError``) or the
server fails (``ServerError``), Ocoya may have created the post anyway. ``deliver`` then
looks for the post among the workspace's most recent posts (same caption, profiles,
scheduled time and media) before it sends again. It sends at most ``MAX_SENDS`` times in all,
and checks again after the last uncertain attempt.

``send_outbox`` sends the queued posts of a ``DraftsDatabase`` one by one in the order they
were queued, recording each one's state, and stops at the first network error because the
connection is gone again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from ocoya_desktop.api import (
    ApiStatusError,
    NetworkError,
    OcoyaClient,
    OcoyaError,
    OutcomeUnknownError,
    PostGroup,
    PostStatus,
    ServerError,
)
from ocoya_desktop.services.compose import (
    Composition,
    CompositionError,
    SendResult,
    send_composition,
    validate_composition,
)
from ocoya_desktop.storage.drafts_db import (
    DraftsDatabase,
    OutboxEntry,
    OutboxStatus,
    QueuedPost,
)

logger = logging.getLogger(__name__)

MAX_SENDS = 2
"""How many ``POST /post`` requests one delivery sends at most: the first and one more."""

RECENT_POSTS_CHECKED = 50
"""How many of the newest post groups are searched for a post whose response was lost."""

CHECK_ATTEMPTS = 3
"""How many times the search for a sent post is tried before the outcome stays unknown."""

CheckingCallback = Callable[[], None]


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    """A delivered post: Ocoya's result, and whether it was found by the check.

    ``recovered`` is True when a response was lost and the post was found among the
    recent posts instead of being sent again.
    """

    result: SendResult
    recovered: bool = False
    sends: int = 1


class DeliveryUncertainError(OcoyaError):
    """A request may have created the post, and checking for it failed too.

    Sending again could create a second post, so nothing more is sent. ``cause`` is the
    error of the last check.
    """

    def __init__(self, cause: OcoyaError) -> None:
        self.cause = cause
        super().__init__(
            "Ocoya may have received the post, but checking for it failed "
            f"({cause}). Refresh the schedule and look for the post before sending it again."
        )


class DeliveryFailedError(OcoyaError):
    """Every send ended without a response, and the post is not among the recent posts."""

    def __init__(self, sends: int, cause: OcoyaError) -> None:
        self.sends = sends
        self.cause = cause
        super().__init__(
            f"The post was sent {sends} times without an answer from Ocoya, and it is not "
            f"among the workspace's recent posts ({cause}). Check the connection and try again."
        )


async def deliver(
    client: OcoyaClient,
    workspace_id: str,
    composition: Composition,
    *,
    maybe_sent: bool = False,
    on_checking: CheckingCallback | None = None,
    now: datetime | None = None,
) -> DeliveryResult:
    """Create ``composition`` in ``workspace_id`` once, however the requests fail.

    ``maybe_sent`` means that an earlier attempt (before a crash, or in an earlier outbox
    run) may have created the post, so the recent posts are checked before any send.
    ``on_checking`` is called each time the check starts, for a "Checking…" message.

    Raises ``CompositionError`` before any request for an invalid composition,
    ``DeliveryUncertainError`` when the check itself fails, ``DeliveryFailedError`` after
    ``MAX_SENDS`` unanswered sends, and other ``OcoyaError`` subclasses as
    ``send_composition`` does (a ``NetworkError`` means nothing was sent).
    """
    moment = now if now is not None else datetime.now(UTC)
    validate_composition(composition, now=moment)

    sends = 0
    uncertain = maybe_sent
    last_error: OcoyaError | None = None
    while True:
        if uncertain:
            if on_checking is not None:
                on_checking()
            found = await _find_with_retries(client, workspace_id, composition)
            if found is not None:
                logger.info(
                    "Post group %s was created by an earlier request; not sending again",
                    found.id,
                )
                return DeliveryResult(_result_for(found, composition), recovered=True, sends=sends)
            if sends >= MAX_SENDS:
                assert last_error is not None
                raise DeliveryFailedError(sends, last_error)

        sends += 1
        try:
            result = await send_composition(client, workspace_id, composition, now=moment)
        except NetworkError as error:
            # Nothing reached Ocoya this time, but an earlier attempt may have.
            if uncertain:
                raise DeliveryUncertainError(error) from error
            raise
        except (OutcomeUnknownError, ServerError) as error:
            logger.warning(
                "Sending the post to workspace %s ended without a usable response (attempt %d): %s",
                workspace_id,
                sends,
                error,
            )
            uncertain = True
            last_error = error
            continue
        return DeliveryResult(result, sends=sends)


def may_have_created(error: BaseException, *, maybe_sent: bool = False) -> bool:
    """Return whether Ocoya may hold the post after ``deliver(maybe_sent=...)`` raised ``error``.

    When it returns True, the next delivery of the post passes ``maybe_sent=True``, so the
    recent posts are checked before anything is sent again. A cancelled delivery counts as
    ``error`` too (``asyncio.CancelledError``), because its request may have been on the way.
    """
    if isinstance(error, DeliveryUncertainError | DeliveryFailedError):
        return True
    if isinstance(error, CompositionError | NetworkError):
        # Raised before any request reached Ocoya (``deliver`` turns a NetworkError after an
        # uncertain attempt into DeliveryUncertainError), so only an earlier attempt counts.
        return maybe_sent
    if isinstance(error, ApiStatusError):
        if error.status_code is None:
            # The client rejected a value before sending.
            return maybe_sent
        # A 4xx means that Ocoya rejected the request, after a post from an earlier attempt
        # was looked for and not found. A 5xx may come after the post was stored.
        return error.status_code >= 500
    # A lost or unreadable response, an internal error or a cancellation: the request may
    # have been carried out.
    return True


async def find_sent_post(
    client: OcoyaClient, workspace_id: str, composition: Composition
) -> PostGroup | None:
    """Return the newest recent post group that matches ``composition``, or None.

    A match has the same caption (a blank caption matches none), the same media URLs in
    order, the same set of profiles and the same scheduled time to the second.
    """
    # NOTE: an identical post created earlier on purpose (same caption, media, profiles and
    # time) also matches, so it would be taken for this one. Ocoya's post list carries no
    # creation time or client token that could tell them apart.
    groups = await client.list_posts(workspace_id, page=0, per_page=RECENT_POSTS_CHECKED)
    return next((group for group in groups if matches(group, composition)), None)


def matches(group: PostGroup, composition: Composition) -> bool:
    """Return whether ``group`` is what sending ``composition`` creates."""
    caption = composition.caption if composition.caption.strip() else None
    captions = {post.caption or None for post in group.posts} or {None}
    if caption not in captions:
        return False

    urls = next(
        (tuple(c.url for c in post.creatives) for post in group.posts if post.creatives), ()
    )
    if urls != tuple(composition.media_urls):
        return False

    profile_ids = set(composition.social_profile_ids)
    if {profile.id for profile in group.social_profiles} != profile_ids:
        return False

    return _same_second(group.scheduled_at, composition.scheduled_at)


# --- the outbox ---------------------------------------------------------------------------

OutboxListener = Callable[[OutboxEntry], None]


@dataclass(frozen=True, slots=True)
class OutboxRun:
    """The outcome of one ``send_outbox`` run: entry ids sent and failed, and if it went offline."""

    sent: tuple[int, ...] = ()
    failed: tuple[int, ...] = ()
    went_offline: bool = False


def composition_for(post: QueuedPost) -> Composition:
    """Return the composition a queued post sends."""
    return Composition(
        caption=post.caption,
        media_urls=post.media_urls,
        social_profile_ids=post.social_profile_ids,
        scheduled_at=post.scheduled_at,
        time_zone=post.time_zone,
    )


def queued_post_for(composition: Composition) -> QueuedPost:
    """Return the outbox form of ``composition``."""
    return QueuedPost(
        caption=composition.caption,
        media_urls=composition.media_urls,
        social_profile_ids=composition.social_profile_ids,
        scheduled_at=composition.scheduled_at,
        time_zone=composition.time_zone,
    )


async def send_outbox(
    client: OcoyaClient,
    database: DraftsDatabase,
    *,
    on_update: OutboxListener | None = None,
    on_checking: Callable[[OutboxEntry], None] | None = None,
    now: Callable[[], datetime] | None = None,
) -> OutboxRun:
    """Send every queued outbox entry in order, recording each state in ``database``.

    Each entry is marked "sending" before its request, then "sent" or "failed" with the
    reason. A ``NetworkError`` puts the entry back in the queue and ends the run, because
    the following entries would fail the same way. ``on_update`` receives each entry after
    each change.
    """
    clock = now or (lambda: datetime.now(UTC))
    sent: list[int] = []
    failed: list[int] = []
    for entry in database.outbox_entries():
        if entry.status is not OutboxStatus.QUEUED:
            continue
        outcome = await _send_entry(client, database, entry, clock(), on_update, on_checking)
        if outcome is None:
            return OutboxRun(tuple(sent), tuple(failed), went_offline=True)
        (sent if outcome else failed).append(entry.entry_id)
    return OutboxRun(tuple(sent), tuple(failed))


async def _send_entry(
    client: OcoyaClient,
    database: DraftsDatabase,
    entry: OutboxEntry,
    moment: datetime,
    on_update: OutboxListener | None,
    on_checking: Callable[[OutboxEntry], None] | None,
) -> bool | None:
    """Send one entry; return True if sent, False if failed, None if the network is gone."""
    entry_id = entry.entry_id
    # Marked before the request, so that if the app stops during it, the next start treats
    # the post as possibly created.
    _update(database, entry_id, OutboxStatus.SENDING, on_update)

    def checking() -> None:
        if on_checking is not None:
            on_checking(entry)

    try:
        delivered = await deliver(
            client,
            entry.workspace_id,
            composition_for(entry.post),
            maybe_sent=entry.maybe_sent,
            on_checking=checking,
            now=moment,
        )
    except NetworkError as error:
        logger.info("Outbox entry %s stays queued: %s", entry_id, error)
        _update(database, entry_id, OutboxStatus.QUEUED, on_update, error=str(error))
        return None
    except (CompositionError, OcoyaError) as error:
        uncertain = isinstance(error, DeliveryUncertainError | DeliveryFailedError)
        if isinstance(error, DeliveryUncertainError) and isinstance(error.cause, NetworkError):
            # Offline again after an attempt that may have arrived: the entry stays queued,
            # to be checked for before it is sent again.
            logger.info("Outbox entry %s stays queued, to be checked first: %s", entry_id, error)
            _update(
                database,
                entry_id,
                OutboxStatus.QUEUED,
                on_update,
                error=str(error),
                maybe_sent=True,
            )
            return None
        maybe_sent = entry.maybe_sent or uncertain
        logger.warning("Outbox entry %s failed: %s", entry_id, error)
        _update(
            database,
            entry_id,
            OutboxStatus.FAILED,
            on_update,
            error=str(error),
            maybe_sent=maybe_sent,
        )
        return False

    _update(
        database,
        entry_id,
        OutboxStatus.SENT,
        on_update,
        post_group_id=delivered.result.post_group_id,
        maybe_sent=False,
    )
    logger.info("Outbox entry %s sent as post group %s", entry_id, delivered.result.post_group_id)
    return True


def _update(
    database: DraftsDatabase,
    entry_id: int,
    status: OutboxStatus,
    on_update: OutboxListener | None,
    *,
    error: str = "",
    maybe_sent: bool | None = None,
    post_group_id: str | None = None,
) -> None:
    database.update_outbox(
        entry_id, status, error=error, maybe_sent=maybe_sent, post_group_id=post_group_id
    )
    if on_update is not None:
        updated = database.outbox_entry(entry_id)
        if updated is not None:
            on_update(updated)


async def _find_with_retries(
    client: OcoyaClient, workspace_id: str, composition: Composition
) -> PostGroup | None:
    # The client already retries each read after a 5xx or a network error; these attempts
    # cover a failure that outlasts those retries.
    last_error: OcoyaError | None = None
    for attempt in range(1, CHECK_ATTEMPTS + 1):
        try:
            return await find_sent_post(client, workspace_id, composition)
        except OcoyaError as error:
            logger.warning("Checking for a sent post failed (attempt %d): %s", attempt, error)
            last_error = error
    assert last_error is not None
    raise DeliveryUncertainError(last_error)


def _result_for(group: PostGroup, composition: Composition) -> SendResult:
    try:
        status = PostStatus(group.status)
    except ValueError:
        status = PostStatus.SCHEDULED if composition.will_be_scheduled else PostStatus.DRAFT
    return SendResult(post_group_id=group.id, status=status)


def _same_second(first: datetime | None, second: datetime | None) -> bool:
    if first is None or second is None:
        return first is None and second is None
    return first.replace(microsecond=0) == second.replace(microsecond=0)
