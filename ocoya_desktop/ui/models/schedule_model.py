"""The workspace's post groups as a table that loads further pages as the view scrolls.

The model does no I/O. ``fetchMore`` emits ``page_requested``; the owner of the client loads
that page and hands it to ``append_page`` (or calls ``page_failed``). Pages for another
workspace, or not the page expected next, are ignored, so a late response cannot mix data.

The model sorts its own rows (``sort``) and matches the text and status filters for all rows
in one pass (``row_matches``), from keys computed once per post. A ``QSortFilterProxyModel``
that sorts or filters by calling ``data`` makes a Python call per comparison or row from
C++, which took about 0.9 s to sort 10,000 posts.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from ocoya_desktop.api import PostGroup
from ocoya_desktop.services.workspace import PostsPage
from ocoya_desktop.ui.icons import provider_icon
from ocoya_desktop.ui.labels import network_label, status_description, status_label

ModelIndex = QModelIndex | QPersistentModelIndex

SortRole = Qt.ItemDataRole.UserRole + 1
"""Values the filter model sorts by (timestamps and counts rather than display text)."""
StatusRole = Qt.ItemDataRole.UserRole + 2
"""The raw status value, such as ``"SCHEDULED"``, which the status filter compares."""
SearchTextRole = Qt.ItemDataRole.UserRole + 3
"""The full caption and network names, which the text filter searches."""

CAPTION_EXCERPT_LENGTH = 80
CELL_CACHE_SLACK = 256
"""Stale cell entries tolerated beyond twice the row count before the cache is emptied."""
CELL_WARM_UP_BATCH = 400
"""Posts whose cells are computed per event-loop turn after the rows change (2 to 3 ms of
work on the 2-core benchmark machine)."""

FilterCriteria = tuple[str | None, tuple[str, ...]]
"""A raw status value (or None for every status) and the casefolded words to search for."""


class Column(IntEnum):
    """Columns of the schedule table."""

    TIME = 0
    STATUS = 1
    NETWORKS = 2
    CAPTION = 3
    MEDIA = 4


class ScheduleModel(QAbstractTableModel):
    """Post groups of one workspace, newest first, loaded a page at a time.

    Signals:
        page_requested(str, int): the view needs page ``page`` (zero-based) of workspace
            ``workspace_id``; respond with ``append_page`` or ``page_failed``.
    """

    page_requested = Signal(str, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace_id: str | None = None
        self._posts: list[PostGroup] = []
        self._next_page = 0
        self._has_more = False
        self._loading = False
        self._cell_cache: dict[int, _Cells] = {}
        # Position of each post id in Ocoya's order, which sorting by column -1 restores and
        # which orders ties in the other sorts.
        self._load_order: dict[str, int] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        # Filter results for the rows in their current order; None once the rows change.
        self._match_criteria: FilterCriteria | None = None
        self._matches: list[bool] | None = None
        # The zone of the Time column; None shows times in the system's zone.
        self._zone: ZoneInfo | None = None
        # Computes the cells of every row in small batches while the event loop is idle. The
        # first search after a load then finds them ready, instead of building 10,000 posts'
        # cells at once (about 25 ms, often with a full garbage collection on top).
        self._warm_up_row = 0
        self._warm_up_timer = QTimer(self)
        self._warm_up_timer.setInterval(0)
        self._warm_up_timer.timeout.connect(self._warm_up_cells)

    @property
    def workspace_id(self) -> str | None:
        """The workspace whose posts the model shows, or None before the first load."""
        return self._workspace_id

    @property
    def is_loading(self) -> bool:
        """Whether a page was requested and has not arrived yet."""
        return self._loading

    @property
    def sort_column(self) -> int:
        """The column the rows are sorted by, or -1 for Ocoya's order (newest created first)."""
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        """The direction of the sort by ``sort_column``."""
        return self._sort_order

    def reset_posts(self, first_page: PostsPage) -> None:
        """Show ``first_page`` and forget everything loaded before."""
        self.beginResetModel()
        self._workspace_id = first_page.workspace_id
        self._set_posts(first_page.posts)
        self._next_page = first_page.page + 1
        self._has_more = not first_page.is_last
        self._loading = False
        self.endResetModel()

    def clear(self) -> None:
        """Show no posts, for example while another workspace loads."""
        self.beginResetModel()
        self._workspace_id = None
        self._set_posts(())
        self._next_page = 0
        self._has_more = False
        self._loading = False
        self.endResetModel()

    def append_page(self, page: PostsPage) -> bool:
        """Add a later page; return False (and change nothing) when it is not the one
        expected next for the current workspace."""
        if page.workspace_id != self._workspace_id or page.page != self._next_page:
            return False

        known = {post.id for post in self._posts}
        # A post created while paging shifts later pages by one, so skip what is shown.
        fresh = [post for post in page.posts if post.id not in known]
        if fresh:
            first = len(self._posts)
            self._remember_load_order(fresh)
            # The filter results of the rows above stay valid; row_matches adds the new ones.
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._posts.extend(fresh)
            self.endInsertRows()
            self._restart_warm_up()
            if self._sort_column >= 0:
                self._sort_rows()
        self._next_page = page.page + 1
        self._has_more = not page.is_last
        self._loading = False
        return True

    def page_failed(self, workspace_id: str) -> None:
        """Clear the loading state after a failed page, so scrolling requests it again."""
        if workspace_id == self._workspace_id:
            self._loading = False

    def post_at(self, row: int) -> PostGroup:
        """Return the post group shown in ``row``."""
        return self._posts[row]

    def show_all_posts(self, workspace_id: str, posts: Sequence[PostGroup]) -> None:
        """Show ``posts`` as the workspace's complete list, so no further page is requested."""
        self.beginResetModel()
        self._workspace_id = workspace_id
        self._set_posts(posts)
        self._has_more = False
        self._loading = False
        self.endResetModel()

    def set_time_zone(self, zone: ZoneInfo | None) -> None:
        """Show times in ``zone`` (None: the system's zone) and name it in the Time header."""
        if zone == self._zone:
            return
        self._zone = zone
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, Column.TIME, Column.TIME)
        if self._posts:
            last = len(self._posts) - 1
            self.dataChanged.emit(
                self.index(0, Column.TIME),
                self.index(last, Column.TIME),
                [Qt.ItemDataRole.DisplayRole],
            )

    def has_cells_for_all_rows(self) -> bool:
        """Return whether every row's texts and keys are computed, so a search builds none."""
        return not self._warm_up_timer.isActive()

    def has_all_posts(self) -> bool:
        """Return whether every page of the current workspace is loaded."""
        return self._workspace_id is not None and not self._has_more

    def remove_post(self, post_id: str) -> bool:
        """Remove the row of ``post_id``; return False when it is not loaded."""
        for row, post in enumerate(self._posts):
            if post.id == post_id:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._posts[row]
                if self._matches is not None and row < len(self._matches):
                    del self._matches[row]
                self._load_order.pop(post_id, None)
                self.endRemoveRows()
                return True
        return False

    def row_of(self, post_id: str) -> int | None:
        """Return the row of the post group ``post_id``, or None when it is not loaded."""
        for row, post in enumerate(self._posts):
            if post.id == post_id:
                return row
        return None

    def set_scheduled_at(
        self, post_id: str, scheduled_at: datetime | None, status: str | None = None
    ) -> PostGroup | None:
        """Show ``post_id`` at ``scheduled_at`` (and ``status``, if given) before Ocoya confirms.

        Returns the post group as it was, for a rollback, or None when it is not loaded.
        """
        row = self.row_of(post_id)
        if row is None:
            return None
        previous = self._posts[row]
        self._posts[row] = dataclasses.replace(
            previous, scheduled_at=scheduled_at, status=status or previous.status
        )
        # The status may have changed, so this row's filter result must be computed again.
        self._forget_matches()
        self._restart_warm_up()
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
        if self._sort_column in (Column.TIME, Column.STATUS):
            self._sort_rows()
        return previous

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by ``column`` in ``order``; column -1 restores Ocoya's order.

        Rows with equal keys keep Ocoya's order when ascending, and descending is the exact
        reverse. Rows loaded later are sorted in as they arrive. Selections and other
        persistent indexes follow their rows.
        """
        column = column if 0 <= column < len(Column) else -1
        if (column, order) == (self._sort_column, self._sort_order):
            # The rows stay in this order as they change, so there is nothing to do. With Qt
            # 6.11, QTableView.sortByColumn calls sort twice per header click.
            return
        self._sort_column = column
        self._sort_order = order
        self._sort_rows()

    def row_matches(self, row: int, criteria: FilterCriteria) -> bool:
        """Return whether ``row`` has the status and contains every word of ``criteria``.

        The words must be casefolded; they are searched in the casefolded caption and network
        names. The first call for new criteria matches every row in one pass and keeps the
        results until the rows change, so a filter model can call this once per row cheaply.
        """
        matches = self._matches
        if matches is None or criteria != self._match_criteria:
            matches = self._matches = []
            self._match_criteria = criteria
        if row >= len(matches):
            matches.extend(self._match_posts(self._posts[len(matches) :], criteria))
        return matches[row]

    def matching_posts(self, criteria: FilterCriteria) -> list[PostGroup]:
        """Return the post groups of the rows ``row_matches`` accepts for ``criteria``, in order."""
        posts = self._posts
        return [post for row, post in enumerate(posts) if self.row_matches(row, criteria)]

    def _match_posts(self, posts: Iterable[PostGroup], criteria: FilterCriteria) -> list[bool]:
        status, words = criteria
        if status is None and not words:
            # No filter: the posts' cells are not needed, which keeps loading fast.
            return [True for _ in posts]
        cells = [self._cells(post) for post in posts]
        if status is None:
            results = [True] * len(cells)
        else:
            results = [entry.status == status for entry in cells]
        for word in words:
            results = [
                matched and word in entry.search_text
                for matched, entry in zip(results, cells, strict=True)
            ]
        return results

    def _set_posts(self, posts: Iterable[PostGroup]) -> None:
        """Replace every row with ``posts``, in Ocoya's order; call inside a model reset."""
        self._posts = list(posts)
        self._load_order = {}
        self._remember_load_order(self._posts)
        self._forget_matches()
        if self._sort_column >= 0:
            self._posts = self._sorted(self._posts)
        self._restart_warm_up()

    def _remember_load_order(self, posts: Iterable[PostGroup]) -> None:
        for post in posts:
            self._load_order.setdefault(post.id, len(self._load_order))

    def _forget_matches(self) -> None:
        self._matches = None
        self._match_criteria = None

    def _sorted(self, posts: list[PostGroup]) -> list[PostGroup]:
        """Return ``posts`` in the current sort order.

        Ties keep Ocoya's order when ascending; descending is the ascending order reversed.
        """
        load_order = self._load_order
        in_load_order = sorted(posts, key=lambda post: load_order.get(post.id, len(load_order)))
        column = self._sort_column
        if column < 0:
            return in_load_order
        keys = self._sort_keys(in_load_order, column)
        order = sorted(range(len(keys)), key=keys.__getitem__)
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            # The exact reverse of the ascending order, ties included, as QSortFilterProxyModel
            # sorts (checked with Qt 6.11).
            order.reverse()
        return [in_load_order[position] for position in order]

    def _sort_keys(self, posts: list[PostGroup], column: int) -> list[Any]:
        """Return the ``SortRole`` value of each post in ``column``.

        Only the networks column uses each post's cells. The other keys are computed from the
        post, so that a first sort by them does not build the cells of every post.
        """
        if column == Column.TIME:
            return [_time_key(post) for post in posts]
        if column == Column.STATUS:
            return [status_label(post.status) for post in posts]
        if column == Column.CAPTION:
            return [_full_caption(post).casefold() for post in posts]
        if column == Column.MEDIA:
            return [_media_count(post) for post in posts]
        return [self._cells(post).networks for post in posts]

    def _sort_rows(self) -> None:
        """Reorder the rows for the current sort, moving persistent indexes with them."""
        posts = self._sorted(self._posts)
        if all(new is old for new, old in zip(posts, self._posts, strict=True)):
            return
        # PySide6 emits these layout signals only without arguments (no sort hint).
        self.layoutAboutToBeChanged.emit()
        new_row = {id(post): row for row, post in enumerate(posts)}
        old_indexes = self.persistentIndexList()
        new_indexes = [
            self.index(new_row[id(self._posts[index.row()])], index.column())
            for index in old_indexes
        ]
        self._posts = posts
        self._forget_matches()
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()
        self._restart_warm_up()

    def _restart_warm_up(self) -> None:
        """Check every row for missing cells again, from the top. Computed cells are kept."""
        self._warm_up_row = 0
        if self._posts:
            self._warm_up_timer.start()
        else:
            self._warm_up_timer.stop()

    def _warm_up_cells(self) -> None:
        cache = self._cell_cache
        end = min(self._warm_up_row + CELL_WARM_UP_BATCH, len(self._posts))
        for post in self._posts[self._warm_up_row : end]:
            self._cells(post)
        if self._cell_cache is not cache:
            # _cells emptied the cache of stale entries, which dropped the rows done so far.
            end = 0
        self._warm_up_row = end
        if end >= len(self._posts):
            self._warm_up_timer.stop()

    def canFetchMore(self, parent: ModelIndex) -> bool:
        if parent.isValid() or self._workspace_id is None:
            return False
        return self._has_more and not self._loading

    def fetchMore(self, parent: ModelIndex) -> None:
        if not self.canFetchMore(parent) or self._workspace_id is None:
            return
        self._loading = True
        self.page_requested.emit(self._workspace_id, self._next_page)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._posts)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and section == Column.TIME and self._zone:
            return self.tr("Times are shown in the editor's time zone, {zone}").format(
                zone=self._zone.key
            )
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            Column.TIME: self._time_title(),
            Column.STATUS: self.tr("Status"),
            Column.NETWORKS: self.tr("Networks"),
            Column.CAPTION: self.tr("Caption"),
            Column.MEDIA: self.tr("Media"),
        }
        return titles.get(Column(section)) if section < len(Column) else None

    def _time_title(self) -> str:
        if self._zone is None or self._zone.key == "localtime":
            return self.tr("Time")
        # The place alone keeps the column narrow: "Time (New York)" for America/New_York.
        place = self._zone.key.rpartition("/")[2].replace("_", " ")
        return self.tr("Time ({place})").format(place=place)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or row >= len(self._posts):
            return None
        post = self._posts[row]
        cells = self._cell_cache.get(id(post))
        if cells is None or cells.post is not post:
            cells = self._cells(post)
        # The filter's roles come first because the filter model requests them for every row.
        if role == SearchTextRole:
            return cells.search_text
        if role == StatusRole:
            return cells.status
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.TIME:
                return cells.time_text(self._zone) or self.tr("Not scheduled")
            return cells.display[column]
        if role == SortRole:
            return cells.sort_key(column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.CAPTION:
            return cells.caption
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.STATUS:
            return status_description(cells.status) or None
        if role == Qt.ItemDataRole.DecorationRole and column == Column.NETWORKS:
            return provider_icon(cells.first_provider) if cells.first_provider else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.MEDIA:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _cells(self, post: PostGroup) -> _Cells:
        """Return the texts and sort keys of ``post``, computed on first use and kept.

        The view requests them on every paint, and ``row_matches`` and the networks sort
        once per row. Entries are keyed by the identity of the
        ``PostGroup`` and hold it, so a replaced post (a new object) gets fresh cells and an
        id is never reused while its entry exists.
        """
        entry = self._cell_cache.get(id(post))
        if entry is not None and entry.post is post:
            return entry
        if len(self._cell_cache) > 2 * len(self._posts) + CELL_CACHE_SLACK:
            # Posts replaced or removed since the last reset leave entries behind.
            self._cell_cache = {}
        cells = _Cells(post)
        self._cell_cache[id(post)] = cells
        return cells


class _Cells:
    """The shown texts, search text and sort keys of one post group.

    The search text and sort keys are computed at once, because the filter needs the search
    text of every row. The shown texts are computed on first display, which with 10,000
    posts happens for the few dozen rows in view only: formatting a local time is the
    slowest part.
    """

    __slots__ = (
        "_display",
        "_time",
        "caption",
        "caption_length",
        "first_provider",
        "media_count",
        "networks",
        "post",
        "search_text",
        "status",
        "time_key",
    )

    def __init__(self, post: PostGroup) -> None:
        self.post = post
        self.status = post.status
        self.caption = _full_caption(post)
        providers = _providers(post)
        self.first_provider = providers[0] if providers else ""
        names = [_network_name(provider) for provider in providers]
        self.networks = sys.intern(", ".join(names))
        self.media_count = _media_count(post)
        self.time_key = _time_key(post)
        # Casefolded once here; the caption's sort key is its prefix.
        folded_caption = self.caption.casefold()
        self.caption_length = len(folded_caption)
        self.search_text = f"{folded_caption} {' '.join(names).casefold()}"
        self._display: tuple[str, str, str, str, str] | None = None
        # The zone's key and the time formatted in it, made when the row is first shown.
        self._time: tuple[str, str] | None = None

    def time_text(self, zone: ZoneInfo | None) -> str:
        """Return the scheduled time in ``zone`` (None: the system's), or "" for no time."""
        key = zone.key if zone is not None else ""
        if self._time is None or self._time[0] != key:
            self._time = (key, _local_time(self.post.scheduled_at, zone))
        return self._time[1]

    @property
    def display(self) -> tuple[str, str, str, str, str]:
        """The text shown in each column, in ``Column`` order, with no time in ``TIME``.

        The time depends on the zone shown, so ``time_text`` formats it.
        """
        if self._display is None:
            self._display = (
                "",
                sys.intern(status_label(self.status)),
                self.networks,
                _excerpt(self.caption),
                str(self.media_count),
            )
        return self._display

    def sort_key(self, column: int) -> Any:
        """Return the value the rows are sorted by in ``column``."""
        if column == Column.TIME:
            return self.time_key
        if column == Column.MEDIA:
            return self.media_count
        if column == Column.CAPTION:
            return self.search_text[: self.caption_length]
        if column == Column.NETWORKS:
            return self.networks
        if column == Column.STATUS:
            return status_label(self.status)
        return self.display[column]


@functools.cache
def _network_name(provider: str) -> str:
    # Network names are not translated, so one entry per provider serves every post.
    return network_label(provider)


def _time_key(post: PostGroup) -> float:
    # Unscheduled posts sort after every scheduled one.
    return post.scheduled_at.timestamp() if post.scheduled_at else float("inf")


def _providers(post: PostGroup) -> list[str]:
    """Return the distinct providers of the post's profiles, in their order."""
    seen: list[str] = []
    for profile in post.social_profiles:
        if profile.provider not in seen:
            seen.append(profile.provider)
    return seen


def _full_caption(post: PostGroup) -> str:
    # "GENERAL" contains the caption for every network; a network-specific one overrides it.
    first_caption = ""
    for network_post in post.posts:
        caption = network_post.caption
        if not caption:
            continue
        if network_post.provider.upper() == "GENERAL":
            return caption
        first_caption = first_caption or caption
    return first_caption


def _excerpt(caption: str) -> str:
    line = " ".join(caption.split())
    if len(line) <= CAPTION_EXCERPT_LENGTH:
        return line
    return line[: CAPTION_EXCERPT_LENGTH - 1].rstrip() + "…"


def _media_count(post: PostGroup) -> int:
    return max((len(p.creatives) for p in post.posts), default=0)


def _local_time(moment: datetime | None, zone: ZoneInfo | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")
