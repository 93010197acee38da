"""Thumbnails for the media list, decoded off the UI thread.

``make_thumbnail`` (scaled decoding, EXIF rotation, a cache keyed by the file's identity) and the
decoding of its small JPEG or PNG run in worker threads. Only ``QPixmap.fromImage`` runs on the main
thread, because a ``QPixmap`` belongs to the GUI thread while a ``QImage`` may be made in any
thread. Videos and links get drawn icons.

The worker threads are a pool of one fewer than the CPU count (at least one), not asyncio's
default executor (CPU count + 4 threads): with 20 photos dropped at once, decoding on every
core delayed the UI thread's timers by 20 ms and more on a 2-core machine.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache, partial
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPixmap

from ocoya_desktop.domain import media

_log = logging.getLogger(__name__)

THUMBNAIL_SIZE = 256
"""The maximum width and height, in pixels, of thumbnails made for the media list."""

DECODER_THREADS = max(1, (os.cpu_count() or 1) - 1)
"""Worker threads that make thumbnails: one fewer than the CPUs, so one stays for the UI."""

MakeThumbnail = Callable[..., Path]

_T = TypeVar("_T")


class ThumbnailError(Exception):
    """A thumbnail could not be made; the message names the file and the reason."""


async def load_thumbnail(
    path: Path,
    cache_dir: Path,
    *,
    size: int = THUMBNAIL_SIZE,
    make_thumbnail: MakeThumbnail | None = None,
) -> QPixmap:
    """Make (or reuse) the thumbnail of the image at ``path`` and return it as a pixmap.

    ``make_thumbnail`` defaults to ``media.make_thumbnail``, looked up here rather than as the
    default value because it loads Pillow, which start-up does not need.

    Raises ``ThumbnailError`` when the file cannot be decoded.
    """
    if make_thumbnail is None:
        make_thumbnail = media.make_thumbnail
    try:
        thumbnail_path = await _in_decoder_thread(
            partial(make_thumbnail, path, cache_dir, size=size)
        )
    except media.MediaError as error:
        raise ThumbnailError(str(error)) from error
    return await load_pixmap(thumbnail_path)


async def load_pixmap(path: Path) -> QPixmap:
    """Decode a small image file in a worker thread and return it as a pixmap.

    Raises ``ThumbnailError`` when Qt cannot read the file.
    """
    image = await _in_decoder_thread(partial(QImage, str(path)))
    if image.isNull():
        raise ThumbnailError(f"The thumbnail {path} could not be read.")
    return QPixmap.fromImage(image)


async def _in_decoder_thread(work: Callable[[], _T]) -> _T:
    """Run ``work`` in the decoder pool and return its result."""
    return await asyncio.get_running_loop().run_in_executor(_decoder_pool(), work)


@cache
def _decoder_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=DECODER_THREADS, thread_name_prefix="ocoya-thumbnails")


def film_icon(size: int = THUMBNAIL_SIZE) -> QPixmap:
    """Draw a film-strip icon that stands for a video."""
    pixmap, painter = _start_icon(size)
    strip = QRectF(size * 0.15, size * 0.2, size * 0.7, size * 0.6)
    painter.setBrush(QColor("#37474f"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(strip, size * 0.04, size * 0.04)

    # Sprocket holes along both edges of the strip.
    painter.setBrush(QColor("#eceff1"))
    hole = size * 0.05
    for step in range(6):
        x = strip.left() + size * 0.04 + step * (strip.width() - size * 0.08) / 5 - hole / 2
        painter.drawRect(QRectF(x, strip.top() + hole * 0.5, hole, hole))
        painter.drawRect(QRectF(x, strip.bottom() - hole * 1.5, hole, hole))

    # A play triangle in the middle.
    center = strip.center()
    triangle = QPainterPath(QPointF(center.x() - size * 0.08, center.y() - size * 0.1))
    triangle.lineTo(QPointF(center.x() + size * 0.11, center.y()))
    triangle.lineTo(QPointF(center.x() - size * 0.08, center.y() + size * 0.1))
    triangle.closeSubpath()
    painter.drawPath(triangle)
    painter.end()
    return pixmap


def placeholder_icon(size: int = THUMBNAIL_SIZE) -> QPixmap:
    """Draw a neutral picture frame shown until a thumbnail exists or when none can be made."""
    pixmap, painter = _start_icon(size)
    frame = QRectF(size * 0.18, size * 0.22, size * 0.64, size * 0.56)
    painter.setPen(QPen(QColor("#90a4ae"), max(2.0, size * 0.02)))
    painter.setBrush(QColor("#eceff1"))
    painter.drawRoundedRect(frame, size * 0.03, size * 0.03)

    # A mountain and a sun, the usual sign for "picture".
    mountain = QPainterPath(QPointF(frame.left() + size * 0.05, frame.bottom() - size * 0.05))
    mountain.lineTo(QPointF(frame.left() + size * 0.25, frame.top() + size * 0.25))
    mountain.lineTo(QPointF(frame.left() + size * 0.4, frame.bottom() - size * 0.15))
    mountain.lineTo(QPointF(frame.left() + size * 0.48, frame.top() + size * 0.32))
    mountain.lineTo(QPointF(frame.right() - size * 0.05, frame.bottom() - size * 0.05))
    mountain.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#90a4ae"))
    painter.drawPath(mountain)
    painter.drawEllipse(QPointF(frame.right() - size * 0.14, frame.top() + size * 0.13), 8, 8)
    painter.end()
    return pixmap


def link_icon(size: int = THUMBNAIL_SIZE) -> QPixmap:
    """Draw a chain-link icon for media added by URL whose picture is not loaded."""
    pixmap, painter = _start_icon(size)
    pen = QPen(QColor("#546e7a"), size * 0.06)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.translate(size / 2, size / 2)
    painter.rotate(-45)
    link_width, link_height = size * 0.34, size * 0.18
    painter.drawRoundedRect(
        QRectF(-link_width + size * 0.06, -link_height / 2, link_width, link_height),
        link_height / 2,
        link_height / 2,
    )
    painter.drawRoundedRect(
        QRectF(-size * 0.06, -link_height / 2, link_width, link_height),
        link_height / 2,
        link_height / 2,
    )
    painter.end()
    return pixmap


def _start_icon(size: int) -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter
