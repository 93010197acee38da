"""The schedule list with the keyboard, and in a narrow window such as one on a 1024x768 screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import Post, PostGroup, SocialProfile
from ocoya_desktop.services.workspace import PostsPage
from ocoya_desktop.ui.models.schedule_model import Column, ScheduleModel
from ocoya_desktop.ui.widgets.column_fit import STRETCH_FLOOR
from ocoya_desktop.ui.widgets.schedule_view import ScheduleView
from ocoya_desktop.ui.widgets.table_rows import set_up_row_table
from tests.gui.shell_support import Shell, start

# The offscreen platform has no window manager: it warns when a window sets size hints and
# when the tooltip window is raised.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

CAPTION = "That new oat latte is here, and the first cup is on us this Friday"
NETWORKS = ("instagram", "facebook", "twitter", "linkedin", "tiktok", "pinterest")
STATUSES = ("DRAFT", "SCHEDULED", "AWAITING_CLIENT_APPROVAL", "POSTED")
# About the width of the list beside the editor in a window on a 1024x768 screen.
NARROW_LIST_WIDTH = 340


# --- the keyboard ------------------------------------------------------------------------


def _show_loaded(qtbot: QtBot, shell: Shell, width: int = 1560, height: int = 900) -> None:
    window = shell.window
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    start(qtbot, shell)
    fitter = window.schedule_view.column_fitter
    qtbot.waitUntil(lambda: not shell.runner.is_busy() and not fitter.fit_pending)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
    """Press ``key`` where the keyboard focus is, as the user does."""
    focused = QApplication.focusWidget()
    assert focused is not None
    if modifier is None:
        QTest.keyClick(focused, key)
    else:
        QTest.keyClick(focused, key, modifier)


def _selected_rows(shell: Shell) -> list[int]:
    rows = shell.window.schedule_view.table.selectionModel().selectedRows()
    return sorted(index.row() for index in rows)


def test_tab_leaves_list_after_one_stop(qtbot: QtBot, shell: Shell) -> None:
    _show_loaded(qtbot, shell)
    view = shell.window.schedule_view
    table = view.table
    QTest.keyClick(shell.window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is view.search_field

    _press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is table
    _press(qtbot, Qt.Key.Key_Down)
    _press(qtbot, Qt.Key.Key_Down)
    selected = _selected_rows(shell)
    assert selected == [table.currentIndex().row()]
    assert selected != [0]

    _press(qtbot, Qt.Key.Key_Tab)

    assert QApplication.focusWidget() is not table
    assert _selected_rows(shell) == selected
    _press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is table
    assert _selected_rows(shell) == selected


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_ctrl_keys_switch_tabs_from_list(
    qtbot: QtBot, shell: Shell, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> None:
    _show_loaded(qtbot, shell)
    window = shell.window
    table = window.schedule_view.table
    table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(table.hasFocus)
    assert window.schedule_tabs.currentWidget() is window.schedule_view
    row = table.currentIndex().row()

    _press(qtbot, key, modifiers)

    assert window.schedule_tabs.currentWidget() is window.calendar_view
    assert table.currentIndex().row() == row


def test_ctrl_page_down_returns_to_list(qtbot: QtBot, shell: Shell) -> None:
    _show_loaded(qtbot, shell)
    window = shell.window
    window.schedule_view.table.setFocus(Qt.FocusReason.TabFocusReason)
    _press(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.schedule_tabs.currentWidget() is window.calendar_view

    _press(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)

    assert window.schedule_tabs.currentWidget() is window.schedule_view


def test_row_table_lets_tab_through(qtbot: QtBot) -> None:
    # The outbox and the local drafts list their posts in such a table.
    page = QWidget()
    qtbot.addWidget(page)
    table = QTableWidget(3, 2, page)
    for row in range(3):
        for column in range(2):
            table.setItem(row, column, QTableWidgetItem(f"{row}:{column}"))
    set_up_row_table(table, stretch_columns={0})
    after = QLineEdit(page)
    layout = QVBoxLayout(page)
    layout.addWidget(table)
    layout.addWidget(after)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    table.setFocus(Qt.FocusReason.TabFocusReason)
    table.selectRow(0)

    _press(qtbot, Qt.Key.Key_Down)
    _press(qtbot, Qt.Key.Key_Tab)

    assert QApplication.focusWidget() is after
    assert [index.row() for index in table.selectionModel().selectedRows()] == [1]


# --- narrow widths -----------------------------------------------------------------------


def _posts() -> tuple[PostGroup, ...]:
    posts = []
    for number in range(12):
        provider = NETWORKS[number % len(NETWORKS)]
        profile = SocialProfile(id=f"p-{provider}", provider=provider, name="Bean", image=None)
        scheduled = None if number % 4 == 0 else dt.datetime(2026, 12, 7, 4, 44, tzinfo=dt.UTC)
        posts.append(
            PostGroup(
                id=f"post-{number}",
                post_type="POST",
                status=STATUSES[number % len(STATUSES)],
                scheduled_at=scheduled,
                posts=(Post(provider="GENERAL", caption=CAPTION, creatives=()),),
                social_profiles=(profile,),
            )
        )
    return tuple(posts)


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[ScheduleView]:
    model = ScheduleModel()
    model.reset_posts(PostsPage(workspace_id="ws-1", page=0, posts=_posts()))
    widget = ScheduleView(model)
    model.setParent(widget)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def _resize(qtbot: QtBot, view: ScheduleView, width: int) -> None:
    view.resize(width, 500)
    qtbot.waitUntil(lambda: view.width() == width)
    QApplication.processEvents()


def _shown_title(header: QHeaderView, section: int) -> str:
    """Return the title as the header draws it, "" when it draws none."""
    option = QStyleOptionHeader()
    type(header).initStyleOptionForIndex(header, option, section)
    option.rect = QRect(0, 0, header.sectionSize(section), header.height())
    label = header.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, option, header)
    if option.fontMetrics.horizontalAdvance(option.text) > label.width():
        return "(cut)"
    return option.text


def _assert_titles_whole_or_hidden(header: QHeaderView) -> None:
    model = header.model()
    for column in Column:
        title = model.headerData(column, Qt.Orientation.Horizontal)
        assert _shown_title(header, column) in (title, ""), column.name


def _shown_cell_text(view: ScheduleView, row: int, column: Column) -> str:
    """Return the text a cell shows, cut as the table's item delegate cuts it."""
    table = view.table
    index = table.model().index(row, column)
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.textElideMode = table.textElideMode()
    delegate = table.itemDelegateForIndex(index)
    assert isinstance(delegate, QStyledItemDelegate)
    delegate.initStyleOption(option, index)
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
    room = table.visualRect(index).width() - 2 * margin
    return option.fontMetrics.elidedText(option.text, option.textElideMode, room)


def test_narrow_list_keeps_caption_readable(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, NARROW_LIST_WIDTH)
    table = view.table
    header = table.horizontalHeader()

    assert header.sectionSize(Column.CAPTION) >= STRETCH_FLOOR
    assert table.horizontalScrollBar().maximum() == 0
    caption = _shown_cell_text(view, 0, Column.CAPTION)
    assert len(caption) >= 12
    assert CAPTION.startswith(caption.removesuffix("…"))


def test_narrow_list_titles_never_clipped(qtbot: QtBot, view: ScheduleView) -> None:
    for width in (NARROW_LIST_WIDTH, 420, 520, 700):
        _resize(qtbot, view, width)
        _assert_titles_whole_or_hidden(view.table.horizontalHeader())


def test_sorted_title_keeps_room_for_arrow(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, NARROW_LIST_WIDTH)

    view.table.sortByColumn(Column.STATUS, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not view.column_fitter.fit_pending)

    _assert_titles_whole_or_hidden(view.table.horizontalHeader())


def test_untitled_header_hover_shows_title(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, NARROW_LIST_WIDTH)
    header = view.table.horizontalHeader()
    assert _shown_title(header, Column.NETWORKS) == ""
    center = QPoint(header.sectionViewportPosition(Column.NETWORKS) + 4, header.height() // 2)

    event = QHelpEvent(QEvent.Type.ToolTip, center, header.viewport().mapToGlobal(center))
    QApplication.sendEvent(header.viewport(), event)

    assert QToolTip.text() == "Networks"
    QToolTip.hideText()


def _colors_beside_icon(view: ScheduleView, row: int) -> set[int]:
    """Return the colours painted in a networks cell between its icon and its right edge."""
    table = view.table
    index = table.model().index(row, Column.NETWORKS)
    rect = table.visualRect(index)
    image = table.viewport().grab(rect).toImage()
    style = table.style()
    # The icon sits at the cell's left text margin.
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
    icon_end = margin + style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
    return {
        image.pixel(x, y) for x in range(icon_end + 1, image.width()) for y in range(image.height())
    }


def test_icon_only_networks_hide_text(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, NARROW_LIST_WIDTH)
    table = view.table
    index = table.model().index(1, Column.NETWORKS)
    center = table.visualRect(index).center()

    event = QHelpEvent(QEvent.Type.ToolTip, center, table.viewport().mapToGlobal(center))
    QApplication.sendEvent(table.viewport(), event)

    for row in range(table.model().rowCount()):
        assert len(_colors_beside_icon(view, row)) == 1, row
    assert QToolTip.text() == index.data()
    QToolTip.hideText()


def test_widening_brings_networks_back(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, NARROW_LIST_WIDTH)
    header = view.table.horizontalHeader()
    assert _shown_title(header, Column.NETWORKS) == ""

    _resize(qtbot, view, 1000)

    assert header.sectionSize(Column.NETWORKS) >= view.table.sizeHintForColumn(Column.NETWORKS)
    assert _shown_title(header, Column.NETWORKS) == "Networks"
    assert len(_colors_beside_icon(view, 1)) > 1


def test_narrow_time_keeps_day_and_hour(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, NARROW_LIST_WIDTH)

    assert _shown_cell_text(view, 1, Column.TIME) == "…12-07 04:44"
    assert _shown_cell_text(view, 0, Column.TIME) == "Not scheduled"


def test_very_narrow_list_scrolls_sideways(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, view.minimumSizeHint().width())
    table = view.table

    assert table.horizontalHeader().sectionSize(Column.CAPTION) >= STRETCH_FLOOR
    assert table.horizontalScrollBar().maximum() > 0


def test_list_readable_on_small_screen(qtbot: QtBot, shell: Shell) -> None:
    _show_loaded(qtbot, shell, 1024, 768)
    table = shell.window.schedule_view.table
    header = table.horizontalHeader()

    assert header.sectionSize(Column.CAPTION) >= STRETCH_FLOOR
    _assert_titles_whole_or_hidden(header)
