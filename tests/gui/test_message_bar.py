"""The message bar: a notice hides by itself after a reading time, an error stays.

No test waits for the real display time. Each checks the hide timer's interval, then
restarts the timer with 1 ms and waits until the bar hides.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QToolButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ocoya_desktop.ui.errors import UserMessage
from ocoya_desktop.ui.widgets.message_bar import MessageBar, notice_display_ms
from tests.gui.shell_support import Shell, start

WAIT_MS = 5_000
SCHEDULED = UserMessage("Post scheduled.", is_error=False)
KEPT = UserMessage("The previous post is in File → Local Drafts.", is_error=False)
FAILED = UserMessage("Saving the post failed. Ocoya's server had an error.")

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Host(QWidget):
    """A window with the bar above two line edits, which hold the focus outside the bar."""

    def __init__(self) -> None:
        super().__init__()
        self.bar = MessageBar(self)
        self.editor = QLineEdit(self)
        self.other_editor = QLineEdit(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.editor)
        layout.addWidget(self.other_editor)
        self.editor.setFocus()

    def close_button(self) -> QToolButton:
        button = self.bar.findChild(QToolButton)
        assert button is not None
        return button


@pytest.fixture
def host(qtbot: QtBot) -> Host:
    window = Host()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def expire(qtbot: QtBot, bar: MessageBar) -> None:
    """Run the rest of the display time at once: restart the hide timer with 1 ms."""
    bar.hide_timer.start(1)
    qtbot.waitUntil(lambda: not bar.hide_timer.isActive(), timeout=WAIT_MS)


def enter(bar: MessageBar) -> None:
    point = QPointF(5, 5)
    QApplication.sendEvent(bar, QEnterEvent(point, point, bar.mapToGlobal(point)))


def leave(bar: MessageBar) -> None:
    QApplication.sendEvent(bar, QEvent(QEvent.Type.Leave))


@pytest.mark.parametrize(
    ("length", "expected_ms"),
    [(15, 8_000), (100, 8_000), (150, 11_000), (300, 20_000), (1_000, 30_000)],
)
def test_display_time_grows_with_length(length: int, expected_ms: int) -> None:
    assert notice_display_ms("x" * length) == expected_ms


def test_notice_hides_by_itself(qtbot: QtBot, host: Host) -> None:
    host.bar.show_message(SCHEDULED)

    assert host.bar.text() == "Post scheduled."
    assert host.bar.hide_timer.isActive()
    assert host.bar.hide_timer.interval() == 8_000

    expire(qtbot, host.bar)
    qtbot.waitUntil(lambda: host.bar.isHidden(), timeout=WAIT_MS)
    assert host.bar.text() == ""


def test_error_stays_until_dismissed(qtbot: QtBot, host: Host) -> None:
    host.bar.show_message(FAILED)

    assert not host.bar.hide_timer.isActive()
    host.bar.hide_timer.timeout.emit()
    assert host.bar.text() == FAILED.text

    host.bar.dismiss()
    assert host.bar.text() == ""


def test_notice_with_details_stays(host: Host) -> None:
    notice = UserMessage("Copied the report.", details="line 1\nline 2", is_error=False)

    host.bar.show_message(notice)
    host.bar.hide_timer.timeout.emit()

    assert not host.bar.hide_timer.isActive()
    assert host.bar.text() == "Copied the report."


def test_error_replacing_notice_stays(qtbot: QtBot, host: Host) -> None:
    host.bar.show_message(SCHEDULED)
    host.bar.show_message(FAILED)

    assert not host.bar.hide_timer.isActive()
    host.bar.hide_timer.timeout.emit()
    assert host.bar.text() == FAILED.text


def test_newer_notice_gets_own_time(qtbot: QtBot, host: Host) -> None:
    long_notice = UserMessage("Restored the post you were writing. " * 6, is_error=False)
    host.bar.show_message(SCHEDULED)

    host.bar.show_message(long_notice)

    assert host.bar.hide_timer.isActive()
    assert host.bar.hide_timer.interval() == notice_display_ms(long_notice.text)
    assert host.bar.hide_timer.interval() > 8_000


def test_hover_keeps_notice(qtbot: QtBot, host: Host) -> None:
    host.bar.show_message(SCHEDULED)

    enter(host.bar)
    host.bar.hide_timer.timeout.emit()

    assert not host.bar.hide_timer.isActive()
    assert host.bar.text() == "Post scheduled."

    leave(host.bar)
    assert host.bar.hide_timer.isActive()
    assert host.bar.hide_timer.interval() == 8_000
    expire(qtbot, host.bar)
    qtbot.waitUntil(lambda: host.bar.isHidden(), timeout=WAIT_MS)


def test_focus_keeps_notice(qtbot: QtBot, host: Host) -> None:
    host.activateWindow()
    qtbot.waitActive(host)
    host.bar.show_message(SCHEDULED)
    close_button = host.close_button()

    close_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is close_button, timeout=WAIT_MS)
    host.bar.hide_timer.timeout.emit()

    assert not host.bar.hide_timer.isActive()
    assert host.bar.text() == "Post scheduled."

    host.editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is host.editor, timeout=WAIT_MS)
    assert host.bar.hide_timer.isActive()
    expire(qtbot, host.bar)
    qtbot.waitUntil(lambda: host.bar.isHidden(), timeout=WAIT_MS)


def test_focus_elsewhere_keeps_time(qtbot: QtBot, host: Host) -> None:
    host.activateWindow()
    qtbot.waitActive(host)
    host.bar.show_message(SCHEDULED)
    host.bar.hide_timer.stop()

    host.other_editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is host.other_editor, timeout=WAIT_MS)

    # Only focus leaving the bar starts the time again, so the stopped timer stays stopped.
    assert not host.bar.hide_timer.isActive()


def test_window_notice_hides_after_time(qtbot: QtBot, shell: Shell) -> None:
    start(qtbot, shell)
    bar = shell.window.message_bar

    shell.errors.show_info(KEPT.text)

    assert bar.text() == KEPT.text
    assert bar.hide_timer.interval() == 8_000
    expire(qtbot, bar)
    qtbot.waitUntil(lambda: bar.text() == "", timeout=WAIT_MS)


def test_window_error_outlives_notice_time(qtbot: QtBot, shell: Shell) -> None:
    start(qtbot, shell)
    bar = shell.window.message_bar

    shell.errors.message_posted.emit(FAILED)
    bar.hide_timer.timeout.emit()

    assert bar.text() == FAILED.text
