"""The schedule: a status filter and a search field above the table of post groups."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ocoya_desktop.api import PostGroup
from ocoya_desktop.ui.labels import KNOWN_STATUSES, status_label
from ocoya_desktop.ui.models.schedule_filter_model import ScheduleFilterModel
from ocoya_desktop.ui.models.schedule_model import Column, FilterCriteria, ScheduleModel
from ocoya_desktop.ui.widgets.column_fit import ColumnFitter, FittedHeader

# The shortest time worth showing in a narrow Time column: the day and the hour, without the
# year. Times are shown as "2026-12-07 04:44", and a cut time loses its start ("…12-07 04:44").
COMPACT_TIME_TEXT = "…12-31 23:59"


class ScheduleTableFilterModel(ScheduleFilterModel):
    """The schedule table's filter model, which leaves matching and sorting to the source.

    It filters like ``ScheduleFilterModel`` but takes each row's result from
    ``ScheduleModel.row_matches``, which matches all rows in one pass. It passes ``sort`` on
    to ``ScheduleModel.sort`` and never sorts itself, so it keeps the source's order.

    With 10,000 posts (``benchmarks/big_schedule.py`` on 2 shared cores), a search took
    60 ms and a sort about 0.9 s while the proxy called ``data`` for each row and comparison.
    Now they take about 20 ms and 35 ms.
    """

    def __init__(self, schedule: ScheduleModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._schedule = schedule
        self._criteria: FilterCriteria = (None, ())
        self.setSourceModel(schedule)

    def set_status(self, status: str | None) -> None:
        """Show only rows with ``status`` (a raw value like ``"DRAFT"``), or all for None."""
        self._criteria = (status or None, self._criteria[1])
        super().set_status(status)

    def set_text(self, text: str) -> None:
        """Show only rows whose caption or networks contain every word of ``text``."""
        self._criteria = (self._criteria[0], tuple(text.casefold().split()))
        super().set_text(text)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        return self._schedule.row_matches(source_row, self._criteria)

    def shown_posts(self) -> list[PostGroup]:
        """Return the post groups of the rows shown, in order, without a call per row from C++.

        The rows are the source's in the source's order, since this proxy never sorts.
        """
        return self._schedule.matching_posts(self._criteria)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._schedule.sort(column, order)


class LeftElidingDelegate(QStyledItemDelegate):
    """Draws cells whose cut text loses its start, so a cut time keeps its day and hour."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class ScheduleView(QWidget):
    """The table of the workspace's post groups with its filters.

    Signals:
        current_post_changed(): the selected post changed (or the table was reloaded).
    """

    current_post_changed = Signal()

    def __init__(self, model: ScheduleModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._proxy = ScheduleTableFilterModel(model, self)

        self._status = QComboBox(self)
        self._status.setAccessibleName(self.tr("Filter by status"))
        self._status.addItem(self.tr("All statuses"), "")
        for status in KNOWN_STATUSES:
            self._status.addItem(status_label(status), status)
        self._search = QLineEdit(self)
        self._search.setPlaceholderText(self.tr("Search captions and networks (Ctrl+F)"))
        self._search.setAccessibleName(self.tr("Search the schedule"))
        self._search.setClearButtonEnabled(True)

        self._table = QTableView(self)
        # Tab moves the focus on to the next control, as in any list. A table's default moves
        # Tab from cell to cell, which keeps the focus inside. The arrow keys move between rows.
        self._table.setTabKeyNavigation(False)
        self._table.setHorizontalHeader(FittedHeader(self._table))
        self._table.setModel(self._proxy)
        self._table.setAccessibleName(self.tr("Schedule"))
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows can be selected (Shift and Ctrl) for bulk actions such as deleting.
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setSortingEnabled(True)
        # -1 keeps Ocoya's order (newest created first) until the user clicks a header.
        self._table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._table.verticalHeader().hide()
        # Content widths come from the rows in view only. Qt's default measures up to 1,000
        # rows per column, and a filter change refits once per removed range of rows, which
        # took seconds with 10,000 posts.
        self._table.horizontalHeader().setResizeContentsPrecision(0)
        # The caption stretches. The other columns fit their contents, but a long status or
        # a post to many networks gives up room, cut with "…", so the caption stays readable.
        # In a very narrow table the networks show only the first network's icon, and the
        # times lose their year.
        self._time_delegate = LeftElidingDelegate(self._table)
        self._table.setItemDelegateForColumn(Column.TIME, self._time_delegate)
        self.column_fitter = ColumnFitter(
            self._table,
            Column.CAPTION,
            shrinkable=(Column.STATUS, Column.NETWORKS),
            icon_columns=(Column.NETWORKS,),
            # The model's text for a post without a time stays whole too.
            compact_texts={Column.TIME: (COMPACT_TIME_TEXT, model.tr("Not scheduled"))},
        )

        filters = QHBoxLayout()
        status_label_widget = QLabel(self.tr("&Status:"), self)
        status_label_widget.setBuddy(self._status)
        filters.addWidget(status_label_widget)
        filters.addWidget(self._status)
        filters.addWidget(self._search, 1)

        # Shown in place of an empty table when the filters hide every loaded post.
        self.no_match_label = QLabel(self)
        self.no_match_label.setObjectName("ScheduleNoMatchLabel")
        self.no_match_label.setWordWrap(True)
        self.no_match_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.no_match_label)
        layout.addWidget(self._table, 1)

        self._status.currentIndexChanged.connect(self._on_status_current_index_changed)
        self._search.textChanged.connect(self._proxy.set_text)
        self._table.selectionModel().selectionChanged.connect(self.current_post_changed)
        # A reload (after a reschedule, F5) resets the model, which clears the selection. The
        # posts selected before are selected again if they are still listed.
        self._selected_before_reset: list[str] = []
        self._model.modelAboutToBeReset.connect(self._remember_selection)
        self._model.modelReset.connect(self._restore_selection)
        self._proxy.modelReset.connect(self.current_post_changed)
        self._proxy.layoutChanged.connect(self.current_post_changed)
        self._proxy.rowsRemoved.connect(self.current_post_changed)
        for signal in (
            self._proxy.modelReset,
            self._proxy.layoutChanged,
            self._proxy.rowsInserted,
            self._proxy.rowsRemoved,
        ):
            signal.connect(self._update_no_match_label)

    @property
    def table(self) -> QTableView:
        """The table view."""
        return self._table

    @property
    def proxy(self) -> ScheduleFilterModel:
        """The filter model between the schedule model and the table."""
        return self._proxy

    @property
    def status_filter(self) -> QComboBox:
        """The status chooser."""
        return self._status

    @property
    def search_field(self) -> QLineEdit:
        """The search field."""
        return self._search

    def set_post_actions(self, actions: Sequence[QAction]) -> None:
        """Offer ``actions`` in the table's context menu (the window owns them)."""
        self._table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in actions:
            self._table.addAction(action)

    def current_post(self) -> PostGroup | None:
        """Return the selected post group, or None when no row is selected."""
        rows = self._table.selectionModel().selectedRows()
        if not rows:
            return None
        source = self._proxy.mapToSource(rows[0])
        if not source.isValid():
            return None
        return self._model.post_at(source.row())

    def selected_posts(self) -> list[PostGroup]:
        """Return the selected post groups in the order the table shows them."""
        rows = sorted(self._table.selectionModel().selectedRows(), key=lambda index: index.row())
        posts = []
        for index in rows:
            source = self._proxy.mapToSource(index)
            if source.isValid():
                posts.append(self._model.post_at(source.row()))
        return posts

    def _remember_selection(self) -> None:
        self._selected_before_reset = [post.id for post in self.selected_posts()]

    def _restore_selection(self) -> None:
        selected_ids, self._selected_before_reset = set(self._selected_before_reset), []
        if not selected_ids:
            return
        selection = QItemSelection()
        for row in range(self._proxy.rowCount()):
            source = self._proxy.mapToSource(self._proxy.index(row, 0))
            if self._model.post_at(source.row()).id in selected_ids:
                selection.select(self._proxy.index(row, 0), self._proxy.index(row, 0))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        selection_model = self._table.selectionModel()
        selection_model.select(selection, flags)
        if not selection.isEmpty():
            first = selection.indexes()[0]
            selection_model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)

    def select_post(self, post_id: str) -> bool:
        """Select the row of the post group ``post_id``; False when it is not shown."""
        for row in range(self._proxy.rowCount()):
            source = self._proxy.mapToSource(self._proxy.index(row, 0))
            if self._model.post_at(source.row()).id == post_id:
                self._table.selectRow(row)
                return True
        return False

    def sort_text(self) -> str:
        """Return the table's sort as stored in the settings, such as "time:ascending".

        "" stands for Ocoya's order, before any header is clicked.
        """
        header = self._table.horizontalHeader()
        column = header.sortIndicatorSection()
        if not 0 <= column < len(Column):
            return ""
        ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
        return f"{Column(column).name.lower()}:{'ascending' if ascending else 'descending'}"

    def sort_by_text(self, text: str) -> bool:
        """Sort as ``sort_text`` describes; return False, changing nothing, if it is unknown."""
        name, _, direction = text.partition(":")
        column = Column.__members__.get(name.upper())
        if column is None or direction not in ("ascending", "descending"):
            return False
        order = (
            Qt.SortOrder.AscendingOrder
            if direction == "ascending"
            else Qt.SortOrder.DescendingOrder
        )
        self._table.sortByColumn(column, order)
        return True

    def focus_search(self) -> None:
        """Move the keyboard focus to the search field and select its text."""
        self._search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._search.selectAll()

    def _update_no_match_label(self, *_args: object) -> None:
        hidden_all = self._proxy.rowCount() == 0 and self._model.rowCount() > 0
        if hidden_all:
            text = self.tr(
                "No loaded post matches the search and status filter. Change the filters, or "
                "choose View → Load All Posts to search every post."
            )
            if self._model.has_all_posts():
                text = self.tr("No post matches the search and status filter.")
            self.no_match_label.setText(text)
        self.no_match_label.setVisible(hidden_all)

    def _on_status_current_index_changed(self, row: int) -> None:
        value = self._status.itemData(row)
        self._proxy.set_status(value if isinstance(value, str) and value else None)
