"""The main window: lays out the sidebar, schedule and post editor and wires them up.

The window owns the actions of the menus, toolbar and context menus. Actions that need an
answer from the user (reschedule, delete, connect a profile) open their dialog with
``open()`` through ``ui.async_dialogs`` inside a task, never with ``exec()``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFrame,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ocoya_desktop.api import Me, PostGroup, PostStatus, Workspace
from ocoya_desktop.services.workspace import WorkspaceData
from ocoya_desktop.ui.ai_controller import AiController, open_ai_draft_text
from ocoya_desktop.ui.async_dialogs import ask_question, run_dialog
from ocoya_desktop.ui.bulk_controller import BulkController
from ocoya_desktop.ui.composer_controller import ComposerController
from ocoya_desktop.ui.dialogs.connect_profile_dialog import ConnectProfileDialog
from ocoya_desktop.ui.dialogs.error_details_dialog import ErrorDetailsDialog
from ocoya_desktop.ui.dialogs.reschedule_dialog import RescheduleDialog
from ocoya_desktop.ui.dialogs.shortcuts_dialog import (
    ShortcutsDialog,
    action_keys,
    calendar_keys,
    schedule_tab_keys,
)
from ocoya_desktop.ui.edit_actions import TextEditActions, show_about
from ocoya_desktop.ui.errors import ErrorPresenter, UserMessage
from ocoya_desktop.ui.icons import app_icon
from ocoya_desktop.ui.layout_state import (
    ESTIMATED_FRAME,
    FrameFitter,
    RestoredLayout,
    fit_to_screen,
    restore_layout,
    save_layout,
)
from ocoya_desktop.ui.models.profile_list_model import ProfileListModel
from ocoya_desktop.ui.models.schedule_model import ScheduleModel
from ocoya_desktop.ui.settings_store import SettingsStore
from ocoya_desktop.ui.tasks import TaskRunner
from ocoya_desktop.ui.widgets.account_button import AccountButton
from ocoya_desktop.ui.widgets.ai_panel import DockFocus, use_palette_title_buttons
from ocoya_desktop.ui.widgets.calendar_view import CalendarView
from ocoya_desktop.ui.widgets.demo_banner import DemoBanner
from ocoya_desktop.ui.widgets.message_bar import MessageBar
from ocoya_desktop.ui.widgets.post_editor import PostEditor
from ocoya_desktop.ui.widgets.schedule_view import ScheduleView
from ocoya_desktop.ui.widgets.task_progress_panel import TaskProgressPanel
from ocoya_desktop.ui.widgets.workspace_sidebar import WorkspaceSidebar
from ocoya_desktop.ui.workspace_controller import WorkspaceController

_log = logging.getLogger(__name__)

LAST_WORKSPACE_SETTING = "ui.last_workspace_id"
SCHEDULE_SORT_SETTING = "ui.schedule_sort"
AI_DOCK_WIDTH = 340
# The AI dock's first-run width in a window narrower than DEFAULT_WINDOW_SIZE, so the
# schedule keeps room for its caption column.
AI_DOCK_NARROW_WIDTH = 260
# Room for the sidebar, the schedule, the editor and the AI dock side by side.
DEFAULT_WINDOW_SIZE = (1560, 900)
# The editor's pane is never narrower than this, so that a caption line still shows a few
# words. With the other panes and the AI dock at their own minimum widths, the window's
# minimum width then stays within 800 px (798 px with the test platform's default font).
# Below its own minimum width, the editor scrolls sideways in its pane.
EDITOR_PANE_MIN_WIDTH = 130

# Task keys of the dialogs that lead to a request; a second press replaces the first.
_RESCHEDULE_DIALOG_TASK = "reschedule-dialog"
_DELETE_DIALOG_TASK = "delete-dialog"
_CONNECT_DIALOG_TASK = "connect-dialog"


class CloseReason(StrEnum):
    """Why the main window closed, which decides what the app does next."""

    QUIT = "quit"
    SIGNED_OUT = "signed_out"
    SIGN_IN_REQUIRED = "sign_in_required"


class MainWindow(QMainWindow):
    """The workspace sidebar, the schedule, and the post editor.

    Signals:
        sign_out_requested(): the user chose "Sign out" in the account menu.
        closed(str): the window closed; the payload is a ``CloseReason`` value.
    """

    sign_out_requested = Signal()
    closed = Signal(str)

    def __init__(
        self,
        *,
        me: Me,
        controller: WorkspaceController,
        composer: ComposerController,
        editor: PostEditor,
        profiles: ProfileListModel,
        schedule: ScheduleModel,
        errors: ErrorPresenter,
        runner: TaskRunner,
        settings: SettingsStore,
        demo: bool,
        settings_dialog_factory: Callable[[QWidget], QDialog] | None = None,
        ai: AiController | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ai = ai
        self._controller = controller
        self._composer = composer
        self._settings_dialog_factory = settings_dialog_factory
        self._settings = settings
        self._close_reason = CloseReason.QUIT
        self._runner = runner
        self._restored_workspace_id = _str_or_none(settings.get(LAST_WORKSPACE_SETTING))
        # The status bar's summary; shown again whenever the task runner becomes idle.
        self._profile_count: int | None = None
        self._summary = ""

        self.setWindowTitle(self.tr("Ocoya Desktop"))
        self.setWindowIcon(app_icon())
        self._resize_to_fit_screen()

        self.message_bar = MessageBar(self)
        self.sidebar = WorkspaceSidebar(profiles, self)
        self.schedule_view = ScheduleView(schedule, self)
        self.calendar_view = CalendarView(schedule, self.schedule_view.proxy, parent=self)
        self.undo_actions: list[QAction] = []
        self.editor = editor
        self.editor.setParent(self)
        self.account_button = AccountButton(self)
        self.account_button.set_user(me)
        self.account_button.sign_out_action.setEnabled(not demo)
        self.demo_banner = DemoBanner(self) if demo else None

        self._build_layout()
        self._build_actions()
        self._wire(errors, runner)
        # A reload puts its rows in after the runner has become idle, so the post count
        # follows the model's rows instead.
        schedule.modelReset.connect(self._on_schedule_rows_changed)
        schedule.rowsInserted.connect(self._on_schedule_rows_changed)
        schedule.rowsRemoved.connect(self._on_schedule_rows_changed)
        self._restore_schedule_sort()
        self._bulk: BulkController | None = None
        # Long tasks offer Cancel here: bulk actions with their progress, and any task
        # still running after a couple of seconds.
        self.task_panel = TaskProgressPanel(self)
        self.statusBar().addPermanentWidget(self.task_panel)
        runner.slow_task_started.connect(self.task_panel.show_task)
        runner.slow_task_finished.connect(self.task_panel.finish)
        self.task_panel.cancel_requested.connect(runner.cancel)
        # Without a stored layout, the first show fits the panes to the window's real width. It
        # also does when a stored layout came from a larger screen and the window had to shrink.
        restored = restore_layout(self, self.splitter, settings)
        self._first_run_layout = restored is not RestoredLayout.AS_SAVED
        self._frame_fitter = FrameFitter(self)
        self.sidebar.set_paid_x_ids(composer.paid_x_profile_ids())
        self._update_post_actions()

    @property
    def controller(self) -> WorkspaceController:
        """The controller that loads workspaces into the window's models."""
        return self._controller

    @property
    def composer(self) -> ComposerController:
        """The controller that sends posts and carries out the post actions."""
        return self._composer

    def start(self) -> None:
        """Fetch the workspaces; the last one used (or the first) then loads."""
        self._controller.load_workspaces()

    def close_with_reason(self, reason: CloseReason) -> None:
        """Close the window, reporting ``reason`` through ``closed``."""
        self._close_reason = reason
        self.close()

    def _build_layout(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.addWidget(self.sidebar)
        # The list and the calendar show the same posts through the same filters.
        self.schedule_tabs = QTabWidget(self)
        self.schedule_tabs.setObjectName("ScheduleTabs")
        self.schedule_tabs.addTab(self.schedule_view, self.tr("&List"))
        self.schedule_tabs.addTab(self.calendar_view, self.tr("C&alendar"))
        # Ctrl+Page Down and Ctrl+Page Up switch between the list and the calendar, as they
        # switch tabs in other apps. Qt's tab widget handles only Ctrl+Tab and Ctrl+Shift+Tab.
        # They are kept by step (1 for the next tab), for Help → Keyboard Shortcuts.
        self.schedule_tab_shortcuts: dict[int, QShortcut] = {}
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            tab_shortcut = QShortcut(QKeySequence(keys), self.schedule_tabs)
            tab_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tab_shortcut.activated.connect(partial(self._step_schedule_tab, step))
            self.schedule_tab_shortcuts[step] = tab_shortcut
        self.splitter.addWidget(self.schedule_tabs)
        # The editor scrolls in its pane when the pane is narrower or shorter than the
        # editor's minimum size, so the window fits a 1024x768 screen with the AI dock open.
        self.editor_scroll_area = QScrollArea(self)
        self.editor_scroll_area.setObjectName("EditorScrollArea")
        self.editor_scroll_area.setWidgetResizable(True)
        self.editor_scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.editor_scroll_area.setMinimumWidth(EDITOR_PANE_MIN_WIDTH)
        self.editor_scroll_area.setWidget(self.editor)
        self.splitter.addWidget(self.editor_scroll_area)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([210, 560, 430])
        self.splitter.setChildrenCollapsible(False)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if self.demo_banner is not None:
            layout.addWidget(self.demo_banner)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._build_ai_dock()

    def _resize_to_fit_screen(self) -> None:
        """Take the first-run size, shrunk to fit the screen with the window's frame.

        A restored layout replaces this size.
        """
        self.resize(*DEFAULT_WINDOW_SIZE)
        fit_to_screen(self, ESTIMATED_FRAME)

    def _build_actions(self) -> None:
        self.refresh_action = self._action(
            self.tr("&Refresh"), QKeySequence(Qt.Key.Key_F5), self.tr("Load the workspace again")
        )
        self.quit_action = self._action(self.tr("&Quit"), QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.find_action = self._action(self.tr("&Find in Schedule"), QKeySequence("Ctrl+F"))
        self.new_post_action = self._action(
            self.tr("&New Post"),
            QKeySequence("Ctrl+N"),
            self.tr("Start an empty post; the current one stays in Local Drafts"),
        )
        self.settings_action = self._action(
            self.tr("&Settings…"), QKeySequence("Ctrl+,"), self.tr("Media hosting and more")
        )
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.setEnabled(self._settings_dialog_factory is not None)
        self.connect_profile_action = self._action(
            self.tr("&Connect a Profile…"),
            QKeySequence("Ctrl+Shift+P"),
            self.tr("Open Ocoya's page for connecting a social profile in your browser"),
        )
        self.reschedule_action = self._action(
            self.tr("Re&schedule…"), QKeySequence("Ctrl+R"), self.tr("Pick a new time")
        )
        self.delete_action = self._action(
            self.tr("&Delete…"), QKeySequence(QKeySequence.StandardKey.Delete)
        )
        # Delete acts only while the schedule has the focus: in the caption it deletes text.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.duplicate_action = self._action(
            self.tr("D&uplicate into Editor"),
            QKeySequence("Ctrl+D"),
            self.tr("Copy the caption, media and profiles into the editor"),
        )
        self.shortcuts_action = self._action(
            self.tr("&Keyboard Shortcuts…"), QKeySequence(QKeySequence.StandardKey.HelpContents)
        )

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.new_post_action)
        file_menu.addAction(self.connect_profile_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.text_actions = TextEditActions(self)
        self.edit_menu.addActions(self.text_actions.actions()[:3])
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.text_actions.select_all_action)
        self.edit_menu.aboutToShow.connect(self.text_actions.update_enabled)
        post_menu = self.menuBar().addMenu(self.tr("&Post"))
        # Refresh is in View and on the toolbar; a second menu entry would be noise.
        for action in self._post_actions():
            if action is not self.refresh_action:
                post_menu.addAction(action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self.refresh_action)
        view_menu.addAction(self.find_action)
        self._add_ai_actions(post_menu, view_menu)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        self.about_action = help_menu.addAction(self.tr("&About Ocoya Desktop"))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(lambda: show_about(self))
        about_qt = help_menu.addAction(self.tr("About &Qt"))
        about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        about_qt.triggered.connect(QApplication.aboutQt)
        # Kept for entries added after construction, such as Local Drafts and Outbox.
        self.file_menu = file_menu
        self.view_menu = view_menu

        self.schedule_view.set_post_actions(self._post_actions())
        # The Delete shortcut needs the action on the widget whose focus enables it.
        self.schedule_view.table.addAction(self.delete_action)
        self.calendar_view.set_post_actions(self._post_actions())
        self.calendar_view.grid.addAction(self.delete_action)

        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("MainToolBar")
        toolbar.setMovable(False)
        toolbar.addAction(self.refresh_action)
        toolbar.addSeparator()
        toolbar.addAction(self.reschedule_action)
        toolbar.addAction(self.duplicate_action)
        toolbar.addAction(self.delete_action)
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.account_button)

    def _action(self, text: str, shortcut: QKeySequence, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        return action

    def _post_actions(self) -> list[QAction]:
        return [
            self.reschedule_action,
            self.duplicate_action,
            self.delete_action,
            self.refresh_action,
        ]

    def shortcut_actions(self) -> list[QAction]:
        """Return the actions listed in Help → Keyboard Shortcuts.

        Every menu action with a shortcut is gathered from the menu bar when called, so
        entries added later (Local Drafts, Outbox, Load All Posts) are included, followed by
        the editor's own Schedule and Save draft.
        """
        found: list[QAction] = []
        pending = list(self.menuBar().actions())
        while pending:
            action = pending.pop(0)
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                pending[0:0] = submenu.actions()
            elif action.shortcuts() and action not in found:
                found.append(action)
        for action in (self.editor.schedule_action, self.editor.save_draft_action):
            if action not in found:
                found.append(action)
        return found

    def set_undo_stack(self, stack: QUndoStack) -> None:
        """Offer Undo and Redo in the Edit menu: of the focused text field, else of ``stack``."""
        self.text_actions.set_undo_stack(stack)
        self.undo_actions = [self.text_actions.undo_action, self.text_actions.redo_action]
        first = self.text_actions.cut_action
        self.edit_menu.insertActions(first, self.undo_actions)
        self.edit_menu.insertSeparator(first)

    def _on_calendar_post_activated(self, post_id: str) -> None:
        # The calendar's selection is mirrored in the list, which the post actions read.
        if self.schedule_view.select_post(post_id):
            self._on_duplicate_action_triggered()

    def _wire(self, errors: ErrorPresenter, runner: TaskRunner) -> None:
        errors.message_posted.connect(self.message_bar.show_message)
        errors.sign_in_requested.connect(self._on_errors_sign_in_requested)
        runner.busy_changed.connect(self._on_runner_busy_changed)
        self.message_bar.details_requested.connect(self._on_message_bar_details_requested)

        self.sidebar.workspace_selected.connect(self._on_sidebar_workspace_selected)
        self._controller.workspaces_loaded.connect(self._on_controller_workspaces_loaded)
        self._controller.workspace_loaded.connect(self._on_controller_workspace_loaded)

        self.refresh_action.triggered.connect(self._on_refresh_action_triggered)
        self.quit_action.triggered.connect(self._on_quit_action_triggered)
        self.find_action.triggered.connect(self.schedule_view.focus_search)
        self.new_post_action.triggered.connect(self._on_new_post_action_triggered)
        self.settings_action.triggered.connect(self._on_settings_action_triggered)
        self.connect_profile_action.triggered.connect(self.start_connect_profile)
        self.reschedule_action.triggered.connect(self.start_reschedule)
        self.delete_action.triggered.connect(self.start_delete)
        self.duplicate_action.triggered.connect(self._on_duplicate_action_triggered)
        self.shortcuts_action.triggered.connect(self._on_shortcuts_action_triggered)
        self.account_button.sign_out_requested.connect(self.sign_out_requested)

        self.sidebar.paid_x_toggled.connect(self._on_sidebar_paid_x_toggled)
        self.sidebar.connect_profile_requested.connect(self.start_connect_profile)
        self.schedule_view.current_post_changed.connect(self._update_post_actions)
        self.calendar_view.grid.post_selected.connect(self.schedule_view.select_post)
        self.calendar_view.grid.post_activated.connect(self._on_calendar_post_activated)
        # Double-click or Enter on a row does what it does on a calendar chip.
        self.schedule_view.table.activated.connect(self._on_duplicate_action_triggered)

    def _on_controller_workspaces_loaded(self, workspaces: list[Workspace]) -> None:
        self.sidebar.set_workspaces(workspaces)
        if not workspaces:
            self.statusBar().showMessage(self.tr("This API key reaches no workspace."))
            return
        preferred = self._restored_workspace_id
        if preferred is None or not self.sidebar.select_workspace(preferred):
            self.sidebar.select_workspace(workspaces[0].id)

    def _on_sidebar_workspace_selected(self, workspace_id: str) -> None:
        self._settings.set(LAST_WORKSPACE_SETTING, workspace_id)
        self._controller.select(workspace_id)

    def _on_controller_workspace_loaded(self, data: WorkspaceData) -> None:
        self._profile_count = len(data.social_profiles)
        self._show_summary()

    def _show_summary(self) -> None:
        """Show the profile and post counts; the post count is read from the model now."""
        self._summary = self._summary_text()
        self.statusBar().showMessage(self._summary)

    def _summary_text(self) -> str:
        count = self.schedule_view.proxy.sourceModel().rowCount()
        return self.tr("{profiles} social profiles, {posts} posts loaded").format(
            profiles=self._profile_count, posts=count
        )

    def _restore_schedule_sort(self) -> None:
        """Sort the list as the user last did, and remember each new choice."""
        stored = self._settings.get(SCHEDULE_SORT_SETTING)
        if isinstance(stored, str) and stored:
            self.schedule_view.sort_by_text(stored)
        header = self.schedule_view.table.horizontalHeader()
        header.sortIndicatorChanged.connect(self._on_schedule_sort_changed)

    def _on_schedule_sort_changed(self, *_args: object) -> None:
        self._settings.set(SCHEDULE_SORT_SETTING, self.schedule_view.sort_text())

    def _on_schedule_rows_changed(self, *_args: object) -> None:
        if self._profile_count is None:
            return
        # The new count replaces the summary only where the summary is shown. "Loading…"
        # and any other message stay, and the next idle runner shows the new count.
        summary_shown = self.statusBar().currentMessage() == self._summary
        self._summary = self._summary_text()
        if summary_shown:
            self.statusBar().showMessage(self._summary)

    def status_summary(self) -> str:
        """Return the latest "N social profiles, M posts loaded" text ("" before a load)."""
        return self._summary

    def _on_runner_busy_changed(self, busy: bool) -> None:
        current = self.statusBar().currentMessage()
        if busy:
            self.statusBar().showMessage(self.tr("Loading…"))
            return
        # Deletes and Load All change the post count, so the summary is rebuilt once idle.
        # Any other message (such as "no workspace") is left in place.
        if current not in ("", self.tr("Loading…"), self._summary):
            return
        if self._profile_count is None:
            self.statusBar().clearMessage()
        else:
            self._show_summary()

    def _on_refresh_action_triggered(self) -> None:
        self.message_bar.dismiss()
        self._controller.refresh()

    def _on_quit_action_triggered(self) -> None:
        self.close_with_reason(CloseReason.QUIT)

    def _step_schedule_tab(self, step: int) -> None:
        """Show the next (``step`` 1) or previous (-1) schedule tab, wrapping around."""
        tabs = self.schedule_tabs
        tabs.setCurrentIndex((tabs.currentIndex() + step) % tabs.count())

    # --- post actions -------------------------------------------------------------------

    def start_reschedule(self) -> None:
        """Ask for a new time for the selected post, then reschedule it."""
        post = self.schedule_view.current_post()
        if post is None or not _can_reschedule(post):
            return
        self._runner.start(
            _RESCHEDULE_DIALOG_TASK,
            self._reschedule(post),
            action=self.tr("Rescheduling the post"),
            cancellable=False,
        )

    async def _reschedule(self, post: PostGroup) -> None:
        time_zone = self._settings.get("composer.time_zone")
        # After a failed reschedule the dialog offers the time the user picked then.
        failed_time = self._composer.failed_reschedule_time(post)
        note = ""
        if failed_time is not None:
            note = self.tr(
                "Rescheduling to this time failed. Press Reschedule to try again, or pick "
                "another time."
            )
        dialog = RescheduleDialog(
            _caption(post),
            post.scheduled_at,
            time_zone=time_zone if isinstance(time_zone, str) else "",
            start_at=failed_time,
            note=note,
            parent=self,
        )
        try:
            accepted = await run_dialog(dialog) == QDialog.DialogCode.Accepted
            scheduled_at = dialog.scheduled_at()
        finally:
            dialog.deleteLater()
        if accepted and scheduled_at is not None:
            self._composer.reschedule(post, scheduled_at)

    def start_delete(self) -> None:
        """Ask for confirmation, then delete the selected post (or posts)."""
        selected = self.schedule_view.selected_posts()
        if len(selected) > 1 and self._bulk is not None:
            self._bulk.start_delete(selected)
            return
        post = self.schedule_view.current_post()
        if post is None:
            return
        self._runner.start(
            _DELETE_DIALOG_TASK,
            self._delete(post),
            action=self.tr("Deleting the post"),
            cancellable=False,
        )

    async def _delete(self, post: PostGroup) -> None:
        excerpt = _caption(post)
        if len(excerpt) > 80:
            excerpt = excerpt[:79] + "…"
        answer = await ask_question(
            self,
            self.tr("Delete post"),
            self.tr("Delete this post from Ocoya? This cannot be undone.\n\n{caption}").format(
                caption=excerpt or self.tr("(no caption)")
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
            button_texts={QMessageBox.StandardButton.Yes: self.tr("Delete")},
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._composer.delete(post)

    def start_connect_profile(self) -> None:
        """Ask for the network, then open Ocoya's connection page in the browser."""
        self._runner.start(
            _CONNECT_DIALOG_TASK,
            self._connect_profile(),
            action=self.tr("Connecting a profile"),
            cancellable=False,
        )

    async def _connect_profile(self) -> None:
        dialog = ConnectProfileDialog(self)
        try:
            accepted = await run_dialog(dialog) == QDialog.DialogCode.Accepted
            provider = dialog.provider()
        finally:
            dialog.deleteLater()
        if accepted:
            self._composer.connect_profile(provider)

    def _on_duplicate_action_triggered(self, *_args: object) -> None:
        # The editor contains one post, so duplicating needs exactly one selected row. Enter or
        # a double-click with several rows selected does nothing, like the disabled action.
        selected = self.schedule_view.selected_posts()
        if len(selected) == 1:
            self._composer.duplicate(selected[0])

    def _update_post_actions(self) -> None:
        post = self.schedule_view.current_post()
        has_post = post is not None
        self.delete_action.setEnabled(has_post)
        count = len(self.schedule_view.selected_posts())
        self.duplicate_action.setEnabled(count == 1)
        if count > 1:
            tip = self.tr("Select a single post to duplicate it into the editor.")
        else:
            tip = self.tr("Copy the caption, media and profiles into the editor")
        self.duplicate_action.setToolTip(tip)
        self.duplicate_action.setStatusTip(tip)
        # Reschedule picks one time for one post, like Duplicate.
        can_move = count == 1 and post is not None and _can_reschedule(post)
        self.reschedule_action.setEnabled(can_move)
        if count > 1:
            tip = self.tr("Select a single post to reschedule it.")
        elif post is not None and not can_move:
            tip = self.tr("A post that was already published cannot be rescheduled.")
        else:
            tip = self.tr("Pick a new time for the selected post")
        self.reschedule_action.setToolTip(tip)
        self.reschedule_action.setStatusTip(tip)
        if count > 1 and self._bulk is not None:
            self.delete_action.setText(self.tr("&Delete {count} Posts…").format(count=count))
        else:
            self.delete_action.setText(self.tr("&Delete…"))

    # --- the AI draft dock -------------------------------------------------------------

    def _build_ai_dock(self) -> None:
        self.ai_dock: QDockWidget | None = None
        if self._ai is None:
            return
        # Docks are restored by object name, so this one keeps its place between sessions.
        self.ai_dock = QDockWidget(self.tr("AI Draft"), self)
        self.ai_dock.setObjectName("AiDraftDock")
        self.ai_dock.setWidget(self._ai.panel)
        use_palette_title_buttons(self.ai_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.ai_dock)
        # The first-run width; Qt narrows it when the window is too small, and a restored
        # layout replaces it.
        self.resizeDocks([self.ai_dock], [AI_DOCK_WIDTH], Qt.Orientation.Horizontal)

    def _add_ai_actions(self, post_menu: QMenu, view_menu: QMenu) -> None:
        self.open_ai_draft_action = self._action(
            open_ai_draft_text(),
            QKeySequence("Ctrl+Shift+D"),
            self.tr(
                "Load the selected draft into the editor; scheduling it unchanged moves the "
                "draft itself"
            ),
        )
        self.open_ai_draft_action.setEnabled(False)
        if self._ai is None or self.ai_dock is None:
            return
        post_menu.addSeparator()
        post_menu.addAction(self.open_ai_draft_action)
        post_menu.addAction(self._ai.panel.campaign_action)
        view_menu.addSeparator()
        toggle = self.ai_dock.toggleViewAction()
        # The dock sets this text from its title; Alt+I is free in the View menu, where
        # Load All Posts takes Alt+A.
        toggle.setText(self.tr("A&I Draft"))
        toggle.setShortcut(QKeySequence("Ctrl+Shift+G"))
        view_menu.addAction(toggle)
        self._ai_dock_focus = DockFocus(
            self.ai_dock, self._ai.panel.prompt_edit, self.editor.caption_edit
        )
        self.open_ai_draft_action.triggered.connect(self._on_open_ai_draft_action_triggered)
        self.schedule_view.current_post_changed.connect(self._update_ai_actions)

    def _update_ai_actions(self) -> None:
        post = self.schedule_view.current_post()
        self.open_ai_draft_action.setEnabled(post is not None and post.status == PostStatus.DRAFT)

    def _on_open_ai_draft_action_triggered(self) -> None:
        post = self.schedule_view.current_post()
        if self._ai is not None and post is not None and post.status == PostStatus.DRAFT:
            self._ai.open_in_editor(post)

    def _on_sidebar_paid_x_toggled(self, profile_id: str, paid: bool) -> None:
        self._composer.set_paid_x(profile_id, paid)
        self.sidebar.set_paid_x_ids(self._composer.paid_x_profile_ids())

    def _on_new_post_action_triggered(self) -> None:
        self._composer.new_post()

    def _on_settings_action_triggered(self) -> None:
        if self._settings_dialog_factory is None:
            return
        dialog = self._settings_dialog_factory(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_shortcuts_action_triggered(self) -> None:
        tab_keys = schedule_tab_keys(
            self.schedule_tab_shortcuts[-1].key(), self.schedule_tab_shortcuts[1].key()
        )
        sections = [
            (self.tr("In the list and the calendar"), tab_keys),
            (self.tr("In the calendar"), calendar_keys()),
            (
                self.tr("In the media area"),
                action_keys(self._composer.media_zone.shortcut_actions()),
            ),
        ]
        if self._ai is not None:
            ai_keys = action_keys(self._ai.panel.shortcut_actions())
            sections.append((self.tr("In the AI draft panel"), ai_keys))
        dialog = ShortcutsDialog(self.shortcut_actions(), parent=self, sections=sections)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_errors_sign_in_requested(self) -> None:
        self.close_with_reason(CloseReason.SIGN_IN_REQUIRED)

    def _on_message_bar_details_requested(self, details: str) -> None:
        dialog = ErrorDetailsDialog(details, self)
        dialog.show()

    def add_reliability_tools(
        self,
        *,
        open_local_drafts: Callable[[], object],
        outbox_view: QWidget,
        indicator: QWidget,
    ) -> None:
        """Add File → Local Drafts…, the Outbox dock (View → Outbox) and the offline notice."""
        self.local_drafts_action = self._action(
            self.tr("&Local Drafts…"),
            QKeySequence("Ctrl+Shift+L"),
            self.tr("Unsent posts saved on this computer"),
        )
        self.local_drafts_action.triggered.connect(open_local_drafts)
        self.file_menu.insertAction(self.settings_action, self.local_drafts_action)

        self.outbox_dock = QDockWidget(self.tr("Outbox"), self)
        self.outbox_dock.setObjectName("OutboxDock")
        self.outbox_dock.setWidget(outbox_view)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.outbox_dock)
        self.outbox_dock.hide()
        self.outbox_action = self.outbox_dock.toggleViewAction()
        self.outbox_action.setText(self.tr("&Outbox"))
        self.outbox_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.outbox_action)

        self.statusBar().addPermanentWidget(indicator)

    def replace_message(self, current: str, replacement: str) -> None:
        """Show the notice ``replacement`` in place of ``current``, or hide ``current`` for "".

        Nothing changes unless the message bar still shows ``current``, so a newer message, or
        a message the user dismissed, is left as it is.
        """
        if not current or self.message_bar.text() != current:
            return
        if replacement:
            self.message_bar.show_message(UserMessage(replacement, is_error=False))
        else:
            self.message_bar.dismiss()

    def attach_bulk_controller(self, bulk: BulkController) -> None:
        """Offer View → Load All Posts, and delete a multi-row selection through ``bulk``."""
        self._bulk = bulk
        self.view_menu.addSeparator()
        if bulk.load_all_action.shortcut().isEmpty():
            bulk.load_all_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.view_menu.addAction(bulk.load_all_action)
        self._update_post_actions()

    def show_outbox(self) -> None:
        """Show the Outbox dock, if the reliability tools were added."""
        dock = getattr(self, "outbox_dock", None)
        if isinstance(dock, QDockWidget):
            dock.show()
            dock.raise_()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._first_run_layout:
            self._first_run_layout = False
            self._fit_narrow_window()

    def _fit_narrow_window(self) -> None:
        """Share the width of a first-run window narrower than the default among the panes.

        Otherwise, at 1366 px the editor and the dock keep their widths and the schedule's
        caption column shrinks to a few characters, and at 1024 px the editor gets a sliver.
        As the window narrows, the schedule gives way first, down to its minimum width. Then
        the AI dock narrows from AI_DOCK_NARROW_WIDTH to its minimum, then the sidebar, and
        last the editor, which then scrolls sideways. A layout restored as it was saved is never
        changed here.
        """
        if self.width() >= DEFAULT_WINDOW_SIZE[0]:
            return
        sidebar, schedule, editor = self.splitter.sizes()
        # The width that the panes and the dock share, without the splitter's handles.
        shared = sidebar + schedule + editor
        schedule_minimum = _minimum_width(self.schedule_tabs)
        # The editor is usually taller than its pane, so its vertical scroll bar needs room.
        scroll_bar = self.editor_scroll_area.verticalScrollBar().sizeHint().width()
        editor_width = self.editor.minimumSizeHint().width() + scroll_bar
        # A dock closed in the restored layout takes no room.
        if self.ai_dock is not None and not self.ai_dock.isHidden():
            shared += self.ai_dock.width()
            room = shared - sidebar - schedule_minimum - editor_width
            dock_minimum = _minimum_width(self.ai_dock)
            dock = max(dock_minimum, min(AI_DOCK_NARROW_WIDTH, room))
            self.resizeDocks([self.ai_dock], [dock], Qt.Orientation.Horizontal)
            shared -= dock
        sidebar_minimum = _minimum_width(self.sidebar)
        sidebar = max(sidebar_minimum, min(sidebar, shared - schedule_minimum - editor_width))
        editor = max(EDITOR_PANE_MIN_WIDTH, min(editor_width, shared - sidebar - schedule_minimum))
        self.splitter.setSizes([sidebar, shared - sidebar - editor, editor])

    def closeEvent(self, event: QCloseEvent) -> None:
        save_layout(self, self.splitter, self._settings)
        self._runner.cancel_all()
        self._composer.media_zone.cancel_all()
        _log.info("Main window closed (%s)", self._close_reason.value)
        super().closeEvent(event)
        self.closed.emit(self._close_reason.value)


def _minimum_width(widget: QWidget) -> int:
    """Return the width below which a layout or splitter does not shrink ``widget``."""
    return widget.minimumSizeHint().expandedTo(widget.minimumSize()).width()


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _can_reschedule(post: PostGroup) -> bool:
    return post.status != PostStatus.POSTED


def _caption(post: PostGroup) -> str:
    return next((item.caption for item in post.posts if item.caption), "")
