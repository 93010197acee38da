"""The calendar grid on its own: palettes, font scaling, grouping, accessible text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtGui import QColor, QImage, QPalette
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import Creative, Post, PostGroup, SocialProfile
from ocoya_desktop.services.workspace import PostsPage
from ocoya_desktop.ui.models.schedule_filter_model import ScheduleFilterModel
from ocoya_desktop.ui.models.schedule_model import ScheduleModel
from ocoya_desktop.ui.widgets.calendar_grid import CalendarMode, CalendarTarget
from ocoya_desktop.ui.widgets.calendar_paint import first_image_url
from ocoya_desktop.ui.widgets.calendar_view import CalendarView
from tests.gui.calendar.support import NOW, build_shell, fixed_clock

WORKSPACE = "cworkspace000000000000000"
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make_post(
    number: int, scheduled_at: dt.datetime | None, status: str = "SCHEDULED"
) -> PostGroup:
    profile = SocialProfile(f"cprofile{number:017d}", "instagram", "Bean There", None)
    creative = Creative(f"https://example.com/{number}.jpg", "IMAGE")
    return PostGroup(
        id=f"cpost{number:020d}",
        post_type="REGULAR",
        status=status,
        scheduled_at=scheduled_at,
        posts=(Post("GENERAL", f"Caption {number}", (creative,)),),
        social_profiles=(profile,),
    )


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[CalendarView]:
    model = ScheduleModel()
    proxy = ScheduleFilterModel(model)
    proxy.setSourceModel(model)
    built = CalendarView(model, proxy, time_zone="UTC", now=fixed_clock)
    model.setParent(built)
    qtbot.addWidget(built)
    posts = (
        make_post(1, NOW + dt.timedelta(days=1)),
        make_post(2, NOW + dt.timedelta(days=1, hours=2), "DRAFT"),
        make_post(3, None, "DRAFT"),
    )
    model.reset_posts(PostsPage(WORKSPACE, 0, posts))
    built.resize(900, 700)
    built.show()
    yield built


def render(view: CalendarView) -> QImage:
    grid = view.grid
    image = QImage(grid.size(), QImage.Format.Format_ARGB32)
    grid.render(image)
    return image


@pytest.mark.parametrize(
    ("base", "text"),
    [(QColor(255, 255, 255), QColor(0, 0, 0)), (QColor(30, 30, 30), QColor(230, 230, 230))],
)
def test_grid_paints_with_palette(view: CalendarView, base: QColor, text: QColor) -> None:
    palette = QPalette(view.palette())
    palette.setColor(QPalette.ColorRole.Base, base)
    palette.setColor(QPalette.ColorRole.Text, text)
    view.setPalette(palette)
    free_day = NOW.date() + dt.timedelta(days=3)
    cell = view.grid.target_rect(CalendarTarget(free_day))

    image = render(view)

    corner = image.pixelColor(cell.right() - 4, cell.bottom() - 4)
    assert corner == base


def test_chips_scale_with_font(qtbot: QtBot, view: CalendarView) -> None:
    grid = view.grid
    small = grid.minimumSizeHint()
    chip = grid.chip_rect(make_post(1, None).id)

    font = grid.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    grid.setFont(font)
    # The scroll area gives the grid its larger minimum height at the next layout pass.
    qtbot.waitUntil(lambda: grid.height() >= grid.minimumSizeHint().height())

    assert grid.minimumSizeHint().height() > small.height() * 1.5
    assert grid.chip_rect(make_post(1, None).id).height() > chip.height() * 1.5


def test_grid_groups_posts_by_day(view: CalendarView) -> None:
    grid = view.grid
    tomorrow = NOW.date() + dt.timedelta(days=1)

    posts = grid.posts_on(tomorrow)

    assert [post.id for post in posts] == [make_post(1, None).id, make_post(2, None).id]
    assert grid.undated_count() == 1
    assert "1 posts have no date" in view.undated_label.text()


def test_zone_change_regroups_posts(view: CalendarView) -> None:
    grid = view.grid
    day = NOW.date() + dt.timedelta(days=2)
    late_evening = dt.datetime.combine(day, dt.time(23, 30), tzinfo=dt.UTC)
    grid._model.set_scheduled_at(make_post(1, None).id, late_evening)
    assert [post.id for post in grid.posts_on(day)] == [make_post(1, None).id]

    # 23:30 UTC is 08:30 the next morning in Tokyo.
    view.set_time_zone("Asia/Tokyo")

    assert grid.posts_on(day) == []
    assert [post.id for post in grid.posts_on(day + dt.timedelta(days=1))] == [
        make_post(1, None).id
    ]


def test_model_update_moves_chip(view: CalendarView) -> None:
    grid = view.grid
    model = grid._model
    later = NOW + dt.timedelta(days=5)

    model.set_scheduled_at(make_post(1, None).id, later)

    assert [p.id for p in grid.posts_on(later.date())] == [make_post(1, None).id]
    assert grid.chip_rect(make_post(1, None).id).intersects(
        grid.target_rect(CalendarTarget(later.date()))
    )


def test_accessible_description_names_day(view: CalendarView) -> None:
    grid = view.grid
    grid.select_post(make_post(1, None).id)

    description = grid.accessibleDescription()

    assert "2 posts" in description
    assert "Caption 1" in description
    assert "June" in grid.accessibleName()


def test_week_title_and_mode_buttons(view: CalendarView) -> None:
    view.set_mode(CalendarMode.WEEK)
    days = view.grid.visible_days()

    assert NOW.date() in days
    assert len(days) == 7
    first, last = days[0], days[-1]
    assert view.title() == f"{first.day} {first:%b %Y} \N{EN DASH} {last.day} {last:%b %Y}"
    assert view.week_button.isChecked()
    assert view.previous_button.accessibleName() == "Previous week"


def test_chips_load_thumbnails(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    server_url: str,
    tmp_path: Path,
) -> None:
    shell = build_shell(qtbot, qloop, server_url, tmp_path, with_images=True)
    grid = shell.grid
    try:
        grid.go_to_today()
        grid.step(-1)
        grid.repaint()
        qtbot.waitUntil(lambda: not shell.runner.is_busy(), timeout=10_000)

        with_images = [
            post
            for day in grid.visible_days()
            for post in grid.posts_on(day)
            if first_image_url(post) and not grid.chip_rect(post.id).isEmpty()
        ]
        assert with_images
        assert grid.missing_thumbnails() == []
    finally:
        run_async(shell.aclose())
