"""The schedule table's filter and sort, which the source model computes for all rows at once.

``ScheduleFilterModel`` on its own filters with ``data`` per row, and a plain
``QSortFilterProxyModel`` sort compares ``SortRole`` values: both serve as the reference the
table's faster filter model must match.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import Creative, Post, PostGroup, SocialProfile
from ocoya_desktop.services.workspace import POSTS_PER_PAGE, PostsPage
from ocoya_desktop.ui.models.schedule_filter_model import ScheduleFilterModel
from ocoya_desktop.ui.models.schedule_model import Column, ScheduleModel
from ocoya_desktop.ui.widgets import column_fit
from ocoya_desktop.ui.widgets.schedule_view import ScheduleView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

WORKSPACE = "w-1"
BASE_TIME = dt.datetime(2030, 5, 1, 9, 0, tzinfo=dt.UTC)
CAPTIONS = (
    "Oat latte morning",
    "Cinnamon buns, fresh at six",
    "oat LATTE for the team",
    "Yoga in the park",
    "Beans of the month: Ethiopia",
    "",
    "Größe matters: our straße café",
    "Morning beans and a latte",
)
STATUSES = ("SCHEDULED", "DRAFT", "PUBLISHED", "ERROR")
PROVIDERS = ("instagram", "facebook", "linkedin", "tiktok")
QUERIES = ("", "latte", "LATTE oat", "beans morning", "instagram", "strasse", "größe", "zzz", " ")


def _post(number: int) -> PostGroup:
    # Times repeat every third post and every fifth post is unscheduled, so sorts meet ties.
    scheduled_at = None if number % 5 == 4 else BASE_TIME + dt.timedelta(hours=number % 3)
    providers = PROVIDERS[: 1 + number % len(PROVIDERS)]
    profiles = tuple(
        SocialProfile(id=f"p-{provider}", provider=provider, name="Cafe", image=None)
        for provider in providers
    )
    creatives = tuple(
        Creative(url=f"https://media.example/{number}-{n}.jpg", type="IMAGE")
        for n in range(number % 3)
    )
    return PostGroup(
        id=f"post-{number}",
        post_type="REGULAR",
        status=STATUSES[number % len(STATUSES)],
        scheduled_at=scheduled_at,
        posts=(
            Post(provider="GENERAL", caption=CAPTIONS[number % len(CAPTIONS)], creatives=creatives),
        ),
        social_profiles=profiles,
    )


POSTS = tuple(_post(number) for number in range(40))


def _plain_post(number: int, scheduled_at: dt.datetime | None) -> PostGroup:
    return PostGroup(
        id=f"post-{number}",
        post_type="REGULAR",
        status="SCHEDULED" if scheduled_at else "DRAFT",
        scheduled_at=scheduled_at,
        posts=(Post(provider="GENERAL", caption=f"Post {number}", creatives=()),),
        social_profiles=(),
    )


def _loaded_model(posts: tuple[PostGroup, ...] = POSTS) -> ScheduleModel:
    model = ScheduleModel()
    model.reset_posts(PostsPage(WORKSPACE, 0, posts))
    return model


def _shown_ids(proxy: QSortFilterProxyModel, model: ScheduleModel) -> list[str]:
    ids = []
    for row in range(proxy.rowCount()):
        source = proxy.mapToSource(proxy.index(row, 0))
        ids.append(model.post_at(source.row()).id)
    return ids


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[ScheduleView]:
    model = _loaded_model()
    widget = ScheduleView(model)
    model.setParent(widget)
    qtbot.addWidget(widget)
    yield widget


@pytest.fixture
def reference() -> Iterator[tuple[ScheduleModel, ScheduleFilterModel]]:
    model = _loaded_model()
    proxy = ScheduleFilterModel()
    proxy.setSourceModel(model)
    yield model, proxy


@pytest.mark.parametrize("status", [None, *STATUSES, "NO_SUCH_STATUS"])
def test_filter_matches_per_row_filter(
    view: ScheduleView,
    reference: tuple[ScheduleModel, ScheduleFilterModel],
    status: str | None,
) -> None:
    reference_model, reference_proxy = reference
    model = view.proxy.sourceModel()
    assert isinstance(model, ScheduleModel)
    view.proxy.set_status(status)
    reference_proxy.set_status(status)

    for query in QUERIES:
        view.proxy.set_text(query)
        reference_proxy.set_text(query)

        expected = _shown_ids(reference_proxy, reference_model)
        assert _shown_ids(view.proxy, model) == expected, (status, query)
        assert [post.id for post in view.proxy.shown_posts()] == expected, (status, query)
        assert [post.id for post in reference_proxy.shown_posts()] == expected, (status, query)


def test_filter_finds_casefolded_words(view: ScheduleView) -> None:
    model = view.proxy.sourceModel()
    assert isinstance(model, ScheduleModel)

    view.proxy.set_text("STRASSE")
    shown = _shown_ids(view.proxy, model)

    assert shown
    assert all(
        POSTS[int(post_id.split("-")[1])].posts[0].caption == CAPTIONS[6] for post_id in shown
    )


@pytest.mark.parametrize("column", list(Column))
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sort_matches_proxy_sort(
    view: ScheduleView,
    reference: tuple[ScheduleModel, ScheduleFilterModel],
    column: Column,
    order: Qt.SortOrder,
) -> None:
    reference_model, reference_proxy = reference
    model = view.proxy.sourceModel()
    assert isinstance(model, ScheduleModel)

    view.table.sortByColumn(column, order)
    reference_proxy.sort(column, order)

    assert model.sort_column == column
    assert model.sort_order == order
    expected = _shown_ids(reference_proxy, reference_model)
    assert _shown_ids(view.proxy, model) == expected
    assert [post.id for post in view.proxy.shown_posts()] == expected


def test_time_sort_ties_and_reverse() -> None:
    same_time = [_plain_post(number, BASE_TIME) for number in (3, 1, 2)]
    unscheduled = [_plain_post(number, None) for number in (9, 8)]
    model = _loaded_model((unscheduled[0], *same_time, unscheduled[1]))

    model.sort(Column.TIME, Qt.SortOrder.AscendingOrder)
    ascending = [model.post_at(row).id for row in range(model.rowCount())]
    model.sort(Column.TIME, Qt.SortOrder.DescendingOrder)
    descending = [model.post_at(row).id for row in range(model.rowCount())]

    assert ascending == ["post-3", "post-1", "post-2", "post-9", "post-8"]
    # Descending is the exact reverse, as QSortFilterProxyModel sorts.
    assert descending == ["post-8", "post-9", "post-2", "post-1", "post-3"]


def test_not_scheduled_shown_last_ascending(view: ScheduleView) -> None:
    view.table.sortByColumn(Column.TIME, Qt.SortOrder.AscendingOrder)
    proxy = view.proxy
    times = [proxy.index(row, Column.TIME).data() for row in range(proxy.rowCount())]
    unscheduled_count = sum(1 for post in POSTS if post.scheduled_at is None)

    assert times[-unscheduled_count:] == ["Not scheduled"] * unscheduled_count
    assert "Not scheduled" not in times[:-unscheduled_count]
    assert times[:-unscheduled_count] == sorted(times[:-unscheduled_count])


def test_unsorted_column_restores_ocoya_order() -> None:
    model = _loaded_model()

    model.sort(Column.CAPTION, Qt.SortOrder.DescendingOrder)
    model.sort(-1)

    assert model.sort_column == -1
    assert [model.post_at(row).id for row in range(model.rowCount())] == [p.id for p in POSTS]


def test_later_page_sorted_in() -> None:
    posts = tuple(_post(number) for number in range(POSTS_PER_PAGE + 10))
    first, later = posts[:POSTS_PER_PAGE], posts[POSTS_PER_PAGE:]
    model = ScheduleModel()
    model.reset_posts(PostsPage(WORKSPACE, 0, first))
    model.sort(Column.TIME, Qt.SortOrder.AscendingOrder)

    assert model.append_page(PostsPage(WORKSPACE, 1, later))

    keys = [model.post_at(row).scheduled_at for row in range(model.rowCount())]
    scheduled = [key for key in keys if key is not None]
    assert model.rowCount() == len(posts)
    assert scheduled == sorted(scheduled)
    assert keys[len(scheduled) :] == [None] * (len(keys) - len(scheduled))


def test_rescheduled_post_moves_in_time_sort() -> None:
    model = _loaded_model()
    model.sort(Column.TIME, Qt.SortOrder.AscendingOrder)
    first_id = model.post_at(0).id

    model.set_scheduled_at(first_id, BASE_TIME + dt.timedelta(days=30))

    scheduled_count = sum(1 for post in POSTS if post.scheduled_at is not None)
    assert model.post_at(scheduled_count - 1).id == first_id
    assert model.post_at(0).id != first_id


def test_rescheduled_status_filter_updates(view: ScheduleView) -> None:
    model = view.proxy.sourceModel()
    assert isinstance(model, ScheduleModel)
    view.proxy.set_status("DRAFT")
    draft = next(post for post in POSTS if post.status == "DRAFT")
    assert draft.id in _shown_ids(view.proxy, model)

    model.set_scheduled_at(draft.id, BASE_TIME, "SCHEDULED")

    assert draft.id not in _shown_ids(view.proxy, model)


def test_removed_post_keeps_filter_results(view: ScheduleView) -> None:
    model = view.proxy.sourceModel()
    assert isinstance(model, ScheduleModel)
    view.proxy.set_text("latte")
    shown = _shown_ids(view.proxy, model)

    assert model.remove_post(shown[0])

    assert _shown_ids(view.proxy, model) == shown[1:]


def test_header_click_sorts(qtbot: QtBot, view: ScheduleView) -> None:
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    header = view.table.horizontalHeader()
    title = QPoint(header.sectionViewportPosition(Column.CAPTION) + 5, header.height() // 2)

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=title)

    assert header.sortIndicatorSection() == Column.CAPTION
    captions = [view.table.model().index(row, Column.CAPTION).data() for row in range(5)]
    assert captions == sorted(captions, key=str.casefold)


def test_selection_follows_sorted_row(view: ScheduleView) -> None:
    assert view.select_post("post-7")

    view.table.sortByColumn(Column.CAPTION, Qt.SortOrder.AscendingOrder)

    selected = view.current_post()
    assert selected is not None
    assert selected.id == "post-7"


def test_reload_keeps_selected_posts(view: ScheduleView) -> None:
    assert view.select_post("post-7")
    model = view.proxy.sourceModel()
    assert isinstance(model, ScheduleModel)

    # A reload after a reschedule or F5: the same posts, with post-7 moved to the end.
    model.reset_posts(PostsPage(WORKSPACE, 0, (*POSTS[:7], *POSTS[8:], POSTS[7])))

    selected = view.current_post()
    assert selected is not None
    assert selected.id == "post-7"
    assert [post.id for post in view.selected_posts()] == ["post-7"]

    model.reset_posts(PostsPage(WORKSPACE, 0, POSTS[:5]))

    assert view.selected_posts() == []


def test_filter_refits_columns_once(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original_fit = column_fit.ColumnFitter.fit

    def counting_fit(self: column_fit.ColumnFitter) -> None:
        calls.append(1)
        original_fit(self)

    monkeypatch.setattr(column_fit.ColumnFitter, "fit", counting_fit)
    model = _loaded_model()
    widget = ScheduleView(model)
    model.setParent(widget)
    qtbot.addWidget(widget)
    QApplication.processEvents()
    calls.clear()

    # One row in four has this status, so the filter removes many separate ranges of rows.
    widget.proxy.set_status("SCHEDULED")
    assert widget.column_fitter.fit_pending
    qtbot.waitUntil(lambda: not widget.column_fitter.fit_pending)

    assert len(calls) == 1


def test_no_match_says_so(view: ScheduleView) -> None:
    assert view.no_match_label.isHidden()

    view.search_field.setText("no caption has these words")

    assert view.proxy.rowCount() == 0
    assert not view.no_match_label.isHidden()
    assert view.no_match_label.text() == "No post matches the search and status filter."

    view.search_field.setText("")

    assert view.no_match_label.isHidden()


def test_no_match_with_more_pages(qtbot: QtBot) -> None:
    model = _loaded_model(tuple(_post(number) for number in range(POSTS_PER_PAGE)))
    assert not model.has_all_posts()
    widget = ScheduleView(model)
    model.setParent(widget)
    qtbot.addWidget(widget)

    widget.search_field.setText("no caption has these words")

    assert "View → Load All Posts" in widget.no_match_label.text()
    assert not widget.no_match_label.isHidden()
