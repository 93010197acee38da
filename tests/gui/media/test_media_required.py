"""The post editor with a real drop zone: networks that need media block Schedule without it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from ocoya_desktop.media_hosts import SandboxMediaHost
from ocoya_desktop.services.compose import Composition
from ocoya_desktop.ui.models.media_list_model import MediaState
from ocoya_desktop.ui.widgets.caption_counters import error_color
from ocoya_desktop.ui.widgets.media_drop_zone import MediaDropZone
from ocoya_desktop.ui.widgets.post_editor import PostEditor
from tests.gui.media.media_support import FACEBOOK, INSTAGRAM, EditorWithZone
from tests.gui.visible_labels import SCHEDULE_OFF, count_in_visible_labels
from tests.helpers import media_files

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

NEEDS_MEDIA = "Instagram needs at least one photo or video."


def _requests(editor: PostEditor) -> list[Composition]:
    received: list[Composition] = []
    editor.post_requested.connect(received.append)
    return received


def _media_problems_label(zone: MediaDropZone) -> QLabel:
    labels = [
        label for label in zone.findChildren(QLabel) if label.accessibleName() == "Media problems"
    ]
    assert len(labels) == 1
    return labels[0]


def _wait_ready(qtbot: QtBot, zone: MediaDropZone, count: int) -> None:
    def ready() -> bool:
        items = zone.model.items()
        return (
            len(items) == count
            and not zone.is_busy()
            and all(item.state is MediaState.READY for item in items)
        )

    qtbot.waitUntil(ready, timeout=15_000)


def test_instagram_without_media_blocks_schedule(
    qtbot: QtBot, editor_with_zone: EditorWithZone
) -> None:
    editor, zone = editor_with_zone
    editor.set_caption("Fresh rolls at eight")
    editor.set_target_profiles([INSTAGRAM], x_paid_profile_ids=())
    received = _requests(editor)

    qtbot.keyClick(editor.caption_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(editor.schedule_button, Qt.MouseButton.LeftButton)

    assert received == []
    assert not editor.schedule_button.isEnabled()
    assert editor.reason_label.text() == SCHEDULE_OFF
    assert editor.reason_label.isVisible()
    problems = _media_problems_label(zone)
    assert problems.isVisible()
    assert NEEDS_MEDIA in problems.text()
    assert [finding.code for finding in zone.findings()] == ["instagram.media_required"]


def test_needs_media_shown_once(qtbot: QtBot, editor_with_zone: EditorWithZone) -> None:
    editor, zone = editor_with_zone
    editor.set_caption("Fresh rolls at eight")
    editor.set_target_profiles([INSTAGRAM], x_paid_profile_ids=())

    assert count_in_visible_labels(editor, NEEDS_MEDIA) == 1
    assert count_in_visible_labels(editor, "untick the Instagram profile") == 1
    assert count_in_visible_labels(zone, NEEDS_MEDIA) == 1
    assert count_in_visible_labels(editor, SCHEDULE_OFF) == 1
    # The reason line points to problems "marked in red", so they are in the error colour.
    palette = _media_problems_label(zone).palette()
    assert palette.color(QPalette.ColorRole.WindowText) == error_color(palette)


def test_draft_allowed_without_media(qtbot: QtBot, editor_with_zone: EditorWithZone) -> None:
    editor, _zone = editor_with_zone
    editor.set_caption("Fresh rolls at eight")
    editor.set_target_profiles([INSTAGRAM], x_paid_profile_ids=())
    received = _requests(editor)

    assert editor.save_draft_button.isEnabled()
    qtbot.mouseClick(editor.save_draft_button, Qt.MouseButton.LeftButton)

    assert len(received) == 1
    assert received[0].scheduled_at is None
    assert received[0].social_profile_ids == ("sp-ig",)


def test_attaching_photo_unblocks_then_removing_blocks(
    qtbot: QtBot, editor_with_zone: EditorWithZone, tmp_path: Path
) -> None:
    editor, zone = editor_with_zone
    editor.set_caption("Fresh rolls at eight")
    editor.set_target_profiles([INSTAGRAM], x_paid_profile_ids=())
    photo = media_files.make_jpeg(tmp_path / "rolls.jpg", (1080, 1080))

    zone.add_sources([photo])
    # While the photo is on its way, the post is not reported as having no media.
    assert NEEDS_MEDIA not in zone.problems_text()
    assert editor.reason_label.text() != SCHEDULE_OFF
    _wait_ready(qtbot, zone, 1)

    assert editor.schedule_button.isEnabled()
    assert editor.reason_label.isHidden()
    assert not _media_problems_label(zone).isVisible()

    with qtbot.waitSignal(zone.findings_changed, timeout=5_000):
        zone.remove_item(zone.model.item_at(0).item_id)

    assert not editor.schedule_button.isEnabled()
    assert editor.reason_label.text() == SCHEDULE_OFF
    assert NEEDS_MEDIA in zone.problems_text()


def test_link_counts_as_media(
    qtbot: QtBot,
    editor_with_zone: EditorWithZone,
    sandbox_host: SandboxMediaHost,
    run_async: Callable[..., Any],
    tmp_path: Path,
) -> None:
    editor, zone = editor_with_zone
    url = run_async(sandbox_host.upload(media_files.make_png(tmp_path / "web.png"), "image/png"))
    editor.set_caption("Fresh rolls at eight")
    editor.set_target_profiles([INSTAGRAM], x_paid_profile_ids=())

    zone.add_sources([url])
    _wait_ready(qtbot, zone, 1)

    assert zone.findings() == []
    assert editor.schedule_button.isEnabled()


def test_unticking_instagram_unblocks(qtbot: QtBot, editor_with_zone: EditorWithZone) -> None:
    editor, zone = editor_with_zone
    editor.set_caption("Fresh rolls at eight")
    editor.set_target_profiles([INSTAGRAM, FACEBOOK], x_paid_profile_ids=())
    assert not editor.schedule_button.isEnabled()

    editor.set_target_profiles([FACEBOOK], x_paid_profile_ids=())

    assert editor.schedule_button.isEnabled()
    assert zone.findings() == []
    assert not _media_problems_label(zone).isVisible()
