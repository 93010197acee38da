"""The sidebar: a workspace chooser above the workspace's social profiles."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ocoya_desktop.api import Workspace
from ocoya_desktop.domain.networks import Network, network_for_provider
from ocoya_desktop.ui.models.profile_list_model import (
    ProfileIdRole,
    ProfileListModel,
    ProviderRole,
)
from ocoya_desktop.ui.widgets.profile_delegate import ProfileDelegate

AVATAR_SIZE = 32


class WorkspaceSidebar(QWidget):
    """Lets the user pick a workspace and check the social profiles to post to.

    Right-clicking an X profile offers "Paid X account", which raises its caption limit.

    Signals:
        workspace_selected(str): the user (or ``select_workspace``) chose a workspace id.
        paid_x_toggled(str, bool): the user marked the X profile with this id as paid (True)
            or not paid (False).
        connect_profile_requested(): the user pressed "Connect a profile…".
    """

    workspace_selected = Signal(str)
    paid_x_toggled = Signal(str, bool)
    connect_profile_requested = Signal()

    def __init__(self, profiles: ProfileListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._combo = QComboBox(self)
        self._combo.setAccessibleName(self.tr("Workspace"))
        self._combo.setToolTip(self.tr("Workspace"))

        self._profiles_label = QLabel(self.tr("Social profiles"), self)
        self._list = QListView(self)
        self._list.setModel(profiles)
        self._list.setIconSize(QSize(AVATAR_SIZE, AVATAR_SIZE))
        self._list.setUniformItemSizes(True)
        # Each row shows the name, cut at the end when too long, above the network's name, so
        # profiles of the same name differ in a narrow sidebar too.
        self._list.setItemDelegate(ProfileDelegate(self._list))
        self._list.setAccessibleName(self.tr("Social profiles"))
        # A row is only ticked or unticked, by a click anywhere on it or Space, so it shows no
        # selection, which read as ticked. The keyboard's current row keeps its focus frame.
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self._profiles_label.setBuddy(self._list)
        self._list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._paid_x_ids: frozenset[str] = frozenset()

        self.connect_button = QPushButton(self.tr("Connect a profile…"), self)
        self.connect_button.setAccessibleName(self.tr("Connect a social profile"))
        self.connect_button.setToolTip(
            self.tr("Open Ocoya's page for connecting a new social profile in your browser")
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._combo)
        layout.addWidget(self._profiles_label)
        layout.addWidget(self._list, 1)
        layout.addWidget(self.connect_button)

        self._combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        self._list.customContextMenuRequested.connect(self._on_list_context_menu_requested)
        self.connect_button.clicked.connect(self.connect_profile_requested)
        self.setMinimumWidth(180)

    @property
    def combo(self) -> QComboBox:
        """The workspace chooser (tests and the task runner disable it)."""
        return self._combo

    @property
    def profile_view(self) -> QListView:
        """The list of social profiles."""
        return self._list

    def set_workspaces(self, workspaces: Sequence[Workspace]) -> None:
        """Fill the chooser without emitting ``workspace_selected``."""
        self._combo.blockSignals(True)
        try:
            self._combo.clear()
            for workspace in workspaces:
                self._combo.addItem(workspace.name, workspace.id)
        finally:
            self._combo.blockSignals(False)

    def current_workspace_id(self) -> str | None:
        """Return the chosen workspace id, or None when there is none."""
        value = self._combo.currentData()
        return value if isinstance(value, str) else None

    def select_workspace(self, workspace_id: str) -> bool:
        """Choose ``workspace_id`` and emit ``workspace_selected``; False if it is unknown."""
        row = self._combo.findData(workspace_id)
        if row < 0:
            return False
        if row == self._combo.currentIndex():
            self.workspace_selected.emit(workspace_id)
        else:
            self._combo.setCurrentIndex(row)
        return True

    def set_paid_x_ids(self, ids: Collection[str]) -> None:
        """Set which X profiles the context menu shows as paid accounts."""
        self._paid_x_ids = frozenset(ids)

    def profile_menu(self, row: int) -> QMenu | None:
        """Build the context menu of the profile in ``row``; None when it has no entries.

        The caller owns the menu. It has the "Paid X account" entry for an X profile.
        """
        index = self._list.model().index(row, 0)
        provider = index.data(ProviderRole)
        profile_id = index.data(ProfileIdRole)
        if not isinstance(profile_id, str) or not isinstance(provider, str):
            return None
        if network_for_provider(provider) is not Network.X:
            return None
        menu = QMenu(self)
        action = menu.addAction(self.tr("Paid X account (25,000 characters)"))
        action.setCheckable(True)
        action.setChecked(profile_id in self._paid_x_ids)
        action.setToolTip(
            self.tr("Count captions for this profile against X's limit for paid accounts")
        )
        action.toggled.connect(lambda paid: self.paid_x_toggled.emit(profile_id, paid))
        return menu

    def _on_list_context_menu_requested(self, position: QPoint) -> None:
        index = self._list.indexAt(position)
        if not index.isValid():
            return
        menu = self.profile_menu(index.row())
        if menu is None:
            return
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self._list.viewport().mapToGlobal(position))

    def _on_combo_current_index_changed(self, row: int) -> None:
        workspace_id = self._combo.itemData(row)
        if isinstance(workspace_id, str):
            self.workspace_selected.emit(workspace_id)
