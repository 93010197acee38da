"""Media descriptions the rule tests share: a square photo, a portrait clip, an animated GIF."""

from __future__ import annotations

from ocoya_desktop.domain.media import MediaInfo, MediaKind, VideoInfo

PHOTO = MediaInfo(MediaKind.IMAGE, "jpeg", "image/jpeg", 200_000, 1080, 1080, color_mode="RGB")
CLIP = MediaInfo(
    MediaKind.VIDEO,
    "mp4",
    "video/mp4",
    2_000_000,
    1080,
    1920,
    video=VideoInfo("mp4", "avc1", 30.0, 30.0),
)
GIF = MediaInfo(
    MediaKind.IMAGE, "gif", "image/gif", 300_000, 480, 480, frame_count=8, is_animated=True
)
