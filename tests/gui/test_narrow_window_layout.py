"""A first-run window at 1366x768 leaves the schedule's caption column readable."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from ocoya_desktop.ui.main_window import AI_DOCK_NARROW_WIDTH, AI_DOCK_WIDTH
from ocoya_desktop.ui.models.schedule_model import Column
from ocoya_desktop.ui.widgets.column_fit import MIN_STRETCH_WIDTH
from tests.gui.shell_support import Shell, start

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def show_loaded(qtbot: QtBot, shell: Shell, width: int, height: int) -> None:
    shell.window.resize(width, height)
    shell.window.show()
    qtbot.waitExposed(shell.window)
    start(qtbot, shell)
    fitter = shell.window.schedule_view.column_fitter
    qtbot.waitUntil(lambda: not shell.runner.is_busy() and not fitter.fit_pending)


def test_caption_column_readable_at_1366(qtbot: QtBot, shell: Shell) -> None:
    show_loaded(qtbot, shell, 1366, 768)
    window = shell.window
    table = window.schedule_view.table

    assert window.width() == 1366
    assert window.ai_dock is not None
    assert window.ai_dock.width() == AI_DOCK_NARROW_WIDTH
    assert table.horizontalHeader().sectionSize(Column.CAPTION) >= MIN_STRETCH_WIDTH
    assert table.horizontalScrollBar().maximum() == 0


def test_default_size_keeps_dock_width(qtbot: QtBot, shell: Shell) -> None:
    show_loaded(qtbot, shell, 1560, 900)

    assert shell.window.ai_dock is not None
    assert shell.window.ai_dock.width() == AI_DOCK_WIDTH
