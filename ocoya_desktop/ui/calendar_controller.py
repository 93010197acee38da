"""Carries out what the user does in the calendar: moves, undo, media drops, thumbnails.

A move shows the post at its new time at once and then sends ``PATCH /post/{id}``. If Ocoya
rejects the new time, the post goes back to where it was and the message bar shows the reason. Each
move that Ocoya accepted is a step on a ``QUndoStack``; undoing it sends the old time back.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import shiboken6
from PySide6.QtCore import QMimeData, QObject, Qt
from PySide6.QtGui import QImage, QPixmap, QUndoCommand, QUndoStack

from ocoya_desktop.api import OcoyaClient, PostGroup, PostStatus
from ocoya_desktop.domain import calendar
from ocoya_desktop.domain.scheduling import ResolvedTime, to_local_display, to_utc_display
from ocoya_desktop.services.workspace import ImageCache, ImageFetchError
from ocoya_desktop.ui.composer_controller import ComposerController
from ocoya_desktop.ui.errors import ErrorPresenter
from ocoya_desktop.ui.models.schedule_model import ScheduleModel
from ocoya_desktop.ui.settings_store import SettingsStore
from ocoya_desktop.ui.tasks import TaskRunner
from ocoya_desktop.ui.texts import adjustment_text
from ocoya_desktop.ui.widgets.calendar_grid import Clock
from ocoya_desktop.ui.widgets.calendar_view import CalendarView

_log = logging.getLogger(__name__)

TIME_ZONE_SETTING = "composer.time_zone"
_THUMBNAILS_TASK = "calendar-thumbnails"
# Chips show thumbnails of at most this many posts per range; more would cost many downloads.
MAX_THUMBNAILS_PER_RANGE = 60


class MovePostCommand(QUndoCommand):
    """One accepted move of a post, which undo sends back to its old time."""

    def __init__(
        self,
        controller: CalendarController,
        post_id: str,
        before: datetime | None,
        after: datetime,
        text: str,
    ) -> None:
        super().__init__(text)
        self.post_id = post_id
        self.before = before
        self.after = after
        # Whether Ocoya accepted the move once; a rejected first attempt leaves the stack.
        self.accepted = False
        self._controller = controller

    def redo(self) -> None:
        self._controller.replay(self, self.after, rollback_to=self.before, undoing=False)

    def undo(self) -> None:
        self._controller.replay(self, self.before, rollback_to=self.after, undoing=True)


class CalendarController(QObject):
    """Joins the calendar view to Ocoya, the schedule model, the undo stack and the editor."""

    def __init__(
        self,
        *,
        client: OcoyaClient,
        runner: TaskRunner,
        errors: ErrorPresenter,
        schedule: ScheduleModel,
        view: CalendarView,
        composer: ComposerController,
        settings: SettingsStore,
        images: ImageCache | None = None,
        now: Clock | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._runner = runner
        self._errors = errors
        self._schedule = schedule
        self._view = view
        self._composer = composer
        self._images = images
        self._now = now or _utc_now
        self._workspace_id = schedule.workspace_id
        self._undo_stack = QUndoStack(self)
        # While True, commands only move the stack's index: the model is already right.
        self._quiet = False

        time_zone = settings.get(TIME_ZONE_SETTING)
        self._on_editor_time_zone_changed(time_zone if isinstance(time_zone, str) else "")
        grid = view.grid
        grid.move_requested.connect(self._on_grid_move_requested)
        grid.move_rejected.connect(self._errors.show_info)
        grid.media_dropped.connect(self._on_grid_media_dropped)
        grid.range_changed.connect(self._on_grid_range_changed)
        composer.editor.time_zone_changed.connect(self._on_editor_time_zone_changed)
        schedule.modelReset.connect(self._on_schedule_model_reset)

    @property
    def undo_stack(self) -> QUndoStack:
        """The moves made in the calendar, for the Edit menu's Undo and Redo."""
        return self._undo_stack

    # --- moves --------------------------------------------------------------------------

    def move_post(self, post_id: str, target: ResolvedTime) -> None:
        """Move the post ``post_id`` to ``target`` now, and send the new time to Ocoya."""
        row = self._schedule.row_of(post_id)
        if row is None:
            _log.debug("Post %s is no longer loaded; move ignored", post_id)
            return
        post = self._schedule.post_at(row)
        plan = calendar.plan_move(post.status, post.scheduled_at, target, self._now())
        if not plan.allowed:
            _log.debug("Move of post %s rejected locally: %s", post_id, plan.rejection)
            return
        text = self.tr("Move post to {time}").format(time=target.local.strftime("%a %d %b %H:%M"))
        self._undo_stack.push(MovePostCommand(self, post_id, post.scheduled_at, target.utc, text))
        if target.message_text is not None:
            self._errors.show_info(adjustment_text(target))

    def replay(
        self,
        command: MovePostCommand,
        moment: datetime | None,
        *,
        rollback_to: datetime | None,
        undoing: bool,
    ) -> None:
        """Show the post of ``command`` at ``moment`` and send it; called by the command."""
        if self._quiet:
            return
        if moment is None or calendar.is_past(moment, self._now()):
            # Ocoya cannot move a post into the past, and a post cannot lose its date.
            self._errors.show_info(
                self.tr(
                    "The post cannot go back to {time}: that time is past or the post had no "
                    "date. Pick a new time with Reschedule."
                ).format(time=to_utc_display(moment) if moment else self.tr("no date"))
            )
            self._restore_index(command, undoing=undoing)
            return
        previous = self._optimistic_update(command.post_id, moment)
        if previous is None:
            return
        self._runner.start(
            f"calendar-move-{command.post_id}",
            self._client.reschedule_post(command.post_id, moment),
            action=self.tr("Moving the post to {time}").format(time=to_utc_display(moment)),
            on_success=lambda _result: self._on_move_sent(command, moment),
            on_failure=lambda _error: self._on_move_failed(
                command, previous, rollback_to, undoing=undoing
            ),
        )

    def _optimistic_update(self, post_id: str, moment: datetime) -> PostGroup | None:
        row = self._schedule.row_of(post_id)
        if row is None:
            return None
        post = self._schedule.post_at(row)
        # Ocoya schedules a draft with profiles when it gets a time; show that at once too.
        # NOTE: undo cannot make such a post a draft again, because PATCH changes only the time.
        status = post.status
        if status in (PostStatus.DRAFT, PostStatus.ERROR) and post.social_profiles:
            status = PostStatus.SCHEDULED
        _log.info("Moving post %s to %s", post_id, to_utc_display(moment))
        return self._schedule.set_scheduled_at(post_id, moment, status)

    def _on_move_sent(self, command: MovePostCommand, moment: datetime) -> None:
        command.accepted = True
        time = to_local_display(moment, self._view.grid.zone)
        self._errors.show_info(self.tr("Post moved to {time}.").format(time=time))

    def _on_move_failed(
        self,
        command: MovePostCommand,
        previous: PostGroup,
        rollback_to: datetime | None,
        *,
        undoing: bool,
    ) -> None:
        # The task runner has already shown Ocoya's reason in the message bar.
        _log.warning("Ocoya rejected moving post %s; showing it where it was", command.post_id)
        self._schedule.set_scheduled_at(command.post_id, rollback_to, previous.status)
        # A workspace switch clears the undo stack, which deletes the command, while its
        # request may still be on its way.
        if not undoing and not command.accepted and shiboken6.isValid(command):
            command.setObsolete(True)
        self._restore_index(command, undoing=undoing)

    def _restore_index(self, command: MovePostCommand, *, undoing: bool) -> None:
        """Step the stack back over ``command`` without sending, after it failed."""
        stack = self._undo_stack
        position = stack.index() if undoing else stack.index() - 1
        if not 0 <= position < stack.count() or stack.command(position) is not command:
            # Later moves were pushed meanwhile; the command stays where it is.
            return
        self._quiet = True
        try:
            if undoing:
                stack.redo()
            else:
                stack.undo()
        finally:
            self._quiet = False

    def _on_grid_move_requested(self, post_id: str, target: ResolvedTime) -> None:
        self.move_post(post_id, target)

    def _on_editor_time_zone_changed(self, name: str) -> None:
        # The list and the calendar show times in the editor's zone, so that a post reads the
        # same in both and in the editor.
        self._view.set_time_zone(name)
        self._schedule.set_time_zone(self._view.grid.zone)

    def _on_schedule_model_reset(self) -> None:
        # The moves of another workspace name posts that are no longer shown.
        workspace_id = self._schedule.workspace_id
        if workspace_id != self._workspace_id:
            self._workspace_id = workspace_id
            self._undo_stack.clear()

    # --- media drops --------------------------------------------------------------------

    def _on_grid_media_dropped(self, data: QMimeData, target: ResolvedTime) -> None:
        self._composer.start_post_with(data, target.utc)
        if target.message_text is not None:
            self._errors.show_info(adjustment_text(target))

    # --- thumbnails ---------------------------------------------------------------------

    def _on_grid_range_changed(self) -> None:
        if self._images is None or not self._view.isVisible():
            return
        urls = self._view.grid.missing_thumbnails()[:MAX_THUMBNAILS_PER_RANGE]
        if not urls:
            return
        self._runner.start(
            _THUMBNAILS_TASK,
            self._load_thumbnails(self._images, urls),
            action=self.tr("Loading post thumbnails"),
        )

    async def _load_thumbnails(self, images: ImageCache, urls: list[str]) -> None:
        side = self._view.grid.fontMetrics().height() * 2
        for url in urls:
            try:
                data = await images.fetch(url)
            except ImageFetchError as error:
                # A missing thumbnail is cosmetic: the chip stays without one.
                _log.warning("No thumbnail for %s: %s", url, error)
                continue
            image = await asyncio.to_thread(_scaled_image, data, side)
            if image.isNull():
                _log.warning("The image %s is not readable", url)
                continue
            self._view.grid.set_thumbnail(url, QPixmap.fromImage(image))


def _scaled_image(data: bytes, side: int) -> QImage:
    image = QImage.fromData(data)
    if image.isNull():
        return image
    return image.scaled(
        side,
        side,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )


def _utc_now() -> datetime:
    return datetime.now(UTC)
