"""Route Qt's own messages (qWarning and friends) into the app's log."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

_log = logging.getLogger(__name__)

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

# Platform plugins without a real window system (offscreen, used by tests and headless
# runs) print these warnings for features they lack; they do not indicate a problem in the app.
_HARMLESS_WARNINGS = ("This plugin does not support propagateSizeHints()",)


def _on_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = _LEVELS.get(kind, logging.WARNING)
    if level == logging.WARNING and message.startswith(_HARMLESS_WARNINGS):
        level = logging.DEBUG
    category = context.category or "qt"
    _log.log(level, "%s: %s", category, message)


def route_qt_messages() -> None:
    """Send every later Qt message to the ``ocoya_desktop.ui.qt_messages`` logger."""
    qInstallMessageHandler(_on_qt_message)
