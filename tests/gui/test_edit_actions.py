"""Edit → Cut, Copy, Paste, Select All on the focused text field, and Help → About."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import qVersion
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ocoya_desktop import __version__
from ocoya_desktop.ui import edit_actions
from ocoya_desktop.ui.edit_actions import TextEditActions

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Form(QWidget):
    """A window with a text field, a button and the Edit actions."""

    def __init__(self) -> None:
        super().__init__()
        self.field = QLineEdit(self)
        self.button = QPushButton("Button", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.button)
        self.actions_ = TextEditActions(self)


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    built = Form()
    qtbot.addWidget(built)
    built.show()
    qtbot.waitExposed(built)
    built.activateWindow()
    return built


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def test_actions_act_on_focused_field(qtbot: QtBot, form: Form) -> None:
    actions = form.actions_
    form.field.setText("Oat latte")
    focus(qtbot, form.field)

    actions.select_all_action.trigger()
    actions.update_enabled()
    assert form.field.selectedText() == "Oat latte"
    assert actions.copy_action.isEnabled()

    actions.cut_action.trigger()
    assert form.field.text() == ""
    assert QApplication.clipboard().text() == "Oat latte"

    actions.paste_action.trigger()
    actions.paste_action.trigger()
    assert form.field.text() == "Oat latteOat latte"


def test_actions_disabled_without_text_field(qtbot: QtBot, form: Form) -> None:
    focus(qtbot, form.field)
    focus(qtbot, form.button)

    actions = form.actions_
    assert not any(action.isEnabled() for action in actions.actions())


def test_read_only_field_allows_copy_only(qtbot: QtBot, form: Form) -> None:
    form.field.setText("Posted")
    form.field.setReadOnly(True)
    focus(qtbot, form.field)
    form.field.selectAll()

    actions = form.actions_
    actions.update_enabled()

    assert actions.copy_action.isEnabled()
    assert actions.select_all_action.isEnabled()
    assert not actions.cut_action.isEnabled()
    assert not actions.paste_action.isEnabled()


def test_about_names_versions(form: Form, monkeypatch: pytest.MonkeyPatch) -> None:
    about_calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(QMessageBox, "about", lambda *args: about_calls.append(args))

    edit_actions.show_about(form)

    assert len(about_calls) == 1
    parent, title, text = about_calls[0]
    assert parent is form
    assert title == "About Ocoya Desktop"
    assert __version__ in text
    assert qVersion() in text


class RecordingCommand(QUndoCommand):
    """A command that records its undo and redo calls."""

    def __init__(self, log: list[str]) -> None:
        super().__init__("Move post")
        self._log = log

    def undo(self) -> None:
        self._log.append("undo")

    def redo(self) -> None:
        self._log.append("redo")


def test_undo_acts_on_field_then_stack(qtbot: QtBot, form: Form) -> None:
    actions = form.actions_
    stack = QUndoStack(form)
    actions.set_undo_stack(stack)
    log: list[str] = []
    stack.push(RecordingCommand(log))
    focus(qtbot, form.field)
    qtbot.keyClicks(form.field, "Latte")
    actions.update_enabled()
    assert actions.undo_action.text() == "&Undo"
    assert actions.undo_action.isEnabled()

    actions.undo_action.trigger()

    assert form.field.text() == ""
    assert log == ["redo"]

    focus(qtbot, form.button)
    assert actions.undo_action.text() == "&Undo Move post"
    actions.undo_action.trigger()
    assert log == ["redo", "undo"]
    assert not actions.undo_action.isEnabled()
    assert actions.redo_action.isEnabled()
