"""Draws a social profile in the sidebar: check box, avatar, name, and network below it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ocoya_desktop.ui.models.profile_list_model import (
    ProfileIdTailRole,
    ProfileNameRole,
    ProfileNetworkRole,
)

ModelIndex = QModelIndex | QPersistentModelIndex

# The network line's font size relative to the name's.
_DETAIL_FONT_SCALE = 0.85
# Pixels between the name line and the network line.
_LINE_SPACING = 1
# Pixels above and below the two lines of text.
_VERTICAL_MARGIN = 3
# The text area of a row is at least this many average characters wide, so that the sidebar
# at its minimum width lists rows without a horizontal scroll bar while a name still shows
# its first letters.
_MIN_TEXT_CHARACTERS = 6
# How far the network line's colour moves from the text colour towards the background.
_DETAIL_FADE = 0.3


@dataclass(frozen=True)
class ProfileRowLayout:
    """The two lines of one profile row: their rectangles, fonts and text after eliding."""

    name_rect: QRect
    name_font: QFont
    name_text: str
    detail_rect: QRect
    detail_font: QFont
    detail_text: str


class ProfileDelegate(QStyledItemDelegate):
    """Draws a profile's name, cut at the end when too long, above its network in smaller type.

    The style draws the background, selection, focus frame, check box and avatar from an
    option without text, so check box clicks and the Space key keep working through
    ``QStyledItemDelegate.editorEvent``. A click anywhere else on the row ticks or unticks the
    profile too, because ticking is all a row is for. The row height follows the font
    metrics, so larger fonts get taller rows. The model supplies ``ProfileNameRole``,
    ``ProfileNetworkRole`` and ``ProfileIdTailRole``. Tooltips and accessible text come from
    the model unchanged.
    """

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: ModelIndex,
    ) -> bool:
        if super().editorEvent(event, model, option, index):
            return True
        if not (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and option.rect.contains(event.position().toPoint())
            and index.flags() & Qt.ItemFlag.ItemIsUserCheckable
            and index.flags() & Qt.ItemFlag.ItemIsEnabled
        ):
            return False
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        new_state = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
        return model.setData(index, new_state.value, Qt.ItemDataRole.CheckStateRole)

    def initStyleOption(self, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        super().initStyleOption(option, index)
        # paint() draws the two text lines itself. Without text, the style's text rectangle
        # is all the space after the avatar.
        option.text = ""

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        name_metrics = QFontMetrics(option.font)
        detail_metrics = QFontMetrics(detail_font(option.font))
        text_height = name_metrics.height() + _LINE_SPACING + detail_metrics.height()
        height = max(base.height(), text_height + 2 * _VERTICAL_MARGIN)
        width = base.width() + _MIN_TEXT_CHARACTERS * name_metrics.averageCharWidth()
        return QSize(width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        style = styled.widget.style() if styled.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, styled, painter, styled.widget)

        layout = self.row_layout(option, index)
        text_color, background = _colors(styled)
        detail_color = _blend(text_color, background, _DETAIL_FADE)
        alignment = QStyle.visualAlignment(
            styled.direction, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        painter.save()
        painter.setFont(layout.name_font)
        painter.setPen(text_color)
        painter.drawText(layout.name_rect, alignment, layout.name_text)
        painter.setFont(layout.detail_font)
        painter.setPen(detail_color)
        painter.drawText(layout.detail_rect, alignment, layout.detail_text)
        painter.restore()

    def row_layout(self, option: QStyleOptionViewItem, index: ModelIndex) -> ProfileRowLayout:
        """Compute where ``paint`` draws the name and network of ``index`` and what fits."""
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        widget = styled.widget
        style = widget.style() if widget is not None else QApplication.style()
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, styled, widget)
        # The same horizontal text margin that QStyledItemDelegate leaves around its text.
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        area = area.adjusted(margin, 0, -margin, 0)
        width = max(0, area.width())

        name_font = QFont(styled.font)
        small_font = detail_font(styled.font)
        name_metrics = QFontMetrics(name_font)
        detail_metrics = QFontMetrics(small_font)
        block_height = name_metrics.height() + _LINE_SPACING + detail_metrics.height()
        top = area.top() + (area.height() - block_height) // 2
        name_rect = QRect(area.left(), top, width, name_metrics.height())
        detail_top = top + name_metrics.height() + _LINE_SPACING
        detail_rect = QRect(area.left(), detail_top, width, detail_metrics.height())

        name = index.data(ProfileNameRole)
        if not isinstance(name, str):
            name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        return ProfileRowLayout(
            name_rect=name_rect,
            name_font=name_font,
            name_text=name_metrics.elidedText(name, Qt.TextElideMode.ElideRight, width),
            detail_rect=detail_rect,
            detail_font=small_font,
            detail_text=self._detail_text(index, detail_metrics, width),
        )

    def _detail_text(self, index: ModelIndex, metrics: QFontMetrics, width: int) -> str:
        """Return the network line of ``index`` shortened to ``width`` pixels."""
        network = index.data(ProfileNetworkRole)
        if not isinstance(network, str):
            network = ""
        id_tail = index.data(ProfileIdTailRole)
        if not isinstance(id_tail, str):
            return metrics.elidedText(network, Qt.TextElideMode.ElideRight, width)

        # Only the end of the id distinguishes this profile from another of the same name and
        # network, so the network's name is shortened before the id.
        template = self.tr("{network}, …{id_tail}")
        full = template.format(network=network, id_tail=id_tail)
        if metrics.horizontalAdvance(full) <= width:
            return full
        without_network = template.format(network="", id_tail=id_tail)
        room = width - metrics.horizontalAdvance(without_network)
        short_network = metrics.elidedText(network, Qt.TextElideMode.ElideRight, room)
        shortened = template.format(network=short_network, id_tail=id_tail)
        if short_network and metrics.horizontalAdvance(shortened) <= width:
            return shortened
        # No part of the network's name fits. The end of the text, which contains the id, stays.
        return metrics.elidedText(full, Qt.TextElideMode.ElideLeft, width)


def detail_font(font: QFont) -> QFont:
    """Return the network line's font: ``font`` made smaller, but no smaller than readable."""
    smaller = QFont(font)
    if font.pointSizeF() > 0:
        readable = QFontDatabase.systemFont(QFontDatabase.SystemFont.SmallestReadableFont)
        size = font.pointSizeF() * _DETAIL_FONT_SCALE
        smaller.setPointSizeF(min(font.pointSizeF(), max(size, readable.pointSizeF())))
    else:
        smaller.setPixelSize(max(1, round(font.pixelSize() * _DETAIL_FONT_SCALE)))
    return smaller


def _colors(option: QStyleOptionViewItem) -> tuple[QColor, QColor]:
    """Return the text colour and the background colour that the row is painted with."""
    state = option.state
    if not state & QStyle.StateFlag.State_Enabled:
        group = QPalette.ColorGroup.Disabled
    elif not state & QStyle.StateFlag.State_Active:
        group = QPalette.ColorGroup.Inactive
    else:
        group = QPalette.ColorGroup.Normal
    palette = option.palette
    if state & QStyle.StateFlag.State_Selected:
        return (
            palette.color(group, QPalette.ColorRole.HighlightedText),
            palette.color(group, QPalette.ColorRole.Highlight),
        )
    return (
        palette.color(group, QPalette.ColorRole.Text),
        palette.color(group, QPalette.ColorRole.Base),
    )


def _blend(color: QColor, towards: QColor, amount: float) -> QColor:
    """Return ``color`` moved ``amount`` (0 to 1) of the way to ``towards``."""
    return QColor.fromRgbF(
        color.redF() + (towards.redF() - color.redF()) * amount,
        color.greenF() + (towards.greenF() - color.greenF()) * amount,
        color.blueF() + (towards.blueF() - color.blueF()) * amount,
        color.alphaF(),
    )
