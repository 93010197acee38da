"""Helpers for the calendar tests: find posts, drag chips, drop files, as a user does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import httpx
import qasync
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import PostGroup
from ocoya_desktop.media_hosts import SandboxMediaHost
from ocoya_desktop.sandbox import DEMO_API_KEY
from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.ui.models.schedule_model import ScheduleModel
from ocoya_desktop.ui.widgets.calendar_grid import CalendarGrid
from tests.gui import shell_support
from tests.gui.shell_support import WAIT_MS as WAIT_MS
from tests.gui.shell_support import Shell, live_client, start

NOW = dt.datetime(2030, 6, 12, 10, 0, tzinfo=dt.UTC)
ZONE_NAME = "Europe/Berlin"


def fixed_clock() -> dt.datetime:
    return NOW


@dataclass
class CalendarShell(Shell):
    """The main window with its calendar on a real HTTP client, and what tests inspect."""

    @property
    def grid(self) -> CalendarGrid:
        return self.window.calendar_view.grid


def schedule_model(shell: CalendarShell) -> ScheduleModel:
    model = shell.window.schedule_view.proxy.sourceModel()
    assert isinstance(model, ScheduleModel)
    return model


def loaded_posts(shell: CalendarShell) -> list[PostGroup]:
    model = schedule_model(shell)
    return [model.post_at(row) for row in range(model.rowCount())]


def first_post(shell: CalendarShell, status: str) -> PostGroup:
    """Return the earliest loaded post with ``status`` and a date."""
    posts = [p for p in loaded_posts(shell) if p.status == status and p.scheduled_at]
    assert posts, f"the sandbox has no {status} post with a date"
    return min(posts, key=lambda post: post.scheduled_at or dt.datetime.max)


def current(shell: CalendarShell, post_id: str) -> PostGroup:
    model = schedule_model(shell)
    row = model.row_of(post_id)
    assert row is not None
    return model.post_at(row)


def _mouse(widget: QWidget, kind: QEvent.Type, point: QPoint, buttons: Qt.MouseButton) -> None:
    local = QPointF(point)
    button = Qt.MouseButton.LeftButton
    if kind == QEvent.Type.MouseMove:
        button = Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind,
        local,
        QPointF(widget.mapToGlobal(point)),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def drag(widget: QWidget, start: QPoint, end: QPoint) -> None:
    """Press the left button at ``start``, move in steps to ``end`` and release there."""
    left = Qt.MouseButton.LeftButton
    _mouse(widget, QEvent.Type.MouseButtonPress, start, left)
    middle = (start + end) / 2
    for point in (start + QPoint(QApplication.startDragDistance() + 1, 0), middle, end):
        _mouse(widget, QEvent.Type.MouseMove, point, left)
    _mouse(widget, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


def hover_drag(widget: QWidget, start: QPoint, end: QPoint) -> None:
    """Press at ``start`` and move to ``end`` without releasing."""
    left = Qt.MouseButton.LeftButton
    _mouse(widget, QEvent.Type.MouseButtonPress, start, left)
    _mouse(
        widget, QEvent.Type.MouseMove, start + QPoint(QApplication.startDragDistance() + 1, 0), left
    )
    _mouse(widget, QEvent.Type.MouseMove, end, left)


def release(widget: QWidget, end: QPoint) -> None:
    _mouse(widget, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


def file_drop(widget: QWidget, point: QPoint, paths: list[Path]) -> QDropEvent:
    """Drag files from a file manager over ``point`` and drop them; return the drop event."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    actions = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    position = QPointF(point)
    QApplication.sendEvent(widget, QDragEnterEvent(point, actions, data, buttons, modifiers))
    QApplication.sendEvent(widget, QDragMoveEvent(point, actions, data, buttons, modifiers))
    drop = QDropEvent(position, actions, data, buttons, modifiers)
    QApplication.sendEvent(widget, drop)
    return drop


def build_shell(
    qtbot: QtBot,
    loop: qasync.QEventLoop,
    server_url: str,
    data_dir: Path,
    *,
    with_images: bool = False,
) -> CalendarShell:
    """Build and show the main window on the calendar tab, with the first workspace loaded.

    ``with_images`` gives the window an HTTP client for images, so chips load thumbnails.
    """
    http = httpx.AsyncClient()
    settings = Settings.load(data_dir / "settings.json")
    settings.set("composer.time_zone", ZONE_NAME)
    built = CalendarShell.extend(
        shell_support.build_shell(
            loop,
            live_client(server_url),
            data_dir,
            http=http,
            with_images=with_images,
            settings=settings,
            demo=False,
            host_provider=lambda: SandboxMediaHost(http, api_key=DEMO_API_KEY, base_url=server_url),
        )
    )
    window = built.window
    window.calendar_view.grid.set_clock(fixed_clock)
    window.calendar_view.grid.go_to_today()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.schedule_tabs.setCurrentWidget(window.calendar_view)
    window.show()
    start(qtbot, built)
    return built
