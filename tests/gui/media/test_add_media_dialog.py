"""The Add media… button: a file dialog for several existing files, made on first use."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from ocoya_desktop.media_hosts import SandboxMediaHost
from ocoya_desktop.ui.widgets.media_drop_zone import MediaDropZone
from tests.gui.media.conftest import ZoneFactory
from tests.helpers import media_files

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def _file_dialogs(zone: MediaDropZone) -> list[QFileDialog]:
    return list(zone.findChildren(QFileDialog))


def test_dialog_made_on_first_click(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    zone = make_zone(sandbox_host)
    assert _file_dialogs(zone) == []
    add_button = next(
        button for button in zone.findChildren(QPushButton) if button.text() == "Add media…"
    )

    add_button.click()

    dialogs = _file_dialogs(zone)
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.fileMode() == QFileDialog.FileMode.ExistingFiles
    assert dialog.nameFilters()[-1] == "All files (*)"

    photo = media_files.make_jpeg(tmp_path / "photo.jpg")
    dialog.filesSelected.emit([str(photo)])
    qtbot.waitUntil(lambda: zone.media_urls() != [] and not zone.is_busy(), timeout=15_000)
    assert zone.model.rowCount() == 1

    dialog.reject()
    add_button.click()
    assert _file_dialogs(zone) == [dialog]
