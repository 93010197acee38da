"""Steps shared by the media UI tests: waiting for the drop zone and pasting into it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import SocialProfile
from ocoya_desktop.ui.models.media_list_model import MediaState
from ocoya_desktop.ui.widgets.media_drop_zone import MediaDropZone
from ocoya_desktop.ui.widgets.post_editor import PostEditor

INSTAGRAM = SocialProfile(id="sp-ig", provider="instagram", name="Bakery", image=None)
FACEBOOK = SocialProfile(id="sp-fb", provider="facebook", name="Bakery", image=None)
# The editor's clock in the ``editor_with_zone`` fixture, which schedules for the day after.
NOW = dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC)
WAIT_MS = 15_000

EditorWithZone = tuple[PostEditor, MediaDropZone]


def wait_settled(qtbot: QtBot, zone: MediaDropZone, count: int) -> None:
    """Wait until ``count`` rows exist, each ready or failed, and the zone is not busy."""

    def settled() -> bool:
        items = zone.model.items()
        done = all(item.state in (MediaState.READY, MediaState.FAILED) for item in items)
        return len(items) == count and done and not zone.is_busy()

    qtbot.waitUntil(settled, timeout=WAIT_MS)


def paste_mime(zone: MediaDropZone, data: QMimeData) -> None:
    """Put ``data`` on the clipboard and paste it into the zone with its Paste action."""
    clipboard = QApplication.clipboard()
    clipboard.setMimeData(data)
    zone.list_view.setFocus()
    zone.paste_action.trigger()
    # Free the clipboard's data while Qt is fully alive; left for interpreter shutdown, it
    # crashes the test process.
    clipboard.clear()
