"""Results of media inspection: the kind, format and pixel facts of one file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# EXIF orientations 5 to 8 turn the stored pixels by 90 or 270 degrees for display.
_TRANSPOSING_ORIENTATIONS = frozenset({5, 6, 7, 8})


class MediaKind(StrEnum):
    """Whether a file is a still or animated image, or a video."""

    IMAGE = "image"
    VIDEO = "video"


@dataclass(frozen=True)
class VideoInfo:
    """Container facts of an MP4 or QuickTime file, read from its boxes without decoding.

    `codec` is the sample entry's four-character code (`avc1`, `hvc1`, `hev1`, `mp4v`, ...).
    `rotation_degrees` comes from the track matrix (phones record portrait video turned).
    """

    container: str
    codec: str | None
    duration_seconds: float | None
    frame_rate: float | None
    audio_codec: str | None = None
    rotation_degrees: int = 0


@dataclass(frozen=True)
class MediaInfo:
    """Facts about one media file, with the type taken from its content, never its name.

    `format` is a lower-case name: "jpeg", "png", "gif", "webp", "heic", "heif", "avif",
    "tiff", "bmp", "mp4" or "mov". `width` and `height` are the stored pixel size; see
    `display_size` for the size after EXIF orientation or video rotation. `orientation` is
    the EXIF orientation (1 to 8) or None when the file has none. `color_mode` is Pillow's
    mode name ("RGB", "CMYK", "P", "I;16", ...) and empty for videos. `has_metadata` is true
    when the file carries EXIF, XMP, IPTC, comments or text chunks that conversion strips.
    """

    kind: MediaKind
    format: str
    mime_type: str
    size_bytes: int
    width: int
    height: int
    orientation: int | None = None
    color_mode: str = ""
    bit_depth: int = 8
    frame_count: int = 1
    is_animated: bool = False
    has_alpha: bool = False
    has_location: bool = False
    has_metadata: bool = False
    video: VideoInfo | None = None

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height as a viewer shows the media, after orientation or rotation."""
        turned = self.orientation in _TRANSPOSING_ORIENTATIONS
        if self.video is not None:
            turned = self.video.rotation_degrees in (90, 270)
        if turned:
            return self.height, self.width
        return self.width, self.height

    @property
    def aspect_ratio(self) -> float | None:
        """Displayed width divided by displayed height, or None when a side is unknown."""
        width, height = self.display_size
        if width <= 0 or height <= 0:
            return None
        return width / height
