"""Help → Keyboard Shortcuts lists the media area's and the calendar's keys as they work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from ocoya_desktop.sandbox import create_app
from ocoya_desktop.storage.drafts_db import DraftsDatabase
from ocoya_desktop.ui.dialogs.shortcuts_dialog import ShortcutsDialog, action_keys
from tests.gui.reliability.conftest import App, build_app, close_app, start

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

NATIVE = QKeySequence.SequenceFormat.NativeText


@pytest.fixture
def window_app(
    qtbot: QtBot, qloop: qasync.QEventLoop, run_async: Callable[..., Any], tmp_path: Path
) -> Iterator[App]:
    """The main window with its AI dock and outbox, on a fresh in-process sandbox."""
    database = DraftsDatabase.open(tmp_path / "data" / "drafts.sqlite3")
    built = build_app(qloop, create_app(rate_limit=100_000), tmp_path, database)
    qtbot.addWidget(built.window)
    yield built
    close_app(built, run_async)
    database.close()


def _sections(app: App) -> dict[str, list[tuple[str, str]]]:
    """Open the dialog from the Help menu and return its rows under each section title."""
    app.window.shortcuts_action.trigger()
    dialog = app.window.findChild(ShortcutsDialog)
    assert dialog is not None
    sections: dict[str, list[tuple[str, str]]] = {"": []}
    current = ""
    for name, keys in dialog.rows():
        if name.startswith("In the ") and keys == "":
            current = name
            sections[current] = []
        else:
            sections[current].append((name, keys))
    dialog.close()
    return sections


def test_media_area_actions_listed(qtbot: QtBot, window_app: App) -> None:
    start(qtbot, window_app, restore=False)
    zone = window_app.window.composer.media_zone

    rows = dict(_sections(window_app)["In the media area"])

    expected = {
        zone.remove_action: "Remove",
        zone.move_up_action: "Move up",
        zone.move_down_action: "Move down",
        zone.paste_action: "Paste media",
    }
    for action, name in expected.items():
        assert rows[name] == action.shortcut().toString(NATIVE)
    for action in zone.actions():
        if action.shortcuts():
            assert action.text().replace("&", "") in rows, f"{action.text()!r} is missing"


def test_media_keys_read_as_expected(qtbot: QtBot, window_app: App) -> None:
    start(qtbot, window_app, restore=False)

    rows = dict(_sections(window_app)["In the media area"])

    assert rows["Move up"] == QKeySequence("Alt+Up").toString(NATIVE)
    assert rows["Move down"] == QKeySequence("Alt+Down").toString(NATIVE)
    assert rows["Paste media"] == QKeySequence("Ctrl+V").toString(NATIVE)
    assert rows["Remove"] != ""


def test_calendar_buttons_listed(qtbot: QtBot, window_app: App) -> None:
    start(qtbot, window_app, restore=False)
    calendar = window_app.window.calendar_view

    keys = " ".join(keys for _name, keys in _sections(window_app)["In the calendar"])

    buttons = calendar.findChildren(QAbstractButton)
    shortcuts = [b.shortcut().toString(NATIVE) for b in buttons if not b.shortcut().isEmpty()]
    assert shortcuts, "the calendar has no button with a shortcut"
    for shortcut in shortcuts:
        assert shortcut in keys


def test_today_row_lists_both_keys(qtbot: QtBot, window_app: App) -> None:
    start(qtbot, window_app, restore=False)

    rows = dict(_sections(window_app)["In the calendar"])

    ctrl_t = QKeySequence("Ctrl+T").toString(NATIVE)
    assert rows["Go to today"] == f"{ctrl_t} or T"


@pytest.mark.parametrize(
    "modifier", [Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier]
)
def test_listed_today_keys_work(
    qtbot: QtBot, window_app: App, modifier: Qt.KeyboardModifier
) -> None:
    start(qtbot, window_app, restore=False)
    grid = window_app.window.calendar_view.grid
    today = grid.current_day
    grid.set_current_day(today + dt.timedelta(days=40))
    assert grid.current_day != today

    qtbot.keyClick(grid, Qt.Key.Key_T, modifier)

    assert grid.current_day == today


def test_action_keys_skip_actions_without_keys(qapp: Any) -> None:
    listed = QAction("&Listed")
    listed.setShortcut(QKeySequence("Ctrl+L"))
    unlisted = QAction("Unlisted")

    assert action_keys([listed, unlisted]) == [("Listed", QKeySequence("Ctrl+L").toString(NATIVE))]


def test_ai_draft_toggle_has_mnemonic(qtbot: QtBot, window_app: App) -> None:
    start(qtbot, window_app, restore=False)
    dock = window_app.window.ai_dock
    assert dock is not None

    toggle = dock.toggleViewAction()

    assert "&" in toggle.text()
    assert toggle.text().replace("&", "") == "AI Draft"
    assert toggle in window_app.window.view_menu.actions()
    assert dock.windowTitle() == "AI Draft"
