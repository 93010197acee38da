"""The workspace's post groups as a table that loads further pages as the view scrolls.

The model does no I/O. ``fetchMore`` emits ``page_requested``; the owner of the client loads
that page and hands it to ``append_page`` (or calls ``page_failed``). Pages for another
workspace, or not the page expected next, are ignored, so a late response cannot mix data.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ocoya_desktop.api import PostGroup
from ocoya_desktop.services.workspace import PostsPage
from ocoya_desktop.ui.icons import provider_icon
from ocoya_desktop.ui.labels import network_label, status_label

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

    @property
    def workspace_id(self) -> str | None:
        """The workspace whose posts the model shows, or None before the first load."""
        return self._workspace_id

    @property
    def is_loading(self) -> bool:
        """Whether a page was requested and has not arrived yet."""
        return self._loading

    def reset_posts(self, first_page: PostsPage) -> None:
        """Show ``first_page`` and forget everything loaded before."""
        self.beginResetModel()
        self._workspace_id = first_page.workspace_id
        self._posts = list(first_page.posts)
        self._next_page = first_page.page + 1
        self._has_more = not first_page.is_last
        self._loading = False
        self.endResetModel()

    def clear(self) -> None:
        """Show no posts, for example while another workspace loads."""
        self.beginResetModel()
        self._workspace_id = None
        self._posts = []
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
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._posts.extend(fresh)
            self.endInsertRows()
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
        self._posts = list(posts)
        self._has_more = False
        self._loading = False
        self.endResetModel()

    def has_all_posts(self) -> bool:
        """Return whether every page of the current workspace is loaded."""
        return self._workspace_id is not None and not self._has_more

    def remove_post(self, post_id: str) -> bool:
        """Remove the row of ``post_id``; return False when it is not loaded."""
        for row, post in enumerate(self._posts):
            if post.id == post_id:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._posts[row]
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
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
        return previous

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
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            Column.TIME: self.tr("Time"),
            Column.STATUS: self.tr("Status"),
            Column.NETWORKS: self.tr("Networks"),
            Column.CAPTION: self.tr("Caption"),
            Column.MEDIA: self.tr("Media"),
        }
        return titles.get(Column(section)) if section < len(Column) else None

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
                return cells.time_text or self.tr("Not scheduled")
            return cells.display[column]
        if role == SortRole:
            return cells.sort_key(column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.CAPTION:
            return cells.caption
        if role == Qt.ItemDataRole.DecorationRole and column == Column.NETWORKS:
            return provider_icon(cells.first_provider) if cells.first_provider else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.MEDIA:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _cells(self, post: PostGroup) -> _Cells:
        """Return the texts and sort keys of ``post``, computed on first use and kept.

        The view, the sort and the filter ask for these many times per row: a 10,000-post
        sort makes about 260,000 ``data`` calls. Entries are keyed by the identity of the
        ``PostGroup`` and hold it, so a replaced post (a new object) gets fresh cells and an
        id is never reused while its entry exists.
        """
        entry = self._cell_cache.get(id(post))
        if entry is not None and entry.post is post:
            return entry
        if len(self._cell_cache) > 2 * len(self._posts) + CELL_CACHE_SLACK:
            # Posts replaced or removed since the last reset leave entries behind.
            self._cell_cache.clear()
        cells = _Cells(post)
        self._cell_cache[id(post)] = cells
        return cells


class _Cells:
    """The shown texts, search text and sort keys of one post group."""

    __slots__ = (
        "caption",
        "caption_length",
        "display",
        "first_provider",
        "media_count",
        "post",
        "search_text",
        "status",
        "time_key",
        "time_text",
    )

    def __init__(self, post: PostGroup) -> None:
        self.post = post
        self.status = post.status
        self.caption = _full_caption(post)
        providers = _providers(post)
        self.first_provider = providers[0] if providers else ""
        networks = sys.intern(", ".join(network_label(p) for p in providers))
        self.media_count = _media_count(post)
        self.time_text = _local_time(post.scheduled_at)
        # Unscheduled posts sort after every scheduled one.
        self.time_key = post.scheduled_at.timestamp() if post.scheduled_at else float("inf")
        self.display = (
            self.time_text,
            sys.intern(status_label(post.status)),
            networks,
            _excerpt(self.caption),
            str(self.media_count),
        )
        # Casefolded once here; the caption's sort key is its prefix.
        folded_caption = self.caption.casefold()
        self.caption_length = len(folded_caption)
        names = " ".join(network_label(p) for p in providers)
        self.search_text = f"{folded_caption} {names.casefold()}"

    def sort_key(self, column: int) -> Any:
        """Return the value the filter model sorts ``column`` by."""
        if column == Column.TIME:
            return self.time_key
        if column == Column.MEDIA:
            return self.media_count
        if column == Column.CAPTION:
            return self.search_text[: self.caption_length]
        return self.display[column]


def _providers(post: PostGroup) -> list[str]:
    """Return the distinct providers of the post's profiles, in their order."""
    seen: list[str] = []
    for profile in post.social_profiles:
        if profile.provider not in seen:
            seen.append(profile.provider)
    return seen


def _full_caption(post: PostGroup) -> str:
    # "GENERAL" contains the caption for every network; a network-specific one overrides it.
    general = [p.caption for p in post.posts if p.provider.upper() == "GENERAL" and p.caption]
    if general:
        return general[0]
    return next((p.caption for p in post.posts if p.caption), "")


def _excerpt(caption: str) -> str:
    line = " ".join(caption.split())
    if len(line) <= CAPTION_EXCERPT_LENGTH:
        return line
    return line[: CAPTION_EXCERPT_LENGTH - 1].rstrip() + "…"


def _media_count(post: PostGroup) -> int:
    return max((len(p.creatives) for p in post.posts), default=0)


def _local_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
