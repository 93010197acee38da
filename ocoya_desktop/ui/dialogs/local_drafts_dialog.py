"""File → Local Drafts…: the unsent posts saved on this computer, to open or delete."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ocoya_desktop.storage.drafts_db import EditorState, StoredDraft
from ocoya_desktop.ui.widgets.table_rows import one_line_excerpt, selected_row_id, set_up_row_table

_EXCERPT_LENGTH = 60
_DRAFT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class LocalDraftsDialog(QDialog):
    """Lists the local drafts: caption excerpt, profiles, time and when each was last edited.

    The dialog changes nothing itself; its owner acts on the signals and calls ``set_drafts``.
    ``profile_names`` maps profile ids to the names to list, as returned by
    ``ProfileListModel.display_names``, which adds the network to names that profiles share.

    Signals:
        open_requested(int): the user wants draft ``id`` in the editor.
        delete_requested(int): the user wants draft ``id`` deleted.
    """

    open_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, profile_names: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LocalDraftsDialog")
        self.setWindowTitle(self.tr("Local Drafts"))
        self._profile_names = dict(profile_names)
        self._editor_draft_id: int | None = None

        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Caption"), self.tr("Profiles"), self.tr("Time"), self.tr("Last edited")]
        )
        self.table.setAccessibleName(self.tr("Local drafts"))
        # The caption and the profiles share the spare width. Fitted to its contents, a long
        # list of profiles left the caption a few pixels and two drafts looked the same.
        set_up_row_table(self.table, stretch_columns={0, 1})

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = QPushButton(self.tr("Open in Editor"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 360)

        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.table.itemDoubleClicked.connect(self._on_open_button_clicked)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def set_profile_names(self, names: Mapping[str, str]) -> None:
        """Name profiles by ``names`` (id to name, as in ``profile_names``).

        Ids missing from ``names`` show as a count.
        """
        self._profile_names = dict(names)

    def set_drafts(self, drafts: Sequence[StoredDraft], editor_draft_id: int | None) -> None:
        """Show ``drafts``; the one with ``editor_draft_id`` is marked as in the editor.

        The selected draft stays selected when it is still listed, so a refresh while the
        user types in the editor does not move the selection.
        """
        selected = self.selected_draft_id()
        self._editor_draft_id = editor_draft_id
        self.table.setRowCount(len(drafts))
        for row, draft in enumerate(drafts):
            cells = (
                self._caption_text(draft),
                self._profiles_text(draft.state),
                _time_text(draft.state),
                _local(draft.updated_at),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(_DRAFT_ID_ROLE, draft.draft_id)
                if column == 0:
                    item.setToolTip(draft.state.caption[:500])
                elif column == 1:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
        listed = [draft.draft_id for draft in drafts]
        if selected in listed:
            self.table.selectRow(listed.index(selected))
        elif drafts:
            self.table.selectRow(0)
        self.summary_label.setText(
            self.tr("Unsent posts saved on this computer: %n.", "", len(drafts))
            if drafts
            else self.tr("No unsent posts are saved on this computer.")
        )
        self._update_buttons()

    def draft_ids(self) -> list[int]:
        """Return the ids of the listed drafts, top to bottom."""
        ids = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None:
                ids.append(int(item.data(_DRAFT_ID_ROLE)))
        return ids

    def select_draft(self, draft_id: int) -> None:
        """Select the row of ``draft_id`` if it is listed."""
        for row, listed in enumerate(self.draft_ids()):
            if listed == draft_id:
                self.table.selectRow(row)

    def selected_draft_id(self) -> int | None:
        """Return the id of the selected draft, or None."""
        return selected_row_id(self.table, _DRAFT_ID_ROLE)

    def _caption_text(self, draft: StoredDraft) -> str:
        caption = one_line_excerpt(draft.state.caption, _EXCERPT_LENGTH)
        if not caption:
            caption = self.tr("(no caption, {count} media)").format(count=len(draft.state.media))
        if draft.draft_id == self._editor_draft_id:
            caption = self.tr("{caption} (in the editor)").format(caption=caption)
        return caption

    def _profiles_text(self, state: EditorState) -> str:
        names = [
            self._profile_names[pid] for pid in state.profile_ids if pid in self._profile_names
        ]
        unknown = len(state.profile_ids) - len(names)
        if unknown:
            names.append(self.tr("other profiles: %n", "", unknown))
        return ", ".join(names) if names else self.tr("none")

    def _update_buttons(self) -> None:
        has_selection = self.selected_draft_id() is not None
        self.open_button.setEnabled(has_selection)
        self.delete_button.setEnabled(has_selection)

    def _on_open_button_clicked(self) -> None:
        draft_id = self.selected_draft_id()
        if draft_id is not None:
            self.open_requested.emit(draft_id)

    def _on_delete_button_clicked(self) -> None:
        draft_id = self.selected_draft_id()
        if draft_id is None:
            return
        # An unsent post exists only on this computer, so the user confirms the deletion.
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete Local Draft"),
            self.tr("Delete this unsent post from this computer? It cannot be brought back."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setInformativeText(self._caption_text_of(draft_id))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda result: self._on_delete_answered(result, draft_id))
        box.open()

    def _on_delete_answered(self, result: int, draft_id: int) -> None:
        if result == QMessageBox.StandardButton.Yes:
            self.delete_requested.emit(draft_id)

    def _caption_text_of(self, draft_id: int) -> str:
        for row, listed in enumerate(self.draft_ids()):
            item = self.table.item(row, 0)
            if listed == draft_id and item is not None:
                return item.text()
        return ""


def _time_text(state: EditorState) -> str:
    if state.no_date or state.local_date is None or state.local_time is None:
        return QCoreApplication.translate("LocalDraftsDialog", "no date (draft)")
    zone = f" {state.time_zone}" if state.time_zone else ""
    return f"{state.local_date:%Y-%m-%d} {state.local_time:%H:%M}{zone}"


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
