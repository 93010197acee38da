"""The workspace's social profiles as a checkable list, with avatars added as they load."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon, QPixmap

from ocoya_desktop.api import SocialProfile
from ocoya_desktop.ui.icons import provider_icon, with_badge
from ocoya_desktop.ui.labels import network_label

ProfileIdRole = Qt.ItemDataRole.UserRole + 1
ProviderRole = Qt.ItemDataRole.UserRole + 2

ModelIndex = QModelIndex | QPersistentModelIndex


class ProfileListModel(QAbstractListModel):
    """Social profiles with a check box each; the decoration is the avatar or network icon.

    Signals:
        checked_changed(list): the ids of the checked profiles after a change.
    """

    checked_changed = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._profiles: list[SocialProfile] = []
        self._checked: set[str] = set()
        self._avatars: dict[str, QPixmap] = {}

    def set_profiles(self, profiles: Sequence[SocialProfile]) -> None:
        """Replace the list; check boxes of profiles still present stay as they were."""
        self.beginResetModel()
        self._profiles = list(profiles)
        ids = {profile.id for profile in self._profiles}
        self._checked &= ids
        self._avatars = {key: value for key, value in self._avatars.items() if key in ids}
        self.endResetModel()

    def profiles(self) -> list[SocialProfile]:
        """Return the profiles in display order."""
        return list(self._profiles)

    def checked_ids(self) -> list[str]:
        """Return the ids of the checked profiles in display order."""
        return [profile.id for profile in self._profiles if profile.id in self._checked]

    def set_checked_ids(self, ids: Iterable[str]) -> None:
        """Check exactly the profiles in ``ids`` (unknown ids are ignored)."""
        known = {profile.id for profile in self._profiles}
        self._checked = set(ids) & known
        if self._profiles:
            self.dataChanged.emit(
                self.index(0),
                self.index(len(self._profiles) - 1),
                [Qt.ItemDataRole.CheckStateRole],
            )
        self.checked_changed.emit(self.checked_ids())

    def set_avatar(self, profile_id: str, avatar: QPixmap) -> None:
        """Show ``avatar`` (already scaled and rounded) for the profile ``profile_id``."""
        for row, profile in enumerate(self._profiles):
            if profile.id == profile_id:
                self._avatars[profile_id] = with_badge(avatar, profile.provider)
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
                return

    def has_avatar(self, profile_id: str) -> bool:
        """Return whether an avatar was set for the profile."""
        return profile_id in self._avatars

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._profiles)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._profiles):
            return None
        profile = self._profiles[index.row()]

        if role == Qt.ItemDataRole.DisplayRole:
            return profile.name
        if role == Qt.ItemDataRole.DecorationRole:
            avatar = self._avatars.get(profile.id)
            return QIcon(avatar) if avatar is not None else provider_icon(profile.provider)
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = profile.id in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._describe(profile)
        if role == ProfileIdRole:
            return profile.id
        if role == ProviderRole:
            return profile.provider
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        profile_id = self._profiles[index.row()].id
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked.add(profile_id)
        else:
            self._checked.discard(profile_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit(self.checked_ids())
        return True

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def _describe(self, profile: SocialProfile) -> str:
        label = network_label(profile.provider)
        return self.tr("{name} on {network}").format(name=profile.name, network=label)
