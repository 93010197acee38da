"""Save and restore the main window's geometry, toolbars and splitter sizes.

The window's frame (title bar and borders included) is kept inside the screen's available
area: at the first start, after a restore on a screen smaller than the one the layout was
saved on, and once more when the window manager reports the real frame after the first show.
"""

from __future__ import annotations

import logging
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QDataStream,
    QEvent,
    QIODevice,
    QMargins,
    QObject,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from ocoya_desktop.ui.settings_store import SettingsStore

__all__ = [
    "ESTIMATED_FRAME",
    "GEOMETRY_SETTING",
    "STATE_SETTING",
    "FrameFitter",
    "RestoredLayout",
    "fit_to_screen",
    "fitted_frame",
    "frame_margins",
    "restore_layout",
    "save_layout",
]

_log = logging.getLogger(__name__)

GEOMETRY_SETTING = "ui.window_geometry"
STATE_SETTING = "ui.window_state"

# Written at the start of the state blob, so a later layout can tell an older one apart.
# Format 2 adds the window's width and height after the splitter state.
_STATE_FORMAT = 2
_FORMATS_READ = (1, 2)

# Room left for the window manager's frame (left, top, right, bottom, in pixels) before the
# window is shown, while the real frame is still unknown. NOTE: an estimate, which covers title
# bars up to 40 pixels high (openbox's is 20 under Xvfb). The frame that the window manager
# reports after the first show replaces it.
ESTIMATED_FRAME = QMargins(8, 40, 8, 8)


def save_layout(window: QMainWindow, splitter: QSplitter, settings: SettingsStore) -> None:
    """Store the window geometry, and the window and splitter state, as base64 strings."""
    settings.set(GEOMETRY_SETTING, _to_base64(window.saveGeometry()))
    settings.set(STATE_SETTING, _to_base64(_pack_state(window, splitter)))


class RestoredLayout(Enum):
    """The outcome of ``restore_layout``."""

    NONE = "none"
    """Nothing usable was stored, so the window keeps its first-run layout."""
    AS_SAVED = "as_saved"
    """The stored layout was applied as it was saved."""
    NARROWED = "narrowed"
    """The stored layout was applied, but the window is narrower than when it was saved,
    because the screen is smaller now."""


def restore_layout(
    window: QMainWindow, splitter: QSplitter, settings: SettingsStore
) -> RestoredLayout:
    """Apply a stored layout and fit the window's frame into the screen it is on."""
    geometry = _from_base64(settings.get(GEOMETRY_SETTING))
    state = _from_base64(settings.get(STATE_SETTING))
    geometry_restored = geometry is not None and window.restoreGeometry(geometry)
    # Qt's restoreGeometry itself makes some geometries that no longer fit smaller (seen with
    # Qt 6.11), so the width that the layout was saved at is read from the state instead.
    saved_width = window.width()
    state_restored = False
    if state is not None:
        saved_size = _unpack_state(state, window, splitter)
        state_restored = saved_size is not None
        if saved_size is not None and saved_size.isValid():
            saved_width = saved_size.width()
    if not geometry_restored and not state_restored:
        _log.debug("No stored window layout; using the default one")
        return RestoredLayout.NONE
    if geometry_restored:
        # The layout may come from a larger screen, or from a screen that is gone.
        fit_to_screen(window, ESTIMATED_FRAME)
    if _opening_width(window) < saved_width:
        return RestoredLayout.NARROWED
    return RestoredLayout.AS_SAVED


def _opening_width(window: QWidget) -> int:
    """Return the width ``window`` will have when shown: a maximized window fills its screen.

    Before it is shown, a window restored as maximized reports its normal width, while the
    layout of a maximized window was saved at the screen's width.
    """
    full = Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen
    screen = window.screen()
    if window.windowState() & full and screen is not None:
        return screen.availableGeometry().width()
    return window.width()


def fitted_frame(frame: QRect, available: QRect, minimum: QSize) -> QRect:
    """Return ``frame`` made smaller and moved as far as needed to lie inside ``available``.

    The result is never smaller than ``minimum``. Where ``minimum`` does not fit either, the
    frame starts at the top or left edge of ``available``, so the title bar stays in reach.
    """
    width = max(min(frame.width(), available.width()), minimum.width())
    height = max(min(frame.height(), available.height()), minimum.height())
    left = min(frame.left(), available.left() + available.width() - width)
    top = min(frame.top(), available.top() + available.height() - height)
    return QRect(max(left, available.left()), max(top, available.top()), width, height)


def frame_margins(window: QWidget) -> QMargins:
    """Return the width of the window manager's frame on each side of a shown ``window``.

    The margins are zero before the window manager has added the frame, and for a window
    without one.
    """
    frame = window.frameGeometry()
    inner = window.geometry()
    return QMargins(
        inner.left() - frame.left(),
        inner.top() - frame.top(),
        frame.right() - inner.right(),
        frame.bottom() - inner.bottom(),
    )


def fit_to_screen(window: QWidget, margins: QMargins) -> None:
    """Resize and move ``window`` so that its frame lies inside the screen's available area.

    ``margins`` is the frame around the window's geometry. A window that has not been moved
    yet is only resized, because the window manager chooses its position. Maximized and
    full-screen windows are left as they are.
    """
    screen = window.screen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    available = screen.availableGeometry()
    placed = window.testAttribute(Qt.WidgetAttribute.WA_Moved)
    # A window's position is that of its frame's top-left corner, before and after the show.
    frame = QRect(window.pos(), window.size().grownBy(margins))
    if not placed:
        frame.moveTopLeft(available.topLeft())
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize()).grownBy(margins)
    fitted = fitted_frame(frame, available, minimum)
    if fitted == frame:
        return
    _log.info(
        "Fitting the window frame %s into the screen's available area %s",
        frame.getRect(),
        available.getRect(),
    )
    window.resize(fitted.size().shrunkBy(margins))
    if placed:
        window.move(fitted.topLeft())


# Events after which a shown window's frame may have become known.
_FRAME_EVENTS = (QEvent.Type.Show, QEvent.Type.Move, QEvent.Type.Resize)


class FrameFitter(QObject):
    """Fits a top-level window into its screen once the window manager has framed it.

    On X11 the window manager adds the frame after the window is shown, and Qt learns its size
    from a later move or resize event. The first event of the window that shows a frame fits
    the window once with that frame. Only the size that the window has when the fitter is
    created is corrected: a size set later (by the program or the user) is kept, and so is
    the place where the user moves the window afterwards.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._planned_size = window.size()
        self._waiting = True
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._waiting and watched is self._window and event.type() in _FRAME_EVENTS:
            margins = frame_margins(self._window)
            if not margins.isNull():
                self._waiting = False
                self._window.removeEventFilter(self)
                if self._window.size() == self._planned_size:
                    # The fit runs after this event, so the geometry does not change while
                    # Qt is still delivering the event that reported it.
                    QTimer.singleShot(0, self, lambda: fit_to_screen(self._window, margins))
        return False


def _pack_state(window: QMainWindow, splitter: QSplitter) -> QByteArray:
    data = QByteArray()
    stream = QDataStream(data, QIODevice.OpenModeFlag.WriteOnly)
    stream.writeInt32(_STATE_FORMAT)
    stream << window.saveState()
    stream << splitter.saveState()
    stream.writeInt32(window.width())
    stream.writeInt32(window.height())
    return data


def _unpack_state(data: QByteArray, window: QMainWindow, splitter: QSplitter) -> QSize | None:
    """Apply a stored state and return the window size that it was saved at.

    Return None if the state is unreadable (nothing is applied) or the splitter rejected its
    part (the window's part is applied already), and an invalid size for a state in format 1,
    which does not contain the size.
    """
    stream = QDataStream(data, QIODevice.OpenModeFlag.ReadOnly)
    state_format = stream.readInt32()
    if state_format not in _FORMATS_READ:
        _log.warning("Ignoring a stored window layout in an unknown format %d", state_format)
        return None
    window_state = QByteArray()
    splitter_state = QByteArray()
    stream >> window_state
    stream >> splitter_state
    saved_size = QSize()
    if state_format >= 2:
        saved_size = QSize(stream.readInt32(), stream.readInt32())
    if stream.status() != QDataStream.Status.Ok:
        _log.warning("Ignoring a damaged stored window layout")
        return None
    window.restoreState(window_state)
    if not splitter.restoreState(splitter_state):
        return None
    return saved_size


def _to_base64(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _from_base64(value: Any) -> QByteArray | None:
    if not isinstance(value, str) or not value:
        return None
    return QByteArray.fromBase64(value.encode("ascii"))
