"""ShortcutsDialog opens at the size of its rows: no text cut, no sideways scrolling."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot

from ocoya_desktop.ui.dialogs.shortcuts_dialog import ShortcutsDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LONG_NAMES = [
    "Duplicate the Selected Post into the Editor with Its Media and Profiles",
    "Connect a Profile…",
    "Save Draft",
    "Schedule",
    "Refresh",
    "Find in Schedule",
    "Reschedule…",
    "Delete…",
    "New Post",
    "Keyboard Shortcuts…",
]


def _actions() -> list[QAction]:
    actions = []
    for number, name in enumerate(LONG_NAMES, start=1):
        action = QAction(name)
        action.setShortcuts([QKeySequence(f"Ctrl+Shift+Alt+F{number}"), QKeySequence("Ctrl+K")])
        actions.append(action)
    return actions


def _open_dialog(qtbot: QtBot) -> ShortcutsDialog:
    dialog = ShortcutsDialog(_actions(), extra=[("Move Media Up", "Alt+Up")])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_every_cell_shown_in_full(qtbot: QtBot) -> None:
    dialog = _open_dialog(qtbot)
    table = dialog.table
    metrics = table.fontMetrics()

    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            assert item is not None
            text_width = metrics.horizontalAdvance(item.text())
            cell_width = table.visualItemRect(item).width()
            assert cell_width > text_width, f"{item.text()!r} is cut in row {row}"


def test_no_scrolling_for_short_list(qtbot: QtBot) -> None:
    dialog = _open_dialog(qtbot)

    assert dialog.table.horizontalScrollBar().maximum() == 0
    assert dialog.table.verticalScrollBar().maximum() == 0
    assert dialog.rows()[-1] == ("Move Media Up", "Alt+Up")


def test_minimum_keeps_text_width(qtbot: QtBot) -> None:
    dialog = _open_dialog(qtbot)
    fitted_width = dialog.width()

    dialog.resize(100, 100)
    qtbot.waitUntil(lambda: dialog.width() <= fitted_width)

    assert dialog.width() == fitted_width
    assert dialog.height() < dialog.sizeHint().height()
    assert dialog.table.horizontalScrollBar().maximum() == 0


def test_alternative_keys_joined_by_or(qtbot: QtBot) -> None:
    dialog = _open_dialog(qtbot)
    first = QKeySequence("Ctrl+Shift+Alt+F1").toString(QKeySequence.SequenceFormat.NativeText)
    ctrl_k = QKeySequence("Ctrl+K").toString(QKeySequence.SequenceFormat.NativeText)

    # A comma would read as one sequence of two key presses, as Qt writes those.
    assert dict(dialog.rows())[LONG_NAMES[0]] == f"{first} or {ctrl_k}"


def test_tab_leaves_the_table(qtbot: QtBot) -> None:
    dialog = _open_dialog(qtbot)
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.table.hasFocus)

    qtbot.keyClick(dialog.table, Qt.Key.Key_Tab)

    assert not dialog.table.hasFocus()
