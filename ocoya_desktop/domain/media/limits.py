"""Ocoya's own limits on media, shared by the checks and the converter."""

from __future__ import annotations

# NOTE: Ocoya documents "5 MB" per file but not whether that is 5,000,000 or 5 * 1024 * 1024
# bytes. The smaller reading is used, so Ocoya never rejects a file that the app sends.
OCOYA_MAX_FILE_BYTES = 5_000_000

# Formats Ocoya downloads from media URLs.
OCOYA_IMAGE_FORMATS = frozenset({"jpeg", "png", "gif"})
OCOYA_VIDEO_FORMATS = frozenset({"mp4"})


def format_megabytes(size_bytes: int) -> str:
    """Format a byte count as decimal megabytes, such as "6.3 MB"."""
    return f"{size_bytes / 1_000_000:.1f} MB"
