"""Save and restore the main window's geometry, toolbars and splitter sizes."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QByteArray, QDataStream, QIODevice
from PySide6.QtWidgets import QMainWindow, QSplitter

from ocoya_desktop.ui.settings_store import SettingsStore

__all__ = ["GEOMETRY_SETTING", "STATE_SETTING", "restore_layout", "save_layout"]

_log = logging.getLogger(__name__)

GEOMETRY_SETTING = "ui.window_geometry"
STATE_SETTING = "ui.window_state"

# Written at the start of the state blob, so a later layout can tell an older one apart.
_STATE_FORMAT = 1


def save_layout(window: QMainWindow, splitter: QSplitter, settings: SettingsStore) -> None:
    """Store the window geometry, and the window and splitter state, as base64 strings."""
    settings.set(GEOMETRY_SETTING, _to_base64(window.saveGeometry()))
    settings.set(STATE_SETTING, _to_base64(_pack_state(window, splitter)))


def restore_layout(window: QMainWindow, splitter: QSplitter, settings: SettingsStore) -> bool:
    """Apply a stored layout; return False (and leave the defaults) if none is usable."""
    geometry = _from_base64(settings.get(GEOMETRY_SETTING))
    state = _from_base64(settings.get(STATE_SETTING))
    restored = False
    if geometry is not None and window.restoreGeometry(geometry):
        restored = True
    if state is not None and _unpack_state(state, window, splitter):
        restored = True
    if not restored:
        _log.debug("No stored window layout; using the default one")
    return restored


def _pack_state(window: QMainWindow, splitter: QSplitter) -> QByteArray:
    data = QByteArray()
    stream = QDataStream(data, QIODevice.OpenModeFlag.WriteOnly)
    stream.writeInt32(_STATE_FORMAT)
    stream << window.saveState()
    stream << splitter.saveState()
    return data


def _unpack_state(data: QByteArray, window: QMainWindow, splitter: QSplitter) -> bool:
    stream = QDataStream(data, QIODevice.OpenModeFlag.ReadOnly)
    if stream.readInt32() != _STATE_FORMAT:
        _log.warning("Ignoring a stored window layout in an unknown format")
        return False
    window_state = QByteArray()
    splitter_state = QByteArray()
    stream >> window_state
    stream >> splitter_state
    if stream.status() != QDataStream.Status.Ok:
        _log.warning("Ignoring a damaged stored window layout")
        return False
    window.restoreState(window_state)
    return splitter.restoreState(splitter_state)


def _to_base64(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _from_base64(value: Any) -> QByteArray | None:
    if not isinstance(value, str) or not value:
        return None
    return QByteArray.fromBase64(value.encode("ascii"))
