"""Media files for Ocoya: inspection, checks per network, conversion and thumbnails.

Plain Python with no Qt and no HTTP. Every function is synchronous and CPU-bound, so callers
run it in `asyncio.to_thread`. No function keeps shared mutable state, and cache files are
written to a temporary name and then moved into place.
"""

from __future__ import annotations

from ocoya_desktop.domain.media._files import content_hash
from ocoya_desktop.domain.media.convert import ConvertedMedia, convert_for_ocoya, planned_format
from ocoya_desktop.domain.media.errors import (
    MediaError,
    ThumbnailUnavailable,
    UnreadableMediaError,
    UnsupportedMediaError,
)
from ocoya_desktop.domain.media.inspect import inspect_file
from ocoya_desktop.domain.media.limits import OCOYA_MAX_FILE_BYTES
from ocoya_desktop.domain.media.model import MediaInfo, MediaKind, VideoInfo
from ocoya_desktop.domain.media.rules import (
    NETWORK_MEDIA_RULES,
    Finding,
    NetworkMediaRules,
    Severity,
    check_media,
)
from ocoya_desktop.domain.media.thumbnails import make_thumbnail

__all__ = [
    "NETWORK_MEDIA_RULES",
    "OCOYA_MAX_FILE_BYTES",
    "ConvertedMedia",
    "Finding",
    "MediaError",
    "MediaInfo",
    "MediaKind",
    "NetworkMediaRules",
    "Severity",
    "ThumbnailUnavailable",
    "UnreadableMediaError",
    "UnsupportedMediaError",
    "VideoInfo",
    "check_media",
    "content_hash",
    "convert_for_ocoya",
    "inspect_file",
    "make_thumbnail",
    "planned_format",
]
