"""Small upright PNG previews of images, cached on disk by content hash and size."""

from __future__ import annotations

import logging
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


def make_thumbnail(path: Path, cache_dir: Path, *, size: int = 256) -> Path:
    """Return a PNG at most `size` pixels on its longer side showing the file at `path`.

    The preview is upright per EXIF, shows the first frame of an animation and keeps
    transparency. JPEGs are decoded at a reduced scale, so a 24-megapixel photo is never
    decoded in full. Raises ThumbnailUnavailable for videos (the app has no video decoder)
    and UnreadableMediaError or UnsupportedMediaError like `inspect_file`.
    """
    if size < 1:
        raise ValueError(f"Thumbnail size must be at least 1 pixel, got {size}.")
    digest = content_hash(path)
    target = cache_dir / "thumbnails" / f"{digest}-{size}.png"
    if target.is_file():
        return target

    with pillow_errors(path), path.open("rb") as stream:
        header = stream.read(64)
    if sniff_video(header) is not None:
        raise ThumbnailUnavailable(
            f"No preview can be drawn for {path.name}: the app does not decode video."
        )

    thumbnail = _render(path, size)
    write_atomically(target, lambda stream: thumbnail.save(stream, format="PNG"))
    _log.debug("Wrote thumbnail %s for %s", target.name, path.name)
    return target


def _render(path: Path, size: int) -> Image.Image:
    with pillow_errors(path), Image.open(path) as source:
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
