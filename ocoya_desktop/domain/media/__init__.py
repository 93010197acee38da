"""Media files for Ocoya: inspection, checks per network, conversion and thumbnails.

Plain Python with no Qt and no HTTP. Every function is synchronous and CPU-bound, so callers
run it in `asyncio.to_thread`. No function keeps shared mutable state, and cache files are
written to a temporary name and then moved into place.

The names from `convert`, `inspect`, `thumbnails` and `_files` are imported on first access.
The first three load Pillow and pillow-heif, which the first window does not need: they cost
the demo start about 20 ms and 7 MB of resident memory on a 2-core x86_64 machine.
`from ocoya_desktop.domain.media import make_thumbnail` still works.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ocoya_desktop.domain.media.errors import (
    MediaError,
    ThumbnailUnavailable,
    UnreadableMediaError,
    UnsupportedMediaError,
)
from ocoya_desktop.domain.media.limits import OCOYA_MAX_FILE_BYTES
from ocoya_desktop.domain.media.model import MediaInfo, MediaKind, VideoInfo
from ocoya_desktop.domain.media.rules import (
    NETWORK_MEDIA_RULES,
    Finding,
    NetworkMediaRules,
    Severity,
    check_media,
)

if TYPE_CHECKING:
    from ocoya_desktop.domain.media._files import content_hash
    from ocoya_desktop.domain.media.convert import (
        ConvertedMedia,
        convert_for_ocoya,
        planned_format,
    )
    from ocoya_desktop.domain.media.inspect import inspect_file
    from ocoya_desktop.domain.media.thumbnails import make_thumbnail

# Exported name -> the submodule that defines it, imported on first access by `__getattr__`.
_LAZY_EXPORTS = {
    "content_hash": "_files",
    "ConvertedMedia": "convert",
    "convert_for_ocoya": "convert",
    "planned_format": "convert",
    "inspect_file": "inspect",
    "make_thumbnail": "thumbnails",
}

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


def __getattr__(name: str) -> Any:
    """Import the submodule that defines the lazily exported ``name`` and return the name."""
    submodule = _LAZY_EXPORTS.get(name)
    if submodule is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{submodule}"), name)
    # Later lookups find the name in the module's namespace and skip this function.
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
