"""One place that turns Pillow's many exceptions into the media error tree."""

from __future__ import annotations

import logging
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pillow_heif
from PIL import Image, UnidentifiedImageError

from ocoya_desktop.domain.media._files import missing_file_error
from ocoya_desktop.domain.media.errors import (
    MediaError,
    UnreadableMediaError,
    UnsupportedMediaError,
)

_log = logging.getLogger(__name__)

# Registering twice is harmless; every module that opens images imports this one first.
pillow_heif.register_heif_opener()

# Pillow's own decompression-bomb limit: about 89.5 megapixels. Larger images are rejected
# with a message instead of Pillow's warning or error.
MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485

# Pillow plugins raise more than OSError on damaged data (struct.error from header parsing,
# SyntaxError from the PNG reader, EOFError from frame seeking, and so on).
PILLOW_FAILURES = (
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    struct.error,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
    RuntimeError,
)


def too_many_pixels_error(path: Path, size: tuple[int, int] | None) -> UnsupportedMediaError:
    """Build the error for an image above the decompression-bomb limit."""
    dimensions = f" ({size[0]} x {size[1]} pixels)" if size else ""
    limit = MAX_IMAGE_PIXELS / 1_000_000
    return UnsupportedMediaError(
        f"{path.name} is too large to open safely{dimensions}: the limit is {limit:.0f} "
        "megapixels. Scale it down in an image editor and add it again."
    )


@contextmanager
def pillow_errors(path: Path) -> Iterator[None]:
    """Translate Pillow failures while working on `path` into MediaError subclasses."""
    try:
        yield
    except MediaError:
        raise
    except FileNotFoundError:
        raise missing_file_error(path) from None
    except UnidentifiedImageError:
        raise UnsupportedMediaError(
            f"{path.name} is not an image or a video the app can read, whatever its name "
            "says. Choose a JPEG, PNG, GIF, WebP, HEIC, TIFF or BMP image or an MP4 video."
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels_error(path, None) from None
    except MemoryError:
        raise UnsupportedMediaError(
            f"{path.name} needs more memory to decode than is available. "
            "Scale it down in an image editor and add it again."
        ) from None
    except PILLOW_FAILURES as error:
        _log.debug("Pillow failed on %s: %r", path.name, error)
        raise UnreadableMediaError(
            f"{path.name} is damaged or incomplete and cannot be decoded ({error}). "
            "Export or download the image again."
        ) from None
