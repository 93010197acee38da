"""Progress of long tasks with a Cancel button, shown at the right of the status bar."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


@dataclass(frozen=True)
class _Entry:
    text: str
    done: int | None = None
    total: int | None = None


class TaskProgressPanel(QWidget):
    """Shows the newest long-running task: its text, a progress bar when the total is known,
    and Cancel. When that task ends, the one reported before it (if still running) shows.

    Signals:
        cancel_requested(str): the user pressed Cancel for the task with this key.
    """

    cancel_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: dict[str, _Entry] = {}

        self._label = QLabel(self)
        self._bar = QProgressBar(self)
        self._bar.setMaximumWidth(160)
        self._bar.setTextVisible(False)
        self._bar.setAccessibleName(self.tr("Progress"))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setAccessibleName(self.tr("Cancel the running task"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._label)
        layout.addWidget(self._bar)
        layout.addWidget(self.cancel_button)

        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.hide()

    def show_task(self, key: str, action: str) -> None:
        """Offer Cancel for the task ``key``, described by ``action`` (no progress known)."""
        if key in self._entries:
            return
        self._entries[key] = _Entry(self.tr("{action}… (taking a while)").format(action=action))
        self._refresh()

    def set_progress(self, key: str, text: str, done: int | None, total: int | None) -> None:
        """Show ``text`` for the task ``key``, with a bar at ``done`` of ``total`` if known."""
        self._entries.pop(key, None)
        self._entries[key] = _Entry(text, done, total)
        self._refresh()

    def finish(self, key: str) -> None:
        """Stop showing the task ``key``."""
        if self._entries.pop(key, None) is not None:
            self._refresh()

    def current_key(self) -> str | None:
        """Return the key of the task shown now, or None when the panel is hidden."""
        return next(reversed(self._entries), None)

    def text(self) -> str:
        """Return the text shown now, or "" when the panel is hidden."""
        key = self.current_key()
        return self._entries[key].text if key is not None else ""

    def _refresh(self) -> None:
        key = self.current_key()
        if key is None:
            self._label.clear()
            self.hide()
            return
        entry = self._entries[key]
        self._label.setText(entry.text)
        has_total = entry.total is not None and entry.total > 0 and entry.done is not None
        self._bar.setVisible(has_total)
        if has_total:
            assert entry.total is not None and entry.done is not None
            self._bar.setRange(0, entry.total)
            self._bar.setValue(min(entry.done, entry.total))
        self.show()

    def _on_cancel_button_clicked(self) -> None:
        key = self.current_key()
        if key is not None:
            self.cancel_requested.emit(key)
