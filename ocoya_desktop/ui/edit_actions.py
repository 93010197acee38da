"""The Edit menu's Undo, Redo, Cut, Copy, Paste and Select All, and the Help menu's About box.

The clipboard actions act on the text field that has the keyboard focus: the caption, the
search field, the AI prompt or any other line or text edit. Their shortcuts are the
platform's standard keys, which the focused field also handles itself. The menu entries
are for the mouse, and for users who look for them there. Undo and Redo act on the focused
text field too, and otherwise on an undo stack (the calendar's moves).
"""

from __future__ import annotations

import platform
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ocoya_desktop import __version__

TextField = QLineEdit | QTextEdit | QPlainTextEdit


class TextEditActions(QObject):
    """The Edit menu's actions for the focused text field, enabled to match it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._field: TextField | None = None
        self._stack: QUndoStack | None = None
        self.undo_action = QAction(self.tr("&Undo"), self)
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(self._on_undo_action_triggered)
        self.redo_action = QAction(self.tr("&Redo"), self)
        self.redo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Redo))
        self.redo_action.triggered.connect(self._on_redo_action_triggered)
        self.cut_action = self._make(self.tr("Cu&t"), QKeySequence.StandardKey.Cut, "cut")
        self.copy_action = self._make(self.tr("&Copy"), QKeySequence.StandardKey.Copy, "copy")
        self.paste_action = self._make(self.tr("&Paste"), QKeySequence.StandardKey.Paste, "paste")
        self.select_all_action = self._make(
            self.tr("Select &All"), QKeySequence.StandardKey.SelectAll, "selectAll"
        )
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        self.update_enabled()

    def actions(self) -> list[QAction]:
        """Return the clipboard actions in menu order."""
        return [self.cut_action, self.copy_action, self.paste_action, self.select_all_action]

    def set_undo_stack(self, stack: QUndoStack) -> None:
        """Let Undo and Redo act on ``stack`` while no text field has the focus.

        Their window-wide shortcuts reach the stack only then, because a focused text field
        takes Ctrl+Z for itself.
        """
        self._stack = stack
        stack.indexChanged.connect(self.update_enabled)
        stack.cleanChanged.connect(self.update_enabled)
        self.update_enabled()

    def _on_undo_action_triggered(self) -> None:
        if self._field is not None:
            self._apply("undo")
        elif self._stack is not None:
            self._stack.undo()

    def _on_redo_action_triggered(self) -> None:
        if self._field is not None:
            self._apply("redo")
        elif self._stack is not None:
            self._stack.redo()

    def _make(self, text: str, key: QKeySequence.StandardKey, method: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        # The focused field handles the key itself, so the shortcut only labels the menu
        # entry: with WidgetShortcut it applies only while the menu has the focus. A
        # window-wide shortcut would also take Ctrl+C from the schedule table.
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda: self._apply(method))
        return action

    def _apply(self, method: str) -> None:
        field = self._field
        if field is None:
            return
        getattr(field, method)()
        field.setFocus()

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Opening a menu moves the focus to it, but the field that had it stays the target.
        if isinstance(new, (QMenu, QMenuBar)):
            return
        self._field = _text_field(new)
        self.update_enabled()

    def update_enabled(self) -> None:
        """Enable the actions that apply to the focused field and its selection now."""
        field = self._field
        editable = field is not None and not field.isReadOnly()
        selected = field is not None and _has_selection(field)
        self.cut_action.setEnabled(editable and selected)
        self.copy_action.setEnabled(selected)
        self.paste_action.setEnabled(editable)
        self.select_all_action.setEnabled(field is not None)
        self._update_undo_redo(field)

    def _update_undo_redo(self, field: TextField | None) -> None:
        stack = self._stack
        if field is not None:
            undo_text, redo_text = "", ""
            can_undo, can_redo = _undo_available(field)
        elif stack is not None:
            undo_text, redo_text = stack.undoText(), stack.redoText()
            can_undo, can_redo = stack.canUndo(), stack.canRedo()
        else:
            undo_text, redo_text, can_undo, can_redo = "", "", False, False
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(can_redo)
        # The stack's commands name what they undo, such as "Move post to Fri 11 Dec 13:44".
        self.undo_action.setText(
            self.tr("&Undo {what}").format(what=undo_text) if undo_text else self.tr("&Undo")
        )
        self.redo_action.setText(
            self.tr("&Redo {what}").format(what=redo_text) if redo_text else self.tr("&Redo")
        )


def _text_field(widget: QWidget | None) -> TextField | None:
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
        return widget
    if isinstance(widget, QAbstractSpinBox):
        # Date, time and number fields edit their text in an inner line edit.
        return widget.lineEdit()
    return None


def _undo_available(field: TextField) -> tuple[bool, bool]:
    if isinstance(field, QLineEdit):
        return field.isUndoAvailable(), field.isRedoAvailable()
    document = field.document()
    return document.isUndoAvailable(), document.isRedoAvailable()


def _has_selection(field: TextField) -> bool:
    if isinstance(field, QLineEdit):
        return field.hasSelectedText()
    return field.textCursor().hasSelection()


def show_about(parent: QWidget) -> None:
    """Show the About box: the version, and the versions to quote in a bug report."""
    python = f"{platform.python_implementation()} {sys.version.split()[0]}"
    text = QApplication.translate(
        "About",
        "<h3>Ocoya Desktop {version}</h3>"
        "<p>Compose and schedule social-media posts with Ocoya.</p>"
        "<p>Python {python}, Qt {qt}, PySide6 {pyside}</p>",
    ).format(version=__version__, python=python, qt=qVersion(), pyside=pyside_version)
    QMessageBox.about(parent, QApplication.translate("About", "About Ocoya Desktop"), text)
