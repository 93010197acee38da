"""View → Outbox: the posts queued while offline, each with its state and its failure reason."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ocoya_desktop.storage.drafts_db import OutboxEntry, OutboxStatus
from ocoya_desktop.ui.widgets.table_rows import one_line_excerpt, selected_row_id, set_up_row_table

_EXCERPT_LENGTH = 50
_ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_CONTEXT = "OutboxView"

STATUS_COLUMN = 2


def status_text(entry: OutboxEntry) -> str:
    """Return the state of ``entry`` as shown: "Queued", "Sending…", "Sent", "Failed: …"."""
    if entry.status is OutboxStatus.QUEUED:
        if entry.maybe_sent:
            return QCoreApplication.translate(_CONTEXT, "Queued (will check Ocoya first)")
        return QCoreApplication.translate(_CONTEXT, "Queued")
    if entry.status is OutboxStatus.SENDING:
        return QCoreApplication.translate(_CONTEXT, "Sending…")
    if entry.status is OutboxStatus.SENT:
        return QCoreApplication.translate(_CONTEXT, "Sent")
    return QCoreApplication.translate(_CONTEXT, "Failed: {reason}").format(reason=entry.error)


class OutboxView(QWidget):
    """A table of outbox entries with Retry, Edit and Remove for the selected one.

    Signals:
        retry_requested(int): send the failed entry ``id`` again.
        edit_requested(int): move entry ``id`` back into the editor.
        remove_requested(int): remove entry ``id`` from the outbox.
    """

    retry_requested = Signal(int)
    edit_requested = Signal(int)
    remove_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OutboxView")
        self._entries: dict[int, OutboxEntry] = {}

        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Caption"), self.tr("Time"), self.tr("State")]
        )
        self.table.setAccessibleName(self.tr("Outbox"))
        set_up_row_table(self.table, stretch_columns={0, 2})
        self.table.setWordWrap(True)

        self.retry_button = QPushButton(self.tr("Retry"), self)
        self.retry_button.setAccessibleName(self.tr("Send the failed post again"))
        self.edit_button = QPushButton(self.tr("Edit"), self)
        self.edit_button.setAccessibleName(self.tr("Move the post back into the editor"))
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setAccessibleName(self.tr("Remove the post from the outbox"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.set_entries([])

    def set_entries(self, entries: Sequence[OutboxEntry]) -> None:
        """Show ``entries`` in queue order, keeping the selected entry selected."""
        selected = self.selected_entry_id()
        self._entries = {entry.entry_id: entry for entry in entries}
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            caption = one_line_excerpt(entry.post.caption, _EXCERPT_LENGTH)
            when = entry.post.scheduled_at
            time_text = when.astimezone().strftime("%Y-%m-%d %H:%M") if when else self.tr("draft")
            cells = (caption or self.tr("(no caption)"), time_text, status_text(entry))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(_ENTRY_ID_ROLE, entry.entry_id)
                item.setToolTip(entry.error if column == STATUS_COLUMN else text)
                if column == STATUS_COLUMN and entry.status is OutboxStatus.FAILED:
                    item.setForeground(QColor("#c62828"))
                self.table.setItem(row, column, item)
            if entry.entry_id == selected:
                self.table.selectRow(row)

        waiting = sum(1 for e in entries if e.status in (OutboxStatus.QUEUED, OutboxStatus.SENDING))
        failed = sum(1 for e in entries if e.status is OutboxStatus.FAILED)
        self.summary_label.setText(
            self.tr("{waiting} waiting to be sent, {failed} failed.").format(
                waiting=waiting, failed=failed
            )
            if entries
            else self.tr("The outbox is empty. Posts scheduled while offline wait here.")
        )
        self._update_buttons()

    def entry_ids(self) -> list[int]:
        """Return the ids of the listed entries, top to bottom."""
        return list(self._entries)

    def status_of(self, entry_id: int) -> str:
        """Return the state text shown for ``entry_id`` ("" when not listed)."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, STATUS_COLUMN)
            if item is not None and item.data(_ENTRY_ID_ROLE) == entry_id:
                return item.text()
        return ""

    def select_entry(self, entry_id: int) -> None:
        """Select the row of ``entry_id`` if it is listed."""
        for row, listed in enumerate(self._entries):
            if listed == entry_id:
                self.table.selectRow(row)

    def selected_entry_id(self) -> int | None:
        """Return the id of the selected entry, or None."""
        return selected_row_id(self.table, _ENTRY_ID_ROLE)

    def _update_buttons(self) -> None:
        entry_id = self.selected_entry_id()
        entry = self._entries.get(entry_id) if entry_id is not None else None
        status = entry.status if entry is not None else None
        self.retry_button.setEnabled(status is OutboxStatus.FAILED)
        self.edit_button.setEnabled(status in (OutboxStatus.QUEUED, OutboxStatus.FAILED))
        self.remove_button.setEnabled(status is not None and status is not OutboxStatus.SENDING)

    def _on_retry_button_clicked(self) -> None:
        entry_id = self.selected_entry_id()
        if entry_id is not None:
            self.retry_requested.emit(entry_id)

    def _on_edit_button_clicked(self) -> None:
        entry_id = self.selected_entry_id()
        if entry_id is not None:
            self.edit_requested.emit(entry_id)

    def _on_remove_button_clicked(self) -> None:
        entry_id = self.selected_entry_id()
        if entry_id is not None:
            self.remove_requested.emit(entry_id)
