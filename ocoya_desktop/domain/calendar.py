"""Calendar rules: the days of a month or week grid, posts grouped by local day, and moves.

Everything here works in one time zone, the one the user schedules in. A post belongs to the
day on which its scheduled instant falls in that zone. Moving a post to another day keeps its
wall-clock time of day. Where daylight saving time skips or repeats that time,
``domain.scheduling`` resolves it and its messages explain the result to the user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from ocoya_desktop.domain import scheduling
from ocoya_desktop.domain.scheduling import MIN_SCHEDULE_LEAD, ResolvedTime

T = TypeVar("T")

DAYS_PER_WEEK = 7
MONTH_GRID_WEEKS = 6
"""Weeks a month grid shows, so every month fits and the grid never changes height."""

DEFAULT_POST_TIME = dt.time(9, 0)
"""Time of day a post starts at when media is dropped on a whole day."""

POSTED_STATUS = "POSTED"


class MoveRejection(StrEnum):
    """The reason a post cannot be moved to a target time."""

    POSTED = "posted"
    """The post was already published, so Ocoya rejects a new time."""
    PAST = "past"
    """The target time is in the past or too close to now for Ocoya to accept it."""
    UNCHANGED = "unchanged"
    """The target time is the post's current time, so there is nothing to send."""


@dataclass(frozen=True, slots=True)
class MovePlan:
    """The outcome of planning a move: the resolved target time, or why it is rejected."""

    target: ResolvedTime | None
    rejection: MoveRejection | None = None

    @property
    def allowed(self) -> bool:
        """Whether the move may be sent."""
        return self.rejection is None and self.target is not None


@dataclass
class DayIndex(Generic[T]):
    """Items grouped by local day, each day's items sorted by time, and the undated items."""

    days: dict[dt.date, list[T]] = field(default_factory=dict)
    undated: list[T] = field(default_factory=list)

    def items_on(self, day: dt.date) -> list[T]:
        """Return the items on ``day``, earliest first (an empty list for a free day)."""
        return self.days.get(day, [])

    def count_between(self, first: dt.date, last: dt.date) -> int:
        """Return how many items fall on the days from ``first`` to ``last``, inclusive."""
        return sum(len(items) for day, items in self.days.items() if first <= day <= last)


def month_grid(year: int, month: int, *, first_weekday: int = 0) -> list[dt.date]:
    """Return the 42 days of a six-week grid that contains the month, row by row.

    ``first_weekday`` is the first column, 0 for Monday to 6 for Sunday, as in
    ``date.weekday()``. The grid starts on or before the 1st and ends after the last day.
    """
    first = dt.date(year, month, 1)
    start = first - dt.timedelta(days=(first.weekday() - first_weekday) % DAYS_PER_WEEK)
    return [start + dt.timedelta(days=i) for i in range(MONTH_GRID_WEEKS * DAYS_PER_WEEK)]


def week_days(day: dt.date, *, first_weekday: int = 0) -> list[dt.date]:
    """Return the seven days of the week that contains ``day``."""
    start = day - dt.timedelta(days=(day.weekday() - first_weekday) % DAYS_PER_WEEK)
    return [start + dt.timedelta(days=i) for i in range(DAYS_PER_WEEK)]


def add_months(day: dt.date, months: int) -> dt.date:
    """Return ``day`` moved by ``months``, clamped to the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def local_date(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    """Return the day on which the aware ``moment`` falls in ``zone``."""
    _require_aware(moment, "moment")
    return moment.astimezone(zone).date()


def group_by_day(
    items: Iterable[T],
    when: Callable[[T], dt.datetime | None],
    zone: ZoneInfo,
    *,
    known_days: dict[dt.datetime, dt.date] | None = None,
) -> DayIndex[T]:
    """Group ``items`` by the local day of ``when(item)``; items with no time are undated.

    Items on one day are sorted by their instant; items at the same instant keep their order.
    ``known_days`` maps instants to their day in ``zone`` and must hold no other zone's days.
    It is read before converting and filled with each new conversion, so regrouping mostly
    unchanged items converts only the new instants.
    """
    days = known_days if known_days is not None else {}
    dated: dict[dt.date, list[tuple[dt.datetime, T]]] = {}
    index: DayIndex[T] = DayIndex()
    for item in items:
        moment = when(item)
        if moment is None:
            index.undated.append(item)
            continue
        day = days.get(moment)
        if day is None:
            day = days[moment] = local_date(moment, zone)
        dated.setdefault(day, []).append((moment, item))
    for day, pairs in dated.items():
        pairs.sort(key=lambda pair: pair[0])
        index.days[day] = [item for _moment, item in pairs]
    return index


def move_to_day(
    scheduled_at: dt.datetime,
    target_date: dt.date,
    zone: ZoneInfo,
    *,
    second_occurrence: bool = False,
) -> ResolvedTime:
    """Move ``scheduled_at`` to ``target_date`` in ``zone``, keeping its wall-clock time.

    A time that the target day skips moves forward by the gap, and a time it repeats takes
    the first occurrence unless ``second_occurrence``, as ``scheduling.resolve_local_time``
    does.
    """
    return scheduling.move_to_day(
        scheduled_at, target_date, zone, second_occurrence=second_occurrence
    )


def move_to_slot(
    target_date: dt.date,
    slot_time: dt.time,
    zone: ZoneInfo,
    *,
    scheduled_at: dt.datetime | None = None,
) -> ResolvedTime:
    """Move to the hour slot that starts at ``slot_time`` on ``target_date`` in ``zone``.

    With ``scheduled_at``, the minutes past the hour are kept, so a post at 10:15 dropped on
    the 14:00 slot lands at 14:15. The second of a repeated hour keeps its fold.
    """
    minute = 0
    if scheduled_at is not None:
        _require_aware(scheduled_at, "scheduled_at")
        minute = scheduled_at.astimezone(zone).minute
    wall = slot_time.replace(minute=minute, second=0, microsecond=0, fold=0)
    return scheduling.resolve_local_time(
        target_date, wall, zone, second_occurrence=slot_time.fold == 1
    )


def is_past(
    moment: dt.datetime, now: dt.datetime, *, min_lead: dt.timedelta = MIN_SCHEDULE_LEAD
) -> bool:
    """Return whether ``moment`` is too early to schedule: before ``now`` plus ``min_lead``."""
    _require_aware(moment, "moment")
    _require_aware(now, "now")
    return moment < now + min_lead


def is_day_past(day: dt.date, now: dt.datetime, zone: ZoneInfo) -> bool:
    """Return whether every moment of ``day`` in ``zone`` lies before ``now``."""
    _require_aware(now, "now")
    return day < now.astimezone(zone).date()


def plan_move(
    status: str,
    current: dt.datetime | None,
    target: ResolvedTime,
    now: dt.datetime,
) -> MovePlan:
    """Check a move of a post with ``status`` from ``current`` to ``target``.

    A published post cannot move. A target before ``now`` plus the scheduling lead is
    rejected, because Ocoya rejects a time that is not in the future.
    """
    if status == POSTED_STATUS:
        return MovePlan(None, MoveRejection.POSTED)
    if current is not None and target.utc == current:
        return MovePlan(target, MoveRejection.UNCHANGED)
    if is_past(target.utc, now):
        return MovePlan(target, MoveRejection.PAST)
    return MovePlan(target)


def default_time_for_day(
    day: dt.date,
    zone: ZoneInfo,
    now: dt.datetime,
    *,
    busy_hours: Collection[int] = (),
    preferred: dt.time = DEFAULT_POST_TIME,
) -> dt.time | None:
    """Return the time of day for a new post dropped on ``day``, or None if none is left.

    The search starts at ``preferred`` (09:00) or, on today, at the next whole hour that is
    still far enough from now. It returns the first whole hour from there that is not in
    ``busy_hours``. When every later hour of the day is busy, it returns the first candidate.
    """
    _require_aware(now, "now")
    local_now = now.astimezone(zone)
    if day < local_now.date():
        return None

    start_hour = preferred.hour
    if day == local_now.date():
        earliest = (now + MIN_SCHEDULE_LEAD).astimezone(zone)
        if earliest.date() != day:
            return None
        next_hour = earliest.hour + (1 if (earliest.minute, earliest.second) > (0, 0) else 0)
        if next_hour > 23:
            return None
        start_hour = max(start_hour, next_hour)

    hours = range(start_hour, 24)
    free = next((hour for hour in hours if hour not in busy_hours), start_hour)
    return dt.time(free, 0)


def _require_aware(moment: dt.datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got the naive {moment.isoformat()}")
