"""Small upright previews of images, cached on disk by content hash and size.

Previews without transparency are written as JPEG and those with it as PNG. For a
256-pixel preview, Pillow 13 writes the JPEG in about 0.1 ms and the PNG (zlib level 1) in
about 1.6 ms. Decoding a 24-megapixel JPEG at 1/8 scale takes about 80 ms.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from pathlib import Path

from PIL import Image, ImageOps

from ocoya_desktop.domain.media._files import content_hash, write_atomically
from ocoya_desktop.domain.media._pillow import (
    MAX_IMAGE_PIXELS,
    pillow_errors,
    too_many_pixels_error,
)
from ocoya_desktop.domain.media.errors import ThumbnailUnavailable
from ocoya_desktop.domain.media.inspect import sniff_video

_log = logging.getLogger(__name__)

IN_MEMORY_LIMIT_BYTES = 64 * 1024 * 1024
"""Files up to this size are read once, then hashed and decoded from memory. Larger ones
(videos, mostly) are hashed in chunks and never held whole."""

PNG_COMPRESS_LEVEL = 1
"""zlib level for thumbnail PNGs: level 1 writes a 256-pixel preview several times faster
than Pillow's default 6, and the file is a few kilobytes larger."""

JPEG_QUALITY = 90
"""Quality of thumbnail JPEGs: a 256-pixel preview shows no visible artefacts at this level."""

REDUCING_GAP = 1.0
"""Passed to ``Image.thumbnail``: the image is first shrunk by a whole factor with a box
filter while it stays at least this many times the target size, then resampled with
Lanczos. With 1.0 a 750-pixel draft is halved first, which takes 1.4 ms in place of 3.4 ms
with Pillow's default 2.0; at preview size the difference in sharpness is not visible."""

_SUFFIXES = {"JPEG": ".jpg", "PNG": ".png"}


def make_thumbnail(path: Path, cache_dir: Path, *, size: int = 256) -> Path:
    """Return an image at most `size` pixels on its longer side showing the file at `path`.

    The preview is upright per EXIF and shows the first frame of an animation. It is a JPEG
    named `<sha256>-<size>.jpg` in `cache_dir/thumbnails`, or a PNG named `.png` there when
    the picture has transparency, which the PNG keeps. JPEGs are decoded at a reduced scale,
    so a 24-megapixel photo is never decoded in full. Raises ThumbnailUnavailable for videos
    (the app has no video decoder) and UnreadableMediaError or UnsupportedMediaError like
    `inspect_file`.
    """
    if size < 1:
        raise ValueError(f"Thumbnail size must be at least 1 pixel, got {size}.")
    data = _read_small_file(path)
    digest = hashlib.sha256(data).hexdigest() if data is not None else content_hash(path)
    stem = cache_dir / "thumbnails" / f"{digest}-{size}"
    for suffix in _SUFFIXES.values():
        cached = stem.with_name(stem.name + suffix)
        if cached.is_file():
            return cached

    if data is not None:
        header = data[:64]
    else:
        with pillow_errors(path), path.open("rb") as stream:
            header = stream.read(64)
    if sniff_video(header) is not None:
        raise ThumbnailUnavailable(
            f"No preview can be drawn for {path.name}: the app does not decode video."
        )

    thumbnail, image_format = _render(path, size, data)
    target = stem.with_name(stem.name + _SUFFIXES[image_format])
    if image_format == "PNG":
        options: dict[str, int] = {"compress_level": PNG_COMPRESS_LEVEL}
    else:
        options = {"quality": JPEG_QUALITY}
    write_atomically(target, lambda stream: thumbnail.save(stream, image_format, **options))
    _log.debug("Wrote thumbnail %s for %s", target.name, path.name)
    return target


def _read_small_file(path: Path) -> bytes | None:
    """Return the bytes of ``path`` when it is at most ``IN_MEMORY_LIMIT_BYTES``, else None.

    None also stands for a file that cannot be read: ``content_hash`` then raises the error
    the caller shows.
    """
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > IN_MEMORY_LIMIT_BYTES:
                return None
            # Reading the size found (not the limit) keeps Python from allocating a 64 MB
            # buffer per file, which took several milliseconds. One byte more shows whether
            # the file grew since fstat; then the rest is read up to the limit.
            data = stream.read(size + 1)
            if len(data) > size:
                data += stream.read(IN_MEMORY_LIMIT_BYTES + 1 - len(data))
    except OSError:
        return None
    return data if len(data) <= IN_MEMORY_LIMIT_BYTES else None


def _render(path: Path, size: int, data: bytes | None) -> tuple[Image.Image, str]:
    """Decode, turn upright and shrink the picture; return it and the format to save it in."""
    source_file: Path | io.BytesIO = io.BytesIO(data) if data is not None else path
    with pillow_errors(path), Image.open(source_file) as source:
        if source.width * source.height > MAX_IMAGE_PIXELS:
            raise too_many_pixels_error(path, source.size)
        if source.format in ("JPEG", "MPO"):
            # The decoder picks the largest 1/2, 1/4 or 1/8 scale still at least this big.
            source.draft("RGB" if source.mode == "RGB" else None, (size, size))
        source.seek(0)
        source.load()
        upright = ImageOps.exif_transpose(source)
    upright.thumbnail((size, size), Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
    return _save_ready(upright)


def _save_ready(image: Image.Image) -> tuple[Image.Image, str]:
    """Return ``image`` in a mode the chosen format stores, and that format."""
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if image.mode in ("RGB", "RGBA", "L", "LA"):
        ready = image
    elif image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        ready = image.convert("F").point(lambda value: value / 256).convert("L")
    else:
        ready = image.convert("RGBA" if has_alpha else "RGB")
    ready.info = {}
    return ready, "PNG" if ready.mode in ("RGBA", "LA") else "JPEG"
