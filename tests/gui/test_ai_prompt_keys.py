"""Ctrl+Return in the AI panel generates the draft, and in the editor it schedules the post."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ocoya_desktop.services.ai_drafts import AiDraftChoices
from ocoya_desktop.ui.ai_controller import AiController
from ocoya_desktop.ui.widgets.ai_panel import AiPanel
from tests.gui.shell_support import WAIT_MS, Shell, show_started

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PROMPT = "Announce the autumn blend with cinnamon notes"
CTRL = Qt.KeyboardModifier.ControlModifier


class PanelWindow(QWidget):
    """A window with the AI panel and a field outside it, as the main window has."""

    def __init__(self) -> None:
        super().__init__()
        self.panel = AiPanel(self)
        self.outside = QLineEdit(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outside)
        layout.addWidget(self.panel)


@pytest.fixture
def window(qtbot: QtBot) -> PanelWindow:
    panel_window = PanelWindow()
    qtbot.addWidget(panel_window)
    panel_window.show()
    qtbot.waitExposed(panel_window)
    panel_window.activateWindow()
    qtbot.waitActive(panel_window)
    return panel_window


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def _record_requests(panel: AiPanel) -> list[AiDraftChoices]:
    requests: list[AiDraftChoices] = []
    panel.generate_requested.connect(requests.append)
    return requests


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_ctrl_return_in_prompt_generates(qtbot: QtBot, window: PanelWindow, key: Qt.Key) -> None:
    panel = window.panel
    panel.prompt_edit.setPlainText(PROMPT)
    _focus(qtbot, panel.prompt_edit)

    with qtbot.waitSignal(panel.generate_requested, timeout=WAIT_MS) as request:
        qtbot.keyClick(panel.prompt_edit, key, CTRL)

    assert request.args is not None
    choices = request.args[0]
    assert isinstance(choices, AiDraftChoices)
    assert choices.prompt == PROMPT
    # The keys generate, and type no line break into the prompt.
    assert panel.prompt_edit.toPlainText() == PROMPT


def test_ctrl_return_works_anywhere_in_panel(qtbot: QtBot, window: PanelWindow) -> None:
    panel = window.panel
    panel.prompt_edit.setPlainText(PROMPT)
    _focus(qtbot, panel.tone_combo)

    with qtbot.waitSignal(panel.generate_requested, timeout=WAIT_MS):
        qtbot.keyClick(panel.tone_combo, Qt.Key.Key_Return, CTRL)


def test_ctrl_return_ignored_for_short_prompt(qtbot: QtBot, window: PanelWindow) -> None:
    panel = window.panel
    panel.prompt_edit.setPlainText("Short")
    assert not panel.generate_button.isEnabled()
    requests = _record_requests(panel)
    _focus(qtbot, panel.prompt_edit)

    qtbot.keyClick(panel.prompt_edit, Qt.Key.Key_Return, CTRL)

    assert requests == []


def test_ctrl_return_ignored_while_generating(qtbot: QtBot, window: PanelWindow) -> None:
    panel = window.panel
    panel.prompt_edit.setPlainText(PROMPT)
    panel.set_generating(True)
    requests = _record_requests(panel)
    _focus(qtbot, panel.prompt_edit)

    qtbot.keyClick(panel.prompt_edit, Qt.Key.Key_Return, CTRL)

    assert requests == []
    panel.set_generating(False)
    qtbot.keyClick(panel.prompt_edit, Qt.Key.Key_Return, CTRL)
    assert len(requests) == 1


def test_ctrl_return_outside_panel_ignored(qtbot: QtBot, window: PanelWindow) -> None:
    panel = window.panel
    panel.prompt_edit.setPlainText(PROMPT)
    requests = _record_requests(panel)
    _focus(qtbot, window.outside)

    qtbot.keyClick(window.outside, Qt.Key.Key_Return, CTRL)

    assert requests == []


def test_generate_tooltip_names_keys(qapp: QApplication) -> None:
    panel = AiPanel()

    assert "Ctrl+Return" in panel.generate_button.toolTip()


@pytest.fixture
def shell(qtbot: QtBot, shell: Shell) -> Shell:
    """The main window, shown and active, with its first workspace loaded."""
    show_started(qtbot, shell, QSize(1400, 900), active=True)
    return shell


def _panel(shell: Shell) -> AiPanel:
    controller = shell.window.findChild(AiController)
    assert controller is not None
    return controller.panel


def test_window_prompt_keys_generate_only(qtbot: QtBot, shell: Shell) -> None:
    panel = _panel(shell)
    editor = shell.window.editor
    editor.set_caption("Autumn blend is back")
    assert editor.schedule_button.isEnabled()
    posts: list[object] = []
    editor.post_requested.connect(posts.append)
    panel.prompt_edit.setPlainText(PROMPT)
    _focus(qtbot, panel.prompt_edit)

    with qtbot.waitSignal(panel.generate_requested, timeout=WAIT_MS):
        qtbot.keyClick(panel.prompt_edit, Qt.Key.Key_Return, CTRL)

    assert posts == []


def test_window_caption_keys_schedule_only(qtbot: QtBot, shell: Shell) -> None:
    panel = _panel(shell)
    editor = shell.window.editor
    editor.set_caption("Autumn blend is back")
    panel.prompt_edit.setPlainText(PROMPT)
    requests = _record_requests(panel)
    _focus(qtbot, editor.caption_edit)

    with qtbot.waitSignal(editor.post_requested, timeout=WAIT_MS):
        qtbot.keyClick(editor.caption_edit, Qt.Key.Key_Return, CTRL)

    assert requests == []
