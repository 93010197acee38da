"""Autosave of the post editor to the local drafts database, and restoring saved drafts.

Every change to the caption, media, ticked profiles, date, time or time zone restarts a
500 ms single-shot timer. When the timer fires, the editor's whole state is written as one
row of the drafts database. The write is one small SQLite transaction in WAL mode without fsync, so
it runs on the GUI thread (about a millisecond; see ``docs/reliability.md``). An empty editor
deletes its row, and a successful send deletes it as well. A change still waiting for the
timer is written at once when the session shuts down or Qt emits ``aboutToQuit``.

At start-up ``restore_latest`` puts the most recently edited unsent draft back into the
editor. ``open_local_drafts`` shows File → Local Drafts…, where a draft can be opened (after
asking, when the editor contains another post) or deleted. Anything else that replaces the
editor's post (Duplicate into Editor, an AI draft) asks through the composer, which calls
``keep_current_as_draft`` so the replaced post keeps its own row.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import date, time
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QDate, QObject, QTime, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ocoya_desktop.storage.drafts_db import (
    DraftsDatabase,
    DraftsDatabaseError,
    EditorState,
    MediaEntry,
    StoredDraft,
)
from ocoya_desktop.ui.composer_controller import ComposerController, ReplaceChoice
from ocoya_desktop.ui.dialogs.local_drafts_dialog import LocalDraftsDialog
from ocoya_desktop.ui.errors import ErrorPresenter, UserMessage
from ocoya_desktop.ui.models.profile_list_model import ProfileListModel
from ocoya_desktop.ui.tasks import TaskRunner
from ocoya_desktop.ui.workspace_controller import WorkspaceController

_log = logging.getLogger(__name__)

DEBOUNCE_MS = 500

_OPEN_DRAFT_TASK = "open-local-draft"


class Autosave(QObject):
    """Saves the editor's state after each change and restores saved drafts into it.

    Signals:
        saved(int): the editor's state was written as draft ``id``.
        restored(int): draft ``id`` was loaded into the editor.
        drafts_changed(): a draft was written, kept, deleted or detached from the editor, so
            an open Local Drafts dialog lists them again.
        restore_notice_changed(str, str): the number of drafts changed while the start-up
            notice was the latest message. The payload is the notice shown and its
            replacement, which is "" when no draft is left.
    """

    saved = Signal(int)
    restored = Signal(int)
    drafts_changed = Signal()
    restore_notice_changed = Signal(str, str)

    def __init__(
        self,
        database: DraftsDatabase,
        *,
        composer: ComposerController,
        profiles: ProfileListModel,
        workspace: WorkspaceController,
        runner: TaskRunner,
        errors: ErrorPresenter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._composer = composer
        self._editor = composer.editor
        self._media_zone = composer.media_zone
        self._profiles = profiles
        self._workspace = workspace
        self._runner = runner
        self._errors = errors
        self._draft_id: int | None = None
        # Profiles of a restored draft wait here until the workspace's profiles have loaded.
        self._pending_profile_ids: tuple[str, ...] | None = None
        self._applying = False
        self._dialog: LocalDraftsDialog | None = None
        self._write_failed = False
        # The start-up notice and the number of drafts it states, while it is the latest
        # message. Another message ends the notice's updates.
        self._restore_notice = ""
        self._restore_count = 0

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.save_now)
        self.drafts_changed.connect(self._refresh_dialog)
        self.drafts_changed.connect(self._update_restore_notice)
        errors.message_posted.connect(self._on_errors_message_posted)
        self._connect_sources()
        composer.set_draft_keeper(self)
        application = QCoreApplication.instance()
        if application is not None:
            # Qt leaves its event loop on its own when the X server goes away, and the app's
            # shutdown steps may then never run, so a change still waiting is written here.
            application.aboutToQuit.connect(self._on_application_about_to_quit)

    @property
    def database(self) -> DraftsDatabase:
        """The database the drafts are written to."""
        return self._database

    @property
    def current_draft_id(self) -> int | None:
        """The row the editor's state is saved in, or None while nothing was saved."""
        return self._draft_id

    def is_pending(self) -> bool:
        """Return whether a change is waiting for the timer to be saved.

        Returns False once Qt has deleted the timer with its window, because no change can be
        captured from a deleted editor.
        """
        return shiboken6.isValid(self._timer) and self._timer.isActive()

    # --- saving ---------------------------------------------------------------------------

    def capture(self) -> EditorState:
        """Return the editor's state now: caption, media, profiles, time and AI draft."""
        editor = self._editor
        picker = editor.schedule_picker
        media = tuple(
            MediaEntry(
                source=str(item.source),
                is_local=item.is_local,
                public_url=item.public_url,
                state=item.state.value,
            )
            for item in self._media_zone.model.items()
        )
        if self._pending_profile_ids is not None:
            profile_ids = self._pending_profile_ids
        else:
            profile_ids = tuple(self._profiles.checked_ids())
        qdate = picker.date_edit.date()
        qtime = picker.time_edit.time()
        origin = self._composer.ai_draft
        return EditorState(
            caption=editor.caption(),
            media=media,
            profile_ids=profile_ids,
            workspace_id=self._workspace.current_workspace_id,
            no_date=picker.is_draft(),
            local_date=date(qdate.year(), qdate.month(), qdate.day()),
            local_time=time(qtime.hour(), qtime.minute()),
            time_zone=picker.time_zone_name(),
            ai_draft_id=origin.post_group_id if origin is not None else None,
        )

    def save_now(self) -> None:
        """Write the editor's state at once (an empty editor deletes its draft)."""
        self._timer.stop()
        state = self.capture()
        try:
            if state.is_empty():
                if self._draft_id is not None:
                    self._database.delete_draft(self._draft_id)
                    _log.debug("Editor emptied; draft %s deleted", self._draft_id)
                    self._draft_id = None
                    self.drafts_changed.emit()
                return
            self._draft_id = self._database.save_draft(self._draft_id, state)
        except (DraftsDatabaseError, OSError, sqlite3.Error) as error:
            self._report_write_failure(error)
            return
        self._write_failed = False
        self.saved.emit(self._draft_id)
        self.drafts_changed.emit()

    def forget_current(self) -> None:
        """Delete the editor's draft row: the post was sent or moved to the outbox."""
        self._timer.stop()
        if self._draft_id is not None:
            self._database.delete_draft(self._draft_id)
            _log.info("Draft %s deleted after sending", self._draft_id)
            self._draft_id = None
            self.drafts_changed.emit()

    def keep_current_as_draft(self) -> bool:
        """Write the editor's post to its row and detach it, so new content gets a new row.

        Returns whether a row was kept; an empty editor keeps none.
        """
        self.save_now()
        kept_id = self._draft_id
        self._draft_id = None
        if kept_id is not None:
            _log.info("Draft %s kept in Local Drafts before the editor was replaced", kept_id)
            # The kept row is no longer the editor's, which the dialog marks.
            self.drafts_changed.emit()
        return kept_id is not None

    # --- restoring ------------------------------------------------------------------------

    def restore_latest(self) -> StoredDraft | None:
        """Load the most recently edited draft into the (empty) editor, with a notice."""
        drafts = self._database.list_drafts()
        if not drafts:
            return None
        latest = drafts[0]
        self.apply(latest.state, draft_id=latest.draft_id)
        self._restore_notice = self._restore_text(len(drafts))
        self._restore_count = len(drafts)
        self._errors.show_info(self._restore_notice)
        _log.info("Restored draft %s of %d at start-up", latest.draft_id, len(drafts))
        return latest

    def apply(self, state: EditorState, *, draft_id: int | None) -> None:
        """Replace the editor's content with ``state``; later saves go to ``draft_id``."""
        self._timer.stop()
        origin = self._composer.ai_draft
        if origin is not None and origin.post_group_id != state.ai_draft_id:
            # The post opened is another one, so saving it must not replace that AI draft.
            self._composer.set_ai_draft(None)
        self._applying = True
        try:
            self._composer.clear_media()
            self._editor.set_caption(state.caption)
            self._apply_schedule(state)
            self._apply_media(state.media)
            self._apply_profiles(state)
        finally:
            self._applying = False
        self._draft_id = draft_id
        if draft_id is not None:
            self.restored.emit(draft_id)

    def open_local_drafts(self, parent: QWidget | None) -> LocalDraftsDialog:
        """Show the Local Drafts dialog (one at a time) and return it."""
        if self._timer.isActive():
            self.save_now()
        if self._dialog is None:
            dialog = LocalDraftsDialog(self._profile_names(), parent)
            dialog.open_requested.connect(self._on_dialog_open_requested)
            dialog.delete_requested.connect(self._on_dialog_delete_requested)
            dialog.finished.connect(self._on_dialog_finished)
            self._dialog = dialog
        self._dialog.set_drafts(self._database.list_drafts(), self._draft_id)
        self._dialog.show()
        self._dialog.raise_()
        return self._dialog

    def replace_editor_content(self, state: EditorState, *, draft_id: int | None) -> None:
        """Load ``state``, asking first when the editor contains a different, non-empty post."""
        self._runner.start(
            _OPEN_DRAFT_TASK,
            self.replace_and_wait(state, draft_id=draft_id),
            action=self.tr("Opening the draft"),
            # The task waits only for the user's choice, so it is never reported as slow.
            cancellable=False,
        )

    async def replace_and_wait(self, state: EditorState, *, draft_id: int | None = None) -> bool:
        """Load ``state`` like ``replace_editor_content``; return False if the user declined.

        With no ``draft_id`` the state is saved as a new draft at once.
        """
        if self._timer.isActive():
            self.save_now()
        current = self.capture()
        other_post = draft_id is None or draft_id != self._draft_id
        # The composer shows the question, and on Replace calls ``keep_current_as_draft``.
        if (
            not current.is_empty()
            and other_post
            and await self._composer.confirm_replace() is not ReplaceChoice.REPLACE
        ):
            return False
        self.apply(state, draft_id=draft_id)
        if draft_id is None:
            self.save_now()
        self._refresh_dialog()
        return True

    # --- internals ------------------------------------------------------------------------

    def _connect_sources(self) -> None:
        editor = self._editor
        editor.caption_edit.textChanged.connect(self._on_content_changed)
        editor.schedule_picker.changed.connect(self._on_content_changed)
        model = self._media_zone.model
        model.rowsInserted.connect(self._on_content_changed)
        model.rowsRemoved.connect(self._on_content_changed)
        model.rowsMoved.connect(self._on_content_changed)
        self._media_zone.media_changed.connect(self._on_content_changed)
        self._profiles.checked_changed.connect(self._on_profiles_checked_changed)
        self._profiles.modelReset.connect(self._on_profiles_model_reset)
        self._composer.post_sent.connect(self._on_composer_post_sent)

    def _on_content_changed(self) -> None:
        if not self._applying:
            self._timer.start()

    def _on_profiles_checked_changed(self, _ids: list[str]) -> None:
        # Ticks the user changes replace those still waiting for the profiles to load.
        if not self._applying and self._profiles.profiles():
            self._pending_profile_ids = None
        self._on_content_changed()

    def _on_profiles_model_reset(self) -> None:
        pending = self._pending_profile_ids
        if pending is None or not self._profiles.profiles():
            return
        known = {profile.id for profile in self._profiles.profiles()}
        if not known & set(pending):
            return  # another workspace's profiles; keep waiting for the draft's own
        self._pending_profile_ids = None
        self._applying = True
        try:
            self._profiles.set_checked_ids(pending)
        finally:
            self._applying = False

    def _restore_text(self, count: int) -> str:
        return self.tr(
            "Restored the post you were writing when the app last closed. "
            "Unsent posts in File → Local Drafts: %n.",
            "",
            count,
        )

    def _update_restore_notice(self) -> None:
        if not self._restore_notice:
            return
        try:
            count = len(self._database.list_drafts())
        except (DraftsDatabaseError, OSError, sqlite3.Error) as error:
            _log.warning("Counting the drafts for the start-up notice failed: %s", error)
            return
        if count == self._restore_count:
            return
        # With no draft left the notice has nothing to point to, so it is withdrawn.
        previous = self._restore_notice
        self._restore_notice = self._restore_text(count) if count else ""
        self._restore_count = count
        self.restore_notice_changed.emit(previous, self._restore_notice)

    def _on_errors_message_posted(self, message: UserMessage) -> None:
        if message.text != self._restore_notice:
            self._restore_notice = ""

    def _on_composer_post_sent(self, _result: object) -> None:
        self.forget_current()

    def _on_application_about_to_quit(self) -> None:
        if self.is_pending():
            _log.info("Writing the pending autosave because Qt is quitting")
            self.save_now()

    def _apply_schedule(self, state: EditorState) -> None:
        picker = self._editor.schedule_picker
        if state.time_zone:
            try:
                picker.set_time_zone(state.time_zone)
            except ValueError as error:
                _log.warning("Restoring the time zone %r failed: %s", state.time_zone, error)
        if state.local_date is not None and state.local_time is not None:
            picker.date_edit.setDate(
                QDate(state.local_date.year, state.local_date.month, state.local_date.day)
            )
            picker.time_edit.setTime(QTime(state.local_time.hour, state.local_time.minute))
        picker.set_draft(state.no_date)

    def _apply_media(self, entries: tuple[MediaEntry, ...]) -> None:
        sources: list[str | Path] = []
        for entry in entries:
            source = _source_to_restore(entry)
            if source is None:
                _log.warning("Media %s of the draft is gone and has no web address", entry.source)
                continue
            sources.append(source)
        if sources:
            # A local file goes through the pipeline again; uploads are keyed by content
            # hash, so a file uploaded before is not stored twice.
            self._media_zone.add_sources(sources)

    def _apply_profiles(self, state: EditorState) -> None:
        known = {profile.id for profile in self._profiles.profiles()}
        if known & set(state.profile_ids) or not state.profile_ids:
            self._pending_profile_ids = None
            self._profiles.set_checked_ids(state.profile_ids)
        else:
            self._pending_profile_ids = state.profile_ids

    def _profile_names(self) -> dict[str, str]:
        # Same-named profiles carry their network, as in the sidebar.
        return self._profiles.display_names()

    def _refresh_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.set_profile_names(self._profile_names())
            self._dialog.set_drafts(self._database.list_drafts(), self._draft_id)

    def _on_dialog_open_requested(self, draft_id: int) -> None:
        stored = self._database.get_draft(draft_id)
        if stored is None:
            self._refresh_dialog()
            return
        self.replace_editor_content(stored.state, draft_id=draft_id)

    def _on_dialog_delete_requested(self, draft_id: int) -> None:
        if draft_id == self._draft_id:
            # Deleting the editor's own draft leaves the editor as it is, unsaved until the
            # next change.
            self._timer.stop()
            self._draft_id = None
        self._database.delete_draft(draft_id)
        _log.info("Local draft %s deleted", draft_id)
        self.drafts_changed.emit()

    def _on_dialog_finished(self, _result: int) -> None:
        if self._dialog is not None:
            self._dialog.deleteLater()
            self._dialog = None

    def _report_write_failure(self, error: Exception) -> None:
        _log.error("Autosaving the editor to %s failed: %s", self._database.path, error)
        if not self._write_failed:
            self._write_failed = True
            self._errors.show_info(
                self.tr(
                    "Autosaving the post to {path} failed ({error}). Free disk space or "
                    "check the folder's permissions; the editor keeps your text meanwhile."
                ).format(path=self._database.path, error=error)
            )


def _source_to_restore(entry: MediaEntry) -> str | Path | None:
    if entry.is_local:
        path = Path(entry.source)
        if path.is_file():
            return path
        return entry.public_url
    return entry.source
