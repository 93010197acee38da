"""Schedule columns: the caption stretches and stays readable, the others fit their contents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import Post, PostGroup, SocialProfile
from ocoya_desktop.services.workspace import PostsPage
from ocoya_desktop.ui.models.schedule_model import Column, ScheduleModel
from ocoya_desktop.ui.widgets.column_fit import (
    MIN_SHRUNK_WIDTH,
    MIN_STRETCH_WIDTH,
    STRETCH_SHARE,
    FittedHeader,
)
from ocoya_desktop.ui.widgets.schedule_view import ScheduleView

# The offscreen platform has no window manager: it warns when a window sets size hints and
# when the tooltip window is raised.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

LONG_CAPTION = (
    "Our winter menu starts on Monday: cinnamon buns, cardamom knots and a new oat latte, "
    "all baked in the back room before six in the morning. Come early!"
)
NETWORKS = ("instagram", "facebook", "twitter", "linkedin", "tiktok", "pinterest")


def _post(number: int, status: str) -> PostGroup:
    profiles = tuple(
        SocialProfile(id=f"p-{provider}", provider=provider, name="Bakery", image=None)
        for provider in NETWORKS
    )
    return PostGroup(
        id=f"post-{number}",
        post_type="POST",
        status=status,
        scheduled_at=dt.datetime(2030, 3, number + 1, 9, 0, tzinfo=dt.UTC),
        posts=(Post(provider="GENERAL", caption=f"{number}. {LONG_CAPTION}", creatives=()),),
        social_profiles=profiles,
    )


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[ScheduleView]:
    model = ScheduleModel()
    posts = (_post(0, "awaiting_client_approval"), _post(1, "scheduled"), _post(2, "draft"))
    model.reset_posts(PostsPage(workspace_id="ws-1", page=0, posts=posts))
    widget = ScheduleView(model)
    model.setParent(widget)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def _resize(qtbot: QtBot, view: ScheduleView, width: int) -> None:
    view.resize(width, 400)
    qtbot.waitUntil(lambda: view.width() == width)
    QApplication.processEvents()


def _widths(view: ScheduleView) -> dict[Column, int]:
    header = view.table.horizontalHeader()
    return {column: header.sectionSize(column) for column in Column}


def test_narrow_table_keeps_caption_share(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, 640)
    table = view.table
    widths = _widths(view)
    viewport = table.viewport().width()

    assert table.horizontalScrollBar().maximum() == 0
    assert widths[Column.CAPTION] >= int(viewport * STRETCH_SHARE)
    assert widths[Column.STATUS] < table.sizeHintForColumn(Column.STATUS)
    assert widths[Column.NETWORKS] < table.sizeHintForColumn(Column.NETWORKS)


def test_very_narrow_table_shrinks_to_floor(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, 500)
    table = view.table
    widths = _widths(view)
    viewport = table.viewport().width()

    assert table.horizontalScrollBar().maximum() == 0
    assert widths[Column.CAPTION] >= MIN_STRETCH_WIDTH
    assert sum(widths.values()) <= viewport
    assert widths[Column.STATUS] >= MIN_SHRUNK_WIDTH
    assert widths[Column.NETWORKS] >= MIN_SHRUNK_WIDTH
    # Time and media count are short and never cut.
    assert widths[Column.TIME] >= table.sizeHintForColumn(Column.TIME)
    assert widths[Column.MEDIA] >= table.sizeHintForColumn(Column.MEDIA)


def test_wide_table_fits_other_columns(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, 1400)
    table = view.table
    widths = _widths(view)
    fitter = view.column_fitter

    for column in (Column.TIME, Column.STATUS, Column.NETWORKS, Column.MEDIA):
        assert widths[column] >= table.sizeHintForColumn(column), column.name
        for row in range(table.model().rowCount()):
            assert not fitter.is_cut(table.model().index(row, column)), (column.name, row)
    assert widths[Column.CAPTION] > widths[Column.NETWORKS]


def test_narrowing_refits_columns(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, 1400)
    wide_status = _widths(view)[Column.STATUS]

    _resize(qtbot, view, 500)

    assert _widths(view)[Column.STATUS] < wide_status
    assert view.table.horizontalScrollBar().maximum() == 0


def test_caption_tooltip_is_full_caption(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, 500)
    index = view.table.model().index(0, Column.CAPTION)

    assert view.column_fitter.is_cut(index)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == f"0. {LONG_CAPTION}"


def test_cut_status_shows_full_text_on_hover(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, 500)
    table = view.table
    index = table.model().index(0, Column.STATUS)
    assert view.column_fitter.is_cut(index)
    center = table.visualRect(index).center()

    event = QHelpEvent(QEvent.Type.ToolTip, center, table.viewport().mapToGlobal(center))
    QApplication.sendEvent(table.viewport(), event)

    assert QToolTip.text() == index.data()
    QToolTip.hideText()


def test_short_status_has_no_hover_text(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, 1400)
    table = view.table
    index = table.model().index(2, Column.STATUS)
    center = table.visualRect(index).center()

    event = QHelpEvent(QEvent.Type.ToolTip, center, table.viewport().mapToGlobal(center))
    QApplication.sendEvent(table.viewport(), event)

    assert not view.column_fitter.is_cut(index)
    assert QToolTip.text() == ""


def test_zone_title_widens_time_column(qtbot: QtBot, view: ScheduleView) -> None:
    _resize(qtbot, view, 1400)
    model = view.proxy.sourceModel()
    assert isinstance(model, ScheduleModel)
    header = view.table.horizontalHeader()

    model.set_time_zone(ZoneInfo("America/Argentina/Buenos_Aires"))

    qtbot.waitUntil(lambda: not view.column_fitter.fit_pending)
    assert isinstance(header, FittedHeader)
    assert header.sectionSize(Column.TIME) >= header.title_width(Column.TIME)
    assert "Buenos Aires" in str(model.headerData(Column.TIME, Qt.Orientation.Horizontal))
