"""Bulk actions of the schedule: deleting the selected post groups and loading every page.

Both run as tasks of the ``TaskRunner`` and report "N of M, about T left" in the status
bar's ``TaskProgressPanel``, whose Cancel stops the task before its next request. The client
paces the requests under Ocoya's rate limit, so no 429 reaches the user. When one ends without
an error, the message bar shows what it did, because the panel disappears at the end.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from ocoya_desktop.api import OcoyaClient, PostGroup
from ocoya_desktop.services.bulk import (
    BulkDeleteResult,
    BulkProgress,
    delete_posts,
    load_all_posts,
)
from ocoya_desktop.ui.async_dialogs import ask_question
from ocoya_desktop.ui.errors import ErrorPresenter
from ocoya_desktop.ui.models.schedule_model import ScheduleModel
from ocoya_desktop.ui.tasks import TaskRunner
from ocoya_desktop.ui.widgets.task_progress_panel import TaskProgressPanel
from ocoya_desktop.ui.workspace_controller import WorkspaceController

_log = logging.getLogger(__name__)

DELETE_TASK = "bulk-delete"
LOAD_ALL_TASK = "load-all-posts"
_CONFIRM_TASK = "bulk-delete-dialog"


class BulkController(QObject):
    """Runs the bulk actions for the main window.

    Signals:
        posts_deleted(int): a bulk delete ended; the payload is how many post groups are gone.
        all_posts_loaded(int): every page is loaded; the payload is the number of posts.
    """

    posts_deleted = Signal(int)
    all_posts_loaded = Signal(int)

    def __init__(
        self,
        *,
        client: OcoyaClient,
        runner: TaskRunner,
        workspace: WorkspaceController,
        schedule: ScheduleModel,
        panel: TaskProgressPanel,
        dialog_parent: QWidget,
        errors: ErrorPresenter | None = None,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._runner = runner
        self._workspace = workspace
        self._schedule = schedule
        self._panel = panel
        self._dialog_parent = dialog_parent
        self._errors = errors
        self._clock = clock

        self.load_all_action = QAction(self.tr("Load &All Posts"), self)
        tip = self.tr("Load every page of the schedule, so search and filters cover all posts")
        self.load_all_action.setStatusTip(tip)
        self.load_all_action.setToolTip(tip)
        self.load_all_action.triggered.connect(self.start_load_all)

    def start_delete(self, posts: Sequence[PostGroup]) -> None:
        """Ask once, naming the count, then delete ``posts`` one after another."""
        if not posts:
            return
        # Not cancellable: the task waits until the user closes the question, so the status
        # bar does not show "Loading…" meanwhile.
        self._runner.start(
            _CONFIRM_TASK,
            self._confirm_and_delete(list(posts)),
            action=self.tr("Deleting posts"),
            cancellable=False,
        )

    def start_load_all(self) -> None:
        """Load every page of the current workspace's posts into the schedule."""
        workspace_id = self._workspace.current_workspace_id
        if workspace_id is None:
            return
        self._panel.set_progress(LOAD_ALL_TASK, self.tr("Loading all posts…"), None, None)
        task = self._runner.start(
            LOAD_ALL_TASK,
            load_all_posts(
                self._client,
                workspace_id,
                on_progress=self._on_load_progress,
            ),
            action=self.tr("Loading all posts"),
            on_success=lambda posts: self._on_all_loaded(workspace_id, posts),
            control=self.load_all_action,
        )
        task.add_done_callback(lambda _task: self._panel.finish(LOAD_ALL_TASK))

    async def _confirm_and_delete(self, posts: list[PostGroup]) -> None:
        count = len(posts)
        answer = await ask_question(
            self._dialog_parent,
            self.tr("Delete posts"),
            self.tr("Delete {count} posts from Ocoya? This cannot be undone.").format(count=count),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
            button_texts={
                QMessageBox.StandardButton.Yes: self.tr("Delete {count}").format(count=count)
            },
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._start_delete_task([post.id for post in posts])

    def _start_delete_task(self, post_ids: list[str]) -> None:
        total = len(post_ids)
        self._panel.set_progress(DELETE_TASK, self._delete_text(0, total, None), 0, total)
        deleted_ids: list[str] = []

        def on_deleted(post_id: str) -> None:
            deleted_ids.append(post_id)
            self._schedule.remove_post(post_id)

        task = self._runner.start(
            DELETE_TASK,
            delete_posts(
                self._client,
                post_ids,
                on_deleted=on_deleted,
                on_progress=self._on_delete_progress,
                clock=self._clock,
            ),
            action=self.tr("Deleting {count} posts").format(count=total),
            on_success=self._on_delete_finished,
        )
        # Whether it finished, failed or was cancelled, the rows already gone stay removed.
        task.add_done_callback(lambda done: self._on_delete_ended(done, len(deleted_ids), total))

    def _on_delete_progress(self, progress: BulkProgress) -> None:
        total = progress.total or 0
        text = self._delete_text(progress.done, total, progress.seconds_left)
        self._panel.set_progress(DELETE_TASK, text, progress.done, total)

    def _delete_text(self, done: int, total: int, seconds_left: float | None) -> str:
        text = self.tr("Deleting posts: {done} of {total}").format(done=done, total=total)
        if seconds_left is not None and done < total:
            text += self.tr(", about {time} left").format(time=self._format_duration(seconds_left))
        return text

    def _on_delete_finished(self, result: BulkDeleteResult) -> None:
        _log.info(
            "Bulk delete finished: %d deleted, %d already gone",
            len(result.deleted),
            len(result.already_gone),
        )

    def _on_delete_ended(
        self, task: asyncio.Task[BulkDeleteResult], deleted: int, total: int
    ) -> None:
        self._panel.finish(DELETE_TASK)
        if deleted < total:
            _log.info("Bulk delete stopped after %d of %d posts", deleted, total)
        # A failed delete has already put its error in the message bar; keep it there.
        if task.cancelled() or task.exception() is None:
            self._show_info(self._deleted_text(deleted, total))
        self.posts_deleted.emit(deleted)

    def _deleted_text(self, deleted: int, total: int) -> str:
        locale = QLocale()
        if deleted == total:
            if deleted == 1:
                return self.tr("Deleted 1 post.")
            return self.tr("Deleted {count} posts.").format(count=locale.toString(deleted))
        return self.tr("Deleting stopped: {deleted} of {total} posts were deleted.").format(
            deleted=locale.toString(deleted), total=locale.toString(total)
        )

    def _show_info(self, text: str) -> None:
        if self._errors is not None:
            self._errors.show_info(text)

    def _on_load_progress(self, progress: BulkProgress) -> None:
        text = self.tr("Loading all posts: {count} loaded").format(count=progress.done)
        self._panel.set_progress(LOAD_ALL_TASK, text, None, None)

    def _on_all_loaded(self, workspace_id: str, posts: Sequence[PostGroup]) -> None:
        if workspace_id != self._workspace.current_workspace_id:
            _log.debug("Ignoring all posts of workspace %s, no longer chosen", workspace_id)
            return
        self._schedule.show_all_posts(workspace_id, posts)
        self._show_info(
            self.tr("All {count} posts loaded; search and filters now cover every post.").format(
                count=QLocale().toString(len(posts))
            )
        )
        self.all_posts_loaded.emit(len(posts))

    def _format_duration(self, seconds: float) -> str:
        """Format an estimate as "12 s", "3 min" or "1 h 5 min", rounded up."""
        whole = max(math.ceil(seconds), 1)
        if whole < 60:
            return self.tr("{seconds} s").format(seconds=whole)
        minutes = math.ceil(whole / 60)
        if minutes < 60:
            return self.tr("{minutes} min").format(minutes=minutes)
        return self.tr("{hours} h {minutes} min").format(hours=minutes // 60, minutes=minutes % 60)
