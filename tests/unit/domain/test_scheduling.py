from __future__ import annotations

import datetime as dt
import logging
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ocoya_desktop.domain.scheduling import (
    FAR_AHEAD,
    MIN_SCHEDULE_LEAD,
    Adjustment,
    ScheduleTimeError,
    available_time_zones,
    detect_time_zone,
    is_far_ahead,
    move_to_day,
    resolve_local_time,
    system_time_zone,
    to_utc_display,
    validate_schedule_time,
)

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


def test_plain_time_needs_no_adjustment() -> None:
    resolved = resolve_local_time(dt.date(2026, 12, 5), dt.time(9, 0), BERLIN)

    assert resolved.utc == utc(2026, 12, 5, 8, 0)
    assert resolved.local == dt.datetime(2026, 12, 5, 9, 0, tzinfo=BERLIN)
    assert resolved.adjustment is Adjustment.NONE
    assert resolved.message == ""


@pytest.mark.parametrize(
    ("zone", "date", "expected_utc", "expected_local", "abbreviation"),
    [
        (BERLIN, dt.date(2026, 3, 29), utc(2026, 3, 29, 1, 30), dt.time(3, 30), "CEST (UTC+02:00)"),
        (NEW_YORK, dt.date(2026, 3, 8), utc(2026, 3, 8, 7, 30), dt.time(3, 30), "EDT (UTC-04:00)"),
    ],
)
def test_gap_time_shifts_forward(
    zone: ZoneInfo,
    date: dt.date,
    expected_utc: dt.datetime,
    expected_local: dt.time,
    abbreviation: str,
) -> None:
    resolved = resolve_local_time(date, dt.time(2, 30), zone)

    assert resolved.adjustment is Adjustment.SHIFTED_FORWARD_FROM_GAP
    assert resolved.utc == expected_utc
    assert resolved.local.time() == expected_local
    assert resolved.local.utcoffset() == (expected_utc.astimezone(zone)).utcoffset()
    assert "02:30 does not exist" in resolved.message
    assert f"03:30 {abbreviation}" in resolved.message
    assert "1 hour later" in resolved.message


def test_gap_of_thirty_minutes() -> None:
    lord_howe = ZoneInfo("Australia/Lord_Howe")

    resolved = resolve_local_time(dt.date(2026, 10, 4), dt.time(2, 15), lord_howe)

    assert resolved.adjustment is Adjustment.SHIFTED_FORWARD_FROM_GAP
    assert resolved.local.time() == dt.time(2, 45)
    assert "30 minutes" in resolved.message


@pytest.mark.parametrize(
    ("zone", "date", "wall", "first_utc", "second_utc", "first_label", "second_label"),
    [
        (
            BERLIN,
            dt.date(2026, 10, 25),
            dt.time(2, 30),
            utc(2026, 10, 25, 0, 30),
            utc(2026, 10, 25, 1, 30),
            "02:30 CEST (UTC+02:00)",
            "02:30 CET (UTC+01:00)",
        ),
        (
            NEW_YORK,
            dt.date(2026, 11, 1),
            dt.time(1, 30),
            utc(2026, 11, 1, 5, 30),
            utc(2026, 11, 1, 6, 30),
            "01:30 EDT (UTC-04:00)",
            "01:30 EST (UTC-05:00)",
        ),
    ],
)
def test_overlap_time_is_explicit(
    zone: ZoneInfo,
    date: dt.date,
    wall: dt.time,
    first_utc: dt.datetime,
    second_utc: dt.datetime,
    first_label: str,
    second_label: str,
) -> None:
    first = resolve_local_time(date, wall, zone)
    second = resolve_local_time(date, wall, zone, second_occurrence=True)

    assert first.adjustment is Adjustment.AMBIGUOUS_FIRST
    assert first.utc == first_utc
    assert first.local.time() == wall
    assert f"first time, {date} {first_label}" in first.message
    assert second_label in first.message
    assert second.adjustment is Adjustment.AMBIGUOUS_SECOND
    assert second.utc == second_utc
    assert second.local.time() == wall
    assert second.local.fold == 1
    assert f"second time, {date} {second_label}" in second.message


def test_aware_time_rejected() -> None:
    with pytest.raises(ValueError, match="naive"):
        resolve_local_time(dt.date(2026, 12, 5), dt.time(9, 0, tzinfo=UTC), BERLIN)


def test_past_time_refused_with_local_time() -> None:
    now = utc(2026, 12, 4, 20, 0)

    with pytest.raises(ScheduleTimeError) as caught:
        validate_schedule_time(utc(2026, 12, 4, 19, 0), now, zone=BERLIN)

    assert "2026-12-04 20:00 CET (UTC+01:00)" in str(caught.value)
    assert "in the past" in str(caught.value)
    assert caught.value.earliest == now + MIN_SCHEDULE_LEAD
    assert caught.value.scheduled_at == utc(2026, 12, 4, 19, 0)


def test_time_within_lead_refused() -> None:
    now = utc(2026, 12, 4, 20, 0)

    with pytest.raises(ScheduleTimeError, match="less than 1 minute from now"):
        validate_schedule_time(now + dt.timedelta(seconds=30), now, zone=BERLIN)


def test_time_at_lead_accepted() -> None:
    now = utc(2026, 12, 4, 20, 0)

    validate_schedule_time(now + MIN_SCHEDULE_LEAD, now, zone=BERLIN)
    validate_schedule_time(now + dt.timedelta(days=30), now, zone=BERLIN)


def test_validate_compares_across_zones() -> None:
    now = dt.datetime(2026, 12, 4, 21, 0, tzinfo=BERLIN)  # 20:00 UTC

    with pytest.raises(ScheduleTimeError):
        validate_schedule_time(utc(2026, 12, 4, 20, 0, 30), now, zone=BERLIN)
    validate_schedule_time(utc(2026, 12, 4, 20, 1), now, zone=BERLIN)


def test_far_ahead_after_a_year() -> None:
    now = utc(2030, 3, 1, 9, 0)

    assert not is_far_ahead(now + FAR_AHEAD, now)
    assert is_far_ahead(now + FAR_AHEAD + dt.timedelta(minutes=1), now)
    assert is_far_ahead(utc(2099, 12, 5, 9, 0), now)


def test_naive_times_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        validate_schedule_time(dt.datetime(2026, 12, 5, 9, 0), utc(2026, 12, 4, 20, 0))


@pytest.mark.parametrize(
    ("zone", "scheduled", "new_date", "expected_utc"),
    [
        # Berlin moves from UTC+01:00 to UTC+02:00 on 2026-03-29.
        (BERLIN, utc(2026, 3, 27, 8, 0), dt.date(2026, 3, 30), utc(2026, 3, 30, 7, 0)),
        (BERLIN, utc(2026, 3, 30, 7, 0), dt.date(2026, 3, 27), utc(2026, 3, 27, 8, 0)),
        # New York moves from UTC-04:00 to UTC-05:00 on 2026-11-01.
        (NEW_YORK, utc(2026, 10, 30, 13, 0), dt.date(2026, 11, 2), utc(2026, 11, 2, 14, 0)),
    ],
)
def test_move_to_day_keeps_local_time(
    zone: ZoneInfo, scheduled: dt.datetime, new_date: dt.date, expected_utc: dt.datetime
) -> None:
    resolved = move_to_day(scheduled, new_date, zone)

    assert resolved.utc == expected_utc
    assert resolved.local.time() == dt.time(9, 0)
    assert resolved.local.date() == new_date
    assert resolved.adjustment is Adjustment.NONE


def test_move_to_day_into_gap_shifts() -> None:
    scheduled = dt.datetime(2026, 3, 28, 2, 30, tzinfo=BERLIN)

    resolved = move_to_day(scheduled, dt.date(2026, 3, 29), BERLIN)

    assert resolved.adjustment is Adjustment.SHIFTED_FORWARD_FROM_GAP
    assert resolved.local.time() == dt.time(3, 30)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (dt.datetime(2026, 12, 5, 9, 0, tzinfo=BERLIN), "2026-12-05 08:00 UTC"),
        (dt.datetime(2026, 7, 1, 23, 30, tzinfo=NEW_YORK), "2026-07-02 03:30 UTC"),
        (utc(2026, 12, 5, 8, 0, 15), "2026-12-05 08:00:15 UTC"),
    ],
)
def test_to_utc_display(moment: dt.datetime, expected: str) -> None:
    assert to_utc_display(moment) == expected


def test_to_utc_display_rejects_naive() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        to_utc_display(dt.datetime(2026, 12, 5, 9, 0))


def _detect(tmp_path: Path, tz: str | None = None) -> ZoneInfo | None:
    environ = {} if tz is None else {"TZ": tz}
    return detect_time_zone(
        environ=environ,
        localtime=tmp_path / "localtime",
        timezone_file=tmp_path / "timezone",
    )


@pytest.mark.parametrize(
    ("tz", "key"),
    [
        ("Asia/Tokyo", "Asia/Tokyo"),
        (":Europe/Paris", "Europe/Paris"),
        ("/usr/share/zoneinfo/America/Chicago", "America/Chicago"),
    ],
)
def test_detect_zone_from_tz_variable(tmp_path: Path, tz: str, key: str) -> None:
    zone = _detect(tmp_path, tz)

    assert zone is not None
    assert zone.key == key


def test_detect_skips_unknown_tz_variable(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "localtime").symlink_to("/usr/share/zoneinfo/Europe/Berlin")

    with caplog.at_level(logging.WARNING, logger="ocoya_desktop.domain.scheduling"):
        zone = _detect(tmp_path, "CET-1CEST,M3.5.0,M10.5.0/3")

    assert zone is not None
    assert zone.key == "Europe/Berlin"
    assert "CET-1CEST" in caplog.text


@pytest.mark.parametrize(
    ("target", "key"),
    [
        ("/usr/share/zoneinfo/America/New_York", "America/New_York"),
        ("/var/db/timezone/zoneinfo/Asia/Kolkata", "Asia/Kolkata"),
        ("../usr/share/zoneinfo/posix/Europe/Lisbon", "Europe/Lisbon"),
    ],
)
def test_detect_zone_from_localtime_link(tmp_path: Path, target: str, key: str) -> None:
    (tmp_path / "localtime").symlink_to(target)

    zone = _detect(tmp_path)

    assert zone is not None
    assert zone.key == key


def test_detect_zone_from_timezone_file(tmp_path: Path) -> None:
    (tmp_path / "timezone").write_text("Australia/Sydney\n", encoding="utf-8")

    zone = _detect(tmp_path)

    assert zone is not None
    assert zone.key == "Australia/Sydney"


def test_detect_zone_from_copied_file(tmp_path: Path) -> None:
    berlin_file = resources.files("tzdata.zoneinfo").joinpath("Europe", "Berlin")
    (tmp_path / "localtime").write_bytes(berlin_file.read_bytes())

    zone = _detect(tmp_path)

    assert zone is not None
    assert zone.key == "localtime"
    assert dt.datetime(2026, 7, 1, 12, tzinfo=zone).utcoffset() == dt.timedelta(hours=2)


def test_detect_finds_nothing(tmp_path: Path) -> None:
    assert _detect(tmp_path) is None


def test_system_zone_follows_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Pacific/Auckland")

    assert system_time_zone().key == "Pacific/Auckland"


def test_available_time_zones_sorted() -> None:
    names = available_time_zones()

    assert list(names) == sorted(names)
    assert "Europe/Berlin" in names
    assert "America/New_York" in names
    assert "localtime" not in names
    assert "Factory" not in names


def test_gap_message_fully_translatable() -> None:
    resolved = resolve_local_time(dt.date(2026, 3, 29), dt.time(2, 30), BERLIN)
    assert resolved.message_text is not None
    templates: list[str] = []

    def recording(template: str) -> str:
        templates.append(template)
        return template

    rendered = resolved.message_text.render(recording)

    assert rendered == resolved.message
    # The sentence, and the duration inside it, are each looked up as whole templates.
    assert templates[-1].startswith("On {date} the clocks in {zone} move forward {duration}")
    assert "{count} hour" in templates


def test_past_time_error_carries_text() -> None:
    now = utc(2026, 12, 4, 20, 0)

    with pytest.raises(ScheduleTimeError) as caught:
        validate_schedule_time(utc(2026, 12, 4, 19, 0), now, zone=BERLIN)

    text = caught.value.text
    assert str(text) == str(caught.value)
    assert text.template.startswith("The scheduled time {time} is in the past.")
