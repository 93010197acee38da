"""CaptionEdit on its own: undo and redo keys, and wavy marks with tooltips."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat
from pytestqt.qtbot import QtBot

from ocoya_desktop.ui.widgets.caption_edit import CaptionEdit, CaptionMark


def make_edit(qtbot: QtBot) -> CaptionEdit:
    edit = CaptionEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.activateWindow()
    qtbot.waitActive(edit)
    edit.setFocus()
    return edit


def test_undo_and_redo_keys(qtbot: QtBot) -> None:
    edit = make_edit(qtbot)
    qtbot.keyClicks(edit, "Fresh bread")
    edit.selectAll()
    qtbot.keyClicks(edit, "Cake")
    assert edit.toPlainText() == "Cake"

    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText() == "Fresh bread"

    qtbot.keyClick(
        edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert edit.toPlainText() == "Cake"

    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText() == "Cake"


def test_marks_use_wavy_underline(qtbot: QtBot) -> None:
    edit = make_edit(qtbot)
    edit.setPlainText("a #b")

    edit.set_marks([CaptionMark(2, 3, "cut here")])

    selections = edit.extraSelections()
    assert len(selections) == 1
    assert selections[0].format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert edit.mark_spans() == [(2, 3)]


def test_marks_follow_edits(qtbot: QtBot) -> None:
    edit = make_edit(qtbot)
    edit.setPlainText("a #b")
    edit.set_marks([CaptionMark(2, 3, "cut here")])

    cursor = edit.textCursor()
    cursor.setPosition(0)
    cursor.insertText("xyz ")

    assert edit.mark_spans() == [(6, 7)]


def test_mark_tooltip_by_position(qtbot: QtBot) -> None:
    edit = make_edit(qtbot)
    edit.setPlainText("(a) b")
    edit.set_marks([CaptionMark(0, 1, "open"), CaptionMark(2, 3, "close")])

    assert edit.mark_tooltip_at(0) == "open"
    assert edit.mark_tooltip_at(1) == ""
    assert edit.mark_tooltip_at(2) == "close"
    assert edit.mark_tooltip_at(4) == ""


def test_marks_past_end_are_clamped(qtbot: QtBot) -> None:
    edit = make_edit(qtbot)
    edit.setPlainText("ab")

    edit.set_marks([CaptionMark(1, 50, "tail")])

    assert edit.mark_spans() == [(1, 2)]


def test_clear_marks(qtbot: QtBot) -> None:
    edit = make_edit(qtbot)
    edit.setPlainText("#a")
    edit.set_marks([CaptionMark(0, 1, "hash")])

    edit.clear_marks()

    assert edit.mark_spans() == []
    assert edit.mark_tooltip_at(0) == ""
