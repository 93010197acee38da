"""PostEditor: each problem is written out in one visible place, the reason line points there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import SocialProfile
from ocoya_desktop.ui.widgets.post_editor import PostEditor
from tests.gui.visible_labels import SAVING_OFF, SCHEDULE_OFF, count_in_visible_labels

from .conftest import NOW, X_PROFILE

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

EditorFactory = Callable[..., PostEditor]
OCOYA_TOO_LONG = "The caption is 10,001 characters long, but Ocoya accepts at most 10,000."


def test_ocoya_limit_shown_once(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_target_profiles([X_PROFILE], x_paid_profile_ids=())

    with qtbot.waitSignal(editor.counters.report_ready, timeout=5_000):
        editor.set_caption("a" * 10_001)

    assert count_in_visible_labels(editor, OCOYA_TOO_LONG) == 1
    assert count_in_visible_labels(editor.counters, OCOYA_TOO_LONG) == 1
    assert count_in_visible_labels(editor, "Shorten the caption by at least 1 character") == 1
    assert editor.reason_label.text() == SAVING_OFF
    assert not editor.save_draft_button.isEnabled()
    assert not editor.schedule_button.isEnabled()


def test_past_time_shown_once(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_target_profiles([X_PROFILE], x_paid_profile_ids=())
    editor.set_caption("Fresh rolls")

    editor.schedule_picker.set_local_datetime(NOW.date(), dt.time(9, 0))

    problem = editor.schedule_picker.problem()
    assert problem
    assert count_in_visible_labels(editor, problem) == 1
    assert count_in_visible_labels(editor.schedule_picker, problem) == 1
    assert editor.reason_label.text() == SCHEDULE_OFF
    assert not editor.schedule_button.isEnabled()
    assert editor.save_draft_button.isEnabled()


def test_reason_in_button_tooltip(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_target_profiles([X_PROFILE], x_paid_profile_ids=())
    editor.set_caption("Fresh rolls")

    editor.schedule_picker.set_local_datetime(NOW.date(), dt.time(9, 0))

    assert editor.schedule_button.toolTip() == SCHEDULE_OFF
    assert editor.save_draft_button.toolTip() == "Save the post as a draft (Ctrl+S)"


def test_reason_without_other_place_shown(qtbot: QtBot, make_editor: EditorFactory) -> None:
    # Without a media widget nothing else shows Pinterest's media finding.
    editor = make_editor()
    editor.set_caption("Fresh rolls")
    editor.schedule_picker.set_local_datetime(dt.date(2030, 3, 2), dt.time(9, 0))
    pinterest = SocialProfile(id="sp-pin", provider="pinterest", name="Bakery", image=None)

    editor.set_target_profiles([pinterest], x_paid_profile_ids=())

    message = "Pinterest needs at least one image for a pin."
    assert count_in_visible_labels(editor, message) == 1
    assert message in editor.reason_label.text()
    assert SCHEDULE_OFF not in editor.reason_label.text()
