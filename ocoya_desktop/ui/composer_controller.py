"""Sends the editor's post and runs the schedule's post actions through the task runner.

The controller joins the post editor, the media drop zone, the profile check boxes and the
schedule: ticked profiles become the editor's targets, "Save draft" and "Schedule" create the
post, and reschedule, delete, duplicate and "Connect a profile" act on Ocoya. Errors go to the
message bar through the task runner, except the errors of a send, which the editor shows with a
Retry while it keeps everything typed and attached. After a send that may have created the post
without a result (a lost response, a failed check, a cancel), the next send of the editor's post
checks the recent posts first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QMimeData, QObject, Qt, QUrl, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ocoya_desktop.api import ConnectionUrl, OcoyaClient, PostGroup, PostStatus
from ocoya_desktop.services.ai_drafts import (
    AiDraftOrigin,
    AiSendPlan,
    AiSendResult,
    send_ai_draft,
)
from ocoya_desktop.services.compose import (
    Composition,
    CompositionError,
)
from ocoya_desktop.services.connectivity import is_network_failure
from ocoya_desktop.services.delivery import (
    DeliveryResult,
    DeliveryUncertainError,
    deliver,
    may_have_created,
)
from ocoya_desktop.services.workspace import WorkspaceData
from ocoya_desktop.ui.async_dialogs import ask_question
from ocoya_desktop.ui.errors import ErrorPresenter, UserMessage, describe_cause
from ocoya_desktop.ui.models.profile_list_model import ProfileListModel
from ocoya_desktop.ui.settings_store import SettingsStore
from ocoya_desktop.ui.tasks import TaskRunner
from ocoya_desktop.ui.widgets.media_drop_zone import MediaDropZone
from ocoya_desktop.ui.widgets.post_editor import PostEditor
from ocoya_desktop.ui.workspace_controller import WorkspaceController

_log = logging.getLogger(__name__)

PAID_X_SETTING = "x.paid_profile_ids"
TIME_ZONE_SETTING = "composer.time_zone"

UrlOpener = Callable[[QUrl], Any]
"""Opens a web page in the browser; ``QDesktopServices.openUrl`` in the app."""

# Task keys. The editor ignores a second send while one runs, so none is superseded here.
_SEND_TASK = "send-post"
_RESCHEDULE_TASK = "reschedule-post"
_DELETE_TASK = "delete-post"
_CONNECT_TASK = "connection-url"
_REPLACE_TASK = "replace-editor-content"


class ReplaceChoice(Enum):
    """The user's choice when new content would replace the post in the editor."""

    REPLACE = "replace"
    INSERT_AT_CURSOR = "insert_at_cursor"
    CANCEL = "cancel"


class DateEffect(Enum):
    """Effect of loading new content on the date picked in the editor."""

    REPLACED = "replaced"
    """The new content brings its own date (a local draft, a planned AI draft)."""
    RESET = "reset"
    """The new content is a new post, so the picker goes back to its default time."""
    KEPT = "kept"
    """The date stays as it is, so an editor containing only a date is replaced unasked."""


@dataclass(frozen=True, slots=True)
class _Send:
    """The editor's send in flight: where it goes and how it started."""

    workspace_id: str
    checks_first: bool
    """Whether the recent posts are checked before the post is sent."""
    of_ai_draft: bool
    generation: int
    """The editor's content generation when the send started."""


class DraftKeeper(Protocol):
    """Keeps the editor's post in Local Drafts before something else replaces it."""

    def keep_current_as_draft(self) -> bool:
        """Write the editor's post to its own Local Drafts row and stop saving into it.

        Returns whether a row was kept (an empty caption without media keeps none).
        """
        ...


class ComposerController(QObject):
    """Carries out what the user asks of the editor and of the schedule's posts.

    Signals:
        post_sent(SendResult): Ocoya created the post; the schedule reloads its first page.
        posts_changed(): a post was created, rescheduled or deleted.
        ai_draft_changed(object): the editor now contains this ``AiDraftOrigin``, or None when
            it no longer contains an AI draft.
        send_unreachable(str, object, bool): sending to workspace ``id`` failed because Ocoya
            could not be reached; the payload is the ``Composition`` and whether an earlier
            attempt may have created it. The outbox offers to queue it.
        send_responded(): Ocoya responded to a send, so the service can be reached.
    """

    post_sent = Signal(object)
    posts_changed = Signal()
    ai_draft_changed = Signal(object)
    send_unreachable = Signal(str, object, bool)
    send_responded = Signal()

    def __init__(
        self,
        *,
        client: OcoyaClient,
        runner: TaskRunner,
        errors: ErrorPresenter,
        workspace: WorkspaceController,
        profiles: ProfileListModel,
        editor: PostEditor,
        media_zone: MediaDropZone,
        settings: SettingsStore,
        url_opener: UrlOpener,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._runner = runner
        self._errors = errors
        self._workspace = workspace
        self._profiles = profiles
        self._editor = editor
        self._media_zone = media_zone
        self._settings = settings
        self._open_url = url_opener
        self._ai_draft: AiDraftOrigin | None = None
        self._draft_keeper: DraftKeeper | None = None
        # The "Checking whether Ocoya received the post…" notice in the message bar, while shown.
        self._checking_notice: UserMessage | None = None
        # The workspace where the editor's last send may have created the post without a
        # result, so the next send there checks the recent posts first. None when no send did.
        self._maybe_sent_in: str | None = None
        # Counts the posts the editor has contained, so a send that ends after the editor got
        # another post does not mark that post as possibly sent.
        self._content_generation = 0
        self._sending: _Send | None = None
        # For each post whose last reschedule failed: its time then, and the time it failed to
        # get, which the Reschedule dialog offers again while the post keeps the first.
        self._failed_reschedules: dict[str, tuple[datetime | None, datetime]] = {}

        editor.post_requested.connect(self._on_editor_post_requested)
        editor.time_zone_changed.connect(self._on_editor_time_zone_changed)
        profiles.checked_changed.connect(self._on_profiles_checked_changed)
        profiles.modelReset.connect(self.apply_targets)
        runner.task_cancelled.connect(self._on_runner_task_cancelled)
        editor.caption_edit.textChanged.connect(self._on_editor_content_changed)
        media_zone.model.rowsRemoved.connect(self._on_editor_content_changed)
        media_zone.model.rowsInserted.connect(self._on_media_added)
        workspace.workspace_loaded.connect(self._on_workspace_loaded)
        self._shown_workspace_id: str | None = None

    @property
    def editor(self) -> PostEditor:
        """The post editor this controller sends from."""
        return self._editor

    @property
    def media_zone(self) -> MediaDropZone:
        """The editor's media area."""
        return self._media_zone

    @property
    def ai_draft(self) -> AiDraftOrigin | None:
        """The AI draft the editor's post started from, or None."""
        return self._ai_draft

    def set_ai_draft(self, origin: AiDraftOrigin | None) -> None:
        """Mark the editor's post as started from ``origin`` (None: a new post).

        While set, sending goes through ``services.ai_drafts.send_ai_draft``, which reschedules
        the AI draft when it is unchanged and replaces it when it was edited. Emptying the
        editor (no caption, no media) drops the mark, so a post written afterwards is new.
        """
        self._ai_draft = origin
        self.ai_draft_changed.emit(origin)

    def _on_editor_content_changed(self, *_args: object) -> None:
        # An empty editor contains nothing of the AI draft, so whatever is typed next is a new
        # post and must not delete the draft on Ocoya when it is saved. Autosave deletes the
        # editor's Local Drafts row in the same state.
        if self._ai_draft is not None and self._editor_is_empty():
            _log.info(
                "Editor emptied, so it is no longer linked to AI draft %s",
                self._ai_draft.post_group_id,
            )
            self.set_ai_draft(None)

    def _editor_is_empty(self) -> bool:
        return not self._editor.caption().strip() and self._media_zone.model.rowCount() == 0

    # --- replacing the editor's content ---------------------------------------------------

    def set_draft_keeper(self, keeper: DraftKeeper | None) -> None:
        """Let ``keeper`` (the autosave) keep the editor's post before it is replaced."""
        self._draft_keeper = keeper

    def needs_replace_question(self, date_effect: DateEffect = DateEffect.REPLACED) -> bool:
        """Return whether loading new content with ``date_effect`` would lose something."""
        if self._editor.has_caption_or_media():
            return True
        return date_effect is not DateEffect.KEPT and self._editor.has_content()

    async def confirm_replace(
        self, *, offer_insert: bool = False, date_effect: DateEffect = DateEffect.REPLACED
    ) -> ReplaceChoice:
        """Ask before the editor's post is replaced; keep it in Local Drafts on Replace.

        An editor that would lose nothing returns ``REPLACE`` without asking (see
        ``needs_replace_question``). With ``offer_insert`` the question also offers "Insert at
        Cursor", which keeps the post and adds to it. ``date_effect`` is what loading does to a
        picked date. The question names it when the editor contains nothing else.
        """
        if not self.needs_replace_question(date_effect):
            return ReplaceChoice.REPLACE
        kept_in_drafts = self._draft_keeper is not None and self._editor.has_caption_or_media()
        if kept_in_drafts:
            text = self.tr("Replace the post in the editor? It stays in File → Local Drafts.")
        elif self._draft_keeper is not None and date_effect is DateEffect.RESET:
            text = self.tr("Replace the post in the editor? The date you picked is reset.")
        elif self._draft_keeper is not None:
            text = self.tr("Replace the post in the editor? The date you picked is replaced.")
        else:
            text = self.tr(
                "Replace the post in the editor? Local drafts are off, so what it holds now "
                "is lost."
            )
        choice = await ask_to_replace(self._editor.window(), text, offer_insert=offer_insert)
        if choice is ReplaceChoice.REPLACE and self._draft_keeper is not None:
            self._draft_keeper.keep_current_as_draft()
        _log.info("Asked before replacing the editor's post: %s", choice.value)
        return choice

    def replace_content(
        self,
        load: Callable[[ReplaceChoice], None],
        *,
        action: str,
        offer_insert: bool = False,
        date_effect: DateEffect = DateEffect.REPLACED,
        on_cancel: Callable[[], None] | None = None,
    ) -> asyncio.Task[None] | None:
        """Call ``load`` with the user's choice once replacing the editor's post is agreed.

        An editor that would lose nothing is loaded at once and None is returned. Otherwise
        the question runs in the returned task, and ``on_cancel`` runs when the user keeps
        the post as it is.
        """
        if not self.needs_replace_question(date_effect):
            load(ReplaceChoice.REPLACE)
            return None
        return self._runner.start(
            _REPLACE_TASK,
            self._confirm_then_load(load, offer_insert, date_effect, on_cancel),
            action=action,
            cancellable=False,
        )

    async def _confirm_then_load(
        self,
        load: Callable[[ReplaceChoice], None],
        offer_insert: bool,
        date_effect: DateEffect,
        on_cancel: Callable[[], None] | None,
    ) -> None:
        choice = await self.confirm_replace(offer_insert=offer_insert, date_effect=date_effect)
        if choice is ReplaceChoice.CANCEL:
            if on_cancel is not None:
                on_cancel()
            return
        load(choice)

    # --- targets ------------------------------------------------------------------------

    def paid_x_profile_ids(self) -> list[str]:
        """Return the ids of the X profiles marked as paid accounts."""
        value = self._settings.get(PAID_X_SETTING)
        return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []

    def set_paid_x(self, profile_id: str, paid: bool) -> None:
        """Mark (or unmark) an X profile as a paid account with the longer caption limit."""
        ids = [item for item in self.paid_x_profile_ids() if item != profile_id]
        if paid:
            ids.append(profile_id)
        self._settings.set(PAID_X_SETTING, ids)
        _log.info("X profile %s marked as %s", profile_id, "paid" if paid else "not paid")
        self.apply_targets()

    def apply_targets(self) -> None:
        """Give the editor (and through it the media area) the ticked profiles."""
        checked = set(self._profiles.checked_ids())
        selected = [profile for profile in self._profiles.profiles() if profile.id in checked]
        self._editor.set_target_profiles(selected, self.paid_x_profile_ids())

    # --- sending ------------------------------------------------------------------------

    def _on_editor_post_requested(self, composition: Composition) -> None:
        workspace_id = self._workspace.current_workspace_id
        if workspace_id is None:
            self._editor.show_send_failed(
                self.tr("No workspace is chosen. Choose one in the sidebar, then try again.")
            )
            return
        if self._media_zone.is_busy():
            self._editor.show_send_failed(
                self.tr("Wait for uploads to finish, then save the post again.")
            )
            return
        checks_first = self._maybe_sent_in == workspace_id
        self._sending = _Send(
            workspace_id,
            checks_first=checks_first,
            of_ai_draft=self._ai_draft is not None,
            generation=self._content_generation,
        )
        self._checking_notice = None
        if self._ai_draft is not None:
            self._send_ai_draft(workspace_id, self._ai_draft, composition, checks_first)
            return
        _log.info(
            "Sending a post to workspace %s (recent posts checked first: %s)",
            workspace_id,
            checks_first,
        )
        task = self._runner.start(
            _SEND_TASK,
            self._send(workspace_id, composition, checks_first),
            action=self.tr("Saving the post"),
            on_success=self._on_send_finished,
            on_failure=self._on_send_failed,
            shows_own_errors=True,
        )
        task.add_done_callback(self._on_send_task_done)

    async def _send(
        self, workspace_id: str, composition: Composition, checks_first: bool
    ) -> DeliveryResult | CompositionError:
        # A composition Ocoya would reject is the user's to fix, not an error to report.
        # A lost response is checked for before sending again, so a post is created once.
        try:
            delivered = await deliver(
                self._client,
                workspace_id,
                composition,
                maybe_sent=checks_first,
                on_checking=self._on_delivery_checking,
            )
        except CompositionError as error:
            return error
        except Exception as error:
            if is_network_failure(error):
                maybe_sent = may_have_created(error, maybe_sent=checks_first)
                self.send_unreachable.emit(workspace_id, composition, maybe_sent)
            raise
        self.send_responded.emit()
        return delivered

    def _on_delivery_checking(self) -> None:
        self._checking_notice = self._errors.show_info(
            self.tr("Checking whether Ocoya received the post…")
        )

    def _on_send_task_done(self, _task: asyncio.Task[Any]) -> None:
        # Runs after the runner's callbacks. A success has replaced the "Checking…" notice
        # with its result, and after a failure or a cancel the editor shows what happened.
        if self._checking_notice is not None:
            self._errors.withdraw(self._checking_notice)
            self._checking_notice = None

    def _end_send(self, outcome: BaseException | None) -> None:
        """Record whether the post may exist on Ocoya after the send ended with ``outcome``.

        None stands for a send that completed. The mark stays as it is when the editor got
        another post while the send ran.
        """
        sending, self._sending = self._sending, None
        if sending is None or sending.generation != self._content_generation:
            return
        if outcome is not None and may_have_created(outcome, maybe_sent=sending.checks_first):
            _log.info(
                "The post may exist in workspace %s, so the next send checks first",
                sending.workspace_id,
            )
            self._maybe_sent_in = sending.workspace_id
        else:
            self._maybe_sent_in = None

    def _on_send_finished(self, outcome: DeliveryResult | CompositionError) -> None:
        if isinstance(outcome, CompositionError):
            self._end_send(outcome)
            self._editor.show_send_failed(str(outcome))
            return
        self._end_send(None)
        if outcome.result.status == PostStatus.SCHEDULED:
            message = self.tr("Post scheduled.")
        else:
            message = self.tr("Draft saved.")
        if outcome.recovered:
            message = self.tr(
                "Ocoya had received the post, so it was not sent again. {result}"
            ).format(result=message)
        if self._checking_notice is not None:
            self._checking_notice = None
            self._errors.show_info(message)
        self._editor.clear_after_success(message)
        self.clear_media()
        self.post_sent.emit(outcome.result)
        self._after_change()

    def _on_runner_task_cancelled(self, key: str) -> None:
        # A cancelled send reports neither success nor failure. What the user typed and
        # attached stays in the editor, and the request may have reached Ocoya already.
        if key != _SEND_TASK:
            return
        self._end_send(asyncio.CancelledError())
        self._editor.show_send_stopped(
            self.tr(
                "Saving was cancelled. The post is still here. Ocoya may have received it if "
                "the request had reached it, so the next save checks for it first."
            )
        )

    def _on_send_failed(self, error: BaseException) -> None:
        sending = self._sending
        self._end_send(error)
        self._editor.show_send_failed(self._send_failure_text(error, sending))

    def _send_failure_text(self, error: BaseException, sending: _Send | None) -> str:
        """Return the editor's text for a failed send, which the message bar does not repeat."""
        of_ai_draft = sending is not None and sending.of_ai_draft
        action = self.tr("Saving the AI draft") if of_ai_draft else self.tr("Saving the post")
        report = self._errors.describe(error, action)
        if report is None:
            return self.tr("Saving was cancelled.")
        if self._maybe_sent_in is None:
            return report.message.text
        if isinstance(error, DeliveryUncertainError):
            cause = describe_cause(error.cause, server=self._errors.server)
            return self.tr(
                "{action} did not finish. Ocoya may have received the post, but checking for "
                "it failed. {cause} Press Retry to check again. Retry sends the post only if "
                "Ocoya does not have it."
            ).format(action=action, cause=cause)
        retry = self.tr("Retry looks for the post on Ocoya first, so it is not created twice.")
        return f"{report.message.text} {retry}"

    # --- sending an AI draft ------------------------------------------------------------

    def _send_ai_draft(
        self,
        workspace_id: str,
        origin: AiDraftOrigin,
        composition: Composition,
        checks_first: bool,
    ) -> None:
        _log.info(
            "Sending AI draft %s to workspace %s (recent posts checked first: %s)",
            origin.post_group_id,
            workspace_id,
            checks_first,
        )
        self._runner.start(
            _SEND_TASK,
            self._send_ai(workspace_id, origin, composition, checks_first),
            action=self.tr("Saving the AI draft"),
            on_success=self._on_ai_send_finished,
            on_failure=self._on_send_failed,
            shows_own_errors=True,
        )

    async def _send_ai(
        self,
        workspace_id: str,
        origin: AiDraftOrigin,
        composition: Composition,
        checks_first: bool,
    ) -> AiSendResult | CompositionError:
        try:
            return await send_ai_draft(
                self._client, workspace_id, origin, composition, maybe_sent=checks_first
            )
        except CompositionError as error:
            return error

    def _on_ai_send_finished(self, outcome: AiSendResult | CompositionError) -> None:
        if isinstance(outcome, CompositionError):
            self._end_send(outcome)
            self._editor.show_send_failed(str(outcome))
            return
        self._end_send(None)
        if outcome.plan is AiSendPlan.ALREADY_SAVED:
            message = self.tr(
                "The AI draft is already saved on Ocoya as a draft, so nothing was sent."
            )
        elif outcome.plan is AiSendPlan.RESCHEDULE:
            message = self.tr("AI draft scheduled.")
        elif outcome.status == PostStatus.SCHEDULED:
            message = self.tr("Your version is scheduled and the AI draft was deleted.")
        else:
            message = self.tr("Your version is saved as a draft and the AI draft was deleted.")
        if outcome.draft_left_behind is not None:
            message += " " + self.tr(
                "Deleting the AI draft {post_id} failed, so it is still on Ocoya; delete it "
                "from the schedule."
            ).format(post_id=outcome.draft_left_behind)
        self.set_ai_draft(None)
        self._editor.clear_after_success(message)
        self.clear_media()
        self.post_sent.emit(outcome.as_send_result())
        self._after_change()

    def clear_media(self) -> None:
        """Remove every item from the media area, cancelling work still running.

        Every caller is replacing the editor's post or has sent it, so the mark that the last
        send may have created the post ends here too.
        """
        self._media_zone.clear()
        self._forget_possible_send()

    def _forget_possible_send(self) -> None:
        """End the check-first mark, because the editor now contains another post."""
        if self._maybe_sent_in is not None:
            _log.info("The editor contains another post, so the next send does not check first")
        self._maybe_sent_in = None
        self._content_generation += 1

    # --- post actions -------------------------------------------------------------------

    def reschedule(self, post: PostGroup, scheduled_at: datetime) -> None:
        """Move ``post`` to ``scheduled_at`` (aware), then reload the schedule."""
        self._failed_reschedules.pop(post.id, None)
        self._runner.start(
            _RESCHEDULE_TASK,
            self._client.reschedule_post(post.id, scheduled_at),
            action=self.tr("Rescheduling the post"),
            on_success=lambda _result: self._after_change(self.tr("Post rescheduled.")),
            on_failure=lambda _error: self._failed_reschedules.update(
                {post.id: (post.scheduled_at, scheduled_at)}
            ),
        )

    def failed_reschedule_time(self, post: PostGroup) -> datetime | None:
        """Return the time that the last reschedule of ``post`` failed to set, or None.

        None too once the post has moved since, in the calendar or in Ocoya.
        """
        entry = self._failed_reschedules.get(post.id)
        if entry is None or entry[0] != post.scheduled_at:
            return None
        return entry[1]

    def delete(self, post: PostGroup) -> None:
        """Delete ``post`` from Ocoya, then reload the schedule."""
        self._runner.start(
            _DELETE_TASK,
            self._client.delete_post(post.id),
            action=self.tr("Deleting the post"),
            on_success=lambda _result: self._after_change(self.tr("Post deleted.")),
        )

    def duplicate(self, post: PostGroup) -> None:
        """Put a copy of ``post`` in the editor: caption, media links and profiles.

        When the editor contains a post, the user is asked first, and on Replace that post is
        kept in Local Drafts.
        """
        self.replace_content(
            lambda _choice: self.load_copy(post),
            action=self.tr("Duplicating the post into the editor"),
            date_effect=DateEffect.RESET,
        )

    def load_copy(self, post: PostGroup) -> None:
        """Replace the editor's content with a copy of ``post``, without asking.

        The copy is a new post, so the picker goes back to its default time.
        """
        caption = next((item.caption for item in post.posts if item.caption), "")
        urls = list(
            dict.fromkeys(creative.url for item in post.posts for creative in item.creatives)
        )
        self.clear_media()
        # A copy is a new post. A caller that opens an AI draft sets the origin afterwards.
        self.set_ai_draft(None)
        self._editor.set_caption(caption or "")
        if urls:
            self._media_zone.add_sources(urls)
        self._profiles.set_checked_ids(profile.id for profile in post.social_profiles)
        self._editor.reset_schedule()
        self._editor.caption_edit.setFocus()
        _log.info("Post %s copied into the editor (%d media links)", post.id, len(urls))

    def new_post(self) -> None:
        """Start an empty post: File → New Post.

        The editor's post is first kept as its own Local Drafts row, so nothing is asked.
        If it cannot be kept, the editor is left as it is and the message bar says why.
        Otherwise the caption, media, AI draft link and date are cleared, and the ticked
        profiles stay.
        """
        kept = False
        if self._editor.has_caption_or_media():
            if self._draft_keeper is not None:
                kept = self._draft_keeper.keep_current_as_draft()
            if not kept:
                _log.warning("New Post left the editor as it was: the post could not be kept")
                self._errors.show_info(
                    self.tr(
                        "The post in the editor could not be kept in File → Local Drafts, so "
                        "it was left in place. Save it as a draft or clear it, then choose "
                        "New Post again."
                    )
                )
                return
        self.clear_media()
        self.set_ai_draft(None)
        self._editor.forget_cleared_caption()
        self._editor.set_caption("")
        self._editor.reset_schedule()
        self._editor.caption_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if kept:
            self._errors.show_info(self.tr("The previous post is in File → Local Drafts."))
        _log.info("Started a new post (previous one kept in Local Drafts: %s)", kept)

    def start_post_with(
        self, sources: Sequence[str | Path] | QMimeData, scheduled_at: datetime | None
    ) -> None:
        """Attach ``sources`` (paths, links, or a drop's data) and set the post's time.

        The media is added to what the editor already holds, so nothing typed is lost.
        ``scheduled_at`` (aware) is shown in the editor's time zone; None leaves the time.
        """
        if isinstance(sources, QMimeData):
            self._media_zone.add_mime_data(sources)
        elif sources:
            self._media_zone.add_sources(list(sources))
        if scheduled_at is not None:
            self._editor.set_scheduled_at(scheduled_at)
        self._editor.caption_edit.setFocus()
        _log.info("Started a post from a drop, scheduled for %s", scheduled_at)

    def connect_profile(self, provider: str, parent: QWidget | None = None) -> None:
        """Open Ocoya's page for connecting a ``provider`` profile in the browser."""
        workspace_id = self._workspace.current_workspace_id
        if workspace_id is None:
            self._errors.show_info(self.tr("Choose a workspace before connecting a profile."))
            return
        self._runner.start(
            _CONNECT_TASK,
            self._client.connection_url(workspace_id, provider),
            action=self.tr("Asking Ocoya for the {provider} connection page").format(
                provider=provider
            ),
            on_success=self._open_connection_url,
        )

    def _open_connection_url(self, connection: ConnectionUrl) -> None:
        parts = urlsplit(connection.url)
        host = parts.hostname or ""
        if parts.scheme.lower() != "https" or not host:
            _log.warning("Rejected the connection page of %s: not https", connection.provider)
            text = self.tr(
                "Ocoya returned a connection page that is not a secure https address ({url}), "
                "so it was not opened. Connect the profile on the Ocoya website instead."
            ).format(url=connection.url)
            self._errors.message_posted.emit(UserMessage(text))
            return
        self._errors.show_info(
            self.tr("Opening {host} in your browser to connect the profile.").format(host=host)
        )
        self._open_url(QUrl(connection.url))

    # --- helpers ------------------------------------------------------------------------

    def _after_change(self, message: str = "") -> None:
        if message:
            self._errors.show_info(message)
        self._workspace.reload_posts()
        self.posts_changed.emit()

    def _on_workspace_loaded(self, data: WorkspaceData) -> None:
        if data.workspace_id != self._shown_workspace_id:
            # Restore caption would bring a post sent to the last workspace into this one.
            self._editor.forget_cleared_caption()
            self._forget_possible_send()
            self._failed_reschedules.clear()
        self._shown_workspace_id = data.workspace_id

    def _on_media_added(self, *_args: object) -> None:
        self._editor.forget_cleared_caption()

    def _on_editor_time_zone_changed(self, name: str) -> None:
        self._settings.set(TIME_ZONE_SETTING, name)

    def _on_profiles_checked_changed(self, _ids: list[str]) -> None:
        self.apply_targets()


async def ask_to_replace(
    parent: QWidget | None, text: str, *, offer_insert: bool = False
) -> ReplaceChoice:
    """Ask whether new content replaces the editor's post; Escape and Cancel keep it.

    Replace is the box's Yes button, "Insert at Cursor" its Apply button, and the default
    is Cancel.
    """
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
    texts = {
        QMessageBox.StandardButton.Yes: QCoreApplication.translate("ComposerController", "Replace")
    }
    if offer_insert:
        buttons |= QMessageBox.StandardButton.Apply
        texts[QMessageBox.StandardButton.Apply] = QCoreApplication.translate(
            "ComposerController", "Insert at Cursor"
        )
    answer = await ask_question(
        parent,
        QCoreApplication.translate("ComposerController", "Replace the post in the editor"),
        text,
        buttons,
        QMessageBox.StandardButton.Cancel,
        button_texts=texts,
    )
    if answer == QMessageBox.StandardButton.Yes:
        return ReplaceChoice.REPLACE
    if answer == QMessageBox.StandardButton.Apply:
        return ReplaceChoice.INSERT_AT_CURSOR
    return ReplaceChoice.CANCEL
