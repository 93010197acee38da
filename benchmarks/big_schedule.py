"""A schedule of 10,000 posts: loading the list model, sorting, filtering by text, memory.

The posts come from the sandbox through ``OcoyaClient`` (200 pages of 50), so the model gets
the same ``PostGroup`` objects the app parses. They go into ``ScheduleModel`` behind the
``ScheduleView`` (with its filter proxy and table, shown on Qt's offscreen platform), and the
script times:

- load: ``reset_posts`` with all 10,000 posts until the view has processed the reset;
- sort: clicking the Time header (``sortByColumn``), then the Caption header. The model sorts
  its own rows by keys computed from the posts;
- cells: after a load the model computes every post's search text and sort keys in batches
  while the event loop is idle; the script runs the loop until they are all done, as the
  time a user looks at the list before searching would;
- filter: typing a search word (``ScheduleFilterModel.set_text``), median over several words.
  The first search after loading is printed on its own as well as counted in the median.

The baseline for each is the same work on the plain Python list (a ``sorted`` by time, a list
comprehension over the casefolded captions), measured in the same run. Memory is what
``tracemalloc`` records as allocated by loading the model and filtering, beyond the parsed
posts, divided by the number of posts. Qt's own C++ allocations (the proxy's row mappings)
are not traced.

Targets: filter at most 30 ms; each sort at most 50 ms; at most 2 KB per post beyond the
parsed posts.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: import from the repository root rather than from this folder, where
    # requests.py would shadow the requests package.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from benchmarks._common import demo_store_with_posts, fetch_all_posts, median

POST_COUNT = 10_000
SEARCH_WORDS = ("latte", "copy 42", "yoga", "beans morning", "zzz-no-match")
REPEATS = 3
FILTER_TARGET_MS = 30.0
SORT_TARGET_MS = 50.0
MEMORY_TARGET_BYTES = 2048


def timed(action: Callable[[], object]) -> float:
    """Run ``action`` once and return its wall time in milliseconds."""
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def main() -> int:
    """Run the benchmark, print the figures and return 0 when the targets are met."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ocoya_desktop.services.workspace import PostsPage
    from ocoya_desktop.ui.models.schedule_model import Column, ScheduleModel
    from ocoya_desktop.ui.widgets.schedule_view import ScheduleView

    store, workspace_id = demo_store_with_posts(POST_COUNT)
    posts = tuple(asyncio.run(fetch_all_posts(store, workspace_id))[:POST_COUNT])
    if len(posts) != POST_COUNT:
        raise RuntimeError(f"expected {POST_COUNT} posts from the sandbox, got {len(posts)}")
    page = PostsPage(workspace_id, 0, posts)
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])

    def sort_by(view: ScheduleView, column: int) -> None:
        view.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        qt_app.processEvents()

    def search(view: ScheduleView, text: str) -> None:
        view.proxy.set_text(text)
        qt_app.processEvents()

    def load_posts(model: ScheduleModel) -> None:
        model.reset_posts(page)
        qt_app.processEvents()

    def compute_cells(model: ScheduleModel) -> None:
        while not model.has_cells_for_all_rows():
            qt_app.processEvents()

    def build() -> tuple[ScheduleModel, ScheduleView]:
        model = ScheduleModel()
        view = ScheduleView(model)
        view.resize(1200, 720)
        view.show()
        qt_app.processEvents()
        return model, view

    # Timings, without tracemalloc (it slows every allocation down).
    load_ms: list[float] = []
    time_sort_ms: list[float] = []
    caption_sort_ms: list[float] = []
    filter_ms: list[float] = []
    first_filter_ms: list[float] = []
    cells_ms: list[float] = []
    for _ in range(REPEATS):
        model, view = build()
        load_ms.append(timed(partial(load_posts, model)))
        cells_ms.append(timed(partial(compute_cells, model)))
        time_sort_ms.append(timed(partial(sort_by, view, Column.TIME)))
        caption_sort_ms.append(timed(partial(sort_by, view, Column.CAPTION)))
        for word in SEARCH_WORDS:
            filter_ms.append(timed(partial(search, view, word)))
            search(view, "")
        first_filter_ms.append(filter_ms[-len(SEARCH_WORDS)])
        view.close()
        view.deleteLater()
        qt_app.processEvents()

    # The same work on the plain list of posts.
    plain_sort_ms = [timed(lambda: sorted(posts, key=_time_key)) for _ in range(REPEATS)]
    plain_filter_ms = [
        timed(partial(_plain_filter, posts, word)) for _ in range(REPEATS) for word in SEARCH_WORDS
    ]

    # Memory: everything the model, proxy and view allocate in Python for the posts.
    gc.collect()
    tracemalloc.start()
    model, view = build()
    before = tracemalloc.get_traced_memory()[0]
    model.reset_posts(page)
    qt_app.processEvents()
    # Filtering touches every post's cells; sorting adds nothing Python keeps, and is slow
    # under tracemalloc.
    view.proxy.set_text("latte")
    qt_app.processEvents()
    view.proxy.set_text("")
    qt_app.processEvents()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    per_post = (after - before) / POST_COUNT
    view.close()
    view.deleteLater()
    qt_app.processEvents()

    load, filter_median = median(load_ms), median(filter_ms)
    sort_time, sort_caption = median(time_sort_ms), median(caption_sort_ms)
    plain_sort, plain_filter = median(plain_sort_ms), median(plain_filter_ms)
    print(f"posts: {POST_COUNT}; medians of {REPEATS} runs")
    print(f"load into the model: {load:.1f} ms")
    print(f"cells computed while idle: {median(cells_ms):.1f} ms of event-loop turns")
    print(f"sort by time: {sort_time:.1f} ms ({sort_time / plain_sort:.1f}x Python sorted())")
    print(f"sort by caption: {sort_caption:.1f} ms")
    print(
        f"filter by text: {filter_median:.1f} ms "
        f"({filter_median / plain_filter:.1f}x a list comprehension, {plain_filter:.1f} ms); "
        f"first search after loading {median(first_filter_ms):.1f} ms"
    )
    print(f"memory beyond the parsed posts: {per_post:.0f} bytes per post (tracemalloc)")
    filter_met = filter_median <= FILTER_TARGET_MS
    sort_met = max(sort_time, sort_caption) <= SORT_TARGET_MS
    memory_met = per_post <= MEMORY_TARGET_BYTES
    met = filter_met and sort_met and memory_met
    print(
        f"big_schedule: filter {filter_median:.1f} ms "
        f"({'meets' if filter_met else 'misses'} {FILTER_TARGET_MS:.0f} ms), "
        f"sort by time {sort_time:.0f} ms and caption {sort_caption:.0f} ms "
        f"({'meets' if sort_met else 'misses'} {SORT_TARGET_MS:.0f} ms), "
        f"{per_post / 1024:.2f} KB per post "
        f"({'meets' if memory_met else 'misses'} {MEMORY_TARGET_BYTES // 1024} KB), "
        f"load {load:.0f} ms"
    )
    return 0 if met else 1


def _time_key(post: object) -> float:
    scheduled_at = getattr(post, "scheduled_at", None)
    return scheduled_at.timestamp() if scheduled_at is not None else float("inf")


def _plain_filter(posts: tuple[object, ...], text: str) -> list[object]:
    words = text.casefold().split()
    matches = []
    for post in posts:
        captions = " ".join(p.caption or "" for p in getattr(post, "posts", ()))
        folded = captions.casefold()
        if all(word in folded for word in words):
            matches.append(post)
    return matches


if __name__ == "__main__":
    sys.exit(main())
