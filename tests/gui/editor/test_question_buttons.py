"""Question boxes name their buttons for the action they take."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from ocoya_desktop.ui.async_dialogs import ask_question
from ocoya_desktop.ui.widgets.post_editor import PostEditor

from .conftest import NOW, X_PROFILE

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

WAIT_MS = 5_000


def open_box(parent: QWidget) -> QMessageBox | None:
    boxes = [box for box in parent.findChildren(QMessageBox) if box.isVisible()]
    return boxes[0] if boxes else None


def test_schedule_anyway_buttons_named_for_action(
    qtbot: QtBot, qloop: Any, make_editor: Callable[..., PostEditor]
) -> None:
    editor = make_editor()
    editor.set_target_profiles([X_PROFILE], x_paid_profile_ids=())
    editor.set_scheduled_at(NOW + dt.timedelta(days=1))
    editor.set_caption("a" * 311)
    editor.counters.refresh()

    editor.schedule_button.click()
    qtbot.waitUntil(lambda: open_box(editor) is not None, timeout=WAIT_MS)
    box = open_box(editor)
    assert box is not None
    labels = sorted(button.text().replace("&", "") for button in box.buttons())
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: not editor.is_busy(), timeout=WAIT_MS)

    assert labels == ["Cancel", "Schedule Anyway"]


def test_ask_question_returns_renamed_button(qtbot: QtBot, qloop: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    pressed: list[str] = []

    async def press_renamed() -> QMessageBox.StandardButton:
        return await ask_question(
            parent,
            "Title",
            "Go on?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
            button_texts={QMessageBox.StandardButton.Yes: "Go On"},
        )

    def click_go_on() -> None:
        box = open_box(parent)
        assert box is not None
        button = box.button(QMessageBox.StandardButton.Yes)
        pressed.append(button.text())
        button.click()

    task = qloop.create_task(press_renamed())
    qtbot.waitUntil(lambda: open_box(parent) is not None, timeout=WAIT_MS)
    click_go_on()
    qtbot.waitUntil(task.done, timeout=WAIT_MS)

    assert task.result() == QMessageBox.StandardButton.Yes
    assert pressed == ["Go On"]


def test_ask_question_rejects_text_for_missing_button(
    qtbot: QtBot, qloop: Any, run_async: Callable[..., Any]
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    with pytest.raises(ValueError, match="missing from buttons"):
        run_async(
            ask_question(
                parent,
                "Title",
                "Go on?",
                QMessageBox.StandardButton.Yes,
                QMessageBox.StandardButton.Yes,
                button_texts={QMessageBox.StandardButton.Apply: "Apply Now"},
            )
        )
    assert open_box(parent) is None
