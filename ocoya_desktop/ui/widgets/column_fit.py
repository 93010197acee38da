"""Column sizing for tables with one long text column, such as the schedule's captions."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

# Share of the table's width the stretched column keeps before the others give up room.
STRETCH_SHARE = 0.4
# The width the stretched column requests in a narrow table, in pixels: about 25 characters of
# a caption. It gets less only when the other columns cannot shrink further.
MIN_STRETCH_WIDTH = 160
# The stretched column never gets less than this, about 14 characters of a caption. When the
# other columns leave less, the table scrolls sideways instead.
STRETCH_FLOOR = 96
# Shrinking for the stretched column's share stops at this width (or at the column's title,
# if wider), so the first word of a shrunk column stays readable.
MIN_SHRUNK_WIDTH = 72
# Room around an icon-only cell, in pixels, added to the icon's width.
ICON_CELL_PADDING = 12


class FittedHeader(QHeaderView):
    """A table's horizontal header whose sections can show no title.

    A section marked untitled (a column narrowed to its icons) shows no title, and hovering
    over it shows the title instead. Titles too long for their section end with "…", where
    Qt's default cuts them at both ends ("twor" for "Networks").
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        # A QTableView makes its own header clickable and highlighted. A header set in its
        # place must be, or clicking a title does not sort.
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self._untitled: frozenset[int] = frozenset()

    def title(self, section: int) -> str:
        """Return the title the model gives ``section``, or "" when it has none."""
        model = self.model()
        if model is None:
            return ""
        value = model.headerData(section, self.orientation(), Qt.ItemDataRole.DisplayRole)
        return value if isinstance(value, str) else ""

    def title_width(self, section: int) -> int:
        """Return the width ``section`` needs for its whole title, and for its sort arrow
        while the rows are sorted by it."""
        option = QStyleOptionHeader()
        # The base class fills in the title even for an untitled section.
        QHeaderView.initStyleOptionForIndex(self, option, section)
        size = self.style().sizeFromContents(
            QStyle.ContentsType.CT_HeaderSection, option, QSize(), self
        )
        return size.width()

    def untitled_sections(self) -> frozenset[int]:
        """Return the sections shown without their title."""
        return self._untitled

    def set_untitled_sections(self, sections: Collection[int]) -> None:
        """Show ``sections`` without their title, and every other section with it."""
        untitled = frozenset(sections)
        if untitled != self._untitled:
            self._untitled = untitled
            self.viewport().update()

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logicalIndex: int) -> None:
        super().initStyleOptionForIndex(option, logicalIndex)
        if logicalIndex in self._untitled:
            option.text = ""

    def viewportEvent(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            section = self.logicalIndexAt(event.pos())
            model = self.model()
            own_tip = (
                model.headerData(section, self.orientation(), Qt.ItemDataRole.ToolTipRole)
                if model is not None
                else None
            )
            if section in self._untitled and not own_tip:
                QToolTip.showText(event.globalPos(), self.title(section), self)
                return True
        return super().viewportEvent(event)


class _IconOnlyDelegate(QStyledItemDelegate):
    """Draws the cells of an icon column without their text while the column shows icons only.

    In such a narrow column Qt would still draw a sliver of the text's first letter. The size
    hint still counts the text, so the fitter gets the column's full width.
    """

    def __init__(self, fitter: ColumnFitter, parent: QObject) -> None:
        super().__init__(parent)
        self._fitter = fitter

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if index.column() not in self._fitter.icon_only_columns():
            super().paint(painter, option, index)
            return
        icon_option = QStyleOptionViewItem(option)
        self.initStyleOption(icon_option, index)
        icon_option.text = ""
        icon_option.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDisplay
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, icon_option, painter, widget)


class ColumnFitter(QObject):
    """Keeps one column of ``table`` stretched and the others at the width of their contents.

    The table's horizontal header must be a ``FittedHeader``. The other columns get the width
    of their widest visible cell or of their title, whichever is wider. When that leaves the
    stretched column less than ``STRETCH_SHARE`` of the table's width, the ``shrinkable``
    columns give up room, down to ``MIN_SHRUNK_WIDTH`` or their title each, so the long text
    stays readable. If the stretched column still has less than ``MIN_STRETCH_WIDTH``, the
    last resorts follow in this order. The ``icon_columns`` (whose cells start with an icon)
    shrink to the icon alone and show neither text nor title. The ``shrinkable`` columns
    shrink to their title. Each column of ``compact_texts`` shrinks to the width of the
    widest of its texts there (such as a time without its year). The stretched column never
    gets less than ``STRETCH_FLOOR``: the table then scrolls sideways. Cut text ends in "…",
    and hovering over a cut cell without a tooltip of its own shows its full text. The fitter
    runs again at once when the table's width changes, and once per event-loop turn after its
    rows or its sort column change: a filter change removes rows in many ranges, each with
    its own signal.
    """

    def __init__(
        self,
        table: QTableView,
        stretch_column: int,
        *,
        shrinkable: Collection[int] = (),
        icon_columns: Collection[int] = (),
        compact_texts: Mapping[int, Iterable[str]] | None = None,
    ) -> None:
        super().__init__(table)
        header = table.horizontalHeader()
        if not isinstance(header, FittedHeader):
            raise TypeError("ColumnFitter needs a table whose horizontal header is a FittedHeader")
        self._table = table
        self._header = header
        self._stretch_column = stretch_column
        self._shrinkable = frozenset(shrinkable)
        self._icon_columns = frozenset(icon_columns)
        self._compact_texts = {
            column: tuple(texts) for column, texts in (compact_texts or {}).items()
        }
        self._icon_only: frozenset[int] = frozenset()
        self._viewport_width = -1
        # A zero-interval timer fires once the event loop has handled the pending signals.
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(0)
        self._refit_timer.timeout.connect(self.fit)

        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # A table wider than its view scrolls by pixels, not a whole column at a time.
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for column in self._icon_columns:
            table.setItemDelegateForColumn(column, _IconOnlyDelegate(self, table))
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
        # The sorted column's title needs room for the sort arrow.
        header.sortIndicatorChanged.connect(self.schedule_fit)
        self.fit()

    @property
    def fit_pending(self) -> bool:
        """Whether the rows changed and the columns are refitted on the next event-loop turn."""
        return self._refit_timer.isActive()

    def icon_only_columns(self) -> frozenset[int]:
        """Return the icon columns narrowed to their icons, which show no text or title."""
        return self._icon_only

    def schedule_fit(self) -> None:
        """Refit the columns once the event loop handles its next events, however often called."""
        if not self._refit_timer.isActive():
            self._refit_timer.start()

    def fit(self) -> None:
        """Size every column for the current rows and width."""
        self._refit_timer.stop()
        table = self._table
        header = self._header
        columns = [c for c in range(header.count()) if c != self._stretch_column]
        titles = {column: header.title_width(column) for column in columns}
        widths = {
            column: max(table.sizeHintForColumn(column), titles[column]) for column in columns
        }
        available = table.viewport().width()

        keep_for_stretch = max(MIN_STRETCH_WIDTH, int(available * STRETCH_SHARE))
        floors = {column: max(MIN_SHRUNK_WIDTH, titles[column]) for column in self._shrinkable}
        widths = _shrink(widths, sum(widths.values()) + keep_for_stretch - available, floors)
        # The last resorts are used only to reach the minimum, not the share.
        icon_width = self._icon_cell_width()
        for floors in (
            dict.fromkeys(self._icon_columns, icon_width),
            {column: titles[column] for column in self._shrinkable},
            {
                column: max(self._text_cell_width(text) for text in texts)
                for column, texts in self._compact_texts.items()
            },
        ):
            shortage = sum(widths.values()) + MIN_STRETCH_WIDTH - available
            widths = _shrink(widths, shortage, floors)
        for column, width in widths.items():
            header.resizeSection(column, width)
        self._icon_only = frozenset(
            column for column in self._icon_columns if widths[column] < titles[column]
        )
        header.set_untitled_sections(self._icon_only)

        # Below its floor the stretched column stops shrinking and the table scrolls sideways.
        floor = max(STRETCH_FLOOR, header.title_width(self._stretch_column))
        fits = available - sum(widths.values()) >= floor
        mode = QHeaderView.ResizeMode.Stretch if fits else QHeaderView.ResizeMode.Interactive
        if header.sectionResizeMode(self._stretch_column) != mode:
            header.setSectionResizeMode(self._stretch_column, mode)
        if not fits:
            header.resizeSection(self._stretch_column, floor)

    def _icon_cell_width(self) -> int:
        return self._icon_width() + ICON_CELL_PADDING

    def _icon_width(self) -> int:
        icon_size = self._table.iconSize()
        if icon_size.isValid():
            return icon_size.width()
        return self._table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)

    def _text_margins(self) -> int:
        """Return the room the style keeps on both sides of a cell's text, in pixels."""
        margin = self._table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin)
        return 2 * (margin + 1)

    def _text_cell_width(self, text: str) -> int:
        """Return the narrowest column that shows ``text`` whole."""
        width = self._table.fontMetrics().horizontalAdvance(text) + self._text_margins()
        # The grid line takes a pixel of the column. Text with fractional glyph widths needs
        # one pixel more than its rounded width, or Qt cuts it.
        grid = 1 if self._table.showGrid() else 0
        return width + grid + 1

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
        room = self._table.visualRect(index).width() - self._text_margins()
        # The icon takes room too.
        if index.data(Qt.ItemDataRole.DecorationRole) is not None:
            room -= self._icon_width()
            room -= self._table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin)
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
