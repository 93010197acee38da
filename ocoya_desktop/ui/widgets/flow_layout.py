"""A layout that places items left to right and wraps them onto a new line when one is full."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QLayout, QLayoutItem, QStyle, QWidget

# One line of items, each with the size it is given on that line.
_Line = list[tuple[QLayoutItem, QSize]]


class FlowLayout(QLayout):
    """Lay out items in reading order in lines that wrap at the available width.

    Each item gets its size hint, narrowed to the line width where the item allows it, and is
    centred vertically within its line. The layout's height depends on its width, so it
    reports ``hasHeightForWidth()`` and a parent box layout gives it ``heightForWidth()``.
    The minimum size is the size of the widest single item, so a narrow parent wraps the
    items instead of clipping them. Right-to-left layout directions mirror the lines.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        horizontal_spacing: int = 4,
        vertical_spacing: int = 4,
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._horizontal_spacing = max(horizontal_spacing, 0)
        self._vertical_spacing = max(vertical_spacing, 0)
        # Qt calls heightForWidth with the same width many times in one layout pass.
        self._cached_height: tuple[int, int] | None = None

    def horizontal_spacing(self) -> int:
        """Return the gap in pixels between neighbouring items on one line."""
        return self._horizontal_spacing

    def set_horizontal_spacing(self, spacing: int) -> None:
        """Set the gap in pixels between neighbouring items on one line."""
        self._horizontal_spacing = max(spacing, 0)
        self.invalidate()

    def vertical_spacing(self) -> int:
        """Return the gap in pixels between two lines."""
        return self._vertical_spacing

    def set_vertical_spacing(self, spacing: int) -> None:
        """Set the gap in pixels between two lines."""
        self._vertical_spacing = max(spacing, 0)
        self.invalidate()

    def setSpacing(self, spacing: int) -> None:
        """Set both the horizontal and the vertical spacing to ``spacing`` pixels."""
        self._horizontal_spacing = max(spacing, 0)
        self._vertical_spacing = max(spacing, 0)
        self.invalidate()

    def spacing(self) -> int:
        """Return the spacing, or -1 when the horizontal and vertical spacing differ."""
        if self._horizontal_spacing == self._vertical_spacing:
            return self._horizontal_spacing
        return -1

    def addItem(self, item: QLayoutItem) -> None:
        """Append ``item`` after the existing items. The layout takes ownership of it."""
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        """Return the number of items, hidden ones included."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        """Return the item at ``index``, or None when ``index`` is out of range."""
        if 0 <= index < len(self._items):
            return self._items[index]
        return None

    def takeAt(self, index: int) -> QLayoutItem | None:
        """Remove and return the item at ``index``, or None when ``index`` is out of range."""
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self.invalidate()
        return item

    def invalidate(self) -> None:
        """Drop the cached height and mark the layout for a new pass."""
        self._cached_height = None
        super().invalidate()

    def expandingDirections(self) -> Qt.Orientation:
        """Return no direction, because the lines never use more space than their items need."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        """Return True, because fewer items fit on a line as the width shrinks."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Return the height that the lines need at ``width``, margins included."""
        if self._cached_height is not None and self._cached_height[0] == width:
            return self._cached_height[1]
        height = self._arrange(QRect(0, 0, width, 0), apply=False)
        self._cached_height = (width, height)
        return height

    def sizeHint(self) -> QSize:
        """Return the size of all visible items on one line, margins included."""
        width = 0
        height = 0
        visible = self._visible_items()
        for item in visible:
            hint = item.sizeHint()
            width += hint.width()
            height = max(height, hint.height())
        if visible:
            width += self._horizontal_spacing * (len(visible) - 1)
        return QSize(width, height) + self._margins_size()

    def minimumSize(self) -> QSize:
        """Return the largest minimum width and height of the visible items, margins included."""
        size = QSize(0, 0)
        for item in self._visible_items():
            size = size.expandedTo(item.minimumSize())
        return size + self._margins_size()

    def setGeometry(self, rect: QRect) -> None:
        """Place the items in lines inside ``rect``."""
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def _visible_items(self) -> list[QLayoutItem]:
        # A hidden widget's item is empty and takes no space, as in Qt's own layouts.
        return [item for item in self._items if not item.isEmpty()]

    def _margins_size(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _lines(self, width: int) -> list[_Line]:
        """Split the visible items into lines no wider than ``width`` where possible.

        An item wider than ``width`` on its own gets a line of its own and is narrowed no
        further than its minimum width, so it may still overflow a very narrow layout.
        """
        lines: list[_Line] = []
        line: _Line = []
        used = 0
        for item in self._visible_items():
            hint = item.sizeHint()
            item_width = max(min(hint.width(), width), item.minimumSize().width())
            size = QSize(item_width, hint.height())
            needed = item_width if not line else used + self._horizontal_spacing + item_width
            if line and needed > width:
                lines.append(line)
                line = []
                needed = item_width
            line.append((item, size))
            used = needed
        if line:
            lines.append(line)
        return lines

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        """Lay the items out in ``rect`` and return the height used, margins included.

        With ``apply`` False this only measures, so heightForWidth can share the line
        breaking with setGeometry.
        """
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        direction = self._direction()
        y = area.y()
        lines = self._lines(area.width())
        for line in lines:
            line_height = max(size.height() for _, size in line)
            x = area.x()
            for item, size in line:
                if apply:
                    top_left = QPoint(x, y + (line_height - size.height()) // 2)
                    cell = QRect(top_left, size)
                    item.setGeometry(QStyle.visualRect(direction, area, cell))
                x += size.width() + self._horizontal_spacing
            y += line_height + self._vertical_spacing
        content_height = y - area.y() - self._vertical_spacing if lines else 0
        return margins.top() + content_height + margins.bottom()

    def _direction(self) -> Qt.LayoutDirection:
        widget = self.parentWidget()
        if widget is not None:
            return widget.layoutDirection()
        return QApplication.layoutDirection()
