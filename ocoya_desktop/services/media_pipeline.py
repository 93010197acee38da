"""Turn a dropped file or a pasted link into media a post can use: a checked public URL.

A local file goes through four stages, reported to `progress` as `(stage, done, total)`:

1. `inspect`: read its type, size and dimensions from the content;
2. `convert`: make a version Ocoya accepts (PNG, JPEG, GIF or MP4 up to 5 MB);
3. `thumbnail`: draw a preview, when the file has one (videos have none);
4. `upload`: store the converted file on the media host, reporting bytes sent.

The CPU stages run in worker threads. Cancelling the task stops waiting at once. A thread
that is already decoding finishes in the background and its result is dropped. An upload in
progress is aborted without leaving an object behind.

A link is checked without downloading it. With a `cache_dir`, an image link is then
downloaded into memory (at most `MAX_PREVIEW_BYTES`) only to draw its thumbnail, because
Ocoya fetches the file itself and the creator still wants to see what will be posted.

`ocoya_desktop.domain.media` (and with it Pillow and pillow-heif) is imported when the first
local file is prepared, not with this module, which the composer imports before its window is
shown.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from ocoya_desktop.domain.networks import Network
from ocoya_desktop.media_hosts import MediaHost, links

if TYPE_CHECKING:
    from ocoya_desktop.domain.media import Finding, MediaInfo

logger = logging.getLogger(__name__)

PipelineProgress = Callable[[str, int, int], None]
"""Called as `progress(stage, done, total)`; `upload` counts bytes, the other stages 0 to 1."""

STAGES = ("inspect", "convert", "thumbnail", "upload")

MAX_PREVIEW_BYTES = 25 * 1024 * 1024
"""Largest link download made for a preview; a bigger file keeps its icon and gets a note."""

# Folder (inside the cache folder) for link downloads while their thumbnail is drawn.
_LINK_DOWNLOADS = "link-downloads"


@dataclass(frozen=True, slots=True)
class PreparedMedia:
    """Media ready to go into a post's `mediaUrls`.

    `source` is the local path or the link as the user gave it. `info` describes the file
    that was uploaded and is None for a link, which the app never inspects. `findings` are
    Ocoya's and the chosen networks' checks of this item alone, so their `item_index` is 0
    and post-wide rules (such as image counts) are left to the caller. `notes` are short
    phrases naming what the app changed (for example "turned upright", "location removed").
    """

    source: str
    public_url: str
    content_type: str
    info: MediaInfo | None
    thumbnail_path: Path | None
    findings: tuple[Finding, ...]
    notes: tuple[str, ...]


async def prepare_local_file(
    path: Path,
    *,
    host: MediaHost,
    cache_dir: Path,
    networks: Collection[Network] = (),
    progress: PipelineProgress | None = None,
) -> PreparedMedia:
    """Inspect, convert, preview and upload a local file; return its public URL and checks.

    Ocoya's findings come from the original file, because they describe what the conversion
    will change. The networks' findings come from the converted file, because that is the
    file they receive. Raises `MediaError` (unreadable, unsupported or unconvertible file,
    including one deleted since it was added) or `MediaHostError` (upload failed); both
    carry a `message` for the user.
    """
    from ocoya_desktop.domain.media import check_media, convert_for_ocoya, inspect_file

    report = progress or _ignore_progress

    report("inspect", 0, 1)
    info = await asyncio.to_thread(inspect_file, path)
    ocoya_findings = check_media([info], ())
    report("inspect", 1, 1)

    report("convert", 0, 1)
    converted = await asyncio.to_thread(convert_for_ocoya, path, info, cache_dir)
    network_findings = [
        finding
        for finding in check_media([converted.info], networks)
        if finding.network is not None
    ]
    report("convert", 1, 1)

    report("thumbnail", 0, 1)
    thumbnail = await _thumbnail(converted.path, cache_dir)
    report("thumbnail", 1, 1)

    public_url = await host.upload(
        converted.path,
        converted.content_type,
        progress=lambda sent, total: report("upload", sent, total),
    )
    logger.info("Prepared %s as %s (%s)", path, public_url, ", ".join(converted.changes) or "as is")

    return PreparedMedia(
        source=str(path),
        public_url=public_url,
        content_type=converted.content_type,
        info=converted.info,
        thumbnail_path=thumbnail,
        findings=(*ocoya_findings, *network_findings),
        notes=converted.changes,
    )


async def check_link(
    url: str, *, client: httpx.AsyncClient, cache_dir: Path | None = None
) -> PreparedMedia:
    """Check a pasted link and return it as media; raises `LinkCheckError` saying why not.

    With `cache_dir`, an image link also gets a thumbnail in `cache_dir/thumbnails`, drawn
    from a download through `client` that is deleted once the thumbnail exists. When no
    preview can be made, `thumbnail_path` is None and `notes` state why, but the link stays
    usable, because Ocoya downloads it on its own.
    """
    result = await links.check_link(url, client=client)
    notes: list[str] = []
    thumbnail: Path | None = None
    # The size the download proved, for a server that sent none to the check.
    proven_size: int | None = None
    if cache_dir is not None and not result.is_video:
        try:
            data = await _download_preview(result.final_url, client)
            proven_size = len(data)
            thumbnail = await asyncio.to_thread(_thumbnail_from_bytes, data, cache_dir)
        except _PreviewUnavailable as error:
            logger.info("No preview for link %s: %s", url, error.note)
            notes.append(error.note)
            proven_size = error.received_bytes
    notes.extend(_size_notes(result.size_bytes, proven_size))
    return PreparedMedia(
        source=url,
        public_url=result.url,
        content_type=result.content_type,
        info=None,
        thumbnail_path=thumbnail,
        findings=(),
        notes=tuple(notes),
    )


class _PreviewUnavailable(Exception):
    """No thumbnail can be drawn for a link; `note` is the phrase shown with the item.

    `received_bytes` is the size proven by a download stopped for being too big, or None.
    """

    def __init__(self, note: str, *, received_bytes: int | None = None) -> None:
        super().__init__(note)
        self.note = note
        self.received_bytes = received_bytes


async def _download_preview(url: str, client: httpx.AsyncClient) -> bytes:
    """Download the image at `url` into memory, stopping past `MAX_PREVIEW_BYTES`.

    `url` is where the link check's redirects led, so no redirect is followed here. The
    client's own timeout applies to every read.
    """
    scheme = httpx.URL(url).scheme
    if scheme not in ("http", "https"):
        raise _PreviewUnavailable(f"no preview: {url} is not an http or https address")
    too_big = _PreviewUnavailable(
        f"no preview: the file is larger than {MAX_PREVIEW_BYTES // (1024 * 1024)} MB",
        received_bytes=MAX_PREVIEW_BYTES + 1,
    )
    try:
        async with client.stream("GET", url, follow_redirects=False) as response:
            if response.status_code != httpx.codes.OK:
                raise _PreviewUnavailable(
                    f"no preview: downloading it failed with HTTP {response.status_code}"
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > MAX_PREVIEW_BYTES:
                raise too_big
            data = bytearray()
            async for chunk in response.aiter_bytes():
                data.extend(chunk)
                if len(data) > MAX_PREVIEW_BYTES:
                    raise too_big
    except httpx.HTTPError as error:
        raise _PreviewUnavailable(f"no preview: downloading it failed ({error})") from error
    return bytes(data)


def _thumbnail_from_bytes(data: bytes, cache_dir: Path) -> Path:
    """Draw the thumbnail of downloaded bytes through a temporary file, then delete that file.

    Runs in a worker thread. The file is deleted here rather than by the caller, so a task
    cancelled while the thread draws leaves no file behind once the thread ends.
    """
    from ocoya_desktop.domain.media import MediaError, make_thumbnail

    folder = cache_dir / _LINK_DOWNLOADS
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=folder, suffix=".download")
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # Keyed by content: the temporary file's identity would never match again.
        return make_thumbnail(path, cache_dir, key=hashlib.sha256(data).hexdigest())
    except MediaError as error:
        raise _PreviewUnavailable(f"no preview: {_lower_first(error.message)}") from error
    finally:
        path.unlink(missing_ok=True)


def _size_notes(declared: int | None, proven: int | None) -> list[str]:
    """Return notes on Ocoya's 5 MB limit for a server that sent no size.

    `proven` is a size the preview download reached, or None when nothing was downloaded.
    """
    if declared is not None:
        return []
    if proven is None:
        return ["the server sent no file size, so the 5 MB limit is unchecked"]
    if proven > links.MAX_MEDIA_BYTES:
        return [
            "the file is larger than 5 MB, which Ocoya rejects: download it and add the file "
            "instead, so the app can make it smaller"
        ]
    return []


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


async def _thumbnail(path: Path, cache_dir: Path) -> Path | None:
    from ocoya_desktop.domain.media import ThumbnailUnavailable, make_thumbnail

    try:
        return await asyncio.to_thread(make_thumbnail, path, cache_dir)
    except ThumbnailUnavailable as error:
        logger.debug("No thumbnail for %s: %s", path, error)
        return None


def _ignore_progress(stage: str, done: int, total: int) -> None:
    pass
