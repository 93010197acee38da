"""Loads workspaces into the sidebar and schedule models through the task runner."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from ocoya_desktop.api import SocialProfile, Workspace
from ocoya_desktop.services.workspace import (
    ImageCache,
    ImageFetchError,
    PostsPage,
    WorkspaceData,
    WorkspaceLoader,
    list_workspaces,
)
from ocoya_desktop.ui.icons import round_avatar
from ocoya_desktop.ui.models.profile_list_model import ProfileListModel
from ocoya_desktop.ui.models.schedule_model import ScheduleModel
from ocoya_desktop.ui.tasks import TaskRunner
from ocoya_desktop.ui.widgets.workspace_sidebar import AVATAR_SIZE

_log = logging.getLogger(__name__)

# Task keys: starting a task under a key cancels the earlier one with that key.
_WORKSPACES_TASK = "workspaces"
_WORKSPACE_TASK = "workspace"
_PAGE_TASK = "posts-page"
_AVATARS_TASK = "avatars"


class WorkspaceController(QObject):
    """Keeps the profile and schedule models showing the chosen workspace.

    Signals:
        workspaces_loaded(list): the workspaces the key can reach (``list[Workspace]``).
        workspace_loaded(object): the ``WorkspaceData`` now shown, cached or fresh.
        workspace_failed(str): loading the workspace with this id failed.
        posts_reloaded(): ``reload_posts`` put a fresh first page in the schedule.
    """

    workspaces_loaded = Signal(list)
    posts_reloaded = Signal()
    workspace_loaded = Signal(object)
    workspace_failed = Signal(str)

    def __init__(
        self,
        loader: WorkspaceLoader,
        images: ImageCache | None,
        runner: TaskRunner,
        profiles: ProfileListModel,
        schedule: ScheduleModel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._loader = loader
        self._images = images
        self._runner = runner
        self._profiles = profiles
        self._schedule = schedule
        self._current: str | None = None
        self._data: WorkspaceData | None = None
        schedule.page_requested.connect(self._on_schedule_page_requested)

    @property
    def current_workspace_id(self) -> str | None:
        """The workspace chosen last, whether or not its data has arrived."""
        return self._current

    @property
    def data(self) -> WorkspaceData | None:
        """The data shown now, or None while the chosen workspace loads for the first time."""
        return self._data

    def load_workspaces(self) -> None:
        """Fetch the list of workspaces; ``workspaces_loaded`` reports it."""
        self._runner.start(
            _WORKSPACES_TASK,
            list_workspaces(self._loader.client),
            action=self.tr("Loading the list of workspaces"),
            on_success=self._on_workspaces_listed,
        )

    def select(self, workspace_id: str) -> None:
        """Show ``workspace_id``: cached data at once if recent, then a fresh load."""
        _log.debug("Workspace %s selected", workspace_id)
        self._current = workspace_id
        self._runner.cancel(_PAGE_TASK)
        self._runner.cancel(_AVATARS_TASK)

        cached = self._loader.cached(workspace_id)
        if cached is not None:
            self._show(cached)
        elif self._data is not None and self._data.workspace_id == workspace_id:
            # A refresh: the shown profiles, and the ticks on them, stay until the fresh copy
            # replaces them, which keeps the ticks of profiles that still exist.
            pass
        else:
            self._data = None
            self._profiles.set_profiles([])
            self._schedule.clear()

        self._runner.start(
            _WORKSPACE_TASK,
            self._loader.load(workspace_id),
            action=self.tr("Loading the workspace"),
            on_success=self._on_workspace_fetched,
            on_failure=lambda _error: self.workspace_failed.emit(workspace_id),
        )

    def refresh(self) -> None:
        """Load the current workspace again, bypassing the cache."""
        if self._current is None:
            self.load_workspaces()
            return
        self._loader.forget(self._current)
        self.select(self._current)

    def reload_posts(self) -> None:
        """Load the first page of posts again, keeping the profiles and their ticks."""
        workspace_id = self._current
        if workspace_id is None:
            return
        # The cached copy contains the old first page, which switching back must not show.
        self._loader.forget(workspace_id)
        self._runner.start(
            _PAGE_TASK,
            self._loader.load_page(workspace_id, 0),
            action=self.tr("Loading the posts"),
            on_success=self._on_first_page_fetched,
            on_failure=lambda _error: self._schedule.page_failed(workspace_id),
        )

    def is_loading(self) -> bool:
        """Return whether the workspace or one of its pages is loading."""
        return self._runner.is_running(_WORKSPACE_TASK) or self._runner.is_running(_PAGE_TASK)

    def _on_workspaces_listed(self, workspaces: Sequence[Workspace]) -> None:
        self.workspaces_loaded.emit(list(workspaces))

    def _on_workspace_fetched(self, data: WorkspaceData) -> None:
        if data.workspace_id != self._current:
            _log.debug("Ignoring data for workspace %s, no longer chosen", data.workspace_id)
            return
        self._show(data)

    def _show(self, data: WorkspaceData) -> None:
        self._data = data
        self._profiles.set_profiles(data.social_profiles)
        self._schedule.reset_posts(data.first_page)
        self._start_avatar_downloads(data.social_profiles)
        self.workspace_loaded.emit(data)

    def _on_schedule_page_requested(self, workspace_id: str, page: int) -> None:
        if workspace_id != self._current:
            return
        self._runner.start(
            _PAGE_TASK,
            self._loader.load_page(workspace_id, page),
            action=self.tr("Loading more posts"),
            on_success=self._on_page_fetched,
            on_failure=lambda _error: self._schedule.page_failed(workspace_id),
        )

    def _on_first_page_fetched(self, page: PostsPage) -> None:
        if page.workspace_id == self._current:
            self._schedule.reset_posts(page)
            self.posts_reloaded.emit()

    def _on_page_fetched(self, page: PostsPage) -> None:
        if not self._schedule.append_page(page):
            _log.debug("Ignoring page %d of workspace %s", page.page, page.workspace_id)

    def _start_avatar_downloads(self, profiles: Sequence[SocialProfile]) -> None:
        missing = [p for p in profiles if p.image and not self._profiles.has_avatar(p.id)]
        if self._images is None or not missing:
            return
        self._runner.start(
            _AVATARS_TASK,
            self._load_avatars(self._images, missing),
            action=self.tr("Loading profile pictures"),
        )

    async def _load_avatars(self, images: ImageCache, profiles: Sequence[SocialProfile]) -> None:
        await asyncio.gather(*(self._load_avatar(images, profile) for profile in profiles))

    async def _load_avatar(self, images: ImageCache, profile: SocialProfile) -> None:
        assert profile.image is not None
        try:
            data = await images.fetch(profile.image)
        except ImageFetchError as error:
            # A missing picture is cosmetic: the network icon stays, and the log records why.
            _log.warning("No avatar for profile %s: %s", profile.id, error)
            return
        # Decoded on the GUI thread, which is cheap for an avatar. NOTE: a GUI test run hung
        # while worker threads decoded images; the cause is not confirmed.
        image = QImage.fromData(data)
        if image.isNull():
            _log.warning("The avatar of profile %s is not a readable image", profile.id)
            return
        self._profiles.set_avatar(profile.id, round_avatar(image, AVATAR_SIZE))
