"""Runs the AI panel: generates drafts and campaigns and puts the results in the editor.

The controller joins the AI panel to the workspace (its brand kits, hashtag libraries and
templates), the sidebar's ticked profiles, the post editor and the composer controller. A
generated draft is read back from the post list and loaded into the editor as an
``AiDraftOrigin``. From then on the composer sends it through ``send_ai_draft``, and the
line beside the Schedule button states whether that reschedules the draft or replaces it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QWidget

from ocoya_desktop.api import (
    CampaignRequest,
    HashtagLibrary,
    OcoyaClient,
    PostGroup,
    StudioTemplate,
)
from ocoya_desktop.domain.hashtags import HashtagInsertion, insert_hashtags
from ocoya_desktop.domain.media import MediaError
from ocoya_desktop.domain.networks import Network, network_for_provider
from ocoya_desktop.media_hosts import MediaHost, MediaHostError
from ocoya_desktop.services.ai_drafts import (
    CAMPAIGN_POLL_SECONDS,
    AiDraftChoices,
    AiDraftOrigin,
    AiSendPlan,
    CampaignProgress,
    build_ai_request,
    generate_ai_draft,
    plan_for_content,
    prompt_problem,
    remember_prompt,
    start_campaign,
    watch_campaign,
)
from ocoya_desktop.services.media_pipeline import prepare_local_file
from ocoya_desktop.services.workspace import ImageCache, ImageFetchError, WorkspaceData
from ocoya_desktop.ui.async_dialogs import run_dialog
from ocoya_desktop.ui.composer_controller import ComposerController, DateEffect, ReplaceChoice
from ocoya_desktop.ui.dialogs.campaign_dialog import CampaignDialog
from ocoya_desktop.ui.errors import ErrorPresenter
from ocoya_desktop.ui.models.profile_list_model import ProfileListModel
from ocoya_desktop.ui.settings_store import SettingsStore
from ocoya_desktop.ui.tasks import TaskRunner
from ocoya_desktop.ui.widgets.ai_panel import AiPanel, InsertMode
from ocoya_desktop.ui.workspace_controller import WorkspaceController

_log = logging.getLogger(__name__)

LAST_CHOICES_SETTING = "ai.last_choices"
PROMPT_HISTORY_SETTING = "ai.prompt_history"

HostProvider = Callable[[], MediaHost | None]

# Task keys. Generate is disabled while a draft generates, so none is superseded by a click.
_GENERATE_TASK = "ai-draft"
_REFERENCE_TASK = "ai-reference-upload"
_THUMBNAIL_TASK = "ai-template-thumbnails"
_CAMPAIGN_DIALOG_TASK = "campaign-dialog"
_CAMPAIGN_THUMBNAIL_TASK = "campaign-template-thumbnails"
_CAMPAIGN_TASK = "campaign"

# Characters of the caption that name an AI draft in the panel.
_EXCERPT_LENGTH = 40


def open_ai_draft_text() -> str:
    """Return the text of Post → Open as AI Draft in Editor, with its "&" mnemonic.

    The menu item and the panel's hints that name it both use this, so they cannot differ.
    """
    return QCoreApplication.translate("AiController", "Open as &AI Draft in Editor")


def _menu_name(text: str) -> str:
    return text.replace("&", "")


class AiController(QObject):
    """Generates AI drafts and campaigns from the panel and loads drafts into the editor.

    Signals:
        draft_loaded(AiDraftOrigin): a generated draft is in the editor.
        campaign_finished(CampaignProgress): waiting for a campaign ended, complete or not.
    """

    draft_loaded = Signal(object)
    campaign_finished = Signal(object)

    def __init__(
        self,
        *,
        client: OcoyaClient,
        runner: TaskRunner,
        errors: ErrorPresenter,
        workspace: WorkspaceController,
        profiles: ProfileListModel,
        composer: ComposerController,
        panel: AiPanel,
        settings: SettingsStore,
        host_provider: HostProvider,
        cache_dir: Path,
        images: ImageCache | None = None,
        campaign_poll_seconds: float = CAMPAIGN_POLL_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._runner = runner
        self._errors = errors
        self._workspace = workspace
        self._profiles = profiles
        self._composer = composer
        self._panel = panel
        self._settings = settings
        self._host_provider = host_provider
        self._cache_dir = cache_dir
        self._images = images
        self.campaign_poll_seconds = campaign_poll_seconds
        """Seconds between two reads of the post list while a campaign generates."""
        self._data: WorkspaceData | None = None
        # While the question before replacing the editor's post is open, the panel goes on
        # showing the elapsed time, which the generate task's end would otherwise stop.
        self._replace_pending = False
        # The panel's message after a Replace, and the same without the sentence naming
        # Local Drafts, which is dropped once the editor changes.
        self._kept_message: tuple[str, str] | None = None
        # The id of the draft that the panel's message places in the editor, and the texts of
        # that message. The message is cleared once the editor no longer contains that draft.
        self._loaded_message: tuple[str, frozenset[str]] | None = None

        panel.set_prompt_history(self._prompt_history())
        self._connect_signals()

    @property
    def panel(self) -> AiPanel:
        """The panel this controller runs."""
        return self._panel

    def _connect_signals(self) -> None:
        panel = self._panel
        panel.generate_requested.connect(self._on_panel_generate_requested)
        panel.cancel_requested.connect(self.cancel_generation)
        panel.insert_hashtags_requested.connect(self.insert_hashtags)
        panel.reference_files_chosen.connect(self.add_reference_files)
        panel.forget_draft_requested.connect(self._on_panel_forget_draft_requested)
        panel.campaign_action.triggered.connect(self.start_campaign_dialog)
        panel.campaign_cancel_requested.connect(self.cancel_campaign)
        self._workspace.workspace_loaded.connect(self._on_workspace_loaded)

        editor = self._composer.editor
        self._composer.ai_draft_changed.connect(self._update_send_note)
        self._composer.ai_draft_changed.connect(self._on_composer_ai_draft_changed)
        editor.caption_edit.textChanged.connect(self._update_send_note)
        editor.schedule_picker.changed.connect(self._update_send_note)
        self._composer.media_zone.media_changed.connect(self._update_send_note)
        self._profiles.checked_changed.connect(self._update_send_note)
        editor.caption_edit.textChanged.connect(self._on_editor_edited)
        self._composer.media_zone.model.rowsRemoved.connect(self._on_editor_edited)

    # --- workspace ----------------------------------------------------------------------

    def _on_workspace_loaded(self, data: WorkspaceData) -> None:
        first_time = self._data is None or self._data.workspace_id != data.workspace_id
        self._data = data
        self._panel.set_workspace_data(
            data.brand_kits, data.hashtag_libraries, data.studio_templates
        )
        self._panel.apply_choices(self._remembered_choices(data.workspace_id))
        if first_time and self._composer.ai_draft is not None:
            # The draft belongs to the workspace that was shown before.
            self._composer.set_ai_draft(None)
        self._start_thumbnail_downloads(data.studio_templates)

    def _remembered_choices(self, workspace_id: str) -> AiDraftChoices:
        stored = self._settings.get(LAST_CHOICES_SETTING)
        per_workspace = stored if isinstance(stored, dict) else {}
        return AiDraftChoices.from_settings(per_workspace.get(workspace_id))

    def _remember(self, workspace_id: str, choices: AiDraftChoices) -> None:
        stored = self._settings.get(LAST_CHOICES_SETTING)
        per_workspace = dict(stored) if isinstance(stored, dict) else {}
        per_workspace[workspace_id] = choices.to_settings()
        self._settings.set(LAST_CHOICES_SETTING, per_workspace)
        history = remember_prompt(self._prompt_history(), choices.prompt)
        self._settings.set(PROMPT_HISTORY_SETTING, history)
        self._panel.set_prompt_history(history)

    def _prompt_history(self) -> list[str]:
        stored = self._settings.get(PROMPT_HISTORY_SETTING)
        return (
            [item for item in stored if isinstance(item, str)] if isinstance(stored, list) else []
        )

    def _start_thumbnail_downloads(self, templates: Sequence[StudioTemplate]) -> None:
        with_thumbnails = [template for template in templates if template.thumbnail_url]
        if self._images is None or not with_thumbnails:
            return
        self._runner.start(
            _THUMBNAIL_TASK,
            self._load_thumbnails(self._images, with_thumbnails),
            action=self.tr("Loading Studio template thumbnails"),
        )

    async def _load_thumbnails(
        self,
        images: ImageCache,
        templates: Sequence[StudioTemplate],
        show: Callable[[str, QPixmap], None] | None = None,
    ) -> None:
        # ``show`` receives each thumbnail; by default the panel's template list shows it.
        show_thumbnail = show or self._panel.set_template_thumbnail
        for template in templates:
            assert template.thumbnail_url is not None
            try:
                data = await images.fetch(template.thumbnail_url)
            except ImageFetchError as error:
                # A missing thumbnail is cosmetic: the template's name stays in the list.
                _log.warning("No thumbnail for template %s: %s", template.id, error)
                continue
            image = QImage.fromData(data)
            if not image.isNull():
                show_thumbnail(template.id, QPixmap.fromImage(image))

    # --- generating ---------------------------------------------------------------------

    def generate(self, choices: AiDraftChoices) -> bool:
        """Start generating a draft with ``choices``; return False if it could not start.

        The target profiles are the ones ticked in the sidebar.
        """
        workspace_id = self._workspace.current_workspace_id
        problem = prompt_problem(choices.prompt)
        if problem is not None:
            self._panel.show_message(problem, error=True)
            return False
        if workspace_id is None:
            self._panel.show_message(
                self.tr("No workspace is chosen. Choose one in the sidebar, then try again."),
                error=True,
            )
            return False

        request = build_ai_request(choices, self._profiles.checked_ids())
        self._remember(workspace_id, choices)
        self._kept_message = None
        self._panel.show_message("")
        if not request.social_profile_ids:
            # Ocoya accepts an AI draft without profiles; it is then tied to none.
            self._panel.show_message(self._no_profile_hint())
        _log.info(
            "Generating an AI draft in workspace %s (image: %s, %d references)",
            workspace_id,
            request.generate_image,
            len(request.reference_urls) + len(request.reference_design_ids),
        )
        self._panel.set_generating(True)
        task = self._runner.start(
            _GENERATE_TASK,
            generate_ai_draft(self._client, workspace_id, request),
            action=self.tr("Generating the AI draft"),
            on_success=self._on_draft_generated,
            on_failure=self._on_generation_failed,
            shows_own_errors=True,
        )
        task.add_done_callback(self._on_generate_task_done)
        return True

    def _on_generate_task_done(self, _task: asyncio.Task[AiDraftOrigin]) -> None:
        # Also runs for a task cancelled with its window, which gets no other callback; the
        # panel's elapsed-time timer must stop then too.
        if shiboken6.isValid(self._panel) and not self._replace_pending:
            self._panel.set_generating(False)

    def _on_replace_question_done(self, _task: asyncio.Task[None]) -> None:
        # Runs after the answer, and for a question cancelled with its window.
        self._replace_pending = False
        if shiboken6.isValid(self._panel):
            self._panel.set_generating(False)

    def is_generating(self) -> bool:
        """Return whether a draft is being generated."""
        return self._runner.is_running(_GENERATE_TASK)

    def cancel_generation(self) -> None:
        """Stop waiting for the draft; Ocoya may still finish it."""
        if not self._runner.is_running(_GENERATE_TASK):
            return
        self._runner.cancel(_GENERATE_TASK)
        self._panel.set_generating(False)
        self._panel.show_message(
            self.tr(
                "Stopped waiting. Ocoya may still finish the draft; it then appears in the "
                "schedule as a draft (press F5 to refresh)."
            )
        )
        _log.info("Stopped waiting for the AI draft")

    def _on_panel_generate_requested(self, choices: AiDraftChoices) -> None:
        self.generate(choices)

    def _no_profile_hint(self) -> str:
        return self.tr(
            "No profile is ticked, so the draft is for no profile. Tick profiles in the "
            "sidebar before scheduling it."
        )

    def _on_draft_generated(self, origin: AiDraftOrigin) -> None:
        self._workspace.reload_posts()
        mode = self._panel.insert_mode()
        # A generated draft leaves the picked date as it is, so a date alone is not asked about.
        if mode is InsertMode.AT_CURSOR or not self._composer.needs_replace_question(
            DateEffect.KEPT
        ):
            self._load_generated(origin, mode, kept=False)
            return
        # Replacing typed text is asked about first, and the text is kept in Local Drafts.
        question = self._composer.replace_content(
            lambda choice: self._load_generated(
                origin,
                InsertMode.AT_CURSOR if choice is ReplaceChoice.INSERT_AT_CURSOR else mode,
                kept=choice is ReplaceChoice.REPLACE,
            ),
            action=self.tr("Putting the AI draft in the editor"),
            offer_insert=True,
            date_effect=DateEffect.KEPT,
            on_cancel=self._on_replace_declined,
        )
        if question is not None:
            self._replace_pending = True
            question.add_done_callback(self._on_replace_question_done)

    def _on_replace_declined(self) -> None:
        self._panel.set_generating(False)
        self._panel.show_message(
            self.tr(
                "The editor keeps your post. The AI draft is in the schedule as a draft; "
                "select it and choose Post → {action}."
            ).format(action=_menu_name(open_ai_draft_text()))
        )

    def _load_generated(self, origin: AiDraftOrigin, mode: InsertMode, *, kept: bool) -> None:
        self._panel.set_generating(False)
        self.load_draft(origin, mode)
        parts = [self.tr("The draft is in the editor. Review it, then schedule or save it.")]
        if not origin.social_profile_ids:
            parts.append(self._no_profile_hint())
        if kept:
            shown = " ".join(
                [*parts[:1], self.tr("The post it replaced is in File → Local Drafts."), *parts[1:]]
            )
            self._kept_message = (shown, " ".join(parts))
        else:
            shown = " ".join(parts)
            self._kept_message = None
        self._loaded_message = (origin.post_group_id, frozenset({shown, " ".join(parts)}))
        self._panel.show_message(shown)

    def _on_editor_edited(self, *_args: object) -> None:
        # The sentence about the replaced post is news only until the user edits the post.
        kept = self._kept_message
        if kept is None:
            return
        self._kept_message = None
        if self._panel.message() == kept[0]:
            self._panel.show_message(kept[1])

    def _on_composer_ai_draft_changed(self, origin: AiDraftOrigin | None) -> None:
        loaded = self._loaded_message
        if loaded is None or (origin is not None and origin.post_group_id == loaded[0]):
            return
        self._loaded_message = None
        self._kept_message = None
        # Only the message about the loaded draft is out of date, so an error shown since stays.
        if self._panel.message() in loaded[1]:
            self._panel.show_message("")

    def _on_generation_failed(self, error: BaseException) -> None:
        self._panel.set_generating(False)
        # The panel shows the error beside Generate, which retries, so the message bar does not.
        report = self._errors.describe(error, self.tr("Generating the AI draft"))
        if report is not None:
            self._panel.show_message(report.message.text, error=True)

    def load_draft(
        self,
        origin: AiDraftOrigin,
        mode: InsertMode = InsertMode.REPLACE,
        *,
        scheduled_at: datetime | None = None,
    ) -> None:
        """Put the AI draft in the editor, without asking, and mark the post as coming from it.

        ``scheduled_at`` (aware), the draft's planned time, goes into the picker in the
        editor's time zone; None leaves the picker's time as it is.
        """
        editor = self._composer.editor
        if mode is InsertMode.REPLACE:
            self._composer.clear_media()
            editor.set_caption(origin.caption)
        else:
            editor.insert_text_at_cursor(origin.caption)
        if origin.media_urls:
            self._composer.media_zone.add_sources(list(origin.media_urls))
        self._profiles.set_checked_ids(origin.social_profile_ids)
        if scheduled_at is not None:
            editor.set_scheduled_at(scheduled_at)
        self._composer.set_ai_draft(origin)
        editor.caption_edit.setFocus()
        _log.info("AI draft %s loaded into the editor (%s)", origin.post_group_id, mode.value)
        self.draft_loaded.emit(origin)

    def open_in_editor(self, post: PostGroup) -> None:
        """Load a listed draft (a campaign's, for example) into the editor as an AI draft.

        When the editor contains a post, the user is asked first, and on Replace that post is
        kept in Local Drafts. The draft's planned time, if any, goes into the picker.
        """
        origin = AiDraftOrigin.from_post(post)
        self._composer.replace_content(
            lambda _choice: self.load_draft(origin, scheduled_at=post.scheduled_at),
            action=self.tr("Opening the AI draft in the editor"),
            date_effect=DateEffect.KEPT if post.scheduled_at is None else DateEffect.REPLACED,
        )

    def _on_panel_forget_draft_requested(self) -> None:
        self._composer.set_ai_draft(None)

    # --- the line beside the Schedule button --------------------------------------------

    def _update_send_note(self, *_args: object) -> None:
        origin = self._composer.ai_draft
        editor = self._composer.editor
        if origin is None:
            editor.set_send_note("")
            self._panel.set_draft_status("")
            return
        self._panel.set_draft_status(_describe_origin(origin))
        # Built from the parts, because asking the picker for its time emits ``changed`` again.
        profile_ids = self._profiles.checked_ids()
        plan = plan_for_content(
            origin,
            editor.caption(),
            self._composer.media_zone.media_urls(),
            profile_ids,
            scheduled=bool(profile_ids) and not editor.schedule_picker.is_draft(),
        )
        if plan is AiSendPlan.RESCHEDULE:
            note = self.tr(
                "Unchanged AI draft: Schedule moves the draft itself to the chosen time; no new "
                "post is created."
            )
        elif plan is AiSendPlan.ALREADY_SAVED:
            note = self.tr(
                "Unchanged AI draft: it is already saved on Ocoya as a draft, so saving sends "
                "nothing. Pick profiles and a time to schedule it."
            )
        else:
            note = self.tr(
                "Edited AI draft: saving creates a new post with your version, then deletes "
                "the AI draft on Ocoya."
            )
        editor.set_send_note(note)

    # --- hashtags -----------------------------------------------------------------------

    def insert_hashtags(self, library_id: str) -> HashtagInsertion | None:
        """Add the library's hashtags to the caption within the selected networks' limits."""
        library = next(
            (item for item in self._libraries() if item.id == library_id),
            None,
        )
        if library is None:
            self._panel.show_message(
                self.tr("The hashtag library is no longer in this workspace. Press F5."),
                error=True,
            )
            return None
        editor = self._composer.editor
        result = insert_hashtags(editor.caption(), library.hashtags, self._networks())
        if result.added:
            editor.set_caption(result.caption)
        self._panel.show_message(self._describe_insertion(result))
        _log.info(
            "Inserted %d hashtags from library %s (%d present, %d over the limit)",
            len(result.added),
            library.id,
            len(result.already_present),
            len(result.over_limit),
        )
        return result

    def _libraries(self) -> Sequence[HashtagLibrary]:
        return self._data.hashtag_libraries if self._data is not None else ()

    def _networks(self) -> list[Network]:
        checked = set(self._profiles.checked_ids())
        networks = [
            network_for_provider(profile.provider)
            for profile in self._profiles.profiles()
            if profile.id in checked
        ]
        return list(dict.fromkeys(network for network in networks if network is not None))

    def _describe_insertion(self, result: HashtagInsertion) -> str:
        parts = [self.tr("Added {count} hashtags.").format(count=len(result.added))]
        if result.already_present:
            parts.append(
                self.tr("{count} were already in the caption.").format(
                    count=len(result.already_present)
                )
            )
        if result.over_limit and result.limit is not None:
            parts.append(
                self.tr("{count} left out: {network} allows at most {maximum} hashtags.").format(
                    count=len(result.over_limit),
                    network=result.limit.display_name,
                    maximum=result.limit.maximum,
                )
            )
        if result.invalid:
            parts.append(
                self.tr("Not hashtags, so left out: {tags}.").format(tags=", ".join(result.invalid))
            )
        return " ".join(parts)

    # --- reference images ---------------------------------------------------------------

    def add_reference_files(self, paths: list[Path]) -> None:
        """Host local images through the media host and add their URLs as references."""
        if not paths:
            return
        host = self._host_provider()
        if host is None:
            self._panel.show_message(
                self.tr(
                    "Local images need a media host. Choose one in Settings → Media hosting, "
                    "or paste a public image URL instead."
                ),
                error=True,
            )
            return
        self._runner.start(
            _REFERENCE_TASK,
            self._upload_references(host, paths),
            action=self.tr("Uploading reference images"),
            control=self._panel.add_file_button,
        )

    async def _upload_references(self, host: MediaHost, paths: Sequence[Path]) -> None:
        for path in paths:
            self._panel.show_message(self.tr("Uploading {name}…").format(name=path.name))
            try:
                prepared = await prepare_local_file(path, host=host, cache_dir=self._cache_dir)
            except (MediaError, MediaHostError) as error:
                _log.warning("Reference image %s was not added: %s", path, error)
                self._panel.show_message(
                    self.tr("{name} was not added: {reason}").format(
                        name=path.name, reason=error.message
                    ),
                    error=True,
                )
                continue
            self._panel.add_reference_url(prepared.public_url)
            self._panel.show_message(self.tr("{name} added as a reference.").format(name=path.name))

    # --- campaigns ----------------------------------------------------------------------

    def start_campaign_dialog(self, parent: QWidget | None = None) -> None:
        """Ask for the campaign's options, then start it and follow its drafts."""
        if self._workspace.current_workspace_id is None or self._data is None:
            self._errors.show_info(self.tr("Choose a workspace before generating a campaign."))
            return
        self._runner.start(
            _CAMPAIGN_DIALOG_TASK,
            self._ask_for_campaign(parent or self._panel.window()),
            action=self.tr("Generating a campaign"),
        )

    async def _ask_for_campaign(self, parent: QWidget) -> None:
        assert self._data is not None
        dialog = CampaignDialog(
            brand_kits=self._data.brand_kits,
            libraries=self._data.hashtag_libraries,
            templates=self._data.studio_templates,
            social_profile_ids=self._profiles.checked_ids(),
            parent=parent,
        )
        self._start_dialog_thumbnails(dialog)
        try:
            accepted = await run_dialog(dialog) == QDialog.DialogCode.Accepted
            request = dialog.campaign_request()
        finally:
            # Cancelled before the dialog is deleted, so no thumbnail reaches a deleted list.
            self._runner.cancel(_CAMPAIGN_THUMBNAIL_TASK)
            dialog.deleteLater()
        if accepted and request is not None:
            self.start_campaign(request)

    def _start_dialog_thumbnails(self, dialog: CampaignDialog) -> None:
        # The panel's download has usually filled the image cache already, so this reads
        # the thumbnails from disk.
        assert self._data is not None
        with_thumbnails = [
            template for template in self._data.studio_templates if template.thumbnail_url
        ]
        if self._images is None or not with_thumbnails:
            return
        self._runner.start(
            _CAMPAIGN_THUMBNAIL_TASK,
            self._load_thumbnails(self._images, with_thumbnails, dialog.set_template_thumbnail),
            action=self.tr("Loading Studio template thumbnails"),
        )

    def start_campaign(self, request: CampaignRequest) -> None:
        """Ask Ocoya for the campaign and list its drafts as they appear."""
        workspace_id = self._workspace.current_workspace_id
        if workspace_id is None:
            return
        self._panel.set_campaign_status(
            self.tr("Asking Ocoya to generate {count} posts…").format(count=request.count),
            running=True,
        )
        self._runner.start(
            _CAMPAIGN_TASK,
            self._run_campaign(workspace_id, request),
            action=self.tr("Generating a campaign"),
            on_success=self._on_campaign_finished,
            on_failure=lambda _error: self._panel.set_campaign_status(
                self.tr("The campaign could not be started; see the message above."),
                running=False,
            ),
        )

    async def _run_campaign(self, workspace_id: str, request: CampaignRequest) -> CampaignProgress:
        start = await start_campaign(self._client, workspace_id, request)
        self._on_campaign_progress(CampaignProgress((), start.count))
        return await watch_campaign(
            self._client,
            start,
            on_progress=self._on_campaign_progress,
            poll_seconds=self.campaign_poll_seconds,
        )

    def _on_campaign_progress(self, progress: CampaignProgress) -> None:
        self._panel.set_campaign_status(
            self.tr("Campaign: {done} of {count} drafts generated…").format(
                done=len(progress.drafts), count=progress.count
            ),
            running=True,
        )
        if progress.drafts:
            self._workspace.reload_posts()

    def _on_campaign_finished(self, progress: CampaignProgress) -> None:
        if progress.timed_out:
            text = self.tr(
                "Stopped waiting after {done} of {count} drafts; Ocoya may add the rest later "
                "(press F5 to refresh)."
            ).format(done=len(progress.drafts), count=progress.count)
        else:
            text = self.tr(
                "Campaign ready: {count} drafts are in the schedule. Select one and choose "
                "Post → {action}."
            ).format(count=len(progress.drafts), action=_menu_name(open_ai_draft_text()))
        self._panel.set_campaign_status(text, running=False)
        self._workspace.reload_posts()
        self.campaign_finished.emit(progress)

    def cancel_campaign(self) -> None:
        """Stop following the campaign; Ocoya goes on generating its drafts."""
        self._runner.cancel(_CAMPAIGN_TASK)
        self._panel.set_campaign_status(
            self.tr(
                "Stopped waiting. Ocoya goes on generating; the drafts appear in the schedule "
                "(press F5 to refresh)."
            ),
            running=False,
        )


def _describe_origin(origin: AiDraftOrigin) -> str:
    """Name the AI draft in the editor by the start of its caption, not by its id."""
    words = " ".join(origin.caption.split())
    if not words:
        return QCoreApplication.translate(
            "AiController", "The editor holds an AI draft without a caption."
        )
    if len(words) > _EXCERPT_LENGTH:
        words = words[: _EXCERPT_LENGTH - 1].rstrip() + "…"
    return QCoreApplication.translate(
        "AiController", "The editor holds the AI draft “{excerpt}”."
    ).format(excerpt=words)
