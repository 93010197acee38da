"""The list of media attached to a post: one row per dropped file or link, with its progress.

Rows are ``MediaItem`` objects that ``MediaDropZone`` updates as each item is checked,
converted and uploaded. The order of the rows is the order of the post's media URLs. The model
also supports moving rows by drag and drop inside its own view.
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QPixmap

from ocoya_desktop.domain.media import Finding, Severity
from ocoya_desktop.services.media_pipeline import PreparedMedia
from ocoya_desktop.ui.labels import network_label
from ocoya_desktop.ui.texts import translated

# The MIME type of rows dragged inside the list; it carries the dragged row numbers.
ROW_MIME_TYPE = "application/x-ocoya-media-rows"

_CONTEXT = "MediaListModel"
_item_ids = itertools.count(1)

# File names that are generated ids rather than words: 16 or more hex digits (content
# hashes), UUIDs, or 20 or more letters and digits with no separator (cuid-style ids). The
# last kind must contain a digit, so that a long word still counts as a name.
_GENERATED_STEM = re.compile(
    r"[0-9a-f]{16,}"
    r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|(?=[a-z]*[0-9])[a-z0-9]{20,}",
    re.IGNORECASE,
)

ModelIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class MediaState(enum.Enum):
    """The stage of one item on its way to a public URL."""

    CHECKING = "checking"
    CONVERTING = "converting"
    UPLOADING = "uploading"
    READY = "ready"
    FAILED = "failed"


class MediaRole(enum.IntEnum):
    """Item data roles beyond Qt's display, decoration and tooltip roles."""

    ITEM = Qt.ItemDataRole.UserRole + 1
    STATE = Qt.ItemDataRole.UserRole + 2
    PROGRESS = Qt.ItemDataRole.UserRole + 3
    SIZE_TEXT = Qt.ItemDataRole.UserRole + 4
    ERROR_COUNT = Qt.ItemDataRole.UserRole + 5
    WARNING_COUNT = Qt.ItemDataRole.UserRole + 6
    PUBLIC_URL = Qt.ItemDataRole.UserRole + 7


@dataclass(eq=False)
class MediaItem:
    """One dropped file or link and what is known about it so far.

    ``source`` is a local path or a web URL. ``progress`` is the upload's percentage (0-100),
    meaningful while ``state`` is ``UPLOADING``. ``findings`` are the current results of the
    media checks for the selected networks.
    """

    source: Path | str
    display_name: str
    size_bytes: int | None = None
    state: MediaState = MediaState.CHECKING
    progress: int = 0
    error: str = ""
    thumbnail: QPixmap | None = None
    prepared: PreparedMedia | None = None
    findings: tuple[Finding, ...] = ()
    # The number that distinguishes links named after their host ("Image 2 from cdn.example"),
    # or None for names taken from the file or the address.
    link_number: int | None = None
    item_id: int = field(default_factory=lambda: next(_item_ids))

    @property
    def is_local(self) -> bool:
        """Whether the item is a local file (which needs a media host) rather than a link."""
        return isinstance(self.source, Path)

    @property
    def public_url(self) -> str | None:
        """The URL Ocoya downloads the media from, once the item is ready."""
        if self.state is MediaState.READY and self.prepared is not None:
            return self.prepared.public_url
        return None

    def count_findings(self, severity: Severity) -> int:
        """Return how many of the item's findings have ``severity``."""
        return sum(1 for finding in self.findings if finding.severity is severity)


def format_size(size_bytes: int | None) -> str:
    """Format a byte count for people, in powers of 1024 ("840 KB", "4.2 MB")."""
    if size_bytes is None:
        return ""
    if size_bytes < 1024:
        return _tr("{0} bytes").format(size_bytes)
    if size_bytes < 1024 * 1024:
        return _tr("{0} KB").format(round(size_bytes / 1024))
    return _tr("{0:.1f} MB").format(size_bytes / (1024 * 1024))


def generated_link_host(url: str) -> str | None:
    """Return the host of a link whose last path segment is a generated id, else None.

    A hash, UUID or cuid in the address means nothing to people, so such links are named after
    their host and distinguished by a number (see ``link_display_name``).
    """
    parts = urlsplit(url)
    segment = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    stem = segment.rsplit(".", 1)[0] if "." in segment else segment
    if stem and not _GENERATED_STEM.fullmatch(stem):
        return None
    return parts.hostname or url


def link_display_name(url: str, content_type: str = "", number: int | None = None) -> str:
    """Return a short name for a media link: its last path segment, or "Image 2 from <host>".

    A segment that is a generated id names nothing, so the kind of media (once
    ``content_type`` is known) and the host name the item instead. ``number`` distinguishes
    several such links from one host, as file managers name copies: the first link has no
    number, the next ones "2", "3" and so on. The number comes before the host, so that
    eliding a long host keeps it visible.
    """
    host = generated_link_host(url)
    if host is None:
        return unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    if number is None or number <= 1:
        if content_type.startswith("image/"):
            return _tr("Image from {0}").format(host)
        if content_type.startswith("video/"):
            return _tr("Video from {0}").format(host)
        return _tr("Link from {0}").format(host)
    if content_type.startswith("image/"):
        return _tr("Image {0} from {1}").format(number, host)
    if content_type.startswith("video/"):
        return _tr("Video {0} from {1}").format(number, host)
    return _tr("Link {0} from {1}").format(number, host)


def describe_finding(finding: Finding) -> str:
    """Return one line for a finding: the network (or Ocoya), the message and the fix.

    The network is left out when the message starts with its name already.
    """
    where = network_label(finding.network.value) if finding.network is not None else "Ocoya"
    message = translated(finding.message_text)
    text = message if message.startswith(where) else f"{where}: {message}"
    fix = translated(finding.fix_text)
    if fix:
        text += " " + _tr("Fix: {0}").format(fix)
    return text


def describe_state(item: MediaItem) -> str:
    """Return a short phrase for the item's state ("Uploading 40%", "Failed: <reason>")."""
    if item.state is MediaState.CHECKING:
        return _tr("Checking")
    if item.state is MediaState.CONVERTING:
        return _tr("Converting")
    if item.state is MediaState.UPLOADING:
        return _tr("Uploading {0}%").format(item.progress)
    if item.state is MediaState.READY:
        return _tr("Ready")
    return _tr("Failed: {0}").format(item.error)


class MediaListModel(QAbstractListModel):
    """Rows of ``MediaItem``; the row order is the order of the post's media."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[MediaItem] = []

    # Reading

    def items(self) -> list[MediaItem]:
        """Return the items in row order (a new list; the items themselves are live)."""
        return list(self._items)

    def __iter__(self) -> Iterator[MediaItem]:
        return iter(list(self._items))

    def item_at(self, row: int) -> MediaItem:
        """Return the item in ``row``; raises ``IndexError`` for a row that does not exist."""
        return self._items[row]

    def row_of(self, item_id: int) -> int | None:
        """Return the row of the item with ``item_id``, or None once it has been removed."""
        for row, item in enumerate(self._items):
            if item.item_id == item_id:
                return row
        return None

    def ready_items(self) -> list[MediaItem]:
        """Return the items that have a public URL, in row order."""
        return [item for item in self._items if item.state is MediaState.READY]

    def failed_items(self) -> list[MediaItem]:
        """Return the items whose check, conversion or upload failed, in row order."""
        return [item for item in self._items if item.state is MediaState.FAILED]

    def next_link_number(self, host: str) -> int:
        """Return the number for the next generated link name from ``host``.

        Numbers count up in the order links are added and are never reused while the list
        contains a higher one, so a removed link does not make two names equal.
        """
        used = [
            item.link_number
            for item in self._items
            if item.link_number is not None
            and not item.is_local
            and generated_link_host(str(item.source)) == host
        ]
        return max(used, default=0) + 1

    # Changing

    def append_items(self, items: Sequence[MediaItem]) -> None:
        """Add ``items`` after the last row."""
        if not items:
            return
        first = len(self._items)
        self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
        self._items.extend(items)
        self.endInsertRows()

    def remove_item(self, item_id: int) -> MediaItem | None:
        """Remove the item with ``item_id`` and return it, or None if it is already gone."""
        row = self.row_of(item_id)
        if row is None:
            return None
        self.beginRemoveRows(QModelIndex(), row, row)
        item = self._items.pop(row)
        self.endRemoveRows()
        return item

    def item_changed(self, item_id: int) -> None:
        """Tell the views that the item with ``item_id`` changed (ignored once it is removed)."""
        row = self.row_of(item_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def move_item(self, source_row: int, destination_row: int) -> bool:
        """Move one row so that it ends up at ``destination_row``; return whether it moved."""
        count = len(self._items)
        if not (0 <= source_row < count and 0 <= destination_row < count):
            return False
        if source_row == destination_row:
            return False
        # Qt's destination is the row before which the moved row is inserted, counted before
        # the move, so moving down needs one more.
        qt_destination = destination_row + 1 if destination_row > source_row else destination_row
        return self.moveRows(QModelIndex(), source_row, 1, QModelIndex(), qt_destination)

    # QAbstractItemModel

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.display_name
        if role == Qt.ItemDataRole.DecorationRole:
            return item.thumbnail
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{item.display_name}, {describe_state(item)}"
        return self._custom_data(item, role)

    def _custom_data(self, item: MediaItem, role: int) -> object:
        if role == MediaRole.ITEM:
            return item
        if role == MediaRole.STATE:
            return item.state
        if role == MediaRole.PROGRESS:
            return item.progress
        if role == MediaRole.SIZE_TEXT:
            return format_size(item.size_bytes)
        if role == MediaRole.ERROR_COUNT:
            return item.count_findings(Severity.ERROR)
        if role == MediaRole.WARNING_COUNT:
            return item.count_findings(Severity.WARNING)
        if role == MediaRole.PUBLIC_URL:
            return item.public_url
        return None

    def _tooltip(self, item: MediaItem) -> str:
        lines = [item.display_name, describe_state(item)]
        if not item.is_local:
            # A link's name is shortened, so the tooltip shows the address in full.
            lines.append(str(item.source))
        elif item.public_url:
            lines.append(item.public_url)
        lines.extend(describe_finding(finding) for finding in item.findings)
        if item.prepared is not None:
            lines.extend(item.prepared.notes)
        return "\n".join(lines)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            # Rows may be dropped between items, which lands on the invalid root index.
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def moveRows(
        self,
        source_parent: ModelIndex,
        source_row: int,
        count: int,
        destination_parent: ModelIndex,
        destination_child: int,
    ) -> bool:
        if source_parent.isValid() or destination_parent.isValid() or count < 1:
            return False
        last = source_row + count - 1
        if source_row < 0 or last >= len(self._items):
            return False
        if source_row <= destination_child <= last + 1:
            return False  # moving a block onto itself changes nothing
        if not self.beginMoveRows(
            QModelIndex(), source_row, last, QModelIndex(), destination_child
        ):
            return False

        moved = self._items[source_row : last + 1]
        del self._items[source_row : last + 1]
        insert_at = (
            destination_child if destination_child < source_row else destination_child - count
        )
        self._items[insert_at:insert_at] = moved
        self.endMoveRows()
        return True

    # Drag and drop inside the view

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROW_MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        mime = QMimeData()
        mime.setData(ROW_MIME_TYPE, QByteArray(",".join(map(str, rows)).encode("ascii")))
        return mime

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: ModelIndex,
    ) -> bool:
        return action == Qt.DropAction.MoveAction and data.hasFormat(ROW_MIME_TYPE)

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: ModelIndex,
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        rows = _decode_rows(bytes(data.data(ROW_MIME_TYPE).data()))
        if not rows:
            return False

        # Dropped on an item: insert before it. Dropped past the last item: append.
        destination = parent.row() if parent.isValid() else row
        if destination < 0:
            destination = len(self._items)
        moved = [self._items[source] for source in rows if 0 <= source < len(self._items)]
        for item in moved:
            current = self._items.index(item)
            if self.moveRows(QModelIndex(), current, 1, QModelIndex(), destination):
                new_row = self._items.index(item)
                destination = new_row + 1
        # The move is complete here; returning False stops the view from deleting the source
        # rows as it does after an ordinary move between models.
        return False


def _decode_rows(payload: bytes) -> list[int]:
    rows = []
    for part in payload.decode("ascii", errors="replace").split(","):
        if part.strip().isdigit():
            rows.append(int(part))
    return rows
