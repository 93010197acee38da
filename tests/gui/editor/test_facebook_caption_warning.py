"""A caption over Facebook's lowest source limit: the text agrees with the counter's limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import SocialProfile
from ocoya_desktop.domain.networks import Network
from ocoya_desktop.ui.widgets.caption_counters import error_color, warning_color
from ocoya_desktop.ui.widgets.post_editor import PostEditor

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

EditorFactory = Callable[..., PostEditor]
WAIT_MS = 5_000
FACEBOOK_PROFILE = SocialProfile(id="sp-fb", provider="facebook", name="Bakery", image=None)


def _editor(qtbot: QtBot, make_editor: EditorFactory, caption: str) -> PostEditor:
    editor = make_editor()
    editor.set_target_profiles([FACEBOOK_PROFILE], x_paid_profile_ids=())
    editor.set_caption(caption)
    # Long captions are measured in a worker thread, so the result arrives as a signal.
    with qtbot.waitSignal(editor.counters.report_ready, timeout=WAIT_MS):
        editor.counters.refresh()
    return editor


def test_warning_names_counter_limit(qtbot: QtBot, qloop: Any, make_editor: EditorFactory) -> None:
    editor = _editor(qtbot, make_editor, "a" * 6_000)
    counter = editor.counters.counter(Network.FACEBOOK)
    assert counter is not None
    text = editor.counters.findings_label.text()

    assert counter.state == "warning"
    assert "63206" in counter.text().replace(",", "").replace(".", "").replace("\u00a0", "")
    assert "within the Facebook limit of 63,206" in text
    assert "over the 5,000 that some sources give" in text
    label_color = editor.counters.findings_label.palette().color(QPalette.ColorRole.WindowText)
    assert label_color == warning_color(editor.palette())


def test_warning_and_error_coloured_apart(
    qtbot: QtBot, qloop: Any, make_editor: EditorFactory
) -> None:
    editor = _editor(qtbot, make_editor, "a" * 10_111)
    palette = editor.palette()
    text = editor.counters.findings_label.text()
    [ocoya_line, facebook_line] = text.split("<br>")

    assert "Ocoya accepts at most 10,000" in ocoya_line
    assert error_color(palette).name() in ocoya_line
    assert "within the Facebook limit of 63,206" in facebook_line
    assert warning_color(palette).name() in facebook_line
