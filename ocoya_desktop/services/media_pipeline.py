"""Turn a dropped file or a pasted link into media a post can use: a checked public URL.

A local file goes through four stages, reported to `progress` as `(stage, done, total)`:

1. `inspect`: read its type, size and dimensions from the content;
2. `convert`: make a version Ocoya accepts (PNG, JPEG, GIF or MP4 up to 5 MB);
3. `thumbnail`: draw a preview, when the file has one (videos have none);
4. `upload`: store the converted file on the media host, reporting bytes sent.

The CPU stages run in worker threads. Cancelling the task stops waiting at once. A thread
that is already decoding finishes in the background and its result is dropped. An upload in
progress is aborted without leaving an object behind.

`ocoya_desktop.domain.media` (and with it Pillow and pillow-heif) is imported when the first
local file is prepared, not with this module, which the composer imports before its window is
shown.
"""

from __future__ import annotations

import asyncio
import logging
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


@dataclass(frozen=True, slots=True)
class PreparedMedia:
    """Media ready to go into a post's `mediaUrls`.

    `source` is the local path or the link as the user gave it. `info` describes the file
    that was uploaded and is None for a link, which the app never downloads. `findings` are
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


async def check_link(url: str, *, client: httpx.AsyncClient) -> PreparedMedia:
    """Check a pasted link and return it as media; raises `LinkCheckError` saying why not."""
    result = await links.check_link(url, client=client)
    notes: tuple[str, ...] = ()
    if result.size_bytes is None:
        notes = ("the server sent no file size, so the 5 MB limit is unchecked",)
    return PreparedMedia(
        source=url,
        public_url=result.url,
        content_type=result.content_type,
        info=None,
        thumbnail_path=None,
        findings=(),
        notes=notes,
    )


async def _thumbnail(path: Path, cache_dir: Path) -> Path | None:
    from ocoya_desktop.domain.media import ThumbnailUnavailable, make_thumbnail

    try:
        return await asyncio.to_thread(make_thumbnail, path, cache_dir)
    except ThumbnailUnavailable as error:
        logger.debug("No thumbnail for %s: %s", path, error)
        return None


def _ignore_progress(stage: str, done: int, total: int) -> None:
    pass
