"""Caption warnings show as text under the counters, and a likely rejection needs confirming."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ocoya_desktop.services.compose import Composition
from ocoya_desktop.ui.widgets.post_editor import PostEditor

from .conftest import LINKEDIN_PROFILE, NOW, X_PROFILE

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

EditorFactory = Callable[..., PostEditor]
WAIT_MS = 5_000
X_OVER_LIMIT = "a" * 311
X_EXPLANATION = (
    "X allows 280 characters for accounts without X Premium; this caption has 311 as X counts "
    "them (every link counts as 23 and most emoji as 2). X may reject or cut the post. "
    "Shorten it by 31, or mark the profile as a paid X account (right-click it in the "
    "sidebar), or remove X from this post."
)


def _scheduled_editor(make_editor: EditorFactory, caption: str, *profiles: Any) -> PostEditor:
    editor = make_editor()
    editor.set_target_profiles(list(profiles), x_paid_profile_ids=())
    editor.set_scheduled_at(NOW + dt.timedelta(days=1))
    editor.set_caption(caption)
    editor.counters.refresh()
    return editor


def _requests(editor: PostEditor) -> list[Composition]:
    received: list[Composition] = []
    editor.post_requested.connect(received.append)
    return received


def _question(qtbot: QtBot, editor: PostEditor) -> QMessageBox:
    def open_box() -> QMessageBox | None:
        boxes = [box for box in editor.findChildren(QMessageBox) if box.isVisible()]
        return boxes[0] if boxes else None

    qtbot.waitUntil(lambda: open_box() is not None, timeout=WAIT_MS)
    box = open_box()
    assert box is not None
    return box


def test_x_overflow_written_under_counters(
    qtbot: QtBot, qloop: Any, make_editor: EditorFactory
) -> None:
    editor = _scheduled_editor(make_editor, X_OVER_LIMIT, X_PROFILE)
    label = editor.counters.findings_label

    assert label.text() == X_EXPLANATION
    assert not label.isHidden()
    assert editor.schedule_button.isEnabled()


def test_paid_x_hides_explanation(qtbot: QtBot, qloop: Any, make_editor: EditorFactory) -> None:
    editor = _scheduled_editor(make_editor, X_OVER_LIMIT, X_PROFILE)

    editor.set_target_profiles([X_PROFILE], x_paid_profile_ids={X_PROFILE.id})

    assert editor.counters.findings_label.isHidden()
    assert editor.counters.findings_label.text() == ""


def test_overflow_asks_and_cancel_keeps_post(
    qtbot: QtBot, qloop: Any, make_editor: EditorFactory
) -> None:
    editor = _scheduled_editor(make_editor, X_OVER_LIMIT, X_PROFILE)
    requests = _requests(editor)

    editor.schedule_button.click()
    box = _question(qtbot, editor)
    assert box.windowTitle() == "Schedule anyway?"
    assert X_EXPLANATION in box.text()
    assert not editor.schedule_button.isEnabled()
    box.button(QMessageBox.StandardButton.Cancel).click()

    qtbot.waitUntil(editor.schedule_button.isEnabled, timeout=WAIT_MS)
    assert requests == []
    assert not editor.is_busy()
    assert editor.caption() == X_OVER_LIMIT


def test_overflow_confirmed_is_sent(qtbot: QtBot, qloop: Any, make_editor: EditorFactory) -> None:
    editor = _scheduled_editor(make_editor, X_OVER_LIMIT, X_PROFILE)
    requests = _requests(editor)

    editor.schedule_button.click()
    box = _question(qtbot, editor)
    with qtbot.waitSignal(editor.post_requested, timeout=WAIT_MS):
        box.button(QMessageBox.StandardButton.Yes).click()

    assert len(requests) == 1
    assert requests[0].caption == X_OVER_LIMIT
    assert requests[0].scheduled_at == NOW + dt.timedelta(days=1)
    assert editor.is_busy()


def test_draft_with_overflow_sent_without_asking(
    qtbot: QtBot, qloop: Any, make_editor: EditorFactory
) -> None:
    editor = _scheduled_editor(make_editor, X_OVER_LIMIT, X_PROFILE)
    requests = _requests(editor)

    editor.save_draft_button.click()

    assert len(requests) == 1
    assert requests[0].scheduled_at is None
    assert editor.findChildren(QMessageBox) == []


def test_linkedin_hashtag_sent_without_asking(
    qtbot: QtBot, qloop: Any, make_editor: EditorFactory
) -> None:
    editor = _scheduled_editor(make_editor, "Fresh bread #bakery", LINKEDIN_PROFILE)
    requests = _requests(editor)

    editor.schedule_button.click()

    assert len(requests) == 1
    assert editor.findChildren(QMessageBox) == []
