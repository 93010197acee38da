"""Calendar rules: grids, grouping by local day, moves across daylight saving changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ocoya_desktop.domain import calendar
from ocoya_desktop.domain.calendar import MoveRejection
from ocoya_desktop.domain.scheduling import Adjustment, ResolvedTime

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
UTC = dt.UTC
UTC_ZONE = ZoneInfo("UTC")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- grids ----------------------------------------------------------------------------


def test_month_grid_starts_on_monday() -> None:
    days = calendar.month_grid(2026, 12)

    assert len(days) == 42
    assert days[0] == dt.date(2026, 11, 30)
    assert days[0].weekday() == 0
    assert dt.date(2026, 12, 1) in days
    assert dt.date(2026, 12, 31) in days
    assert days[-1] == dt.date(2027, 1, 10)


def test_month_grid_starts_on_sunday() -> None:
    days = calendar.month_grid(2026, 11, first_weekday=6)

    assert days[0] == dt.date(2026, 11, 1)
    assert days[0].weekday() == 6


def test_week_days_contain_day() -> None:
    days = calendar.week_days(dt.date(2026, 12, 4))

    assert days[0] == dt.date(2026, 11, 30)
    assert days[-1] == dt.date(2026, 12, 6)
    assert len(days) == 7


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
        (dt.date(2026, 1, 15), -1, dt.date(2025, 12, 15)),
        (dt.date(2024, 3, 31), -1, dt.date(2024, 2, 29)),
    ],
)
def test_add_months_clamps_day(start: dt.date, months: int, expected: dt.date) -> None:
    assert calendar.add_months(start, months) == expected


# --- grouping -------------------------------------------------------------------------


def test_group_by_day_uses_local_day() -> None:
    # 23:30 UTC on 4 December is already 5 December in Berlin (UTC+1) and Tokyo.
    late = ("late", utc(2026, 12, 4, 23, 30))
    early = ("early", utc(2026, 12, 4, 8, 0))
    undated = ("draft", None)

    berlin = calendar.group_by_day([late, early, undated], lambda item: item[1], BERLIN)
    new_york = calendar.group_by_day([late, early, undated], lambda item: item[1], NEW_YORK)

    assert berlin.items_on(dt.date(2026, 12, 5)) == [late]
    assert berlin.items_on(dt.date(2026, 12, 4)) == [early]
    assert new_york.items_on(dt.date(2026, 12, 4)) == [early, late]
    assert berlin.undated == [undated]


def test_group_by_day_sorts_by_time() -> None:
    items = [("b", utc(2026, 12, 4, 15)), ("a", utc(2026, 12, 4, 9)), ("c", utc(2026, 12, 4, 9))]

    index = calendar.group_by_day(items, lambda item: item[1], UTC_ZONE)

    assert [name for name, _ in index.items_on(dt.date(2026, 12, 4))] == ["a", "c", "b"]
    assert index.items_on(dt.date(2026, 12, 3)) == []
    assert index.count_between(dt.date(2026, 12, 1), dt.date(2026, 12, 31)) == 3


def test_group_by_day_fills_known_days() -> None:
    moment = utc(2026, 12, 4, 23, 30)
    known_days: dict[dt.datetime, dt.date] = {}

    calendar.group_by_day([("late", moment)], lambda item: item[1], BERLIN, known_days=known_days)

    assert known_days == {moment: dt.date(2026, 12, 5)}


def test_group_by_day_reads_known_days() -> None:
    moment = utc(2026, 12, 4, 9)
    # A remembered day is used as it is, without converting the instant again.
    known_days = {moment: dt.date(2030, 1, 1)}

    index = calendar.group_by_day(
        [("post", moment)], lambda item: item[1], UTC_ZONE, known_days=known_days
    )

    assert index.items_on(dt.date(2030, 1, 1)) == [("post", moment)]


def test_group_by_day_rejects_naive_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.group_by_day([dt.datetime(2026, 12, 4, 9)], lambda moment: moment, UTC_ZONE)


# --- moves ----------------------------------------------------------------------------


def test_move_to_day_keeps_time_of_day() -> None:
    # 09:30 in Tokyo (UTC+9, no daylight saving time).
    start = utc(2026, 12, 4, 0, 30)

    moved = calendar.move_to_day(start, dt.date(2026, 12, 8), TOKYO)

    assert moved.local.replace(tzinfo=None) == dt.datetime(2026, 12, 8, 9, 30)
    assert moved.utc == utc(2026, 12, 8, 0, 30)
    assert moved.adjustment is Adjustment.NONE


def test_move_across_dst_change_keeps_wall_time() -> None:
    # 09:00 in Berlin on Friday 23 October 2026 is 07:00 UTC (CEST). The clocks go back on
    # Sunday 25 October, so 09:00 on Tuesday 27 October is 08:00 UTC (CET).
    start = utc(2026, 10, 23, 7, 0)

    moved = calendar.move_to_day(start, dt.date(2026, 10, 27), BERLIN)

    assert moved.local.hour == 9
    assert moved.local.minute == 0
    assert moved.utc == utc(2026, 10, 27, 8, 0)


def test_move_into_dst_gap_shifts_forward() -> None:
    # 02:30 on 29 March 2026 does not exist in Berlin: clocks jump from 02:00 to 03:00.
    start = utc(2026, 3, 27, 1, 30)  # 02:30 CET on Friday

    moved = calendar.move_to_day(start, dt.date(2026, 3, 29), BERLIN)

    assert moved.adjustment is Adjustment.SHIFTED_FORWARD_FROM_GAP
    assert moved.local.hour == 3
    assert moved.local.minute == 30
    assert moved.utc == utc(2026, 3, 29, 1, 30)
    assert "does not exist" in moved.message


def test_move_into_dst_overlap_takes_first() -> None:
    # 02:30 happens twice in Berlin on 25 October 2026: 00:30 UTC (CEST) and 01:30 UTC (CET).
    start = utc(2026, 10, 23, 0, 30)  # 02:30 CEST on Friday

    first = calendar.move_to_day(start, dt.date(2026, 10, 25), BERLIN)
    second = calendar.move_to_day(start, dt.date(2026, 10, 25), BERLIN, second_occurrence=True)

    assert first.adjustment is Adjustment.AMBIGUOUS_FIRST
    assert first.utc == utc(2026, 10, 25, 0, 30)
    assert second.adjustment is Adjustment.AMBIGUOUS_SECOND
    assert second.utc == utc(2026, 10, 25, 1, 30)


def test_move_to_slot_keeps_minutes() -> None:
    start = utc(2026, 12, 4, 9, 15)

    moved = calendar.move_to_slot(dt.date(2026, 12, 5), dt.time(14), UTC_ZONE, scheduled_at=start)

    assert moved.utc == utc(2026, 12, 5, 14, 15)


def test_move_to_slot_without_time_starts_on_hour() -> None:
    moved = calendar.move_to_slot(dt.date(2026, 12, 5), dt.time(14, 40), BERLIN)

    assert moved.local.replace(tzinfo=None) == dt.datetime(2026, 12, 5, 14, 0)


def test_move_to_slot_in_gap_shifts_forward() -> None:
    moved = calendar.move_to_slot(dt.date(2026, 3, 29), dt.time(2), BERLIN)

    assert moved.adjustment is Adjustment.SHIFTED_FORWARD_FROM_GAP
    assert moved.local.hour == 3


# --- rejections -------------------------------------------------------------------------

NOW = utc(2026, 12, 4, 12, 0)


def _resolved(moment: dt.datetime) -> ResolvedTime:
    return calendar.move_to_slot(moment.date(), moment.time(), UTC_ZONE)


def test_plan_move_rejects_posted() -> None:
    plan = calendar.plan_move("POSTED", utc(2026, 12, 1, 9), _resolved(utc(2026, 12, 8, 9)), NOW)

    assert plan.rejection is MoveRejection.POSTED
    assert not plan.allowed


def test_plan_move_rejects_past_day() -> None:
    plan = calendar.plan_move("SCHEDULED", utc(2026, 12, 8, 9), _resolved(utc(2026, 12, 3, 9)), NOW)

    assert plan.rejection is MoveRejection.PAST
    assert not plan.allowed


def test_plan_move_rejects_within_lead() -> None:
    soon = NOW + dt.timedelta(seconds=30)
    plan = calendar.plan_move("SCHEDULED", utc(2026, 12, 8, 9), _resolved(soon), NOW)

    assert plan.rejection is MoveRejection.PAST


def test_plan_move_flags_unchanged() -> None:
    plan = calendar.plan_move("SCHEDULED", utc(2026, 12, 8, 9), _resolved(utc(2026, 12, 8, 9)), NOW)

    assert plan.rejection is MoveRejection.UNCHANGED


def test_plan_move_allows_draft_to_future() -> None:
    plan = calendar.plan_move("DRAFT", None, _resolved(utc(2026, 12, 9, 9)), NOW)

    assert plan.allowed
    assert plan.target is not None
    assert plan.target.utc == utc(2026, 12, 9, 9)


def test_is_day_past_uses_zone() -> None:
    # 12:00 UTC on 4 December is 21:00 in Tokyo and 07:00 in New York.
    assert calendar.is_day_past(dt.date(2026, 12, 3), NOW, TOKYO)
    assert not calendar.is_day_past(dt.date(2026, 12, 4), NOW, TOKYO)
    assert not calendar.is_day_past(dt.date(2026, 12, 4), NOW, NEW_YORK)


# --- default time for a dropped day ----------------------------------------------------


def test_default_time_is_nine_on_future_day() -> None:
    assert calendar.default_time_for_day(dt.date(2026, 12, 11), UTC_ZONE, NOW) == dt.time(9)


def test_default_time_skips_busy_hours() -> None:
    chosen = calendar.default_time_for_day(dt.date(2026, 12, 11), UTC_ZONE, NOW, busy_hours={9, 10})

    assert chosen == dt.time(11)


def test_default_time_today_is_next_hour() -> None:
    now = utc(2026, 12, 4, 12, 30)

    assert calendar.default_time_for_day(dt.date(2026, 12, 4), UTC_ZONE, now) == dt.time(13)


def test_default_time_today_before_nine() -> None:
    now = utc(2026, 12, 4, 6, 10)

    assert calendar.default_time_for_day(dt.date(2026, 12, 4), UTC_ZONE, now) == dt.time(9)


def test_default_time_none_late_today() -> None:
    now = utc(2026, 12, 4, 23, 30)

    assert calendar.default_time_for_day(dt.date(2026, 12, 4), UTC_ZONE, now) is None


def test_default_time_none_for_past_day() -> None:
    assert calendar.default_time_for_day(dt.date(2026, 12, 3), UTC_ZONE, NOW) is None
