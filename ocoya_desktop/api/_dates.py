"""Datetimes in the form the Ocoya service sends and accepts."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

__all__ = ["format_api_datetime", "parse_api_datetime"]

# The service returns `2023-05-06T02:20:00.000Z`; the pattern also accepts no fraction,
# a space instead of `T`, a missing seconds field and an explicit offset.
_DATETIME_PATTERN = re.compile(
    r"""
    (?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})
    [T ]
    (?P<hour>\d{2}):(?P<minute>\d{2})
    (?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?
    (?P<zone>Z|[+-]\d{2}:?\d{2})?
    """,
    re.VERBOSE | re.IGNORECASE,
)


def format_api_datetime(value: datetime) -> str:
    """Format an aware datetime as UTC `YYYY-MM-DDTHH:MM:SSZ`, dropping any sub-second part.

    The service rejects every other shape. A naive datetime raises ValueError, because the
    instant it names depends on a time zone the client would have to guess.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"cannot send the naive datetime {value.isoformat()} to Ocoya: attach a time "
            "zone first, for example value.replace(tzinfo=ZoneInfo('Europe/Paris'))"
        )
    utc = value.astimezone(UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}"
        f"T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"
    )


def parse_api_datetime(text: str) -> datetime:
    """Parse a datetime sent by the service into an aware UTC datetime.

    Text without an offset is taken as UTC, which is what the service sends. Fractions
    finer than microseconds are truncated. Raises ValueError for any other text.
    """
    match = _DATETIME_PATTERN.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not an ISO 8601 datetime: {text!r}")

    fraction = (match["fraction"] or "0")[:6].ljust(6, "0")
    naive = datetime(
        int(match["year"]),
        int(match["month"]),
        int(match["day"]),
        int(match["hour"]),
        int(match["minute"]),
        int(match["second"] or 0),
        int(fraction),
    )
    aware = naive.replace(tzinfo=_zone_from_text(match["zone"]))
    try:
        return aware.astimezone(UTC)
    except OverflowError as error:
        raise ValueError(f"datetime out of range in UTC: {text!r}") from error


def _zone_from_text(zone: str | None) -> timezone:
    if zone is None or zone.upper() == "Z":
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return timezone(sign * offset)
