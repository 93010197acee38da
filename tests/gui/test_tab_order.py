"""Tab moves through the post editor from top to bottom, and the media list shows its focus."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from ocoya_desktop.ui.models.media_list_model import MediaItem, MediaState
from ocoya_desktop.ui.widgets.media_drop_zone import MediaDropZone
from ocoya_desktop.ui.widgets.post_editor import PostEditor
from tests.gui.shell_support import Shell, show_started

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

# More presses than the editor has stops, so a missing widget fails instead of looping.
MAX_PRESSES = 40


@pytest.fixture
def shell(qtbot: QtBot, shell: Shell) -> Shell:
    """The main window, shown and active, with its first workspace loaded."""
    show_started(qtbot, shell, QSize(1400, 900), active=True)
    return shell


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def _press_until(qtbot: QtBot, key: Qt.Key, last: QWidget) -> list[QWidget]:
    """Press ``key`` until ``last`` has the focus, and return each widget reached, once.

    A date or time field takes Tab once per part (year, month, day), so a widget that keeps
    the focus over several presses is listed once.
    """
    reached: list[QWidget] = []
    for _ in range(MAX_PRESSES):
        current = QApplication.focusWidget()
        assert current is not None
        qtbot.keyClick(current, key)
        widget = QApplication.focusWidget()
        assert widget is not None
        if not reached or reached[-1] is not widget:
            reached.append(widget)
        if widget is last:
            return reached
    raise AssertionError(f"{key!r} never reached {last.accessibleName()!r}: {_names(reached)}")


def _names(widgets: list[QWidget]) -> list[str]:
    return [widget.accessibleName() or type(widget).__name__ for widget in widgets]


def _editor_stops(editor: PostEditor, zone: MediaDropZone) -> list[QWidget]:
    """Return the editor's widgets below the caption, as the layout shows them."""
    add_button = zone.findChildren(QPushButton)[0]
    assert add_button.accessibleName() == "Add media"
    picker = editor.schedule_picker
    return [
        zone.list_view,
        add_button,
        picker.draft_check,
        picker.date_edit,
        picker.time_edit,
        picker.zone_combo,
        editor.save_draft_button,
        editor.schedule_button,
    ]


def test_tab_goes_down_the_editor(qtbot: QtBot, shell: Shell) -> None:
    editor = shell.window.editor
    editor.set_caption("Autumn blend is back")
    assert editor.schedule_button.isEnabled()
    _focus(qtbot, editor.caption_edit)

    reached = _press_until(qtbot, Qt.Key.Key_Tab, editor.schedule_button)

    expected = _editor_stops(editor, shell.window.composer.media_zone)
    assert reached == expected, _names(reached)


def test_shift_tab_goes_up_the_editor(qtbot: QtBot, shell: Shell) -> None:
    editor = shell.window.editor
    editor.set_caption("Autumn blend is back")
    _focus(qtbot, editor.schedule_button)

    reached = _press_until(qtbot, Qt.Key.Key_Backtab, editor.caption_edit)

    stops = _editor_stops(editor, shell.window.composer.media_zone)
    expected = [*reversed(stops[:-1]), editor.caption_edit]
    assert reached == expected, _names(reached)


def _add_failed_items(zone: MediaDropZone, count: int) -> None:
    # Failed items need no media host, and a failed item offers Retry.
    items = [
        MediaItem(Path(f"photo{number}.jpg"), f"photo{number}.jpg", state=MediaState.FAILED)
        for number in range(count)
    ]
    zone.model.append_items(items)


def test_tab_reaches_media_buttons_in_order(qtbot: QtBot, shell: Shell) -> None:
    editor = shell.window.editor
    zone = shell.window.composer.media_zone
    _add_failed_items(zone, 3)
    # The middle item can move up and down, so every button of the media area is enabled.
    zone.list_view.setCurrentIndex(zone.model.index(1, 0))
    buttons = [
        widget
        for widget in zone.findChildren(QWidget)
        if isinstance(widget, QPushButton | QToolButton) and widget.isEnabled()
    ]
    assert len(buttons) == 5
    buttons.sort(key=lambda button: button.mapTo(zone, button.rect().topLeft()).x())
    _focus(qtbot, editor.caption_edit)

    reached = _press_until(qtbot, Qt.Key.Key_Tab, editor.schedule_picker.draft_check)

    assert reached == [zone.list_view, *buttons, editor.schedule_picker.draft_check], _names(
        reached
    )


def _list_image(zone: MediaDropZone) -> QImage:
    return zone.list_view.viewport().grab().toImage()


def _image_with_and_without_focus(qtbot: QtBot, shell: Shell) -> tuple[QImage, QImage]:
    """Return images of the media list with the focus, after a Tab into it, and without it."""
    editor = shell.window.editor
    zone = shell.window.composer.media_zone
    _focus(qtbot, editor.caption_edit)
    qtbot.keyClick(editor.caption_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is zone.list_view
    focused = _list_image(zone)
    qtbot.keyClick(zone.list_view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not zone.list_view
    return focused, _list_image(zone)


def test_focused_media_list_frames_current_item(qtbot: QtBot, shell: Shell) -> None:
    _add_failed_items(shell.window.composer.media_zone, 2)

    focused, unfocused = _image_with_and_without_focus(qtbot, shell)

    assert focused != unfocused


def test_focused_empty_media_list_is_framed(qtbot: QtBot, shell: Shell) -> None:
    assert shell.window.composer.media_zone.model.rowCount() == 0

    focused, unfocused = _image_with_and_without_focus(qtbot, shell)

    assert focused != unfocused
