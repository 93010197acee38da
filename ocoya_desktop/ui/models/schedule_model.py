"""The workspace's post groups as a table that loads further pages as the view scrolls.

The model does no I/O. ``fetchMore`` emits ``page_requested``; the owner of the client loads
that page and hands it to ``append_page`` (or calls ``page_failed``). Pages for another
workspace, or not the page expected next, are ignored, so a late response cannot mix data.
"""

from __future__ import annotations

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
        if not index.isValid() or index.row() >= len(self._posts):
            return None
        post = self._posts[index.row()]
        column = Column(index.column())

        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(post, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.CAPTION:
            return _full_caption(post)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.NETWORKS:
            providers = _providers(post)
            return provider_icon(providers[0]) if providers else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.MEDIA:
            return Qt.AlignmentFlag.AlignCenter
        if role == SortRole:
            return _sort_key(post, column)
        if role == StatusRole:
            return post.status
        if role == SearchTextRole:
            networks = " ".join(network_label(p) for p in _providers(post))
            return f"{_full_caption(post)} {networks}"
        return None

    def _display(self, post: PostGroup, column: Column) -> str:
        if column == Column.TIME:
            return _local_time(post.scheduled_at) or self.tr("Not scheduled")
        if column == Column.STATUS:
            return status_label(post.status)
        if column == Column.NETWORKS:
            return ", ".join(network_label(p) for p in _providers(post))
        if column == Column.CAPTION:
            return _excerpt(_full_caption(post))
        return str(_media_count(post))


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


def _sort_key(post: PostGroup, column: Column) -> Any:
    if column == Column.TIME:
        # Unscheduled posts sort after every scheduled one.
        return post.scheduled_at.timestamp() if post.scheduled_at else float("inf")
    if column == Column.MEDIA:
        return _media_count(post)
    if column == Column.STATUS:
        return status_label(post.status)
    if column == Column.NETWORKS:
        return ", ".join(network_label(p) for p in _providers(post))
    return _full_caption(post).casefold()
