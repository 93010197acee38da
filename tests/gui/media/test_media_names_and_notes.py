"""The media area gives links distinct names, takes pasted URL lists and keeps notes current."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from ocoya_desktop.media_hosts import SandboxMediaHost
from ocoya_desktop.ui import mime
from ocoya_desktop.ui.models.media_list_model import MediaItem, MediaState, link_display_name
from ocoya_desktop.ui.widgets.media_drop_zone import MediaDropZone, MediaItemDelegate
from tests.gui.media.conftest import SANDBOX_URL, ZoneFactory
from tests.gui.media.media_support import paste_mime, wait_settled
from tests.helpers import media_files

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

# The width of the name line in the narrowest media tile a user reported.
NARROW_TILE_WIDTH = 110
REJECTED_PASTE_NOTE = "The clipboard contains no image, video, file or link to add."


@pytest.fixture
def upload_pictures(
    sandbox_host: SandboxMediaHost, run_async: Callable[..., Any], tmp_path: Path
) -> Callable[[int], list[str]]:
    """Return ``upload(count)``, which uploads ``count`` distinct PNGs and returns their URLs."""

    def upload(count: int) -> list[str]:
        # The sandbox names uploads by their content hash, a generated id like the AI images'.
        urls = []
        for index in range(count):
            size = (40 + index, 30)
            picture = media_files.make_png(tmp_path / f"picture-{index}.png", size=size)
            urls.append(run_async(sandbox_host.upload(picture, "image/png")))
        return urls

    return upload


def _note_label(zone: MediaDropZone) -> QLabel:
    labels = [
        label for label in zone.findChildren(QLabel) if label.accessibleName() == "Media notes"
    ]
    assert len(labels) == 1
    return labels[0]


def _paste_text(zone: MediaDropZone, text: str) -> None:
    data = QMimeData()
    data.setText(text)
    paste_mime(zone, data)


def _elided_name(zone: MediaDropZone, item: MediaItem) -> str:
    delegate = zone.list_view.itemDelegate()
    assert isinstance(delegate, MediaItemDelegate)
    return delegate.elided_name(item, zone.list_view.fontMetrics(), NARROW_TILE_WIDTH)


def test_pasted_url_lines_all_added(
    qtbot: QtBot, make_zone: ZoneFactory, upload_pictures: Callable[[int], list[str]]
) -> None:
    urls = upload_pictures(3)
    zone = make_zone(None)

    _paste_text(zone, f"{urls[0]}\n{urls[1]}\r\n\n  {urls[2]}  \n")
    wait_settled(qtbot, zone, 3)

    assert [item.state for item in zone.model.items()] == [MediaState.READY] * 3
    assert zone.media_urls() == urls
    assert zone.problems_text() == ""


def test_dropped_text_with_spaced_urls(
    qtbot: QtBot, make_zone: ZoneFactory, upload_pictures: Callable[[int], list[str]]
) -> None:
    urls = upload_pictures(2)
    zone = make_zone(None)
    data = QMimeData()
    data.setText(f"{urls[0]} {urls[1]}")

    assert zone.add_mime_data(data)
    wait_settled(qtbot, zone, 2)

    assert zone.media_urls() == urls


def test_text_with_words_not_media(qapp: Any) -> None:
    data = QMimeData()
    data.setText(f"see {SANDBOX_URL}/a.png\n{SANDBOX_URL}/b.png")

    assert mime.read_drop(data).is_empty


def test_generated_link_names_distinct(
    qtbot: QtBot, make_zone: ZoneFactory, upload_pictures: Callable[[int], list[str]]
) -> None:
    urls = upload_pictures(3)
    zone = make_zone(None)

    _paste_text(zone, "\n".join(urls[:2]))
    wait_settled(qtbot, zone, 2)
    zone.remove_item(zone.model.item_at(0).item_id)
    _paste_text(zone, urls[2])
    wait_settled(qtbot, zone, 2)

    names = [item.display_name for item in zone.model.items()]
    assert names == ["Image 2 from 127.0.0.1", "Image 3 from 127.0.0.1"]
    tooltip = zone.model.data(zone.model.index(1), Qt.ItemDataRole.ToolTipRole)
    assert isinstance(tooltip, str)
    assert urls[2] in tooltip.splitlines()


def test_narrow_tile_keeps_link_number(
    qtbot: QtBot, make_zone: ZoneFactory, upload_pictures: Callable[[int], list[str]]
) -> None:
    urls = upload_pictures(2)
    zone = make_zone(None)

    _paste_text(zone, "\n".join(urls))
    wait_settled(qtbot, zone, 2)

    first, second = (_elided_name(zone, item) for item in zone.model.items())
    assert first != second
    assert first.startswith("Image fr")
    assert second.startswith("Image 2 fr")


def test_link_names_numbered_from_second(qapp: Any) -> None:
    url = "https://demo.invalid/ai/ckx2v9q0a0000l8o3b2c4d5e6.png"

    assert link_display_name(url, "image/png", 1) == "Image from demo.invalid"
    assert link_display_name(url, "image/png", 2) == "Image 2 from demo.invalid"
    assert link_display_name(url, "video/mp4", 3) == "Video 3 from demo.invalid"
    assert link_display_name(url, "", 4) == "Link 4 from demo.invalid"
    assert link_display_name("https://demo.invalid/beach.jpg", "image/jpeg", 2) == "beach.jpg"


def test_successful_paste_clears_rejection(
    qtbot: QtBot, make_zone: ZoneFactory, upload_pictures: Callable[[int], list[str]]
) -> None:
    urls = upload_pictures(1)
    zone = make_zone(None)
    notes: list[str] = []
    zone.note_posted.connect(notes.append)

    _paste_text(zone, "not a link")
    assert _note_label(zone).isVisible()
    assert _note_label(zone).text().startswith(REJECTED_PASTE_NOTE)

    _paste_text(zone, urls[0])
    wait_settled(qtbot, zone, 1)
    assert not _note_label(zone).isVisible()
    assert _note_label(zone).text() == ""

    _paste_text(zone, "still not a link")
    assert _note_label(zone).isVisible()
    assert len(notes) == 2


def test_failure_line_names_file_once(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    fake = media_files.make_text_file(tmp_path / "photo.jpg")
    zone = make_zone(sandbox_host)

    zone.add_sources([fake])
    wait_settled(qtbot, zone, 1)

    item = zone.model.item_at(0)
    assert item.state is MediaState.FAILED
    assert item.error.startswith("photo.jpg is not an image")
    assert zone.problems_text() == item.error
    assert "photo.jpg: photo.jpg" not in zone.problems_text()


def test_failure_line_adds_missing_name(
    qtbot: QtBot, make_zone: ZoneFactory, tmp_path: Path
) -> None:
    zone = make_zone(None)
    zone.add_sources([f"{SANDBOX_URL}/_sandbox/media/{'0' * 64}.png"])
    wait_settled(qtbot, zone, 1)

    item = zone.model.item_at(0)
    assert item.state is MediaState.FAILED
    assert zone.problems_text() == f"{item.display_name}: {item.error}"


def test_missing_link_logs_no_traceback(
    qtbot: QtBot, make_zone: ZoneFactory, caplog: pytest.LogCaptureFixture
) -> None:
    zone = make_zone(None)
    caplog.set_level(logging.INFO, logger="ocoya_desktop.ui.widgets.media_drop_zone")

    zone.add_sources([f"{SANDBOX_URL}/_sandbox/media/{'0' * 64}.png"])
    wait_settled(qtbot, zone, 1)

    failures = [r for r in caplog.records if r.getMessage().startswith("Media ")]
    assert zone.model.item_at(0).state is MediaState.FAILED
    assert len(failures) == 1
    assert failures[0].exc_info is None
    assert failures[0].levelno == logging.WARNING


def test_unexpected_error_logs_traceback(
    qtbot: QtBot, qloop: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken_checker(url: str) -> Any:
        raise KeyError(url)

    zone = MediaDropZone(
        tmp_path / "cache", host_provider=lambda: None, link_checker=broken_checker
    )
    qtbot.addWidget(zone)
    caplog.set_level(logging.INFO, logger="ocoya_desktop.ui.widgets.media_drop_zone")

    zone.add_sources(["https://demo.invalid/a.png"])
    try:
        wait_settled(qtbot, zone, 1)
    finally:
        zone.cancel_all()

    failures = [r for r in caplog.records if r.getMessage().startswith("Media ")]
    assert len(failures) == 1
    assert failures[0].exc_info is not None
