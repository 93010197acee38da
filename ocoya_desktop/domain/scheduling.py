"""Turn the wall-clock times a user picks into UTC instants for scheduling, and check them.

A wall time can fail to name exactly one instant when daylight saving time starts or ends.
In a gap (clocks jump forward) the time does not exist, and this module shifts it forward by
the gap's length. In an overlap (clocks go back) the time happens twice, and this module takes
the first occurrence unless the caller requests the second. Either way
``ResolvedTime.message_text`` explains to the user what happened, with UTC offsets.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ocoya_desktop.domain.texts import QT_TRANSLATE_NOOP, Text, plural, text

logger = logging.getLogger(__name__)

UTC = dt.UTC

# Ocoya rejects a scheduledAt that is not in the future. The post has to reach Ocoya before
# its time, after the request, any retry and any skew between this computer's clock and
# Ocoya's, so the app requires this much lead. One minute is an estimate that leaves room for a
# request with a retry and for the skew of an NTP-synchronised clock, which is under a second.
MIN_SCHEDULE_LEAD = dt.timedelta(seconds=60)

# Ocoya accepts any future time, but a post more than a year ahead is most often a mistyped
# year, so the editor points it out without refusing it.
FAR_AHEAD = dt.timedelta(days=366)

# Zone files that name no place, so a time zone picker should not offer them.
_NON_LOCATION_ZONES = frozenset({"Factory", "localtime", "posixrules"})


class Adjustment(StrEnum):
    """Decision ``resolve_local_time`` made about a wall time."""

    NONE = "none"
    SHIFTED_FORWARD_FROM_GAP = "shifted_forward_from_gap"
    AMBIGUOUS_FIRST = "ambiguous_first"
    AMBIGUOUS_SECOND = "ambiguous_second"


@dataclass(frozen=True, slots=True)
class ResolvedTime:
    """A wall time in a zone, resolved to one instant.

    ``local`` is that instant in the zone, which differs from the requested wall time after a
    gap. ``message_text`` explains the adjustment to the user and is None for
    ``Adjustment.NONE``.
    """

    utc: dt.datetime
    local: dt.datetime
    adjustment: Adjustment
    message_text: Text | None = None

    @property
    def message(self) -> str:
        """The explanation in English, or "" when nothing was adjusted."""
        return str(self.message_text) if self.message_text is not None else ""


class ScheduleTimeError(ValueError):
    """A scheduled time is in the past or too close to now for Ocoya to accept it.

    ``text`` is the message to show, translatable, and ``str()`` of the error is its English.
    """

    def __init__(self, text: Text, *, scheduled_at: dt.datetime, earliest: dt.datetime) -> None:
        super().__init__(str(text))
        self.text = text
        self.scheduled_at = scheduled_at
        # The earliest time the app accepts, in UTC, for a "use the earliest time" action.
        self.earliest = earliest


def resolve_local_time(
    date: dt.date, time: dt.time, zone: ZoneInfo, *, second_occurrence: bool = False
) -> ResolvedTime:
    """Resolve the wall time ``date`` ``time`` in ``zone`` to one UTC instant.

    ``time`` must be naive; its ``fold`` is ignored in favour of ``second_occurrence``, which
    picks the second of two equal wall times when clocks go back.
    """
    if time.tzinfo is not None:
        raise ValueError(f"time must be a naive wall time, got {time.isoformat()}")
    wall = dt.datetime.combine(date, time)
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    offset_first = _offset(first)
    offset_second = _offset(second)
    if offset_first == offset_second:
        return ResolvedTime(first.astimezone(UTC), first, Adjustment.NONE)

    # With fold=0, a wall time in a gap is read with the offset from before the change, so
    # converting it to UTC and back lands the same distance past the gap.
    utc = first.astimezone(UTC)
    local = utc.astimezone(zone)
    if local.replace(tzinfo=None) != wall:
        return _resolved_gap(wall, utc, local, zone, gap=offset_second - offset_first)
    return _resolved_overlap(wall, first, second, zone, second_occurrence=second_occurrence)


def _resolved_gap(
    wall: dt.datetime, utc: dt.datetime, local: dt.datetime, zone: ZoneInfo, *, gap: dt.timedelta
) -> ResolvedTime:
    message = text(
        QT_TRANSLATE_NOOP(
            "Findings",
            "On {date} the clocks in {zone} move forward {duration}, so {time} does not exist "
            "there. The post is set to {local}, {duration} later.",
        ),
        date=f"{wall:%Y-%m-%d}",
        zone=zone.key,
        duration=_duration_text(gap),
        time=f"{wall:%H:%M}",
        local=_format_local(local),
    )
    return ResolvedTime(utc, local, Adjustment.SHIFTED_FORWARD_FROM_GAP, message)


def _resolved_overlap(
    wall: dt.datetime,
    first: dt.datetime,
    second: dt.datetime,
    zone: ZoneInfo,
    *,
    second_occurrence: bool,
) -> ResolvedTime:
    shift = _offset(first) - _offset(second)
    if second_occurrence:
        chosen, adjustment = second, Adjustment.AMBIGUOUS_SECOND
        template = QT_TRANSLATE_NOOP(
            "Findings",
            "On {date} the clocks in {zone} go back {duration}, so {time} happens twice. The "
            "post is set to the second time, {second}. The first time, {first}, is {duration} "
            "earlier.",
        )
    else:
        chosen, adjustment = first, Adjustment.AMBIGUOUS_FIRST
        template = QT_TRANSLATE_NOOP(
            "Findings",
            "On {date} the clocks in {zone} go back {duration}, so {time} happens twice. The "
            "post is set to the first time, {first}. The second time, {second}, is {duration} "
            "later.",
        )
    message = text(
        template,
        date=f"{wall:%Y-%m-%d}",
        zone=zone.key,
        duration=_duration_text(shift),
        time=f"{wall:%H:%M}",
        first=_format_local(first),
        second=_format_local(second),
    )
    utc = chosen.astimezone(UTC)
    return ResolvedTime(utc, utc.astimezone(zone), adjustment, message)


def move_to_day(
    scheduled_utc: dt.datetime,
    new_local_date: dt.date,
    zone: ZoneInfo,
    *,
    second_occurrence: bool = False,
) -> ResolvedTime:
    """Move a scheduled instant to another day in ``zone``, keeping its local time of day.

    A post at 09:00 stays at 09:00 local time when dragged across a daylight saving change,
    so its UTC time changes by the difference in offsets.
    """
    _require_aware(scheduled_utc, "scheduled_utc")
    local_time = scheduled_utc.astimezone(zone).time().replace(fold=0)
    return resolve_local_time(new_local_date, local_time, zone, second_occurrence=second_occurrence)


def is_far_ahead(utc: dt.datetime, now: dt.datetime) -> bool:
    """Return whether ``utc`` is more than ``FAR_AHEAD`` after ``now``."""
    _require_aware(utc, "utc")
    _require_aware(now, "now")
    return utc - now > FAR_AHEAD


def validate_schedule_time(
    utc: dt.datetime,
    now: dt.datetime,
    *,
    zone: ZoneInfo | None = None,
    min_lead: dt.timedelta = MIN_SCHEDULE_LEAD,
) -> None:
    """Raise ``ScheduleTimeError`` unless ``utc`` is at least ``min_lead`` after ``now``.

    The message names the time in ``zone``, by default the system time zone.
    """
    _require_aware(utc, "utc")
    _require_aware(now, "now")
    earliest = (now + min_lead).astimezone(UTC)
    if utc >= earliest:
        return

    if utc <= now:
        template = QT_TRANSLATE_NOOP(
            "Findings",
            "The scheduled time {time} is in the past. Choose a time at least {lead} from now.",
        )
    else:
        template = QT_TRANSLATE_NOOP(
            "Findings",
            "The scheduled time {time} is less than {lead} from now, so the post might reach "
            "Ocoya after its time. Choose a time at least {lead} from now.",
        )
    message = text(
        template,
        time=_format_local(utc.astimezone(zone or system_time_zone())),
        lead=_duration_text(min_lead),
    )
    raise ScheduleTimeError(message, scheduled_at=utc.astimezone(UTC), earliest=earliest)


def to_utc_display(moment: dt.datetime) -> str:
    """Format an aware datetime as UTC for the user, such as "2026-12-05 08:00 UTC"."""
    _require_aware(moment, "moment")
    utc = moment.astimezone(UTC)
    pattern = "%Y-%m-%d %H:%M:%S UTC" if utc.second else "%Y-%m-%d %H:%M UTC"
    return utc.strftime(pattern)


def to_local_display(moment: dt.datetime, zone: ZoneInfo) -> str:
    """Format an aware datetime in ``zone``, such as "2026-12-06 14:00 JST (UTC+09:00)"."""
    _require_aware(moment, "moment")
    return _format_local(moment.astimezone(zone))


def system_time_zone() -> ZoneInfo:
    """Return the operating system's time zone, or UTC when it cannot be found."""
    zone = detect_time_zone(
        environ=os.environ,
        localtime=Path("/etc/localtime"),
        timezone_file=Path("/etc/timezone"),
    )
    if zone is None:
        logger.warning("Could not find the system time zone; using UTC")
        return ZoneInfo("UTC")
    return zone


def detect_time_zone(
    *, environ: Mapping[str, str], localtime: Path, timezone_file: Path
) -> ZoneInfo | None:
    """Find the system time zone from the ``TZ`` variable and the system's zone files.

    The sources, in order:

    1. a zone name or zone file path in ``TZ``,
    2. on Windows, the zone setting mapped to an IANA name,
    3. the name in the target of the ``localtime`` symbolic link,
    4. the name in ``timezone_file`` (Debian and Ubuntu),
    5. the ``localtime`` file itself. A zone read only from that file has the key "localtime",
       so it has correct offsets but no IANA name to show.

    NOTE: POSIX rule strings in ``TZ`` such as "CET-1CEST,M3.5.0,M10.5.0/3" are not parsed and
    are skipped, and so are other systems' files such as /etc/sysconfig/clock.
    """
    candidates = (
        _zone_name_from_tz_variable(environ.get("TZ", "")),
        _windows_zone_name(),
        _zone_name_from_link(localtime),
        _zone_name_from_file(timezone_file),
    )
    for name in candidates:
        zone = _load_zone(name)
        if zone is not None:
            return zone
    return _load_zone_file(localtime)


def _zone_name_from_tz_variable(value: str) -> str | None:
    value = value.strip().removeprefix(":")
    if not value:
        return None
    if value.startswith("/"):
        return _zone_name_from_path(value)
    return value


def _zone_name_from_link(localtime: Path) -> str | None:
    if not localtime.is_symlink():
        return None
    try:
        target = os.readlink(localtime)
    except OSError as error:
        logger.debug("Could not read the link %s: %s", localtime, error)
        return None
    return _zone_name_from_path(target)


def _zone_name_from_path(path: str) -> str | None:
    """Return the zone name in a path such as "/usr/share/zoneinfo/Asia/Tokyo"."""
    _, marker, name = path.rpartition("zoneinfo/")
    if not marker:
        return None
    # Some systems keep "posix/" and "right/" (leap second) copies of the database.
    for copy in ("posix/", "right/"):
        name = name.removeprefix(copy)
    return name or None


def _zone_name_from_file(timezone_file: Path) -> str | None:
    try:
        return timezone_file.read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def _windows_zone_name() -> str | None:
    # Only Windows installs tzlocal, and mypy skips this block on other platforms.
    if sys.platform == "win32":
        import tzlocal

        try:
            name: str = tzlocal.get_localzone_name()
        except (LookupError, ValueError, OSError) as error:
            logger.warning("Could not map the Windows time zone to an IANA name: %s", error)
            return None
        return name
    return None


def _load_zone(name: str | None) -> ZoneInfo | None:
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        logger.warning("Ignoring the unknown time zone %r: %s", name, error)
        return None


def _load_zone_file(localtime: Path) -> ZoneInfo | None:
    try:
        with localtime.open("rb") as file:
            return ZoneInfo.from_file(file, key="localtime")
    except (OSError, ValueError) as error:
        logger.debug("Could not read the zone file %s: %s", localtime, error)
        return None


@functools.cache
def available_time_zones() -> tuple[str, ...]:
    """Return the IANA time zone names that name a place, sorted."""
    return tuple(sorted(available_timezones() - _NON_LOCATION_ZONES))


def zone_display_name(name: str) -> str:
    """Return the IANA zone ``name`` with spaces for underscores, such as "America/New York"."""
    return name.replace("_", " ")


def zone_search_text(text: str) -> str:
    """Return ``text`` in the form that zone names and typed text are compared in.

    Case is ignored, an underscore counts as a space and a run of whitespace as one space,
    because users type "new york" for America/New_York.
    """
    return " ".join(text.replace("_", " ").split()).casefold()


def zone_name_contains(name: str, text: str) -> bool:
    """Return whether the zone ``name`` contains the typed ``text``, compared as search text."""
    return zone_search_text(text) in zone_search_text(name)


def matching_time_zones(text: str, names: Iterable[str]) -> list[str]:
    """Return the zone ``names`` that contain the typed ``text``, in their order."""
    return [name for name in names if zone_name_contains(name, text)]


def _offset(moment: dt.datetime) -> dt.timedelta:
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment.isoformat()} has no UTC offset")
    return offset


def _require_aware(moment: dt.datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got the naive {moment.isoformat()}")


def _format_local(moment: dt.datetime) -> str:
    """Format an aware datetime as "2026-10-25 02:30 CEST (UTC+02:00)"."""
    offset = _offset(moment)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(offset) // dt.timedelta(minutes=1)
    hours, minutes = divmod(minutes, 60)
    name = moment.tzname() or ""
    # Zones without an abbreviation report the offset itself, such as "+0530" or "-03".
    label = f"{name} " if name and name[0] not in "+-" else ""
    return f"{moment:%Y-%m-%d %H:%M} {label}(UTC{sign}{hours:02d}:{minutes:02d})"


def _duration_text(duration: dt.timedelta) -> Text:
    """Return a duration in whole hours and minutes, such as "1 hour 30 minutes"."""
    minutes = abs(duration) // dt.timedelta(minutes=1)
    hours, minutes = divmod(minutes, 60)
    hours_text = plural(
        hours,
        QT_TRANSLATE_NOOP("Findings", "{count} hour"),
        QT_TRANSLATE_NOOP("Findings", "{count} hours"),
    )
    minutes_text = plural(
        minutes,
        QT_TRANSLATE_NOOP("Findings", "{count} minute"),
        QT_TRANSLATE_NOOP("Findings", "{count} minutes"),
    )
    if hours and minutes:
        return text(
            QT_TRANSLATE_NOOP("Findings", "{hours} {minutes}"),
            hours=hours_text,
            minutes=minutes_text,
        )
    return hours_text if hours else minutes_text
