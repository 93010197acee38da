"""Errors raised by media inspection, conversion and thumbnails.

Every message is an English sentence for the user that names the file, what is wrong and how
to fix it.

    MediaError
    ├── UnreadableMediaError   the file is missing, empty, truncated or corrupt
    ├── UnsupportedMediaError  the file is readable but of a kind the app cannot send
    └── ThumbnailUnavailable   no preview can be drawn (videos: the app has no video decoder)
"""

from __future__ import annotations


class MediaError(Exception):
    """A media file cannot be inspected, converted or previewed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnreadableMediaError(MediaError):
    """The file is missing, empty, truncated or corrupt."""


class UnsupportedMediaError(MediaError):
    """The file is readable but is of a kind or size that cannot be sent to Ocoya."""


class ThumbnailUnavailable(MediaError):
    """No preview image can be made for the file, so the caller shows an icon instead."""
