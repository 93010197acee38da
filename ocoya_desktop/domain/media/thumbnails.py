"""Small upright PNG previews of images, cached on disk by content hash and size."""

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


def make_thumbnail(path: Path, cache_dir: Path, *, size: int = 256) -> Path:
    """Return a PNG at most `size` pixels on its longer side showing the file at `path`.

    The preview is upright per EXIF, shows the first frame of an animation and keeps
    transparency. JPEGs are decoded at a reduced scale, so a 24-megapixel photo is never
    decoded in full. Raises ThumbnailUnavailable for videos (the app has no video decoder)
    and UnreadableMediaError or UnsupportedMediaError like `inspect_file`.
    """
    if size < 1:
        raise ValueError(f"Thumbnail size must be at least 1 pixel, got {size}.")
    data = _read_small_file(path)
    digest = hashlib.sha256(data).hexdigest() if data is not None else content_hash(path)
    target = cache_dir / "thumbnails" / f"{digest}-{size}.png"
    if target.is_file():
        return target

    if data is not None:
        header = data[:64]
    else:
        with pillow_errors(path), path.open("rb") as stream:
            header = stream.read(64)
    if sniff_video(header) is not None:
        raise ThumbnailUnavailable(
            f"No preview can be drawn for {path.name}: the app does not decode video."
        )

    thumbnail = _render(path, size, data)
    write_atomically(
        target,
        lambda stream: thumbnail.save(stream, format="PNG", compress_level=PNG_COMPRESS_LEVEL),
    )
    _log.debug("Wrote thumbnail %s for %s", target.name, path.name)
    return target


def _read_small_file(path: Path) -> bytes | None:
    """Return the bytes of ``path`` when it is at most ``IN_MEMORY_LIMIT_BYTES``, else None.

    None also stands for a file that cannot be read: ``content_hash`` then raises the error
    the caller shows.
    """
    try:
        with path.open("rb") as stream:
            if os.fstat(stream.fileno()).st_size > IN_MEMORY_LIMIT_BYTES:
                return None
            data = stream.read(IN_MEMORY_LIMIT_BYTES + 1)
    except OSError:
        return None
    # The file may have grown since fstat.
    return data if len(data) <= IN_MEMORY_LIMIT_BYTES else None


def _render(path: Path, size: int, data: bytes | None) -> Image.Image:
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
    upright.thumbnail((size, size), Image.Resampling.LANCZOS)
    return _png_ready(upright)


def _png_ready(image: Image.Image) -> Image.Image:
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if image.mode in ("RGB", "RGBA", "L", "LA"):
        ready = image
    elif image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        ready = image.convert("F").point(lambda value: value / 256).convert("L")
    else:
        ready = image.convert("RGBA" if has_alpha else "RGB")
    ready.info = {}
    return ready
