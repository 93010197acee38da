"""The schedule model's per-post cells: computed once, and fresh after a post changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import Post, PostGroup, SocialProfile
from ocoya_desktop.services.workspace import PostsPage
from ocoya_desktop.ui.models import schedule_model
from ocoya_desktop.ui.models.schedule_model import (
    Column,
    ScheduleModel,
    SearchTextRole,
    SortRole,
    StatusRole,
)

WORKSPACE = "w-1"


def make_post(number: int, caption: str, *, scheduled_at: dt.datetime | None = None) -> PostGroup:
    profile = SocialProfile(id="p-1", provider="instagram", name="Cafe", image=None)
    return PostGroup(
        id=f"post-{number}",
        post_type="REGULAR",
        status="SCHEDULED" if scheduled_at else "DRAFT",
        scheduled_at=scheduled_at,
        posts=(Post(provider="GENERAL", caption=caption, creatives=()),),
        social_profiles=(profile,),
    )


def loaded_model(*posts: PostGroup) -> ScheduleModel:
    model = ScheduleModel()
    model.reset_posts(PostsPage(WORKSPACE, 0, posts))
    return model


def test_roles_for_filter_and_sort() -> None:
    moment = dt.datetime(2026, 12, 24, 9, 30, tzinfo=dt.UTC)
    model = loaded_model(make_post(1, "Oat LATTE day", scheduled_at=moment))

    caption_index = model.index(0, Column.CAPTION)
    assert model.data(caption_index, SearchTextRole) == "oat latte day instagram"
    assert model.data(caption_index, SortRole) == "oat latte day"
    assert model.data(model.index(0, Column.TIME), SortRole) == moment.timestamp()
    assert model.data(caption_index, StatusRole) == "SCHEDULED"
    assert model.data(caption_index, Qt.ItemDataRole.ToolTipRole) == "Oat LATTE day"


def test_unscheduled_post_sorts_last() -> None:
    model = loaded_model(make_post(1, "Draft"))

    time_index = model.index(0, Column.TIME)
    assert model.data(time_index, SortRole) == float("inf")
    assert model.data(time_index, Qt.ItemDataRole.DisplayRole) == "Not scheduled"


def test_rescheduled_post_shows_new_time() -> None:
    before = dt.datetime(2026, 12, 24, 9, 30, tzinfo=dt.UTC)
    after = dt.datetime(2027, 1, 2, 15, 0, tzinfo=dt.UTC)
    model = loaded_model(make_post(1, "Moves", scheduled_at=before))
    time_index = model.index(0, Column.TIME)
    shown_before = model.data(time_index, Qt.ItemDataRole.DisplayRole)

    model.set_scheduled_at("post-1", after)

    assert model.data(time_index, SortRole) == after.timestamp()
    assert model.data(time_index, Qt.ItemDataRole.DisplayRole) != shown_before
    assert model.data(time_index, Qt.ItemDataRole.DisplayRole) == after.astimezone().strftime(
        "%Y-%m-%d %H:%M"
    )


def test_cell_cache_stays_bounded() -> None:
    model = ScheduleModel()
    for round_number in range(5):
        posts = tuple(make_post(n, f"round {round_number} post {n}") for n in range(200))
        model.reset_posts(PostsPage(WORKSPACE, 0, posts))
        for row in range(model.rowCount()):
            model.data(model.index(row, Column.CAPTION), SearchTextRole)

    limit = 2 * model.rowCount() + schedule_model.CELL_CACHE_SLACK
    assert len(model._cell_cache) <= limit


def _count_new_cells(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the id of each post whose cells are computed from now on."""
    computed_ids: list[str] = []
    real_cells = schedule_model._Cells

    def counting_cells(post: PostGroup) -> object:
        computed_ids.append(post.id)
        return real_cells(post)

    monkeypatch.setattr(schedule_model, "_Cells", counting_cells)
    return computed_ids


def test_cells_computed_while_idle(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    computed_ids = _count_new_cells(monkeypatch)
    count = 3 * schedule_model.CELL_WARM_UP_BATCH + 7
    model = loaded_model(*(make_post(n, f"post {n}") for n in range(count)))
    assert not model.has_cells_for_all_rows()

    qtbot.waitUntil(model.has_cells_for_all_rows)

    assert sorted(computed_ids) == sorted(f"post-{n}" for n in range(count))
    computed_ids.clear()
    assert model.row_matches(count - 1, (None, ("post",)))
    assert computed_ids == []


def test_later_page_cells_computed_while_idle(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = loaded_model(*(make_post(n, f"post {n}") for n in range(10)))
    qtbot.waitUntil(model.has_cells_for_all_rows)
    computed_ids = _count_new_cells(monkeypatch)

    model.append_page(PostsPage(WORKSPACE, 1, tuple(make_post(n, "late") for n in range(10, 15))))
    qtbot.waitUntil(model.has_cells_for_all_rows)

    assert computed_ids == [f"post-{n}" for n in range(10, 15)]


def test_emptied_model_stops_warm_up() -> None:
    model = loaded_model(*(make_post(n, f"post {n}") for n in range(10)))

    model.clear()

    assert model.has_cells_for_all_rows()


def test_time_shown_in_chosen_zone() -> None:
    moment = dt.datetime(2026, 12, 24, 23, 30, tzinfo=dt.UTC)
    model = loaded_model(make_post(1, "Late", scheduled_at=moment))
    time_index = model.index(0, Column.TIME)
    header_changes: list[tuple[Qt.Orientation, int, int]] = []
    model.headerDataChanged.connect(lambda *args: header_changes.append(args))

    model.set_time_zone(ZoneInfo("Asia/Tokyo"))

    assert model.data(time_index, Qt.ItemDataRole.DisplayRole) == "2026-12-25 08:30"
    assert model.headerData(Column.TIME, Qt.Orientation.Horizontal) == "Time (Tokyo)"
    assert "Asia/Tokyo" in model.headerData(
        Column.TIME, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert header_changes == [(Qt.Orientation.Horizontal, Column.TIME, Column.TIME)]

    model.set_time_zone(ZoneInfo("America/New_York"))

    assert model.data(time_index, Qt.ItemDataRole.DisplayRole) == "2026-12-24 18:30"
    assert model.headerData(Column.TIME, Qt.Orientation.Horizontal) == "Time (New York)"
