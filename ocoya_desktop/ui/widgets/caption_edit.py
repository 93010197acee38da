"""The caption text box: plain text, undo and redo, and marks on characters LinkedIn cuts at."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QHelpEvent, QKeyEvent, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

# Redo keys accepted on every platform; Qt's own binding differs between Windows and Linux.
_REDO_KEYS = (
    QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Y),
    QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_Z),
)
_UNDO_KEY = QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Z)


@dataclass(frozen=True, slots=True)
class CaptionMark:
    """A marked run of the caption, in UTF-16 offsets (QTextCursor positions), with a tooltip."""

    start: int
    end: int
    tooltip: str


class CaptionEdit(QPlainTextEdit):
    """A plain-text caption editor that underlines marked characters with a wavy line.

    Hovering a mark shows its tooltip. Marks are extra selections, so Qt moves them along
    with edits until the next ``set_marks`` replaces them.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CaptionEdit")
        self.setAccessibleName(self.tr("Caption"))
        self.setPlaceholderText(self.tr("Write the caption…"))
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(True)
        self._mark_color = QColor("#d32f2f")
        self._tooltips: list[str] = []

    def set_marks(self, marks: Sequence[CaptionMark], color: QColor | None = None) -> None:
        """Underline each of ``marks`` with a wavy line, replacing the previous marks.

        Offsets past the end of the text are clamped, so a mark computed for a slightly older
        text never raises.
        """
        if color is not None:
            self._mark_color = QColor(color)
        length = self.document().characterCount() - 1
        selections = []
        for mark in marks:
            cursor = QTextCursor(self.document())
            cursor.setPosition(min(mark.start, length))
            cursor.setPosition(min(mark.end, length), QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = self._mark_format()
            selections.append(selection)
        self._tooltips = [mark.tooltip for mark in marks]
        self.setExtraSelections(selections)

    def clear_marks(self) -> None:
        """Remove every mark."""
        self.set_marks(())

    def mark_spans(self) -> list[tuple[int, int]]:
        """Return the current marks as (start, end) UTF-16 offsets, after any edits moved them."""
        spans = []
        for selection in self.extraSelections():
            cursor: QTextCursor = selection.cursor
            spans.append((cursor.selectionStart(), cursor.selectionEnd()))
        return spans

    def mark_tooltip_at(self, position: int) -> str:
        """Return the tooltip of the mark covering the UTF-16 offset ``position``, or ""."""
        for selection, tooltip in zip(self.extraSelections(), self._tooltips, strict=False):
            cursor: QTextCursor = selection.cursor
            if cursor.selectionStart() <= position < cursor.selectionEnd():
                return tooltip
        return ""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Handle Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y the same way on every platform."""
        pressed = QKeySequence(event.keyCombination())
        if pressed in _REDO_KEYS:
            self.redo()
            event.accept()
            return
        if pressed == _UNDO_KEY:
            self.undo()
            event.accept()
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        """Show the tooltip of the mark under the mouse pointer."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            position = self.cursorForPosition(event.pos()).position()
            tooltip = self.mark_tooltip_at(position)
            # cursorForPosition returns the gap nearest the pointer, which may be after the
            # character under it, so the character before that gap counts too.
            if not tooltip and position > 0:
                tooltip = self.mark_tooltip_at(position - 1)
            if tooltip:
                QToolTip.showText(event.globalPos(), tooltip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def _mark_format(self) -> QTextCharFormat:
        text_format = QTextCharFormat()
        text_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        text_format.setUnderlineColor(self._mark_color)
        return text_format
