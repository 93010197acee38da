"""Checks on request bodies and query values; each failure is an ``ApiError`` naming the field."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

MAX_CAPTION_UTF16_UNITS = 10_000
MEDIA_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".mp4")

_SENT_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
# ASCII digits only: int() would also take spaces, "+", "_" separators and other scripts' digits.
_QUERY_INTEGER = re.compile(r"-?[0-9]{1,9}")


class ApiError(Exception):
    """A rejected request, sent to the client as ``{"message": message}`` with HTTP ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """Decode a request body that must be a JSON object."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise bad_request(
            f"The request body is not valid JSON ({exc}); send a JSON object."
        ) from None
    if not isinstance(data, dict):
        raise bad_request(f"The request body must be a JSON object, not {_json_type(data)}.")
    return data


def format_datetime(value: datetime) -> str:
    """Format an aware datetime as UTC with milliseconds, e.g. ``2023-05-06T02:20:00.000Z``."""
    utc = value.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + f".{utc.microsecond // 1000:03d}Z"


def parse_sent_datetime(value: object, name: str) -> datetime:
    """Parse a datetime sent by a client, which must be exactly ``YYYY-MM-DDTHH:MM:SSZ``."""
    if not isinstance(value, str):
        raise bad_request(
            f"{name} must be a string like 2030-01-31T09:00:00Z, not {_json_type(value)}."
        )
    if not _SENT_DATETIME.fullmatch(value):
        raise bad_request(
            f"{name} {value!r} is not in the format YYYY-MM-DDTHH:MM:SSZ (UTC, no fraction, "
            "no offset), for example 2030-01-31T09:00:00Z."
        )
    try:
        parsed = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise bad_request(f"{name} {value!r} is not a valid calendar date and time.") from None
    return parsed.replace(tzinfo=UTC)


def parse_future_datetime(value: object, name: str, now: datetime) -> datetime:
    parsed = parse_sent_datetime(value, name)
    if parsed <= now:
        raise bad_request(
            f"{name} {value} is not in the future (the server time is {format_datetime(now)}); "
            "choose a later time."
        )
    return parsed


def utf16_length(text: str) -> int:
    """Count UTF-16 code units, the way JavaScript's ``String.length`` does."""
    return len(text.encode("utf-16-le")) // 2


def optional_string(body: Mapping[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad_request(f"{name} must be a string, not {_json_type(value)}.")
    return value


def optional_string_list(
    body: Mapping[str, Any], name: str, *, max_items: int | None = None
) -> list[str]:
    """Return the array of strings in ``body[name]``, or an empty list when it is absent."""
    value = body.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise bad_request(f"{name} must be an array of strings, not {_json_type(value)}.")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise bad_request(f"{name}[{index}] must be a string, not {_json_type(item)}.")
    if max_items is not None and len(value) > max_items:
        raise bad_request(f"{name} has {len(value)} items; send at most {max_items}.")
    return list(value)


def optional_bool(body: Mapping[str, Any], name: str) -> bool:
    value = body.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise bad_request(f"{name} must be true or false, not {_json_type(value)}.")
    return value


def optional_int(body: Mapping[str, Any], name: str, *, low: int, high: int, default: int) -> int:
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"{name} must be a whole number from {low} to {high}, not {value!r}.")
    if not low <= value <= high:
        raise bad_request(f"{name} must be from {low} to {high}, not {value}.")
    return value


def optional_choice(body: Mapping[str, Any], name: str, choices: Collection[str]) -> str | None:
    value = optional_string(body, name)
    if value is not None and value not in choices:
        raise bad_request(f"{name} {value!r} is not one of: {', '.join(choices)}.")
    return value


def check_prompt(prompt: str | None, name: str, minimum: int) -> str:
    """Require a prompt of at least ``minimum`` UTF-16 code units after trimming whitespace.

    The service is written in JavaScript, so its length checks count UTF-16 code units: an
    emoji outside the Basic Multilingual Plane counts as 2.
    """
    length = 0 if prompt is None else utf16_length(prompt.strip())
    if prompt is None or length < minimum:
        raise bad_request(
            f"{name} is required and must be at least {minimum} characters (UTF-16 code units) "
            f"long, not counting leading and trailing whitespace; it has {length}."
        )
    return prompt


def check_caption(caption: str) -> None:
    length = utf16_length(caption)
    if length > MAX_CAPTION_UTF16_UNITS:
        raise bad_request(
            f"caption is {length} characters (UTF-16 code units) long; shorten it to at most "
            f"{MAX_CAPTION_UTF16_UNITS}."
        )


def check_public_url(url: str, name: str) -> None:
    """Require an absolute ``http`` or ``https`` URL with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad_request(f"{name} {url!r} is not an http or https URL with a host name.")


def check_media_url(url: str, name: str) -> str:
    """Validate a media URL and return its creative type, ``IMAGE`` or ``VIDEO``."""
    check_public_url(url, name)
    suffix = PurePosixPath(unquote(urlsplit(url).path)).suffix.lower()
    if suffix and suffix not in MEDIA_EXTENSIONS:
        raise bad_request(
            f"{name} {url!r} ends in {suffix}, which is not accepted; media must be PNG, JPEG, "
            "GIF or MP4 (.png .jpg .jpeg .gif .mp4) or have no extension."
        )
    return "VIDEO" if suffix == ".mp4" else "IMAGE"


def parse_query_int(raw: str | None, name: str, *, default: int, low: int) -> int:
    if raw is None:
        return default
    if not _QUERY_INTEGER.fullmatch(raw):
        raise bad_request(
            f"Query parameter {name} {raw!r} is not a whole number of at most 9 digits."
        )
    value = int(raw)
    if value < low:
        raise bad_request(f"Query parameter {name} must be at least {low}, not {value}.")
    return value


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
