"""Failed media and per-item warnings are written out under the list, and failures block sending."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ocoya_desktop.ui.models.media_list_model import MediaState
from tests.gui.media.media_support import (
    FACEBOOK,
    INSTAGRAM,
    WAIT_MS,
    EditorWithZone,
    wait_settled,
)
from tests.gui.visible_labels import SAVING_OFF
from tests.helpers import media_files

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def _write_random_jpeg(folder: Path) -> Path:
    path = folder / "photo.jpg"
    path.write_bytes(os.urandom(4096))
    return path


def _write_text(folder: Path) -> Path:
    return media_files.make_text_file(folder / "notes.txt")


def _missing(folder: Path) -> Path:
    return folder / "gone.png"


@pytest.mark.parametrize(
    ("make_file", "name"),
    [(_write_random_jpeg, "photo.jpg"), (_write_text, "notes.txt"), (_missing, "gone.png")],
)
def test_failed_item_blocks_and_explains(
    qtbot: QtBot,
    editor_with_zone: EditorWithZone,
    tmp_path: Path,
    make_file: Callable[[Path], Path],
    name: str,
) -> None:
    editor, zone = editor_with_zone
    editor.set_target_profiles([FACEBOOK], ())
    editor.set_caption("Fresh bread today")
    assert editor.schedule_button.isEnabled()

    zone.add_sources([make_file(tmp_path)])
    wait_settled(qtbot, zone, 1)

    item = zone.model.items()[0]
    assert item.state is MediaState.FAILED
    assert item.error
    assert zone.failed_names() == [name]
    assert item.error in zone.problems_text()
    assert not zone._findings_label.isHidden()
    qtbot.waitUntil(lambda: not editor.schedule_button.isEnabled(), timeout=WAIT_MS)
    assert not editor.save_draft_button.isEnabled()
    assert editor.reason_label.text() == SAVING_OFF
    assert not editor.reason_label.isHidden()


def test_removing_failed_item_unblocks(
    qtbot: QtBot, editor_with_zone: EditorWithZone, tmp_path: Path
) -> None:
    editor, zone = editor_with_zone
    editor.set_target_profiles([FACEBOOK], ())
    editor.set_caption("Fresh bread today")
    zone.add_sources([_write_random_jpeg(tmp_path)])
    wait_settled(qtbot, zone, 1)
    qtbot.waitUntil(lambda: not editor.schedule_button.isEnabled(), timeout=WAIT_MS)

    zone.remove_item(zone.model.items()[0].item_id)

    assert zone.failed_names() == []
    assert zone.problems_text() == ""
    assert editor.schedule_button.isEnabled()
    assert editor.save_draft_button.isEnabled()
    assert editor.reason_label.isHidden()


def test_failed_item_alone_shows_reason(
    qtbot: QtBot, editor_with_zone: EditorWithZone, tmp_path: Path
) -> None:
    editor, zone = editor_with_zone
    editor.set_target_profiles([FACEBOOK], ())

    zone.add_sources([_write_random_jpeg(tmp_path)])
    wait_settled(qtbot, zone, 1)

    qtbot.waitUntil(lambda: not editor.reason_label.isHidden(), timeout=WAIT_MS)
    assert editor.reason_label.text() == SAVING_OFF
    assert "photo.jpg is not" in zone.problems_text()
    assert not editor.save_draft_button.isEnabled()


def test_item_warning_is_written_out(
    qtbot: QtBot, editor_with_zone: EditorWithZone, tmp_path: Path
) -> None:
    editor, zone = editor_with_zone
    editor.set_target_profiles([INSTAGRAM], ())
    editor.set_caption("Fresh bread today")

    zone.add_sources([media_files.make_jpeg(tmp_path / "tiny.jpg", (100, 100))])
    wait_settled(qtbot, zone, 1)
    qtbot.waitUntil(lambda: bool(zone.media_urls()), timeout=WAIT_MS)

    text = zone.problems_text()
    assert "tiny.jpg: Instagram enlarges images" in text
    assert "will look blurred" in text
    assert "Fix: Use a larger image." in text
    assert not zone._findings_label.isHidden()
    assert editor.schedule_button.isEnabled()
