"""The workspace's social profiles as a checkable list, with avatars added as they load."""

from __future__ import annotations

from collections import Counter
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
# The profile's own name, without the network that the display text adds to shared names.
ProfileNameRole = Qt.ItemDataRole.UserRole + 3
# The network's name ("Instagram").
ProfileNetworkRole = Qt.ItemDataRole.UserRole + 4
# The end of the profile id when another profile has the same name and network, else None.
ProfileIdTailRole = Qt.ItemDataRole.UserRole + 5

ModelIndex = QModelIndex | QPersistentModelIndex


class ProfileListModel(QAbstractListModel):
    """Social profiles with a check box each; the decoration is the avatar or network icon.

    A profile's text is its name, followed by its network when another profile in the list
    has the same name ("Acme Coffee (Instagram)"), and by the end of its id when that is not
    enough either. The tooltip and the accessible text always name the network.
    ``ProfileNameRole``, ``ProfileNetworkRole`` and ``ProfileIdTailRole`` hold these parts
    apart, for a view that shows them on separate lines.

    Signals:
        checked_changed(list): the ids of the checked profiles after a change.
    """

    checked_changed = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._profiles: list[SocialProfile] = []
        self._checked: set[str] = set()
        self._avatars: dict[str, QPixmap] = {}
        self._display_names: dict[str, str] = {}
        # Profiles whose text needs part of the id, because name and network are shared.
        self._ids_shown: set[str] = set()

    def set_profiles(self, profiles: Sequence[SocialProfile]) -> None:
        """Replace the list; check boxes of profiles still present stay as they were."""
        self.beginResetModel()
        self._profiles = list(profiles)
        ids = {profile.id for profile in self._profiles}
        self._checked &= ids
        self._avatars = {key: value for key, value in self._avatars.items() if key in ids}
        self._display_names = self._disambiguate(self._profiles)
        self.endResetModel()

    def profiles(self) -> list[SocialProfile]:
        """Return the profiles in display order."""
        return list(self._profiles)

    def display_names(self) -> dict[str, str]:
        """Return the list's text for each profile id, with the network of same-named profiles."""
        return dict(self._display_names)

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
            return self._display_names.get(profile.id, profile.name)
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
        if role == ProfileNameRole:
            return profile.name
        if role == ProfileNetworkRole:
            return network_label(profile.provider)
        if role == ProfileIdTailRole:
            return _id_tail(profile.id) if profile.id in self._ids_shown else None
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
        text = self.tr("{name} on {network}").format(name=profile.name, network=label)
        if profile.id in self._ids_shown:
            text += " " + self.tr("(profile id {id})").format(id=profile.id)
        return text

    def _disambiguate(self, profiles: Sequence[SocialProfile]) -> dict[str, str]:
        """Return the text to show for each profile id, distinguishing same-named profiles.

        Also records in ``_ids_shown`` the profiles that only their id distinguishes.
        """
        by_name = Counter(_name_key(profile.name) for profile in profiles)
        by_name_and_network = Counter(
            (_name_key(profile.name), network_label(profile.provider)) for profile in profiles
        )
        names: dict[str, str] = {}
        self._ids_shown = set()
        for profile in profiles:
            key = _name_key(profile.name)
            label = network_label(profile.provider)
            if by_name[key] < 2:
                names[profile.id] = profile.name
            elif by_name_and_network[key, label] < 2:
                names[profile.id] = self.tr("{name} ({network})").format(
                    name=profile.name, network=label
                )
            else:
                # Two profiles of one network with one name differ only in their ids.
                self._ids_shown.add(profile.id)
                names[profile.id] = self.tr("{name} ({network}, …{id_tail})").format(
                    name=profile.name, network=label, id_tail=_id_tail(profile.id)
                )
        return names


def _name_key(name: str) -> str:
    # Names that differ only in case or surrounding spaces look the same in the list.
    return name.strip().casefold()


def _id_tail(profile_id: str) -> str:
    return profile_id[-6:]
