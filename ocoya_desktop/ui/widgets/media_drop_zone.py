"""The composer's media area: drop, paste or pick files and links, and watch them get ready.

Each added item becomes an asyncio task. A local file goes through
``media_pipeline.prepare_local_file`` (inspect, convert, upload to the media host); a web link
goes through the injected link checker. Progress lands in a ``MediaListModel`` row. Removing a
row cancels its task; a failed row keeps its reason and can be retried. The widget contains no
HTTP code: the media host and the link checker come in through the constructor.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Collection, Coroutine, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import (
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QFontMetrics,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ocoya_desktop.domain import drops, media
from ocoya_desktop.domain.networks import Network
from ocoya_desktop.media_hosts import LinkCheckError, MediaHost, MediaHostError
from ocoya_desktop.services.media_pipeline import PreparedMedia
from ocoya_desktop.services.media_pipeline import prepare_local_file as pipeline_prepare
from ocoya_desktop.ui import mime, thumbnails
from ocoya_desktop.ui.models.media_list_model import (
    ROW_MIME_TYPE,
    MediaItem,
    MediaListModel,
    MediaRole,
    MediaState,
    describe_finding,
    generated_link_host,
    link_display_name,
)
from ocoya_desktop.ui.widgets.caption_counters import error_color, warning_color

_log = logging.getLogger(__name__)

# The phrase the pipeline lists among a file's changes when it stripped GPS data.
_LOCATION_REMOVED = "location removed"

# Folder (inside the cache folder) for images that arrive as data rather than as files.
_PASTED_FOLDER = "pasted"

_FILE_DIALOG_FILTER = (
    "*.png *.jpg *.jpeg *.gif *.webp *.heic *.heif *.tif *.tiff *.bmp *.mp4 *.mov *.m4v"
)

ProgressCallback = Callable[[str, int, int], None]
LinkChecker = Callable[[str], Awaitable[PreparedMedia]]
HostProvider = Callable[[], MediaHost | None]


class CheckMedia(Protocol):
    """The signature of ``media.check_media``."""

    def __call__(
        self,
        items: Sequence[media.MediaInfo],
        networks: Collection[Network],
        *,
        unknown_items: int = 0,
    ) -> list[media.Finding]: ...


class PrepareLocalFile(Protocol):
    """The signature of ``media_pipeline.prepare_local_file``."""

    def __call__(
        self,
        path: Path,
        *,
        host: MediaHost,
        cache_dir: Path,
        networks: Collection[Network] = (),
        progress: ProgressCallback | None = None,
    ) -> Awaitable[PreparedMedia]: ...


class NoMediaHostError(Exception):
    """A local file was added while no media host is set up."""


# Failures that come with a message for the user and need no traceback in the log: a file
# that is not media, no media host, an upload the host rejected, a link that is missing,
# unreachable or not media. Anything else is a bug and is logged with its traceback.
_EXPECTED_ERRORS = (NoMediaHostError, media.MediaError, MediaHostError, LinkCheckError)


class MediaDropZone(QWidget):
    """Drop target, list and controls for the media of one post.

    ``host_provider`` returns the media host to upload local files to, or None when none is
    set up (local files then fail with instructions, links still work). It is called for
    every file, so a host chosen in the settings applies to the next file added.
    ``link_checker`` checks a web URL and returns it as ``PreparedMedia``.

    Signals:
        media_changed(): the ready media or their order changed; read ``media_urls()``.
        findings_changed(): the result of ``findings()`` changed, for example because the
            last item was removed while Instagram is selected.
        busy_changed(bool): True while any item is being added, checked or uploaded.
        note_posted(str): a one-time note for the user, such as "Location data removed from
            photo.jpg" or the files of a dropped folder that were skipped.
    """

    media_changed = Signal()
    findings_changed = Signal()
    busy_changed = Signal(bool)
    note_posted = Signal(str)

    def __init__(
        self,
        cache_dir: Path,
        *,
        host_provider: HostProvider,
        link_checker: LinkChecker,
        prepare_local_file: PrepareLocalFile = pipeline_prepare,
        check_media: CheckMedia = media.check_media,
        # None means `media.make_thumbnail`, looked up on first use since it loads Pillow.
        make_thumbnail: thumbnails.MakeThumbnail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._cache_dir = cache_dir
        self._host_provider = host_provider
        self._link_checker = link_checker
        self._prepare_local_file = prepare_local_file
        self._check_media = check_media
        self._make_thumbnail = make_thumbnail

        self._networks: tuple[Network, ...] = ()
        # Findings about the post's media as a whole, such as Instagram's "needs media".
        self._shared_findings: tuple[media.Finding, ...] = ()
        # The failed items' names as last reported through ``findings_changed``.
        self._failed_names: tuple[str, ...] = ()
        self._shown_notes: set[str] = set()
        # Item tasks by item id; "intake" tasks read drops before their items exist.
        self._item_tasks: dict[int, asyncio.Task[None]] = {}
        self._thumbnail_tasks: dict[int, asyncio.Task[None]] = {}
        self._intake_tasks: set[asyncio.Task[None]] = set()
        self._unretryable: set[int] = set()
        # Items whose thumbnail shows their own picture rather than a drawn icon.
        self._real_thumbnails: set[int] = set()
        self._busy = False
        self._drag_accepted = False

        self._model = MediaListModel(self)
        self._file_dialog: QFileDialog | None = None
        self._build_widgets()
        self._build_actions()
        self._connect_signals()
        self.setAcceptDrops(True)
        self._update_actions()

    # Public interface

    @property
    def model(self) -> MediaListModel:
        """The list model behind the view (read-only use outside this widget)."""
        return self._model

    @property
    def list_view(self) -> QListView:
        """The view that shows the media."""
        return self._view

    def shortcut_actions(self) -> list[QAction]:
        """Return the media area's actions that have a keyboard shortcut (Remove, Paste…).

        The shortcuts work while the focus is inside the media area.
        """
        return [action for action in self.actions() if action.shortcuts()]

    def media_urls(self) -> list[str]:
        """Return the public URLs of the ready items, in list order."""
        return [item.public_url for item in self._model.ready_items() if item.public_url]

    def findings(self) -> list[media.Finding]:
        """Return the current findings of every ready item and of the media as a whole.

        With no media at all, the findings are those of an empty post, such as
        "Instagram needs at least one photo or video" while Instagram is selected.
        """
        found = [f for item in self._model.ready_items() for f in item.findings]
        # Findings about the whole set are attached to every item; list each one once.
        unique: list[media.Finding] = []
        for finding in (*found, *self._shared_findings):
            if finding not in unique:
                unique.append(finding)
        return unique

    def is_busy(self) -> bool:
        """Return whether any item is still being added, checked, converted or uploaded."""
        return self._busy

    def failed_names(self) -> list[str]:
        """Return the names of the items that failed, in list order.

        Failed items are never sent, so the editor blocks sending while any is attached:
        the user removes or retries them first, and the post holds what the list shows.
        """
        return [item.display_name for item in self._model.failed_items()]

    def problems_text(self) -> str:
        """Return the text under the list: each failed item and each warning, with its fix."""
        return self._findings_label.text()

    def set_networks(self, networks: Collection[Network]) -> None:
        """Check the ready media against the rules of ``networks`` (the selected profiles)."""
        self._networks = tuple(dict.fromkeys(networks))
        self._refresh_findings()

    def add_mime_data(self, data: QMimeData) -> bool:
        """Add what a drop or paste offers; return False when it offers nothing usable."""
        content = mime.read_drop(data)
        if content.is_empty:
            _log.debug("Ignoring a drop with formats %s", data.formats())
            return False
        self._start_intake(self._add_content(content))
        return True

    def add_sources(self, entries: Sequence[str | Path]) -> None:
        """Add local paths (files or folders) and web URLs, in the given order."""
        self._start_intake(self._add_entries([str(entry) for entry in entries]))

    def open_file_dialog(self) -> None:
        """Open the file dialog (without blocking) to add files."""
        if self._file_dialog is None:
            # Made on first use: building a QFileDialog took about 8 ms of the window's start.
            self._file_dialog = self._make_file_dialog()
        self._file_dialog.open()

    def remove_selected(self) -> None:
        """Remove the selected items, cancelling their work."""
        for item in self._selected_items():
            self.remove_item(item.item_id)

    def remove_item(self, item_id: int) -> None:
        """Remove one item, cancelling its check, conversion or upload."""
        for tasks in (self._item_tasks, self._thumbnail_tasks):
            task = tasks.pop(item_id, None)
            if task is not None:
                task.cancel()
        item = self._model.remove_item(item_id)
        self._unretryable.discard(item_id)
        self._real_thumbnails.discard(item_id)
        self._update_busy()
        # Removing an unfinished item can change findings too: it may have been the only media.
        self._refresh_findings()
        if item is not None and item.state is MediaState.READY:
            self.media_changed.emit()
        self._update_actions()

    def clear(self) -> None:
        """Remove every item, cancelling all running work, for a new post.

        Emits ``media_changed`` once if there was anything to remove. Notes already shown
        may show again for the next post.
        """
        self.cancel_all()
        removed = 0
        for item in self._model.items():
            self._model.remove_item(item.item_id)
            removed += 1
        self._unretryable.clear()
        self._real_thumbnails.clear()
        self._shown_notes.clear()
        self._note_label.clear()
        self._note_label.hide()
        self._refresh_findings()
        self._update_actions()
        if removed:
            _log.info("Cleared %d media item(s)", removed)
            self.media_changed.emit()

    def retry_item(self, item_id: int) -> None:
        """Start a failed item again from the beginning."""
        row = self._model.row_of(item_id)
        if row is None or item_id in self._unretryable:
            return
        item = self._model.item_at(row)
        if item.state is not MediaState.FAILED:
            return
        item.state = MediaState.CHECKING
        item.error = ""
        item.progress = 0
        self._model.item_changed(item_id)
        self._start_item(item)
        self._refresh_findings()
        self._update_actions()

    def move_selected(self, offset: int) -> None:
        """Move the selected item ``offset`` rows (-1 up, +1 down), keeping it selected."""
        rows = self._selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        if self._model.move_item(row, row + offset):
            self._view.setCurrentIndex(self._model.index(row + offset))

    def cancel_all(self) -> None:
        """Cancel every running task; the owner calls this before the widget is deleted.

        The bookkeeping is cleared at once, so the cancelled tasks' callbacks, which run on a
        later loop iteration, find nothing left to update.
        """
        tasks = [*self._intake_tasks, *self._item_tasks.values(), *self._thumbnail_tasks.values()]
        self._intake_tasks.clear()
        self._item_tasks.clear()
        self._thumbnail_tasks.clear()
        for task in tasks:
            task.cancel()
        self._update_busy()

    # Building the widget

    def _build_widgets(self) -> None:
        self._hint = QLabel(
            self.tr(
                "Drop images or videos here, paste them (Ctrl+V), or choose Add media. "
                "Folders add the media directly inside them."
            ),
            self,
        )
        self._hint.setWordWrap(True)

        self._view = _MediaListView(self)
        self._view.setModel(self._model)
        self._view.setAccessibleName(self.tr("Media"))
        self._view.setAccessibleDescription(
            self.tr("Media of the post in order. Alt+Up and Alt+Down move, Delete removes.")
        )
        # An icon grid in list mode: icon mode would let a drag move icons to free positions
        # instead of changing the order of the rows.
        self._view.setViewMode(QListView.ViewMode.ListMode)
        self._view.setFlow(QListView.Flow.LeftToRight)
        self._view.setWrapping(True)
        self._view.setResizeMode(QListView.ResizeMode.Adjust)
        self._view.setUniformItemSizes(True)
        self._view.setSpacing(6)
        self._view.setItemDelegate(MediaItemDelegate(self._view))
        self._view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self._view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self._view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self._view.setMinimumHeight(MediaItemDelegate.CELL_SIZE.height() + 24)
        self._view.viewport().installEventFilter(self)

        self._add_button = self._make_button(self.tr("Add media…"), self.tr("Add media"))
        # Arrows instead of words keep the row narrow enough for the editor beside a dock.
        self._up_button = self._make_arrow_button(
            Qt.ArrowType.UpArrow, self.tr("Move media up (Alt+Up)")
        )
        self._down_button = self._make_arrow_button(
            Qt.ArrowType.DownArrow, self.tr("Move media down (Alt+Down)")
        )
        self._remove_button = self._make_button(self.tr("Remove"), self.tr("Remove media"))
        self._retry_button = self._make_button(self.tr("Retry"), self.tr("Retry failed media"))

        self._findings_label = QLabel(self)
        self._findings_label.setWordWrap(True)
        self._findings_label.setAccessibleName(self.tr("Media problems"))
        self._findings_label.hide()
        self._note_label = QLabel(self)
        self._note_label.setWordWrap(True)
        self._note_label.setAccessibleName(self.tr("Media notes"))
        self._note_label.hide()

        buttons = QHBoxLayout()
        for button in (
            self._add_button,
            self._up_button,
            self._down_button,
            self._remove_button,
            self._retry_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self._hint)
        layout.addWidget(self._view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self._findings_label)
        layout.addWidget(self._note_label)

    def _make_file_dialog(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Add media"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(
            [
                self.tr("Images and videos ({0})").format(_FILE_DIALOG_FILTER),
                self.tr("All files (*)"),
            ]
        )
        dialog.filesSelected.connect(self._on_file_dialog_files_selected)
        return dialog

    def _make_button(self, text: str, accessible_name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(accessible_name)
        return button

    def _make_arrow_button(self, arrow: Qt.ArrowType, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setArrowType(arrow)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        return button

    def _build_actions(self) -> None:
        self.remove_action = self._make_action(
            self.tr("Remove"), QKeySequence(QKeySequence.StandardKey.Delete), self.remove_selected
        )
        self.move_up_action = self._make_action(
            self.tr("Move up"), QKeySequence("Alt+Up"), lambda: self.move_selected(-1)
        )
        self.move_down_action = self._make_action(
            self.tr("Move down"), QKeySequence("Alt+Down"), lambda: self.move_selected(1)
        )
        self.retry_action = self._make_action(
            self.tr("Retry"), QKeySequence(), self._retry_selected
        )
        self.paste_action = self._make_action(
            self.tr("Paste media"), QKeySequence(QKeySequence.StandardKey.Paste), self._paste
        )
        self._view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in (self.move_up_action, self.move_down_action, self.retry_action):
            self._view.addAction(action)
        self._view.addAction(self.remove_action)

    def _make_action(self, text: str, shortcut: QKeySequence, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        # Shortcuts work while focus is anywhere inside the media area, not in the whole window.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _connect_signals(self) -> None:
        self._add_button.clicked.connect(self.open_file_dialog)
        self._up_button.clicked.connect(self.move_up_action.trigger)
        self._down_button.clicked.connect(self.move_down_action.trigger)
        self._remove_button.clicked.connect(self.remove_action.trigger)
        self._retry_button.clicked.connect(self.retry_action.trigger)
        self._view.selectionModel().selectionChanged.connect(self._update_actions)
        self._model.rowsMoved.connect(self._on_model_rows_moved)
        self._model.dataChanged.connect(self._update_actions)

    # Drops and pastes

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._drag_accepted = mime.can_accept(event.mimeData())
        if self._drag_accepted:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._drag_accepted:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.add_mime_data(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()
        self._drag_accepted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Drag events reach the list's viewport first. Rows dragged inside the list are left to
        # the view, which reorders them. Drags from elsewhere carry media to add.
        if watched is self._view.viewport() and isinstance(event, QDropEvent | QDragEnterEvent):
            if event.mimeData().hasFormat(ROW_MIME_TYPE):
                return False
            if isinstance(event, QDragEnterEvent):
                self.dragEnterEvent(event)
            elif isinstance(event, QDragMoveEvent):
                self.dragMoveEvent(event)
            else:
                self.dropEvent(event)
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def _paste(self) -> None:
        data = QGuiApplication.clipboard().mimeData()
        if data is None or not self.add_mime_data(data):
            self._show_note(
                self.tr(
                    "The clipboard contains no image, video, file or link to add. Copy an "
                    "image, a file, or web addresses (one per line or separated by spaces)."
                ),
                once=False,
            )

    @Slot(list)
    def _on_file_dialog_files_selected(self, files: list[str]) -> None:
        self.add_sources(files)

    # Intake: turning drops into rows

    def _start_intake(self, coro: Coroutine[Any, Any, None]) -> None:
        # The note line is about the last action, so a new add clears a note such as an
        # earlier rejected paste.
        self._note_label.clear()
        self._note_label.hide()
        task = asyncio.get_running_loop().create_task(coro)
        self._intake_tasks.add(task)
        task.add_done_callback(self._on_intake_done)
        self._update_busy()
        self._refresh_findings()

    def _on_intake_done(self, task: asyncio.Task[None]) -> None:
        self._intake_tasks.discard(task)
        _log_task_error(task)
        self._update_busy()
        self._refresh_findings()

    async def _add_content(self, content: mime.DropContent) -> None:
        if content.entries:
            await self._add_entries(list(content.entries))
            return
        try:
            path = await mime.save_dropped_image(content, self._cache_dir / _PASTED_FOLDER)
        except (OSError, ValueError) as error:
            _log.warning("Saving dropped image data failed: %s", error)
            self._show_note(
                self.tr("The dropped image could not be saved to {0}: {1}").format(
                    self._cache_dir, error
                ),
                once=False,
            )
            return
        await self._add_entries([str(path)])

    async def _add_entries(self, entries: list[str]) -> None:
        expansion, sizes = await asyncio.to_thread(_expand_with_sizes, entries)
        for note in expansion.notes:
            self._show_note(note)

        new_items: list[MediaItem] = []
        # Links named after their host get numbers in the order added, counting on from the
        # links already in the list.
        link_numbers: dict[str, int] = {}
        for dropped in expansion.items:
            item = _item_for(dropped, sizes)
            host = generated_link_host(str(item.source)) if not item.is_local else None
            if host is not None:
                number = link_numbers.get(host) or self._model.next_link_number(host)
                link_numbers[host] = number + 1
                item.link_number = number
                item.display_name = link_display_name(str(item.source), number=number)
            if isinstance(dropped, drops.UnresolvedDrop):
                item.state = MediaState.FAILED
                item.error = dropped.reason
                item.thumbnail = thumbnails.placeholder_icon()
                self._unretryable.add(item.item_id)
            new_items.append(item)
        self._model.append_items(new_items)
        if any(item.state is MediaState.FAILED for item in new_items):
            self._refresh_findings()

        for item in new_items:
            if item.state is not MediaState.FAILED:
                self._start_item(item)
        _log.info("Added %d media item(s) from %d dropped entries", len(new_items), len(entries))

    # Item tasks

    def _start_item(self, item: MediaItem) -> None:
        loop = asyncio.get_running_loop()
        task = loop.create_task(self._prepare_item(item))
        self._item_tasks[item.item_id] = task
        task.add_done_callback(lambda done: self._on_item_task_done(item.item_id, done))
        if item.thumbnail is not None:
            pass  # a retried item keeps the picture it has
        elif item.is_local:
            item.thumbnail = thumbnails.placeholder_icon()
            self._start_thumbnail(item, Path(item.source))
        else:
            item.thumbnail = thumbnails.link_icon()
        self._update_busy()

    def _on_item_task_done(self, item_id: int, task: asyncio.Task[None]) -> None:
        if self._item_tasks.get(item_id) is task:
            del self._item_tasks[item_id]
        _log_task_error(task)
        self._update_busy()

    async def _prepare_item(self, item: MediaItem) -> None:
        try:
            if isinstance(item.source, Path):
                prepared = await self._prepare_file(item, item.source)
            else:
                prepared = await self._link_checker(item.source)
        except asyncio.CancelledError:
            _log.debug("Preparing %s was cancelled", item.display_name)
            raise
        except Exception as error:
            # The pipeline, the media host and the link check raise errors of several kinds
            # (MediaError, MediaHostError, LinkCheckError), each with a message for the user.
            # Whatever the error, only this row fails.
            self._fail(item, error)
            return
        self._finish(item, prepared)

    async def _prepare_file(self, item: MediaItem, path: Path) -> PreparedMedia:
        host = self._host_provider()
        if host is None:
            raise NoMediaHostError(
                self.tr(
                    "{0} cannot be used yet: Ocoya downloads media from public web addresses, "
                    "and no media host is set up to publish local files. Set one up in "
                    "Settings → Media hosting, or add the media by its web address."
                ).format(path.name)
            )

        loop = asyncio.get_running_loop()

        def on_progress(stage: str, done: int, total: int) -> None:
            # The pipeline may report from a worker thread; model changes belong to this one.
            loop.call_soon_threadsafe(self._on_progress, item.item_id, stage, done, total)

        return await self._prepare_local_file(
            path,
            host=host,
            cache_dir=self._cache_dir,
            networks=self._networks,
            progress=on_progress,
        )

    def _on_progress(self, item_id: int, stage: str, done: int, total: int) -> None:
        row = self._model.row_of(item_id)
        if row is None:
            return
        item = self._model.item_at(row)
        if item.state in (MediaState.READY, MediaState.FAILED):
            return  # a late report from a step that already ended

        # The pipeline's stages are inspect, convert, thumbnail and upload, in that order.
        if stage == "upload":
            item.state = MediaState.UPLOADING
            item.progress = min(100, done * 100 // total) if total > 0 else 0
        elif stage == "inspect":
            item.state = MediaState.CHECKING
        else:
            item.state = MediaState.CONVERTING
        self._model.item_changed(item_id)

    def _fail(self, item: MediaItem, error: Exception) -> None:
        reason = str(error) or type(error).__name__
        if isinstance(error, _EXPECTED_ERRORS):
            _log.warning("Media %s failed: %s", item.display_name, reason)
        else:
            _log.warning("Media %s failed: %s", item.display_name, reason, exc_info=error)
        item.state = MediaState.FAILED
        item.error = reason
        item.findings = ()
        self._model.item_changed(item.item_id)
        self._refresh_findings()

    def _finish(self, item: MediaItem, prepared: PreparedMedia) -> None:
        item.prepared = prepared
        item.state = MediaState.READY
        item.progress = 100
        if prepared.info is not None:
            item.size_bytes = prepared.info.size_bytes  # the size of the converted file
        if not item.is_local:
            # The check found the kind of media, which names a link with a generated file name.
            item.display_name = link_display_name(
                str(item.source), prepared.content_type, item.link_number
            )
        _log.info("Media %s is ready at %s", item.display_name, prepared.public_url)

        has_picture = item.item_id in self._real_thumbnails or item.item_id in self._thumbnail_tasks
        if prepared.thumbnail_path is not None and not has_picture:
            self._start_thumbnail(item, prepared.thumbnail_path, is_thumbnail=True)
        elif _is_video(prepared) and not has_picture:
            item.thumbnail = thumbnails.film_icon()
        self._post_change_notes(item, prepared.notes)

        self._refresh_findings()
        self._model.item_changed(item.item_id)
        self.media_changed.emit()

    def _post_change_notes(self, item: MediaItem, changes: Sequence[str]) -> None:
        # NOTE: the pipeline reports what it changed only as English phrases, so the removal
        # of location data is recognised by its phrase.
        others = [change for change in changes if change != _LOCATION_REMOVED]
        if len(others) < len(changes):
            self._show_note(self.tr("Location data removed from {0}").format(item.display_name))
        if others:
            self._show_note(self.tr("{0}: {1}").format(item.display_name, ", ".join(others)))

    # Thumbnails

    def _start_thumbnail(self, item: MediaItem, path: Path, *, is_thumbnail: bool = False) -> None:
        loop = asyncio.get_running_loop()
        task = loop.create_task(self._load_thumbnail(item, path, is_thumbnail))
        self._thumbnail_tasks[item.item_id] = task

        def forget(done: asyncio.Task[None]) -> None:
            if self._thumbnail_tasks.get(item.item_id) is done:
                del self._thumbnail_tasks[item.item_id]
            _log_task_error(done)

        task.add_done_callback(forget)

    async def _load_thumbnail(self, item: MediaItem, path: Path, is_thumbnail: bool) -> None:
        try:
            if is_thumbnail:
                pixmap = await thumbnails.load_pixmap(path)
            else:
                pixmap = await thumbnails.load_thumbnail(
                    path, self._cache_dir, make_thumbnail=self._make_thumbnail
                )
        except thumbnails.ThumbnailError as error:
            _log.debug("No thumbnail for %s: %s", item.display_name, error)
            is_video = item.prepared is not None and _is_video(item.prepared)
            pixmap = thumbnails.film_icon() if is_video else thumbnails.placeholder_icon()
        else:
            self._real_thumbnails.add(item.item_id)
        item.thumbnail = pixmap
        self._model.item_changed(item.item_id)

    # Findings, notes, state

    def _refresh_findings(self) -> None:
        # Ocoya's own findings come from each original file and stay as the pipeline made
        # them. The networks' findings depend on the selection and on the set of media, so
        # they are computed again over the converted files of every ready item.
        # NOTE: links carry no MediaInfo (their download only makes a preview), so the network
        # rules do not see them, and a link does not count towards a network's maximum.
        # Links and unfinished items are passed as unknown, so that "needs media" stays quiet.
        before = self.findings()
        checked = [
            (item, item.prepared, item.prepared.info)
            for item in self._model.ready_items()
            if item.prepared is not None and item.prepared.info is not None
        ]
        infos = [info for _item, _prepared, info in checked]
        unknown = len(self._intake_tasks) + sum(
            1
            for item in self._model.items()
            if item.state is not MediaState.FAILED
            and (item.prepared is None or item.prepared.info is None)
        )
        findings: list[media.Finding] = []
        if self._networks:
            findings = self._check_media(infos, self._networks, unknown_items=unknown)

        per_item: dict[int, list[media.Finding]] = {index: [] for index in range(len(checked))}
        shared: list[media.Finding] = []
        for finding in findings:
            if finding.network is None:
                continue  # already among the item's own findings
            if finding.item_index is not None and finding.item_index in per_item:
                per_item[finding.item_index].append(finding)
            else:
                shared.append(finding)

        for index, (item, prepared, _info) in enumerate(checked):
            own = [f for f in prepared.findings if f.network is None]
            item.findings = (*own, *per_item[index], *shared)
            self._model.item_changed(item.item_id)

        self._shared_findings = tuple(shared)
        self._show_problems()
        failed = tuple(self.failed_names())
        if self.findings() != before or failed != self._failed_names:
            self._failed_names = failed
            self.findings_changed.emit()

    def _show_problems(self) -> None:
        # The list shows only "Failed" or a warning badge on each item, so every reason and
        # fix is also written out here, naming the file it is about.
        lines = [
            _failure_line(item, self.tr("{name}: {reason}")) for item in self._model.failed_items()
        ]
        for item in self._model.ready_items():
            lines.extend(
                self.tr("{name}: {finding}").format(
                    name=item.display_name, finding=describe_finding(finding)
                )
                for finding in item.findings
                if finding.severity is not media.Severity.INFO
                and finding not in self._shared_findings
            )
        lines.extend(describe_finding(finding) for finding in self._shared_findings)
        self._findings_label.setText("\n".join(lines))
        self._findings_label.setVisible(bool(lines))
        # Red when something blocks sending, which the editor's reason line points to.
        # NOTE: a palette change (a switch to dark mode) recolours it only at the next refresh.
        blocking = bool(self._model.failed_items()) or any(
            finding.severity is media.Severity.ERROR for finding in self.findings()
        )
        palette = QPalette(self.palette())
        accent = error_color(palette) if blocking else warning_color(palette)
        palette.setColor(QPalette.ColorRole.WindowText, accent)
        self._findings_label.setPalette(palette)

    def _show_note(self, note: str, *, once: bool = True) -> None:
        # Notes about an item (location removed, folder entries skipped) show once per post.
        # A note about a user action, such as a rejected paste, shows every time it happens.
        if once:
            if note in self._shown_notes:
                return
            self._shown_notes.add(note)
        self._note_label.setText(note)
        self._note_label.show()
        self.note_posted.emit(note)

    def _update_busy(self) -> None:
        busy = bool(self._intake_tasks or self._item_tasks)
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    @Slot()
    def _update_actions(self) -> None:
        rows = self._selected_rows()
        count = self._model.rowCount()
        single = len(rows) == 1
        self.move_up_action.setEnabled(single and rows[0] > 0)
        self.move_down_action.setEnabled(single and rows[0] < count - 1)
        self.remove_action.setEnabled(bool(rows))
        self.retry_action.setEnabled(
            any(
                item.state is MediaState.FAILED and item.item_id not in self._unretryable
                for item in self._selected_items()
            )
        )
        for button, action in (
            (self._up_button, self.move_up_action),
            (self._down_button, self.move_down_action),
            (self._remove_button, self.remove_action),
            (self._retry_button, self.retry_action),
        ):
            button.setEnabled(action.isEnabled())

    @Slot()
    def _on_model_rows_moved(self) -> None:
        # The order matters to some rules (the first slide sets the aspect ratio), and it is
        # the order of the post's media.
        self._refresh_findings()
        self._update_actions()
        if self._model.ready_items():
            self.media_changed.emit()

    def _retry_selected(self) -> None:
        for item in self._selected_items():
            self.retry_item(item.item_id)

    def _selected_rows(self) -> list[int]:
        selection = self._view.selectionModel()
        return sorted(index.row() for index in selection.selectedIndexes())

    def _selected_items(self) -> list[MediaItem]:
        return [self._model.item_at(row) for row in self._selected_rows()]


class MediaItemDelegate(QStyledItemDelegate):
    """Draws one media cell: thumbnail, badge, file name, and size or progress."""

    CELL_SIZE = QSize(152, 188)
    _THUMBNAIL_BOX = 128
    _BADGE_SIZE = 22

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return self.CELL_SIZE

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        item = index.data(MediaRole.ITEM)
        if not isinstance(item, MediaItem):
            return
        style = option.widget.style() if option.widget is not None else QApplication.style()
        painter.save()
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
        )
        rect = option.rect.adjusted(6, 6, -6, -6)

        thumbnail_rect = QRect(rect.left(), rect.top(), rect.width(), self._THUMBNAIL_BOX)
        self._paint_thumbnail(painter, thumbnail_rect, item.thumbnail)
        self._paint_badge(painter, thumbnail_rect, index)

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(text_role))
        text_top = thumbnail_rect.bottom() + 4
        metrics = option.fontMetrics
        name_rect = QRect(rect.left(), text_top, rect.width(), metrics.height())
        name = self.elided_name(item, metrics, rect.width())
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignHCenter, name)

        status_rect = QRect(rect.left(), name_rect.bottom() + 2, rect.width(), metrics.height())
        if item.state is MediaState.UPLOADING:
            self._paint_progress(painter, option, status_rect, item.progress)
        else:
            self._paint_status(painter, status_rect, item, index)
        painter.restore()
        if option.state & QStyle.StateFlag.State_HasFocus:
            # The view sets this state on the current cell while the list has the focus.
            _paint_focus_frame(style, painter, option.rect, option.widget)

    @staticmethod
    def elided_name(item: MediaItem, metrics: QFontMetrics, width: int) -> str:
        """Return the item's name shortened to ``width`` pixels, as the cell shows it.

        A file name keeps its start and its extension. A link named after its host
        ("Image 2 from cdn.example") keeps its kind and number and loses the end of the host.
        """
        mode = (
            Qt.TextElideMode.ElideRight
            if item.link_number is not None
            else Qt.TextElideMode.ElideMiddle
        )
        return metrics.elidedText(item.display_name, mode, width)

    def _paint_thumbnail(self, painter: QPainter, rect: QRect, pixmap: QPixmap | None) -> None:
        if pixmap is None or pixmap.isNull():
            return
        scaled = pixmap.scaled(
            rect.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        x = rect.left() + (rect.width() - scaled.width()) // 2
        y = rect.top() + (rect.height() - scaled.height()) // 2
        painter.drawPixmap(x, y, scaled)

    def _paint_badge(
        self, painter: QPainter, rect: QRect, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        errors = int(index.data(MediaRole.ERROR_COUNT) or 0)
        warnings = int(index.data(MediaRole.WARNING_COUNT) or 0)
        if not errors and not warnings:
            return
        color = QColor("#c62828") if errors else QColor("#f9a825")
        badge = QRect(
            rect.right() - self._BADGE_SIZE, rect.top(), self._BADGE_SIZE, self._BADGE_SIZE
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(badge)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(errors or warnings))
        painter.restore()

    def _paint_progress(
        self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, percent: int
    ) -> None:
        bar = QStyleOptionProgressBar()
        bar.rect = rect
        bar.minimum = 0
        bar.maximum = 100
        bar.progress = percent
        bar.text = f"{percent}%"
        bar.textVisible = True
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)

    def _paint_status(
        self,
        painter: QPainter,
        rect: QRect,
        item: MediaItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if item.state is MediaState.FAILED:
            painter.setPen(QColor("#c62828"))
            text = QApplication.translate("MediaItemDelegate", "Failed")
        elif item.state is MediaState.READY:
            text = str(index.data(MediaRole.SIZE_TEXT) or "")
        elif item.state is MediaState.CONVERTING:
            text = QApplication.translate("MediaItemDelegate", "Converting…")
        else:
            text = QApplication.translate("MediaItemDelegate", "Checking…")
        painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter, text)


class _MediaListView(QListView):
    """The media list, framed as a whole while it has the focus and no cell is current.

    The current cell shows the focus itself, but an empty list has no cell to show it in.
    """

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus() and not self.currentIndex().isValid():
            painter = QPainter(self.viewport())
            _paint_focus_frame(self.style(), painter, self.viewport().rect(), self)
            painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()


def _paint_focus_frame(
    style: QStyle, painter: QPainter, rect: QRect, widget: QWidget | None
) -> None:
    """Draw the style's focus frame around ``rect``, as for a cell of any other list."""
    option = QStyleOptionFocusRect()
    if widget is not None:
        # Copies the palette and the flag that the focus moved by keyboard. Fusion draws the
        # frame only with that flag, as it does for buttons.
        option.initFrom(widget)
    option.rect = rect
    option.state |= QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_Item
    style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, widget)


def _is_video(prepared: PreparedMedia) -> bool:
    return prepared.content_type.startswith("video/")


def _expand_with_sizes(entries: list[str]) -> tuple[drops.DropExpansion, dict[Path, int]]:
    # Runs in a worker thread: listing folders and reading headers and sizes touch the disk.
    expansion = drops.expand_drop(entries)
    sizes: dict[Path, int] = {}
    for dropped in expansion.items:
        if isinstance(dropped, drops.DroppedFile):
            # A file that cannot be read gets no size; the pipeline reports it with the reason.
            with contextlib.suppress(OSError):
                sizes[dropped.path] = dropped.path.stat().st_size
    return expansion, sizes


def _item_for(dropped: drops.DroppedItem, sizes: dict[Path, int]) -> MediaItem:
    if isinstance(dropped, drops.DroppedFile):
        return MediaItem(dropped.path, dropped.path.name, sizes.get(dropped.path))
    if isinstance(dropped, drops.DroppedLink):
        return MediaItem(dropped.url, link_display_name(dropped.url))
    return MediaItem(Path(dropped.text), Path(dropped.text).name or dropped.text)


def _failure_line(item: MediaItem, template: str) -> str:
    # Reasons that already start with the item's name ("photo.jpg is not an image…") would
    # show the name twice behind the prefix.
    if item.error.startswith(item.display_name):
        return item.error
    return template.format(name=item.display_name, reason=item.error)


def _log_task_error(task: asyncio.Task[None]) -> None:
    # Item tasks catch their own errors; this only reports a bug in this widget's code.
    if not task.cancelled() and task.exception() is not None:
        _log.error("A media task failed unexpectedly", exc_info=task.exception())
