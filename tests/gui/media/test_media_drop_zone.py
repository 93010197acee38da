"""The media drop zone with real drop events, real files and the in-process sandbox host."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ocoya_desktop.domain.networks import Network
from ocoya_desktop.media_hosts import SandboxMediaHost
from ocoya_desktop.ui.models.media_list_model import MediaRole, MediaState
from ocoya_desktop.ui.widgets.media_drop_zone import MediaDropZone
from tests.gui.media.conftest import SANDBOX_URL, BlockingHost, ZoneFactory
from tests.gui.media.media_support import paste_mime, wait_settled
from tests.helpers import media_files

# The zone is shown so that its keyboard shortcuts work; the offscreen platform warns that it
# cannot pass size hints to a window manager, which is irrelevant to these tests.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def _file_mime(*paths: Path) -> QMimeData:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return data


def _drag_enter_event(data: QMimeData) -> QDragEnterEvent:
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    try:
        # PySide6 6.12 takes a QPointF and deprecates the QPoint form, which is all 6.11 has.
        return QDragEnterEvent(QPointF(20, 20), actions, data, buttons, modifiers)
    except TypeError:
        return QDragEnterEvent(QPoint(20, 20), actions, data, buttons, modifiers)


def _drop(target: Any, data: QMimeData) -> tuple[bool, bool]:
    """Send a drag-enter and a drop carrying ``data``; return whether each was accepted."""
    enter = _drag_enter_event(data)
    QApplication.sendEvent(target, enter)
    drop = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction | Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, drop)
    return enter.isAccepted(), drop.isAccepted()


def _states(zone: MediaDropZone) -> list[MediaState]:
    return [item.state for item in zone.model.items()]


def test_dropped_jpeg_becomes_ready_with_public_url(
    qtbot: QtBot,
    make_zone: ZoneFactory,
    sandbox_host: SandboxMediaHost,
    sandbox_client: httpx.AsyncClient,
    run_async: Callable[..., Any],
    tmp_path: Path,
) -> None:
    photo = media_files.make_jpeg(tmp_path / "photo.jpg", (320, 240))
    zone = make_zone(sandbox_host)

    with qtbot.waitSignal(zone.media_changed, timeout=15_000):
        entered, dropped = _drop(zone, _file_mime(photo))
    wait_settled(qtbot, zone, 1)

    assert entered
    assert dropped
    item = zone.model.item_at(0)
    assert item.state is MediaState.READY, item.error
    urls = zone.media_urls()
    assert len(urls) == 1
    assert urls[0].startswith(f"{SANDBOX_URL}/_sandbox/media/")
    assert item.thumbnail is not None and not item.thumbnail.isNull()
    response = run_async(sandbox_client.get(urls[0]))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/")


def test_drop_on_list_viewport_adds_media(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    photo = media_files.make_png(tmp_path / "viewport.png")
    zone = make_zone(sandbox_host)

    entered, dropped = _drop(zone.list_view.viewport(), _file_mime(photo))
    wait_settled(qtbot, zone, 1)

    assert entered
    assert dropped
    assert _states(zone) == [MediaState.READY]


def test_drag_without_media_is_rejected(make_zone: ZoneFactory) -> None:
    zone = make_zone(None)
    data = QMimeData()
    data.setText("Just a sentence someone selected on a page.")

    entered, dropped = _drop(zone, data)

    assert not entered
    assert not dropped
    assert zone.model.rowCount() == 0


def test_non_ascii_name_with_spaces(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    name = "Été à Zürich 写真 (1).jpg"
    photo = media_files.make_jpeg(tmp_path / name)
    zone = make_zone(sandbox_host)

    _drop(zone, _file_mime(photo))
    wait_settled(qtbot, zone, 1)

    item = zone.model.item_at(0)
    assert item.display_name == name
    assert item.source == photo
    assert item.state is MediaState.READY, item.error


def test_several_files_keep_drop_order(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    paths = [
        media_files.make_png(tmp_path / "c.png"),
        media_files.make_jpeg(tmp_path / "a.jpg"),
        media_files.make_gif(tmp_path / "b.gif"),
    ]
    zone = make_zone(sandbox_host)

    _drop(zone, _file_mime(*paths))
    wait_settled(qtbot, zone, 3)

    assert [item.display_name for item in zone.model.items()] == ["c.png", "a.jpg", "b.gif"]
    assert _states(zone) == [MediaState.READY] * 3
    assert len(set(zone.media_urls())) == 3


def test_folder_adds_media_sorted_and_notes_skipped(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    folder = tmp_path / "Holiday"
    folder.mkdir()
    media_files.make_png(folder / "b.png")
    media_files.make_jpeg(folder / "A.jpg")
    media_files.make_text_file(folder / "notes.txt")
    (folder / "more").mkdir()
    zone = make_zone(sandbox_host)

    with qtbot.waitSignal(zone.note_posted, timeout=15_000) as note:
        _drop(zone, _file_mime(folder))
    wait_settled(qtbot, zone, 2)

    assert [item.display_name for item in zone.model.items()] == ["A.jpg", "b.png"]
    assert _states(zone) == [MediaState.READY, MediaState.READY]
    assert "notes.txt" in note.args[0]
    assert "more/" in note.args[0]


def test_raw_image_data_is_saved_as_png(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    data = QMimeData()
    data.setImageData(image)
    zone = make_zone(sandbox_host)

    _drop(zone, data)
    wait_settled(qtbot, zone, 1)

    item = zone.model.item_at(0)
    assert item.state is MediaState.READY, item.error
    assert isinstance(item.source, Path)
    assert item.source.parent == tmp_path / "cache" / "pasted"
    assert item.source.read_bytes().startswith(b"\x89PNG")
    assert QImage(str(item.source)).size() == image.size()


def test_png_bytes_from_clipboard_paste(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    png = media_files.make_png(tmp_path / "copied.png").read_bytes()
    data = QMimeData()
    data.setData("image/png", QByteArray(png))
    zone = make_zone(sandbox_host)

    paste_mime(zone, data)
    wait_settled(qtbot, zone, 1)

    item = zone.model.item_at(0)
    assert item.state is MediaState.READY, item.error
    assert isinstance(item.source, Path)
    assert item.source.read_bytes() == png


def test_browser_url_becomes_ready_as_link(
    qtbot: QtBot,
    make_zone: ZoneFactory,
    sandbox_host: SandboxMediaHost,
    run_async: Callable[..., Any],
    tmp_path: Path,
) -> None:
    photo = media_files.make_jpeg(tmp_path / "web.jpg")
    url = run_async(sandbox_host.upload(photo, "image/jpeg"))
    # No media host: a link must work without one.
    zone = make_zone(None)
    data = QMimeData()
    data.setUrls([QUrl(url)])

    _drop(zone, data)
    wait_settled(qtbot, zone, 1)

    item = zone.model.item_at(0)
    assert item.state is MediaState.READY, item.error
    assert zone.media_urls() == [url]
    # The sandbox names uploads by content hash, which is no name for people.
    assert item.display_name == "Image from 127.0.0.1"


def test_firefox_moz_url_becomes_ready_as_link(
    qtbot: QtBot,
    make_zone: ZoneFactory,
    sandbox_host: SandboxMediaHost,
    run_async: Callable[..., Any],
    tmp_path: Path,
) -> None:
    photo = media_files.make_png(tmp_path / "moz.png")
    url = run_async(sandbox_host.upload(photo, "image/png"))
    zone = make_zone(None)
    data = QMimeData()
    data.setData("text/x-moz-url", QByteArray(f"{url}\nA picture".encode("utf-16-le")))

    _drop(zone, data)
    wait_settled(qtbot, zone, 1)

    assert zone.media_urls() == [url]


def test_plain_text_url_becomes_ready_as_link(
    qtbot: QtBot,
    make_zone: ZoneFactory,
    sandbox_host: SandboxMediaHost,
    run_async: Callable[..., Any],
    tmp_path: Path,
) -> None:
    photo = media_files.make_gif(tmp_path / "text.gif")
    url = run_async(sandbox_host.upload(photo, "image/gif"))
    zone = make_zone(None)
    data = QMimeData()
    data.setText(f"  {url}\n")

    _drop(zone, data)
    wait_settled(qtbot, zone, 1)

    assert zone.media_urls() == [url]


def test_link_to_missing_media_fails_with_reason(qtbot: QtBot, make_zone: ZoneFactory) -> None:
    zone = make_zone(None)
    data = QMimeData()
    data.setUrls([QUrl(f"{SANDBOX_URL}/_sandbox/media/missing.jpg")])

    _drop(zone, data)
    wait_settled(qtbot, zone, 1)

    item = zone.model.item_at(0)
    assert item.state is MediaState.FAILED
    assert "missing.jpg" in item.error
    assert zone.media_urls() == []


def test_corrupt_file_fails_with_reason(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    broken = media_files.make_truncated_jpeg(tmp_path / "broken.jpg")
    zone = make_zone(sandbox_host)

    _drop(zone, _file_mime(broken))
    wait_settled(qtbot, zone, 1)

    item = zone.model.item_at(0)
    assert item.state is MediaState.FAILED
    assert item.error
    assert "broken.jpg" in item.error
    assert item.error in zone.model.data(zone.model.index(0), Qt.ItemDataRole.ToolTipRole)
    zone.list_view.setCurrentIndex(zone.model.index(0))
    assert zone.retry_action.isEnabled()
    assert zone.media_urls() == []


def test_local_file_without_host_explains_setup(
    qtbot: QtBot, make_zone: ZoneFactory, tmp_path: Path
) -> None:
    photo = media_files.make_jpeg(tmp_path / "local.jpg")
    zone = make_zone(None)

    _drop(zone, _file_mime(photo))
    wait_settled(qtbot, zone, 1)

    item = zone.model.item_at(0)
    assert item.state is MediaState.FAILED
    assert "local.jpg" in item.error
    assert "Settings → Media hosting" in item.error


def test_retry_after_host_setup_succeeds(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    photo = media_files.make_jpeg(tmp_path / "later.jpg")
    hosts: list[SandboxMediaHost | None] = [None]
    zone = make_zone(lambda: hosts[0])
    _drop(zone, _file_mime(photo))
    wait_settled(qtbot, zone, 1)
    assert _states(zone) == [MediaState.FAILED]

    hosts[0] = sandbox_host
    zone.list_view.setCurrentIndex(zone.model.index(0))
    with qtbot.waitSignal(zone.media_changed, timeout=15_000):
        zone.retry_action.trigger()
    wait_settled(qtbot, zone, 1)

    assert _states(zone) == [MediaState.READY]
    assert zone.model.item_at(0).error == ""


def test_missing_path_fails_without_retry(
    qtbot: QtBot, make_zone: ZoneFactory, tmp_path: Path
) -> None:
    zone = make_zone(None)

    zone.add_sources([tmp_path / "gone.png"])
    wait_settled(qtbot, zone, 1)

    item = zone.model.item_at(0)
    assert item.state is MediaState.FAILED
    assert "was not found" in item.error
    zone.list_view.setCurrentIndex(zone.model.index(0))
    assert not zone.retry_action.isEnabled()


def test_macos_file_reference_is_unresolved_elsewhere(qtbot: QtBot, make_zone: ZoneFactory) -> None:
    zone = make_zone(None)

    _drop(zone, _file_mime_from_url("file:///.file/id=6571367.2773272"))
    wait_settled(qtbot, zone, 1)

    item = zone.model.item_at(0)
    assert item.state is MediaState.FAILED
    assert "macOS file reference" in item.error


def _file_mime_from_url(url: str) -> QMimeData:
    data = QMimeData()
    data.setUrls([QUrl(url)])
    return data


def test_delete_key_removes_item_and_cancels_upload(
    qtbot: QtBot, make_zone: ZoneFactory, tmp_path: Path
) -> None:
    host = BlockingHost()
    photo = media_files.make_jpeg(tmp_path / "slow.jpg")
    zone = make_zone(host)
    _drop(zone, _file_mime(photo))
    qtbot.waitUntil(lambda: host.started and zone.model.rowCount() == 1, timeout=15_000)
    qtbot.waitUntil(lambda: _states(zone) == [MediaState.UPLOADING], timeout=15_000)
    assert zone.is_busy()

    zone.list_view.setFocus()
    zone.list_view.setCurrentIndex(zone.model.index(0))
    with qtbot.waitSignal(zone.busy_changed, timeout=15_000) as busy:
        QTest.keyClick(zone.list_view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: host.cancelled, timeout=15_000)

    assert busy.args == [False]
    assert zone.model.rowCount() == 0
    assert zone.media_urls() == []


def test_move_shortcuts_reorder_media(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    first = media_files.make_jpeg(tmp_path / "first.jpg")
    second = media_files.make_png(tmp_path / "second.png")
    zone = make_zone(sandbox_host)
    _drop(zone, _file_mime(first, second))
    wait_settled(qtbot, zone, 2)
    before = zone.media_urls()

    zone.list_view.setFocus()
    zone.list_view.setCurrentIndex(zone.model.index(0))
    with qtbot.waitSignal(zone.media_changed, timeout=5_000):
        QTest.keyClick(zone.list_view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)

    assert zone.media_urls() == [before[1], before[0]]
    assert zone.list_view.currentIndex().row() == 1
    assert not zone.move_down_action.isEnabled()

    QTest.keyClick(zone.list_view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert zone.media_urls() == before


def test_x_selected_with_five_images_shows_badge(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    paths = [media_files.make_jpeg(tmp_path / f"image{i}.jpg", (64 + i, 48)) for i in range(5)]
    zone = make_zone(sandbox_host)
    _drop(zone, _file_mime(*paths))
    wait_settled(qtbot, zone, 5)
    index = zone.model.index(0)
    assert zone.model.data(index, MediaRole.ERROR_COUNT) == 0

    zone.set_networks([Network.X])

    x_findings = [f for f in zone.findings() if f.network is Network.X]
    assert x_findings
    assert all(
        zone.model.data(zone.model.index(row), MediaRole.ERROR_COUNT) >= 1 for row in range(5)
    )
    tooltip = zone.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert x_findings[0].message in tooltip

    zone.set_networks([Network.INSTAGRAM])
    assert not [f for f in zone.findings() if f.network is Network.X]


def test_location_note_is_posted_once(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    photo = media_files.make_jpeg(tmp_path / "trip.jpg", gps=True)
    zone = make_zone(sandbox_host)
    notes: list[str] = []
    zone.note_posted.connect(notes.append)

    _drop(zone, _file_mime(photo))
    wait_settled(qtbot, zone, 1)
    zone.set_networks([Network.INSTAGRAM])

    location_notes = [note for note in notes if "trip.jpg" in note and "ocation" in note]
    assert len(location_notes) == 1
