"""The calendar with 10,000 posts: grouping them by day, and painting a month view.

The script fills ``ScheduleModel`` with 10,000 generated post groups spread over 150 days
(about 67 a day, so a six-week month grid contains about 2,800), each with a profile, a caption
and an image creative. A ``CalendarView`` over the schedule table's filter model, as in the
app, is shown on Qt's offscreen platform at 1200 x 800 pixels, and the script times:

- grouping: every post by local day, the first time after loading (each instant converted
  to a local day) and again after one post is rescheduled (instants already converted are
  looked up);
- paint: navigating to a month and rendering it into a ``QImage``, which computes the
  positions of cells and chips and paints them, median of several runs;
- baseline: the same navigation and rendering of a month with no posts, in the same run.

Target: a month with posts paints in at most 16 ms (one frame at 60 Hz). Thumbnails are not
loaded here, so chips paint without them.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import median

POST_COUNT = 10_000
SPREAD_DAYS = 150
REPEATS = 9
PAINT_TARGET_MS = 16.0
START = dt.datetime(2030, 3, 1, 6, 0, tzinfo=dt.UTC)
BUSY_MONTH = dt.date(2030, 5, 15)
EMPTY_MONTH = dt.date(2031, 5, 15)
PROVIDERS = ("instagram", "facebook", "x", "linkedin", "tiktok")
STATUSES = ("SCHEDULED", "DRAFT", "PENDING_CLIENT_APPROVAL", "POSTED", "ERROR")


def timed(action: Callable[[], object]) -> float:
    """Run ``action`` once and return its wall time in milliseconds."""
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def make_posts() -> tuple[object, ...]:
    """Return ``POST_COUNT`` post groups spread evenly over ``SPREAD_DAYS`` days."""
    from ocoya_desktop.api import Creative, Post, PostGroup, SocialProfile

    step = dt.timedelta(days=SPREAD_DAYS) / POST_COUNT
    posts = []
    for number in range(POST_COUNT):
        provider = PROVIDERS[number % len(PROVIDERS)]
        profile = SocialProfile(f"cprofile{number % 7:017d}", provider, "Bean There", None)
        creative = Creative(f"https://example.com/media/{number}.jpg", "IMAGE")
        caption = f"Post {number}: fresh beans, slow mornings and a latte for everyone ☕"
        posts.append(
            PostGroup(
                id=f"cbench{number:019d}",
                post_type="REGULAR",
                status=STATUSES[number % len(STATUSES)],
                scheduled_at=START + step * number,
                posts=(Post("GENERAL", caption, (creative,)),),
                social_profiles=(profile,),
            )
        )
    return tuple(posts)


def main() -> int:
    """Run the benchmark, print the figures and return 0 when the target is met."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from ocoya_desktop.services.workspace import PostsPage
    from ocoya_desktop.ui.models.schedule_model import ScheduleModel
    from ocoya_desktop.ui.widgets.calendar_view import CalendarView
    from ocoya_desktop.ui.widgets.schedule_view import ScheduleTableFilterModel

    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    posts = make_posts()
    page = PostsPage("cbenchworkspace0000000000", 0, posts)  # type: ignore[arg-type]
    model = ScheduleModel()
    proxy = ScheduleTableFilterModel(model)
    view = CalendarView(model, proxy, time_zone="Europe/Berlin")
    view.resize(1200, 900)
    view.show()
    qt_app.processEvents()
    grid = view.grid

    first_index_ms = []
    regroup_ms = []
    moved: Any = posts[len(posts) // 2]
    for _ in range(REPEATS):
        # An empty model and a new view each round, so that no instant has been converted.
        model.clear()
        view.close()
        view = CalendarView(model, proxy, time_zone="Europe/Berlin")
        view.resize(1200, 900)
        view.show()
        qt_app.processEvents()
        grid = view.grid
        model.reset_posts(page)
        first_index_ms.append(timed(grid.undated_count))
        model.set_scheduled_at(moved.id, moved.scheduled_at + dt.timedelta(days=1))
        regroup_ms.append(timed(grid.undated_count))
    grid.set_current_day(BUSY_MONTH)
    shown = sum(len(grid.posts_on(day)) for day in grid.visible_days())

    image = QImage(grid.size(), QImage.Format.Format_ARGB32_Premultiplied)

    def paint_month(day: dt.date) -> float:
        # Moving away and back makes the grid compute its cells and chips again.
        grid.set_current_day(day + dt.timedelta(days=400))
        grid.set_current_day(day)
        return timed(lambda: grid.render(image))

    paint_month(BUSY_MONTH)  # warm up fonts, icons and caches
    busy_ms = [paint_month(BUSY_MONTH) for _ in range(REPEATS)]
    empty_ms = [paint_month(EMPTY_MONTH) for _ in range(REPEATS)]
    view.close()

    busy, empty = median(busy_ms), median(empty_ms)
    print(f"posts: {POST_COUNT:,}; {shown:,} in the month grid; medians of {REPEATS} runs")
    print(
        f"group by day: {median(first_index_ms):.1f} ms after loading, "
        f"{median(regroup_ms):.1f} ms after rescheduling one post"
    )
    print(f"target: paint at most {PAINT_TARGET_MS:.0f} ms")
    print(
        f"calendar paint: {busy:.1f} ms per month with {POST_COUNT:,} posts "
        f"(empty month {empty:.1f} ms, {busy / empty:.1f}x)"
    )
    return 0 if busy <= PAINT_TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
