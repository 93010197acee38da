"""Post actions on rows of the schedule list: Delete's question, Duplicate and Reschedule."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ocoya_desktop.ui.models.schedule_model import Column
from tests.gui.shell_support import (
    Shell,
    show_started,
    visible_message_box,
    wait_for_message_box,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

WAIT_MS = 10_000


@pytest.fixture
def shell(qtbot: QtBot, shell: Shell) -> Shell:
    """The main window, shown, with its first workspace loaded."""
    show_started(qtbot, shell)
    return shell


def _select_rows(shell: Shell, first: int, last: int) -> None:
    """Select rows ``first`` to ``last`` of the list, as a click and a Shift+click do."""
    table = shell.window.schedule_view.table
    model = table.model()
    selection = QItemSelection(model.index(first, 0), model.index(last, len(Column) - 1))
    table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    table.selectionModel().setCurrentIndex(
        model.index(last, 0), QItemSelectionModel.SelectionFlag.NoUpdate
    )


def _full_caption(shell: Shell, row: int) -> str:
    table = shell.window.schedule_view.table
    caption = table.model().index(row, Column.CAPTION).data(Qt.ItemDataRole.ToolTipRole)
    assert isinstance(caption, str) and caption
    return caption


# --- Delete ------------------------------------------------------------------------------


def test_delete_question_leaves_status_alone(qtbot: QtBot, shell: Shell) -> None:
    window = shell.window
    table = window.schedule_view.table
    summary = window.statusBar().currentMessage()
    assert summary == window.status_summary()
    rows = table.model().rowCount()
    _select_rows(shell, 0, 2)
    table.setFocus(Qt.FocusReason.OtherFocusReason)

    QTest.keyClick(table, Qt.Key.Key_Delete)
    box = wait_for_message_box(qtbot, window)

    assert box.text().startswith("Delete 3 posts from Ocoya?")
    assert window.statusBar().currentMessage() == summary
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: visible_message_box(window) is None, timeout=WAIT_MS)
    assert window.statusBar().currentMessage() == summary
    assert table.model().rowCount() == rows


# --- Duplicate into Editor ---------------------------------------------------------------


def test_duplicate_needs_one_selected_row(qtbot: QtBot, shell: Shell) -> None:
    action = shell.window.duplicate_action
    _select_rows(shell, 0, 0)
    assert action.isEnabled()
    enabled_tip = action.toolTip()

    _select_rows(shell, 0, 4)

    assert not action.isEnabled()
    assert action.toolTip() == "Select a single post to duplicate it into the editor."
    assert action.statusTip() == action.toolTip()
    _select_rows(shell, 3, 3)
    assert action.isEnabled()
    assert action.toolTip() == enabled_tip


def test_enter_on_several_rows_leaves_editor(qtbot: QtBot, shell: Shell) -> None:
    table = shell.window.schedule_view.table
    _select_rows(shell, 0, 4)
    table.setFocus(Qt.FocusReason.OtherFocusReason)

    QTest.keyClick(table, Qt.Key.Key_Return)

    assert shell.window.editor.caption() == ""


def test_enter_on_one_row_duplicates_it(qtbot: QtBot, shell: Shell) -> None:
    table = shell.window.schedule_view.table
    _select_rows(shell, 2, 2)
    table.setFocus(Qt.FocusReason.OtherFocusReason)

    QTest.keyClick(table, Qt.Key.Key_Return)

    assert shell.window.editor.caption() == _full_caption(shell, 2)


def test_double_click_duplicates_clicked_row(qtbot: QtBot, shell: Shell) -> None:
    table = shell.window.schedule_view.table
    _select_rows(shell, 0, 4)
    center = table.visualRect(table.model().index(6, Column.CAPTION)).center()

    # A double-click starts with a click, which selects the clicked row alone.
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)

    assert shell.window.editor.caption() == _full_caption(shell, 6)


# --- Reschedule --------------------------------------------------------------------------


def test_reschedule_needs_one_selected_row(shell: Shell) -> None:
    action = shell.window.reschedule_action
    table = shell.window.schedule_view.table
    movable = next(
        row
        for row in range(table.model().rowCount())
        if table.model().index(row, Column.STATUS).data() == "Scheduled"
    )
    _select_rows(shell, movable, movable)
    assert action.isEnabled()

    last = min(movable + 3, table.model().rowCount() - 1)
    first = last - 3
    _select_rows(shell, first, last)

    assert not action.isEnabled()
    assert action.toolTip() == "Select a single post to reschedule it."
