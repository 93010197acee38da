"""Every setting the app stores, declared in one place, and the file format's migrations.

Secrets never go here: the API key and media-host credentials live in the OS keyring
(see ``storage.secrets``). A test checks that no setting name looks like a secret.

To change the stored format, append a migration to ``MIGRATIONS``. The file's
``version`` then rises by one, and older files pass through each later migration in order.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# Types a setting may have. Lists contain strings; dicts map strings to JSON values.
SettingType = (
    type[bool] | type[int] | type[float] | type[str] | type[list[Any]] | type[dict[str, Any]]
)

# A check beyond the type: returns a problem description, or None when the value is fine.
Validator = Callable[[Any], str | None]

# Turns the stored values of one file version into those of the next.
Migration = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class SettingSpec:
    """One setting: its name, type, default value and meaning."""

    name: str
    type: SettingType
    default: Any
    description: str
    # Allowed values, for a setting that is one of a fixed set of strings.
    choices: tuple[str, ...] = ()
    validate: Validator | None = None


def _check_time_zone(value: str) -> str | None:
    if value == "":
        return None
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return "is not an IANA time zone name such as 'Europe/Berlin' (or '' for the system zone)"
    return None


def _check_http_url(value: str) -> str | None:
    if value == "" or value.startswith(("https://", "http://")):
        return None
    return "must start with https:// or http://, or be empty"


SCHEMA: tuple[SettingSpec, ...] = (
    SettingSpec(
        "media_host.kind",
        str,
        "none",
        "Where local files are uploaded to get the public URL Ocoya needs: the built-in "
        "sandbox, an S3-compatible bucket, or nowhere (links only).",
        choices=("sandbox", "s3", "none"),
    ),
    SettingSpec("media_host.s3.bucket", str, "", "Name of the S3 bucket that receives uploads."),
    SettingSpec("media_host.s3.region", str, "", "Region of the bucket, e.g. 'eu-central-1'."),
    SettingSpec(
        "media_host.s3.endpoint_url",
        str,
        "",
        "Endpoint of an S3-compatible service; empty for Amazon S3 itself.",
        validate=_check_http_url,
    ),
    SettingSpec(
        "media_host.s3.public_base_url",
        str,
        "",
        "URL under which uploaded objects are publicly readable, e.g. a CDN; empty to use "
        "the bucket's own URL.",
        validate=_check_http_url,
    ),
    SettingSpec(
        "media_host.s3.key_prefix",
        str,
        "",
        "Folder-like prefix put before the name of every uploaded object.",
    ),
    SettingSpec(
        "media_host.s3.path_style",
        bool,
        False,
        "Address the bucket as endpoint/bucket/key instead of bucket.endpoint/key; MinIO and "
        "some other S3-compatible servers need it.",
    ),
    SettingSpec(
        "ui.window_geometry", str, "", "Main window geometry from Qt's saveGeometry(), base64."
    ),
    SettingSpec(
        "ui.window_state", str, "", "Main window toolbars and docks from Qt's saveState(), base64."
    ),
    SettingSpec("ui.last_workspace_id", str, "", "Workspace shown at start; empty for the first."),
    SettingSpec(
        "ui.schedule_sort",
        str,
        "",
        "Column and direction the schedule list is sorted by, such as 'time:ascending'; "
        "empty for Ocoya's order (newest created first).",
        choices=(
            "",
            *(
                f"{column}:{direction}"
                for column in ("time", "status", "networks", "caption", "media")
                for direction in ("ascending", "descending")
            ),
        ),
    ),
    SettingSpec(
        "composer.time_zone",
        str,
        "",
        "IANA time zone in which the composer shows and enters times; empty for the system zone.",
        validate=_check_time_zone,
    ),
    SettingSpec(
        "x.paid_profile_ids",
        list,
        [],
        "IDs of X social profiles with a paid subscription, which allows longer captions.",
    ),
    SettingSpec(
        "ai.last_choices",
        dict,
        {},
        "The AI draft options last used, keyed by workspace ID.",
    ),
    SettingSpec("ai.prompt_history", list, [], "Recent AI draft prompts, newest first."),
)

# Migration i turns a version i + 1 file into a version i + 2 file.
MIGRATIONS: Sequence[Migration] = ()

# Setting names that contain a secret-like word ("key") but hold no secret. The schema test
# rejects every other such name.
NON_SECRET_NAMES_LIKE_SECRETS = frozenset({"media_host.s3.key_prefix"})
