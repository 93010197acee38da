"""Column sizing for tables with one long text column, such as the schedule's captions."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView, QToolTip

# Share of the table's width the stretched column keeps before the others give up room.
STRETCH_SHARE = 0.4
# The width the stretched column requests in a narrow table, in pixels: about 25 characters of
# a caption. It gets less only when the other columns cannot shrink further.
MIN_STRETCH_WIDTH = 160
# Shrinking stops at this width, so the first word of a shrunk column stays readable.
MIN_SHRUNK_WIDTH = 72
# Room around an icon-only cell, in pixels, added to the icon's width.
ICON_CELL_PADDING = 12


class ColumnFitter(QObject):
    """Keeps one column of ``table`` stretched and the others at the width of their contents.

    The other columns get the width of their widest visible cell or of their header,
    whichever is wider. When that leaves the stretched column less than ``STRETCH_SHARE`` of
    the table's width, the ``shrinkable`` columns give up room, down to
    ``MIN_SHRUNK_WIDTH`` each, so the long text stays readable. If the stretched column still
    has less than ``MIN_STRETCH_WIDTH``, the ``icon_columns`` (whose cells start with an icon)
    shrink further, down to the icon alone. Cut text ends in "…", and
    hovering over a cut cell without a tooltip of its own shows its full text. The fitter
    runs again at once when the table's width changes, and once per event-loop turn after its
    rows change: a filter change removes rows in many ranges, each with its own signal.
    """

    def __init__(
        self,
        table: QTableView,
        stretch_column: int,
        *,
        shrinkable: Collection[int] = (),
        icon_columns: Collection[int] = (),
    ) -> None:
        super().__init__(table)
        self._table = table
        self._stretch_column = stretch_column
        self._shrinkable = frozenset(shrinkable)
        self._icon_columns = frozenset(icon_columns)
        self._viewport_width = -1
        # A zero-interval timer fires once the event loop has handled the pending signals.
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(0)
        self._refit_timer.timeout.connect(self.fit)

        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(header.count()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == stretch_column
                else QHeaderView.ResizeMode.Interactive
            )
            header.setSectionResizeMode(column, mode)

        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)
        model = table.model()
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
            # A longer title, such as the time zone in "Time (New York)", needs room too.
            model.headerDataChanged,
        ):
            signal.connect(self.schedule_fit)
        self.fit()

    @property
    def fit_pending(self) -> bool:
        """Whether the rows changed and the columns are refitted on the next event-loop turn."""
        return self._refit_timer.isActive()

    def schedule_fit(self) -> None:
        """Refit the columns once the event loop handles its next events, however often called."""
        if not self._refit_timer.isActive():
            self._refit_timer.start()

    def fit(self) -> None:
        """Size every column other than the stretched one for the current rows and width."""
        self._refit_timer.stop()
        table = self._table
        header = table.horizontalHeader()
        columns = [c for c in range(header.count()) if c != self._stretch_column]
        content_widths = {
            column: max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
            for column in columns
        }
        available = table.viewport().width()
        keep_for_stretch = max(MIN_STRETCH_WIDTH, int(available * STRETCH_SHARE))
        shortage = sum(content_widths.values()) + keep_for_stretch - available
        widths = dict(content_widths)
        if shortage > 0:
            floors = dict.fromkeys(self._shrinkable, MIN_SHRUNK_WIDTH)
            widths = _shrink(widths, shortage, floors)
        # Icon-only cells are a last resort, used only to reach the minimum, not the share.
        shortage = sum(widths.values()) + MIN_STRETCH_WIDTH - available
        if shortage > 0 and self._icon_columns:
            floors = dict.fromkeys(self._icon_columns, self._icon_cell_width())
            widths = _shrink(widths, shortage, floors)
        for column, width in widths.items():
            header.resizeSection(column, width)

    def _icon_cell_width(self) -> int:
        icon_size = self._table.iconSize()
        if icon_size.isValid():
            icon_width = icon_size.width()
        else:
            icon_width = self._table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        return icon_width + ICON_CELL_PADDING

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Refit when the table's width changes; show the full text of a cut cell on hover."""
        # The event type is checked first: while the table is being deleted, its viewport
        # still receives other events, and the table's Python wrapper is already invalid.
        if event.type() == QEvent.Type.Resize and watched is self._viewport:
            width = self._viewport.width()
            if width != self._viewport_width:
                self._viewport_width = width
                self.fit()
        elif isinstance(event, QHelpEvent) and watched is self._viewport:
            return self._show_cut_text(event)
        return False

    def _show_cut_text(self, event: QHelpEvent) -> bool:
        index = self._table.indexAt(event.pos())
        if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
            return False  # the view shows the model's own tooltip, if any
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if isinstance(text, str) and self.is_cut(index):
            rect = self._table.visualRect(index)
            QToolTip.showText(event.globalPos(), text, self._viewport, rect)
        else:
            QToolTip.hideText()
        return True

    def is_cut(self, index: QModelIndex) -> bool:
        """Return whether the cell at ``index`` is too narrow for its text."""
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text:
            return False
        room = self._table.visualRect(index).width()
        style = self._table.style()
        # The style's margins on both sides of the text, and the icon, take room too.
        room -= 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        if index.data(Qt.ItemDataRole.DecorationRole) is not None:
            icon_size = self._table.iconSize()
            if icon_size.isValid():
                room -= icon_size.width()
            else:
                room -= style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
            room -= style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin)
        return self._table.fontMetrics().horizontalAdvance(text) > room


def _shrink(widths: dict[int, int], shortage: int, floors: dict[int, int]) -> dict[int, int]:
    """Take ``shortage`` pixels from the columns in ``floors``, widest first, down to each floor."""
    widths = dict(widths)
    candidates = [column for column in widths if column in floors]
    candidates.sort(key=lambda column: widths[column], reverse=True)
    for column in candidates:
        if shortage <= 0:
            break
        spare = max(widths[column] - floors[column], 0)
        taken = min(spare, shortage)
        widths[column] -= taken
        shortage -= taken
    return widths
