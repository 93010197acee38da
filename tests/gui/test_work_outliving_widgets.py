"""Work still running when the widget or command it belongs to is deleted ends quietly.

A main window can close without the user: when Ocoya rejects the API key in any request, the
session ends and the window is deleted with everything in it. A workspace switch deletes the
calendar's undo commands. Work started before must then end without touching what is gone.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import PostStatus, SocialProfile
from ocoya_desktop.sandbox import SandboxStore
from ocoya_desktop.storage.secrets import SessionSecretStore
from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.ui.calendar_controller import CalendarController, MovePostCommand
from ocoya_desktop.ui.dialogs.settings_dialog import SettingsDialog
from ocoya_desktop.ui.main_window import CloseReason
from tests.gui.shell_support import WAIT_MS, GatedTransport, make_shell, start
from tests.helpers.sandbox_support import workspace_ids

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

X_PROFILE = SocialProfile(id="sp-x", provider="twitter", name="X", image=None)
X_CAPTION_LIMIT = 280


@pytest.fixture
def loop_errors(qloop: qasync.QEventLoop) -> Iterator[list[str]]:
    """Collect the errors the event loop reports, such as those raised in callbacks."""
    errors: list[str] = []
    qloop.set_exception_handler(
        lambda _loop, context: errors.append(repr(context.get("exception", context)))
    )
    yield errors
    qloop.set_exception_handler(None)


def delete_now(widget: QWidget) -> None:
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_failed_move_after_workspace_switch(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    gate: GatedTransport,
    store: SandboxStore,
    tmp_path: Path,
    loop_errors: list[str],
) -> None:
    shell = make_shell(qloop, gate, tmp_path)
    qtbot.addWidget(shell.window)
    try:
        start(qtbot, shell)
        calendar = shell.window.findChild(CalendarController)
        schedule = shell.window.schedule_view.proxy.sourceModel()
        post = next(
            schedule.post_at(row)
            for row in range(schedule.rowCount())
            if schedule.post_at(row).status == PostStatus.SCHEDULED
        )
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
        gate.close_gate(f"/post/{post.id}")
        calendar.undo_stack.push(
            MovePostCommand(calendar, post.id, post.scheduled_at, later, "Move")
        )
        qtbot.waitUntil(lambda: bool(gate.held), timeout=WAIT_MS)

        other = next(w for w in workspace_ids(store) if w != schedule.workspace_id)
        with qtbot.waitSignal(shell.window.controller.workspace_loaded, timeout=WAIT_MS):
            shell.window.controller.select(other)
        # Published meanwhile, so Ocoya rejects the move.
        with store.lock:
            store.posts[post.id].status = "POSTED"
        gate.open_gate(f"/post/{post.id}")
        qtbot.waitUntil(lambda: not shell.runner.is_busy(), timeout=WAIT_MS)
    finally:
        run_async(shell.aclose())

    assert loop_errors == []


def test_schedule_anyway_question_ends_with_window(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    gate: GatedTransport,
    tmp_path: Path,
    loop_errors: list[str],
) -> None:
    shell = make_shell(qloop, gate, tmp_path)
    start(qtbot, shell)
    editor = shell.window.editor
    editor.set_target_profiles([X_PROFILE], x_paid_profile_ids=())
    editor.set_scheduled_at(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    editor.set_caption("a" * (X_CAPTION_LIMIT + 1))
    editor.counters.refresh()
    editor.schedule_button.click()
    qtbot.waitUntil(
        lambda: any(box.isVisible() for box in editor.findChildren(QMessageBox)),
        timeout=WAIT_MS,
    )
    question = editor._confirm_task
    assert question is not None

    shell.window.close_with_reason(CloseReason.SIGN_IN_REQUIRED)
    run_async(shell.aclose())
    delete_now(shell.window)

    qtbot.waitUntil(question.done, timeout=WAIT_MS)
    assert question.cancelled()
    assert loop_errors == []


class HeldConnectionTest:
    """A media host whose connection test waits until the test releases it."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.started = False

    async def test_connection(self) -> str:
        self.started = True
        await self.release.wait()
        return "Connected."


def test_connection_test_ends_with_settings_window(
    qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path, loop_errors: list[str]
) -> None:
    host = HeldConnectionTest()
    window = QMainWindow()
    window.show()
    settings = Settings.load(tmp_path / "settings.json")
    dialog = SettingsDialog(settings, SessionSecretStore(), lambda _choice: host, window, demo=True)
    dialog.open()
    page = dialog.media_hosting_page
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("sandbox"))
    page.start_connection_test()
    qtbot.waitUntil(lambda: host.started, timeout=WAIT_MS)
    test = page._test_task
    assert test is not None

    window.close()
    delete_now(window)

    qtbot.waitUntil(test.done, timeout=WAIT_MS)
    assert test.cancelled()
    host.release.set()
    assert loop_errors == []
