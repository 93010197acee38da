"""Turn a local media file into one that Ocoya accepts: PNG, JPEG, GIF or MP4 up to 5 MB.

Rules, in order:

* The original is only read, never written. Output goes to
  `cache_dir/converted/<sha256 of the source>-<recipe>.<ext>` with a JSON sidecar holding the
  list of changes, so the same content is converted once.
* A JPEG, PNG or GIF that fits, is upright and carries no metadata passes through unchanged:
  the returned path is the source itself.
* Otherwise the image is turned upright from its EXIF orientation and brought to 8-bit RGB,
  grey or (with transparency) RGBA. All metadata is stripped: EXIF, GPS, XMP, IPTC, comments
  and text chunks, but not the ICC colour profile. It is saved as PNG where there is
  transparency or the source was PNG or GIF, and as JPEG otherwise.
* An image over the limit is re-encoded: JPEG quality 90 down to 60, then scaled down (never
  up, keeping the aspect ratio). A transparent PNG is optimised, then scaled down.
* An animated GIF is sent as it is when it fits. Above the limit it is rejected, because
  shrinking it means dropping frames or colours, a choice the user should make in a GIF tool.
  An animated WebP becomes an animated GIF under the same limit.
* Videos are never transcoded: the app ships no video encoder (ffmpeg would add tens of MB
  to the installer). An MP4 that fits passes; anything else is rejected with the fix.
"""

from __future__ import annotations

import io
import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from ocoya_desktop.domain.media._files import atomic_output, content_hash
from ocoya_desktop.domain.media._pillow import pillow_errors
from ocoya_desktop.domain.media.errors import MediaError, UnsupportedMediaError
from ocoya_desktop.domain.media.inspect import MIME_TYPES, inspect_file
from ocoya_desktop.domain.media.limits import (
    OCOYA_IMAGE_FORMATS,
    OCOYA_MAX_FILE_BYTES,
    format_megabytes,
)
from ocoya_desktop.domain.media.model import MediaInfo, MediaKind

_log = logging.getLogger(__name__)

# Bump when the conversion recipe changes, so old cache entries are not reused.
_RECIPE = "ocoya1"
_JPEG_QUALITIES = (90, 80, 70, 60)
_SCALED_JPEG_QUALITY = 80
# Each scaling step aims below the limit by this factor, as file size is not exactly
# proportional to pixel count.
_SCALE_MARGIN = 0.9
# Smaller than this, a picture is no longer useful on any network.
_MIN_SIDE_PIXELS = 320
_JPEG_MODES = frozenset({"RGB", "L"})
_PNG_MODES = frozenset({"RGB", "RGBA", "L", "LA", "P"})
_LOSSLESS_FORMATS = frozenset({"png", "gif", "bmp", "tiff"})


@dataclass(frozen=True)
class ConvertedMedia:
    """A file ready for upload, with what had to change to get there.

    `path` is the source itself when nothing had to change. `changes` are short English
    phrases for the user ("turned upright", "converted from HEIC to JPEG").
    """

    path: Path
    content_type: str
    info: MediaInfo
    location_removed: bool
    changes: tuple[str, ...]


def planned_format(info: MediaInfo) -> str | None:
    """Return the format `convert_for_ocoya` produces for `info`, or None when it cannot.

    None means a video that is not MP4; sizes are not considered here.
    """
    if info.kind is MediaKind.VIDEO:
        return "mp4" if info.format == "mp4" else None
    if info.is_animated and info.format in ("gif", "webp"):
        return "gif"
    if _passes_through(info):
        return info.format
    return _still_target(info)


def convert_for_ocoya(path: Path, info: MediaInfo, cache_dir: Path) -> ConvertedMedia:
    """Return a version of the file at `path` that Ocoya accepts; see the module docstring.

    Raises MediaError (with a message naming the file and the fix) when no such version can
    be made, such as for an MP4 over 5 MB.
    """
    if info.kind is MediaKind.VIDEO:
        return _check_video(path, info)
    if info.is_animated and info.format == "gif":
        return _check_animated_gif(path, info)
    if _passes_through(info):
        return ConvertedMedia(path, info.mime_type, info, False, ())

    digest = content_hash(path)
    target_format = "gif" if info.is_animated and info.format == "webp" else _still_target(info)
    output = cache_dir / "converted" / f"{digest}-{_RECIPE}.{_extension(target_format)}"
    cached = _read_cached(output)
    if cached is not None:
        _log.debug("Using cached conversion of %s: %s", path.name, output.name)
        return cached

    if target_format == "gif":
        data, changes = _encode_animation(path, info)
    else:
        data, changes = _encode_still(path, info, target_format)
        target_format = _format_of(data)
        output = output.with_suffix(f".{_extension(target_format)}")
    return _store(path, output, data, changes, info.has_location)


def _passes_through(info: MediaInfo) -> bool:
    return (
        info.format in OCOYA_IMAGE_FORMATS
        and info.size_bytes <= OCOYA_MAX_FILE_BYTES
        and info.orientation in (None, 1)
        and not info.has_metadata
        and not info.has_location
        and info.bit_depth <= 8
        and info.color_mode in (_JPEG_MODES if info.format == "jpeg" else _PNG_MODES | {"LA"})
    )


def _still_target(info: MediaInfo) -> str:
    if info.has_alpha or info.format in ("png", "gif"):
        return "png"
    return "jpeg"


def _extension(image_format: str) -> str:
    return {"jpeg": "jpg"}.get(image_format, image_format)


def _format_of(data: bytes) -> str:
    return "png" if data.startswith(b"\x89PNG") else "jpeg"


def _check_video(path: Path, info: MediaInfo) -> ConvertedMedia:
    if info.format != "mp4":
        raise UnsupportedMediaError(
            f"{path.name} is a QuickTime (MOV) video, and Ocoya accepts video only as MP4. "
            "The app has no video converter: export it as MP4 (H.264), for example with "
            "HandBrake or your phone's share options, and add it again."
        )
    if info.size_bytes > OCOYA_MAX_FILE_BYTES:
        raise UnsupportedMediaError(
            f"{path.name} is {format_megabytes(info.size_bytes)}, and Ocoya accepts files up "
            f"to {format_megabytes(OCOYA_MAX_FILE_BYTES)}. The app has no video converter: "
            "shorten or compress the video (for example with HandBrake, at a lower "
            "resolution or bit rate) and add it again."
        )
    return ConvertedMedia(path, info.mime_type, info, False, ())


def _check_animated_gif(path: Path, info: MediaInfo) -> ConvertedMedia:
    if info.size_bytes > OCOYA_MAX_FILE_BYTES:
        raise UnsupportedMediaError(
            f"{path.name} is an animated GIF of {format_megabytes(info.size_bytes)}, and "
            f"Ocoya accepts files up to {format_megabytes(OCOYA_MAX_FILE_BYTES)}. Make it "
            "smaller in a GIF editor (fewer frames, fewer colours or a smaller size), or "
            "export it as an MP4 video, and add it again."
        )
    return ConvertedMedia(path, info.mime_type, info, False, ())


def _load_upright(path: Path, info: MediaInfo, draft_size: tuple[int, int] | None) -> Image.Image:
    """Decode the first frame, turned upright, in an 8-bit mode that JPEG or PNG can store.

    `draft_size` lets the JPEG decoder scale down by 1/2 to 1/8 while decoding; the result is
    at least that large.
    """
    with pillow_errors(path), Image.open(path) as source:
        if draft_size is not None and source.format in ("JPEG", "MPO"):
            source.draft(None, draft_size)
        source.load()
        icc_profile = source.info.get("icc_profile")
        upright = ImageOps.exif_transpose(source)
        image = _to_storable_mode(upright, info.has_alpha, icc_profile)
    image.info = {}
    if (
        image.mode in _JPEG_MODES
        and isinstance(icc_profile, bytes)
        and info.color_mode
        in (
            "RGB",
            "L",
        )
    ):
        image.info["icc_profile"] = icc_profile
    return image


def _to_storable_mode(image: Image.Image, keep_alpha: bool, icc_profile: object) -> Image.Image:
    mode = image.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        return _to_eight_bit_grey(image)
    if mode == "CMYK":
        return _cmyk_to_rgb(image, icc_profile)
    if mode in ("RGBA", "LA") and keep_alpha:
        return image
    if mode in ("P", "PA", "RGBa", "La", "RGBA", "LA"):
        return image.convert("RGBA" if keep_alpha else "RGB")
    if mode in _JPEG_MODES:
        return image
    return image.convert("RGB")


def _to_eight_bit_grey(image: Image.Image) -> Image.Image:
    wide = image.convert("F")
    _, highest = wide.getextrema()
    top = float(highest) if isinstance(highest, int | float) else 255.0
    # 16-bit samples run to 65535; 32-bit integer or float samples have no fixed range.
    if image.mode.startswith("I;16") or 255 < top <= 65535:
        scale = 255 / 65535
    elif top > 65535:
        scale = 255 / top
    else:
        scale = 1.0
    return wide.point(lambda value: value * scale).convert("L")


def _cmyk_to_rgb(image: Image.Image, icc_profile: object) -> Image.Image:
    if isinstance(icc_profile, bytes):
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            converted = ImageCms.profileToProfile(
                image, source_profile, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
            if isinstance(converted, Image.Image):
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError) as error:
            _log.debug("Ignoring unusable CMYK colour profile: %r", error)
    # NOTE: without a profile Pillow's plain formula is used, so print-oriented CMYK colours
    # come out somewhat brighter than a colour-managed viewer shows them.
    return image.convert("RGB")


def _encode_still(path: Path, info: MediaInfo, target_format: str) -> tuple[bytes, list[str]]:
    changes = _describe_changes(info, target_format)
    image = _load_upright(path, info, None)

    if target_format == "png":
        data = _save(image, "png", None)
        if len(data) <= OCOYA_MAX_FILE_BYTES:
            return data, changes
        if not info.has_alpha:
            changes = [*_describe_changes(info, "jpeg"), "saved as JPEG to fit 5 MB"]
            return _fit_jpeg(path, info, image, changes)
        return _fit_png(image, changes)
    return _fit_jpeg(path, info, image, changes)


def _describe_changes(info: MediaInfo, target_format: str) -> list[str]:
    changes: list[str] = []
    if info.format != target_format:
        changes.append(f"converted from {info.format.upper()} to {target_format.upper()}")
    if info.orientation not in (None, 1):
        changes.append("turned upright")
    if info.color_mode == "CMYK":
        changes.append("converted from CMYK to RGB colours")
    if info.bit_depth > 8:
        changes.append(f"reduced from {info.bit_depth} to 8 bits per channel")
    if info.has_location:
        changes.append("location removed")
    if info.has_metadata:
        changes.append("metadata removed")
    return changes


def _fit_jpeg(
    path: Path, info: MediaInfo, image: Image.Image, changes: list[str]
) -> tuple[bytes, list[str]]:
    data = b""
    for quality in _JPEG_QUALITIES:
        data = _save(image, "jpeg", quality)
        if len(data) <= OCOYA_MAX_FILE_BYTES:
            if quality != _JPEG_QUALITIES[0]:
                changes.append(f"re-encoded at JPEG quality {quality} to fit 5 MB")
            return data, changes

    while True:
        new_size = _smaller_size(path, image.size, len(data))
        # Far smaller targets let the JPEG decoder skip most of the work.
        if info.format == "jpeg" and new_size[0] * 2 <= image.width:
            image = _load_upright(path, info, new_size)
        scaled = image.resize(new_size, Image.Resampling.LANCZOS)
        scaled.info = image.info
        data = _save(scaled, "jpeg", _SCALED_JPEG_QUALITY)
        if len(data) <= OCOYA_MAX_FILE_BYTES:
            changes.append(f"scaled down to {new_size[0]} x {new_size[1]} to fit 5 MB")
            return data, changes
        image = scaled


def _fit_png(image: Image.Image, changes: list[str]) -> tuple[bytes, list[str]]:
    data = _save(image, "png", None, optimize=True)
    if len(data) <= OCOYA_MAX_FILE_BYTES:
        changes.append("compressed to fit 5 MB")
        return data, changes
    while True:
        new_size = _smaller_size(None, image.size, len(data))
        image = image.resize(new_size, Image.Resampling.LANCZOS)
        data = _save(image, "png", None, optimize=True)
        if len(data) <= OCOYA_MAX_FILE_BYTES:
            changes.append(f"scaled down to {new_size[0]} x {new_size[1]} to fit 5 MB")
            return data, changes


def _smaller_size(path: Path | None, size: tuple[int, int], encoded_bytes: int) -> tuple[int, int]:
    factor = min(0.9, math.sqrt(OCOYA_MAX_FILE_BYTES / encoded_bytes) * _SCALE_MARGIN)
    width = max(1, round(size[0] * factor))
    height = max(1, round(size[1] * factor))
    if min(width, height) < _MIN_SIDE_PIXELS:
        name = path.name if path is not None else "The image"
        raise UnsupportedMediaError(
            f"{name} cannot be made smaller than {format_megabytes(OCOYA_MAX_FILE_BYTES)} "
            "without shrinking it below 320 pixels. Simplify or crop it in an image editor "
            "and add it again."
        )
    return width, height


def _save(
    image: Image.Image, image_format: str, quality: int | None, *, optimize: bool = False
) -> bytes:
    buffer = io.BytesIO()
    options: dict[str, object] = {}
    icc_profile = image.info.get("icc_profile")
    if icc_profile:
        options["icc_profile"] = icc_profile
    if quality is not None:
        options["quality"] = quality
    if optimize:
        options["optimize"] = True
    # The image's own info is emptied so Pillow writes no EXIF, XMP or comment by itself.
    image.info = {}
    image.save(buffer, format=image_format.upper(), **options)
    if icc_profile:
        image.info["icc_profile"] = icc_profile
    return buffer.getvalue()


def _encode_animation(path: Path, info: MediaInfo) -> tuple[bytes, list[str]]:
    buffer = io.BytesIO()
    with pillow_errors(path), Image.open(path) as source:
        durations = []
        for index in range(info.frame_count):
            source.seek(index)
            durations.append(int(source.info.get("duration", 100)))
        source.seek(0)
        source.info = {"loop": source.info.get("loop", 0)}
        source.save(buffer, format="GIF", save_all=True, duration=durations, loop=0, disposal=2)
    data = buffer.getvalue()
    if len(data) > OCOYA_MAX_FILE_BYTES:
        raise UnsupportedMediaError(
            f"{path.name} is an animated {info.format.upper()}; as an animated GIF it would be "
            f"{format_megabytes(len(data))}, over Ocoya's "
            f"{format_megabytes(OCOYA_MAX_FILE_BYTES)} limit. Make it shorter or smaller, or "
            "export it as an MP4 video, and add it again."
        )
    return data, [f"converted from animated {info.format.upper()} to animated GIF"]


def _store(
    source: Path, output: Path, data: bytes, changes: list[str], location_removed: bool
) -> ConvertedMedia:
    with atomic_output(output) as stream:
        stream.write(data)
    sidecar = {"changes": changes, "location_removed": location_removed}
    with atomic_output(_sidecar_path(output)) as stream:
        stream.write(json.dumps(sidecar).encode("utf-8"))
    _log.info("Converted %s to %s: %s", source.name, output.name, "; ".join(changes))
    info = inspect_file(output)
    return ConvertedMedia(output, MIME_TYPES[info.format], info, location_removed, tuple(changes))


def _sidecar_path(output: Path) -> Path:
    return output.with_name(output.name + ".json")


def _read_cached(output: Path) -> ConvertedMedia | None:
    candidates = [output]
    if output.suffix == ".png":
        candidates.append(output.with_suffix(".jpg"))
    for candidate in candidates:
        try:
            sidecar = json.loads(_sidecar_path(candidate).read_text(encoding="utf-8"))
            changes = tuple(str(change) for change in sidecar["changes"])
            location_removed = bool(sidecar["location_removed"])
            info = inspect_file(candidate)
        except (OSError, ValueError, KeyError, TypeError, MediaError):
            continue
        return ConvertedMedia(candidate, MIME_TYPES[info.format], info, location_removed, changes)
    return None
