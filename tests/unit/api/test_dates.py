"""Formatting datetimes for the service and parsing the ones it returns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocoya_desktop.api import format_api_datetime, parse_api_datetime

# Real zones use whole-minute offsets, up to +-14 h; the type allows up to +-23:59.
utc_offsets = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
aware_datetimes = st.datetimes(
    min_value=datetime(1971, 1, 1),
    max_value=datetime(9998, 12, 31),
    timezones=utc_offsets | st.timezones(),
)


def test_format_converts_to_utc_and_drops_fraction() -> None:
    tokyo = timezone(timedelta(hours=9))
    value = datetime(2030, 1, 1, 8, 5, 9, 750_000, tzinfo=tokyo)

    assert format_api_datetime(value) == "2029-12-31T23:05:09Z"


def test_format_pads_small_years() -> None:
    assert format_api_datetime(datetime(999, 2, 3, 4, 5, 6, tzinfo=UTC)) == "0999-02-03T04:05:06Z"


def test_format_rejects_naive_datetime() -> None:
    with pytest.raises(ValueError, match="naive datetime 2030-01-01T12:00:00"):
        format_api_datetime(datetime(2030, 1, 1, 12))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-05-06T02:20:00.000Z", datetime(2023, 5, 6, 2, 20, tzinfo=UTC)),
        ("2023-05-06T02:20:00Z", datetime(2023, 5, 6, 2, 20, tzinfo=UTC)),
        ("2023-05-06T02:20:00.123456789Z", datetime(2023, 5, 6, 2, 20, 0, 123456, tzinfo=UTC)),
        ("2023-05-06T02:20:00", datetime(2023, 5, 6, 2, 20, tzinfo=UTC)),
        ("2023-05-06T04:20:00+02:00", datetime(2023, 5, 6, 2, 20, tzinfo=UTC)),
        ("2023-05-06T00:20:00.5-0200", datetime(2023, 5, 6, 2, 20, 0, 500_000, tzinfo=UTC)),
        ("2023-05-06 02:20z", datetime(2023, 5, 6, 2, 20, tzinfo=UTC)),
    ],
)
def test_parse_accepts_service_and_iso_forms(text: str, expected: datetime) -> None:
    parsed = parse_api_datetime(text)

    assert parsed == expected
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday",
        "2023-13-01T00:00:00Z",
        "2023-05-06",
        "2023-05-06T25:00:00Z",
        "0001-01-01T00:00:00+01:00",
    ],
)
def test_parse_rejects_bad_text(text: str) -> None:
    with pytest.raises(ValueError):
        parse_api_datetime(text)


@given(aware_datetimes)
def test_format_then_parse_round_trips_to_seconds(value: datetime) -> None:
    parsed = parse_api_datetime(format_api_datetime(value))

    assert parsed == value.astimezone(UTC).replace(microsecond=0)
    assert parsed.utcoffset() == timedelta(0)


@given(st.text(max_size=40))
def test_parse_raises_only_value_error(text: str) -> None:
    try:
        parsed = parse_api_datetime(text)
    except ValueError:
        return
    assert parsed.tzinfo is UTC
