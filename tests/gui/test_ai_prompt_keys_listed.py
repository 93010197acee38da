"""Help → Keyboard Shortcuts lists the AI panel's Ctrl+Return and the schedule tab keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ocoya_desktop.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from tests.gui.shell_support import WAIT_MS, Shell, show_started

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NATIVE = QKeySequence.SequenceFormat.NativeText
TABS_SECTION = "In the list and the calendar"
SWITCH_TABS = "Switch between the list and the calendar"


@pytest.fixture
def shell(qtbot: QtBot, shell: Shell) -> Shell:
    """The main window, shown and active, with its first workspace loaded."""
    show_started(qtbot, shell, active=True)
    return shell


def _sections(shell: Shell) -> dict[str, dict[str, str]]:
    """Open the dialog from the Help menu and return the rows under each section title."""
    shell.window.shortcuts_action.trigger()
    dialog = shell.window.findChild(ShortcutsDialog)
    assert dialog is not None
    sections: dict[str, dict[str, str]] = {"": {}}
    current = ""
    for name, keys in dialog.rows():
        if name.startswith("In the ") and keys == "":
            current = name
            sections[current] = {}
        else:
            sections[current][name] = keys
    dialog.close()
    return sections


def test_ai_panel_keys_listed(shell: Shell) -> None:
    rows = _sections(shell)["In the AI draft panel"]

    ctrl_return = QKeySequence("Ctrl+Return").toString(NATIVE)
    ctrl_enter = QKeySequence("Ctrl+Enter").toString(NATIVE)
    assert rows == {"Generate Draft": f"{ctrl_return} or {ctrl_enter}"}


def test_tab_switch_keys_listed(shell: Shell) -> None:
    rows = _sections(shell)[TABS_SECTION]

    previous = QKeySequence("Ctrl+PgUp").toString(NATIVE)
    following = QKeySequence("Ctrl+PgDown").toString(NATIVE)
    assert rows == {SWITCH_TABS: f"{previous} / {following}"}


def test_listed_tab_switch_keys_work(qtbot: QtBot, shell: Shell) -> None:
    tabs = shell.window.schedule_tabs
    tabs.setCurrentIndex(0)
    tab_bar = tabs.tabBar()
    tab_bar.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab_bar, timeout=WAIT_MS)
    keys = _sections(shell)[TABS_SECTION][SWITCH_TABS]
    previous, following = (QKeySequence(part, NATIVE) for part in keys.split(" / "))
    assert following == QKeySequence("Ctrl+PgDown")
    assert previous == QKeySequence("Ctrl+PgUp")

    qtbot.keyClick(tab_bar, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 1
    qtbot.keyClick(tab_bar, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 0
