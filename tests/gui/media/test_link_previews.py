"""Links in the media list show a picture, a readable name and their full address."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from ocoya_desktop.media_hosts import SandboxMediaHost
from ocoya_desktop.services.media_pipeline import check_link
from ocoya_desktop.ui import thumbnails
from ocoya_desktop.ui.models.media_list_model import MediaItem, MediaState, link_display_name
from ocoya_desktop.ui.widgets.media_drop_zone import LinkChecker, MediaDropZone
from tests.helpers import media_files
from tests.helpers.link_servers import BodyMode, serve_raw_image

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

ZoneFactory = Callable[[LinkChecker], MediaDropZone]
RED = (220, 20, 20)


@pytest.fixture
def make_link_zone(qtbot: QtBot, qloop: Any, tmp_path: Path) -> Iterator[ZoneFactory]:
    """Return ``make(link_checker)``: a shown drop zone with no media host, caching in tmp."""
    zones: list[MediaDropZone] = []

    def make(link_checker: LinkChecker) -> MediaDropZone:
        zone = MediaDropZone(
            tmp_path / "cache", host_provider=lambda: None, link_checker=link_checker
        )
        qtbot.addWidget(zone)
        zone.resize(800, 500)
        zone.show()
        zones.append(zone)
        return zone

    yield make
    for zone in zones:
        zone.cancel_all()


UploadedLink = Callable[..., tuple[str, MediaDropZone]]


@pytest.fixture
def uploaded_link(
    make_link_zone: ZoneFactory,
    sandbox_host: SandboxMediaHost,
    sandbox_client: httpx.AsyncClient,
    run_async: Callable[..., Any],
    tmp_path: Path,
) -> UploadedLink:
    """Return ``upload(path, content_type, *, previews=True)``, which uploads the file to the
    sandbox and returns its URL with a zone that checks links through the sandbox client.

    With ``previews``, the link checker downloads previews into ``tmp_path / "cache"``.
    """

    def upload(
        path: Path, content_type: str, *, previews: bool = True
    ) -> tuple[str, MediaDropZone]:
        url: str = run_async(sandbox_host.upload(path, content_type))
        if previews:
            checker = partial(check_link, client=sandbox_client, cache_dir=tmp_path / "cache")
        else:
            checker = partial(check_link, client=sandbox_client)
        return url, make_link_zone(checker)

    return upload


def _only_item(qtbot: QtBot, zone: MediaDropZone) -> MediaItem:
    qtbot.waitUntil(lambda: zone.model.rowCount() == 1, timeout=5_000)
    return zone.model.item_at(0)


def _center_color(item: MediaItem) -> QColor | None:
    if item.thumbnail is None:
        return None
    image = item.thumbnail.toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2)


def _is_red(color: QColor | None) -> bool:
    # The thumbnail is a JPEG, so the colour is close to the original, not equal.
    return color is not None and color.red() > 180 and color.green() < 70 and color.blue() < 70


def _files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def test_image_link_shows_its_picture(
    qtbot: QtBot, uploaded_link: UploadedLink, tmp_path: Path
) -> None:
    photo = tmp_path / "red.jpg"
    Image.new("RGB", (320, 240), RED).save(photo, "JPEG", quality=95)
    url, zone = uploaded_link(photo, "image/jpeg")

    zone.add_sources([url])
    item = _only_item(qtbot, zone)
    qtbot.waitUntil(lambda: _is_red(_center_color(item)), timeout=10_000)

    assert item.state is MediaState.READY, item.error
    assert item.thumbnail is not None
    assert item.thumbnail.width() > item.thumbnail.height()
    assert item.display_name == "Image from 127.0.0.1"
    tooltip = str(zone.model.data(zone.model.index(0), Qt.ItemDataRole.ToolTipRole))
    assert url in tooltip
    assert zone.media_urls() == [url]


def test_link_without_cache_keeps_link_icon(
    qtbot: QtBot, uploaded_link: UploadedLink, tmp_path: Path
) -> None:
    url, zone = uploaded_link(media_files.make_png(tmp_path / "a.png"), "image/png", previews=False)

    zone.add_sources([url])
    item = _only_item(qtbot, zone)
    qtbot.waitUntil(lambda: item.state is MediaState.READY, timeout=10_000)

    assert item.thumbnail is not None
    assert item.thumbnail.toImage() == thumbnails.link_icon().toImage()


def test_video_link_named_by_host_with_film_icon(
    qtbot: QtBot, uploaded_link: UploadedLink, tmp_path: Path
) -> None:
    clip = media_files.make_mp4(tmp_path / "clip.mp4")
    url, zone = uploaded_link(clip, "video/mp4")

    zone.add_sources([url])
    item = _only_item(qtbot, zone)
    qtbot.waitUntil(lambda: item.state is MediaState.READY, timeout=10_000)

    assert item.display_name == "Video from 127.0.0.1"
    assert item.thumbnail is not None
    assert item.thumbnail.toImage() == thumbnails.film_icon().toImage()
    assert _files_under(tmp_path / "cache") == []


def test_unreadable_image_link_keeps_icon_with_note(
    qtbot: QtBot, uploaded_link: UploadedLink, tmp_path: Path
) -> None:
    broken = media_files.make_truncated_png(tmp_path / "broken.png")
    url, zone = uploaded_link(broken, "image/png")
    notes: list[str] = []
    zone.note_posted.connect(notes.append)

    zone.add_sources([url])
    item = _only_item(qtbot, zone)
    qtbot.waitUntil(lambda: item.state is MediaState.READY, timeout=10_000)

    assert item.thumbnail is not None
    assert item.thumbnail.toImage() == thumbnails.link_icon().toImage()
    assert any("no preview" in note for note in notes)
    tooltip = str(zone.model.data(zone.model.index(0), Qt.ItemDataRole.ToolTipRole))
    assert "no preview" in tooltip


def test_removing_link_while_downloading_leaves_no_file(
    qtbot: QtBot, make_link_zone: ZoneFactory, run_async: Callable[..., Any], tmp_path: Path
) -> None:
    stack = contextlib.AsyncExitStack()
    server = run_async(stack.enter_async_context(serve_raw_image(BodyMode.STALL)))
    client = run_async(stack.enter_async_context(httpx.AsyncClient(timeout=10.0)))
    cache = tmp_path / "cache"
    zone = make_link_zone(partial(check_link, client=client, cache_dir=cache))
    try:
        zone.add_sources([server.url])
        item = _only_item(qtbot, zone)
        qtbot.waitUntil(server.body_started.is_set, timeout=10_000)

        zone.remove_item(item.item_id)
        qtbot.waitUntil(server.client_left.is_set, timeout=10_000)
    finally:
        run_async(stack.aclose())

    assert zone.model.rowCount() == 0
    assert not zone.is_busy()
    assert _files_under(tmp_path) == []


@pytest.mark.parametrize(
    ("url", "content_type", "expected"),
    [
        ("https://cdn.example/photos/beach%20day.jpg", "image/jpeg", "beach day.jpg"),
        ("https://cdn.example/summer-sale-2024.png", "image/png", "summer-sale-2024.png"),
        (
            "https://cdn.example/m/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.png",
            "image/png",
            "Image from cdn.example",
        ),
        (
            "https://cdn.example/u/123e4567-e89b-12d3-a456-426614174000.mp4",
            "video/mp4",
            "Video from cdn.example",
        ),
        ("https://cdn.example/p/ckx2v9q0a0000l8o3b2c4d5e6.png", "", "Link from cdn.example"),
        ("https://cdn.example/", "image/gif", "Image from cdn.example"),
    ],
)
def test_link_display_name(qapp: Any, url: str, content_type: str, expected: str) -> None:
    assert link_display_name(url, content_type) == expected
