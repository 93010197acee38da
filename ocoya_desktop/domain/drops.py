"""Turn what a user drops or pastes into media sources: local files, web links, or failures.

The Qt side (``ocoya_desktop.ui.mime``) reads ``QMimeData`` and hands plain strings and paths
to these functions, so the rules here are tested without a display. Functions that touch the
file system (``expand_drop``, ``looks_like_media``, ``save_image_bytes``) block, so the UI runs
them in a worker thread.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# Qt's cocoa plugin turns these macOS file-reference URLs into real paths before the app gets
# them. Anywhere else ``QUrl.toLocalFile`` leaves a path that starts like this and exists nowhere.
_MACOS_FILE_REFERENCE_PREFIX = "/.file/id="

# Enough bytes to recognise every signature in ``_sniff_header``.
_HEADER_BYTES = 32


@dataclass(frozen=True)
class DroppedFile:
    """A local file to inspect, convert and upload."""

    path: Path


@dataclass(frozen=True)
class DroppedLink:
    """An ``http`` or ``https`` URL that Ocoya may download as it is."""

    url: str


@dataclass(frozen=True)
class UnresolvedDrop:
    """A dropped item that names no usable file or link, with the reason for the user."""

    text: str
    reason: str


DroppedItem = DroppedFile | DroppedLink | UnresolvedDrop


@dataclass(frozen=True)
class DropExpansion:
    """The media sources found in a drop, in order, and notes about what was left out."""

    items: list[DroppedItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def is_web_url(text: str) -> bool:
    """Return whether ``text`` is an absolute ``http`` or ``https`` URL with a host."""
    parts = urlsplit(text.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def parse_uri_list(text: str) -> list[str]:
    """Split a ``text/uri-list`` body into URLs, dropping blank lines and ``#`` comments."""
    urls = []
    for line in text.splitlines():
        entry = line.strip()
        if entry and not entry.startswith("#"):
            urls.append(entry)
    return urls


def parse_moz_url(data: bytes) -> str | None:
    """Return the URL from a ``text/x-moz-url`` body, or None when it contains no URL.

    Firefox writes UTF-16 text: the URL, a newline, then the link's title.
    """
    if not data:
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif len(data) >= 2 and data[1] == 0:
        text = data.decode("utf-16-le", errors="replace")
    else:
        text = data.decode("utf-8", errors="replace")
    lines = text.replace("\x00", "").splitlines()
    url = lines[0].strip() if lines else ""
    return url or None


def parse_plain_text(text: str) -> str | None:
    """Return the one web URL or absolute path that ``text`` consists of, or None.

    ``parse_text_entries`` does the parsing. Text with several URLs returns None here.
    """
    entries = parse_text_entries(text)
    return entries[0] if len(entries) == 1 else None


def parse_text_entries(text: str) -> list[str]:
    """Return the web URLs, or the one absolute path, that ``text`` consists of, in order.

    Browsers put a dragged image's address in ``text/plain``, and some file managers put a
    ``file://`` URL or a path there. A list of addresses copied from a document or a
    spreadsheet contains several URLs separated by newlines or spaces. A path may contain
    spaces, so it is accepted only as the whole text. Text with anything else in it, such as
    a sentence containing a link, returns an empty list.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) == 1 and os.path.isabs(lines[0]):
        return [lines[0]]

    words = text.split()
    if words and all(is_web_url(word) or word.lower().startswith("file://") for word in words):
        return words
    return []


def looks_like_media(path: Path) -> bool:
    """Return whether the file's first bytes carry an image or video signature.

    This only sorts the files of a dropped folder; ``inspect_file`` makes the real check.
    """
    try:
        with path.open("rb") as stream:
            header = stream.read(_HEADER_BYTES)
    except OSError:
        return False
    return _sniff_header(header)


def _sniff_header(header: bytes) -> bool:
    if header.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"BM")):
        return True
    if header.startswith((b"II*\x00", b"MM\x00*")):
        return True
    if header[:4] == b"RIFF" and header[8:12] in (b"WEBP", b"AVI "):
        return True
    if header[4:8] == b"ftyp":
        # MP4, MOV and HEIF share the ISO base media layout; every brand there is media.
        return True
    return header.startswith(b"\x1a\x45\xdf\xa3")  # Matroska and WebM


def expand_drop(entries: Sequence[str]) -> DropExpansion:
    """Resolve dropped entries (local paths and web URLs) into media sources, in drop order.

    A folder contributes the media files directly inside it, sorted by name; its subfolders and
    other files are skipped with a note. A missing path becomes an ``UnresolvedDrop``.
    """
    expansion = DropExpansion()
    for entry in entries:
        if is_web_url(entry):
            expansion.items.append(DroppedLink(entry.strip()))
            continue

        path = Path(entry)
        if entry.startswith(_MACOS_FILE_REFERENCE_PREFIX) and not path.exists():
            reason = (
                f"{entry} is a macOS file reference, which only macOS can turn into a path. "
                "Drop the file itself, or add it with Add media."
            )
            expansion.items.append(UnresolvedDrop(entry, reason))
        elif path.is_dir():
            _add_folder(path, expansion)
        elif path.is_file():
            expansion.items.append(DroppedFile(path))
        else:
            reason = f"{entry} was not found. Check that the file still exists and try again."
            expansion.items.append(UnresolvedDrop(entry, reason))
    return expansion


def _add_folder(folder: Path, expansion: DropExpansion) -> None:
    try:
        children = sorted(folder.iterdir(), key=lambda child: (child.name.casefold(), child.name))
    except OSError as error:
        reason = f"The folder {folder} could not be read: {error.strerror or error}."
        expansion.items.append(UnresolvedDrop(str(folder), reason))
        return

    skipped: list[str] = []
    found = 0
    for child in children:
        if child.is_file() and looks_like_media(child):
            expansion.items.append(DroppedFile(child))
            found += 1
        elif not child.name.startswith("."):
            skipped.append(child.name + ("/" if child.is_dir() else ""))

    if skipped:
        names = ", ".join(skipped[:5]) + (
            f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        )
        expansion.notes.append(
            f"Skipped {len(skipped)} item(s) in {folder.name} that are not images or videos, "
            f"or are subfolders: {names}."
        )
    if found == 0:
        expansion.notes.append(f"The folder {folder.name} contains no images or videos.")


def save_image_bytes(data: bytes, folder: Path, *, suffix: str = ".png") -> Path:
    """Write pasted or dropped image data to ``folder``, named by its SHA-256, and return the path.

    The same image pasted twice gives the same file, so the pipeline's content-hash caches and
    the media host reuse their earlier work. The file appears whole or not at all.
    """
    digest = hashlib.sha256(data).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"pasted-{digest[:16]}{suffix}"
    if target.is_file() and target.stat().st_size == len(data):
        return target

    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".pasted-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
