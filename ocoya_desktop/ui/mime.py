"""Read media sources out of the ``QMimeData`` of a drop or a paste.

The formats are tried in this order, and the first one that yields something wins:

1. ``QMimeData.urls()``: local files and folders, web URLs from a browser (``text/uri-list``).
2. ``text/x-moz-url``: Firefox's link format, with the URL on the first line.
3. Image data (``image/png`` bytes or ``QMimeData.imageData()``): an image copied from a
   browser or an editor, saved as a PNG file in the cache folder.
4. ``text/plain`` made of web URLs (separated by newlines or spaces) or one absolute path.

URLs come before image data because a browser that sends both sends the original file's
address, which Ocoya can download as it is, while its image data is a re-encoded copy.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QUrl
from PySide6.QtGui import QImage, QImageWriter

from ocoya_desktop.domain import drops

_log = logging.getLogger(__name__)

MOZ_URL_MIME_TYPE = "text/x-moz-url"
PNG_MIME_TYPE = "image/png"


@dataclass(frozen=True)
class DropContent:
    """The media sources of one drop: entries for ``drops.expand_drop``, or image data."""

    entries: tuple[str, ...] = ()
    image_png: bytes | None = None
    image: QImage | None = None

    @property
    def is_empty(self) -> bool:
        """Whether the drop offers nothing the media list can use."""
        return not self.entries and self.image_png is None and self.image is None


def read_drop(mime: QMimeData) -> DropContent:
    """Collect the media sources that ``mime`` offers, without touching the file system."""
    entries = [_entry_for_url(url) for url in mime.urls()]
    usable = tuple(entry for entry in entries if entry)
    if usable:
        return DropContent(entries=usable)

    if mime.hasFormat(MOZ_URL_MIME_TYPE):
        url = drops.parse_moz_url(bytes(mime.data(MOZ_URL_MIME_TYPE).data()))
        if url and drops.is_web_url(url):
            return DropContent(entries=(url,))

    png = bytes(mime.data(PNG_MIME_TYPE).data()) if mime.hasFormat(PNG_MIME_TYPE) else b""
    if png:
        return DropContent(image_png=png)
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return DropContent(image=image)

    if mime.hasText():
        converted = [_entry_for_text(entry) for entry in drops.parse_text_entries(mime.text())]
        usable = tuple(entry for entry in converted if entry)
        if usable:
            return DropContent(entries=usable)
    return DropContent()


def can_accept(mime: QMimeData) -> bool:
    """Return whether a drag carrying ``mime`` may be dropped on the media list."""
    return not read_drop(mime).is_empty


def _entry_for_text(entry: str) -> str:
    return _entry_for_url(QUrl(entry)) if entry.lower().startswith("file:") else entry


def _entry_for_url(url: QUrl) -> str:
    if url.isLocalFile():
        # Qt decodes percent escapes and non-ASCII names here. On macOS its cocoa plugin has
        # already turned file-reference URLs (file:///.file/id=...) into real paths.
        return url.toLocalFile()
    if url.scheme().lower() in ("http", "https"):
        return url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    _log.debug("Ignoring a dropped URL with scheme %s", url.scheme())
    return ""


async def save_dropped_image(content: DropContent, folder: Path) -> Path:
    """Write the image data of ``content`` into ``folder`` as a PNG file and return its path.

    Encoding and writing run in a worker thread. Raises ``ValueError`` when ``content`` has
    no image data or Qt cannot encode it.
    """
    if content.image_png is not None:
        return await asyncio.to_thread(drops.save_image_bytes, content.image_png, folder)
    if content.image is None:
        raise ValueError("The drop contains no image data.")
    data = await asyncio.to_thread(_encode_png, content.image)
    return await asyncio.to_thread(drops.save_image_bytes, data, folder)


def _encode_png(image: QImage) -> bytes:
    # QImage, QBuffer and QImageWriter may be used in any thread, unlike QPixmap.
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    written = writer.write(image)
    buffer.close()
    if not written:
        raise ValueError(f"The dropped image could not be encoded as PNG: {writer.errorString()}")
    return bytes(array.data())
