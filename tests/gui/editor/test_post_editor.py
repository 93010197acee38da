"""PostEditor: counters and marks for the chosen profiles, the Schedule button, and requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ocoya_desktop.domain.networks import Network
from ocoya_desktop.services.compose import Composition
from ocoya_desktop.ui.widgets.post_editor import PostEditor
from tests.gui.visible_labels import SAVING_OFF, SCHEDULE_OFF

from .conftest import BLUESKY_PROFILE, LINKEDIN_PROFILE, NOW, X_PROFILE

# The offscreen platform warns whenever a shown top-level window's size hints change.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

EditorFactory = Callable[..., PostEditor]
CTRL = Qt.KeyboardModifier.ControlModifier


class FakeMedia(QWidget):
    """A media widget with the signals and methods the editor uses."""

    media_changed = Signal()
    busy_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.networks: list[Network] = []

    def media_urls(self) -> list[str]:
        return list(self.urls)

    def set_networks(self, networks: tuple[Network, ...]) -> None:
        self.networks = list(networks)

    def clear(self) -> None:
        self.urls = []
        self.media_changed.emit()


def requests_of(editor: PostEditor) -> list[Composition]:
    received: list[Composition] = []
    editor.post_requested.connect(received.append)
    return received


def test_emoji_updates_x_counter(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_target_profiles([X_PROFILE], x_paid_profile_ids=())

    editor.caption_edit.setFocus()
    qtbot.keyClicks(editor.caption_edit, "Open ")
    editor.caption_edit.insertPlainText("🥐👨‍👩‍👧")

    counter = editor.counters.counter(Network.X)
    assert counter is not None
    # "Open " weighs 5 and each emoji sequence weighs 2, whatever its parts.
    qtbot.waitUntil(lambda: counter.text() == "X 9/280")


def test_x_paid_only_when_all_x_paid(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    second_x = X_PROFILE.__class__(id="sp-x2", provider="x", name="Cafe on X", image=None)

    editor.set_target_profiles([X_PROFILE, second_x], x_paid_profile_ids={"sp-x"})
    counter = editor.counters.counter(Network.X)
    assert counter is not None
    assert counter.text() == "X 0/280"

    editor.set_target_profiles([X_PROFILE, second_x], x_paid_profile_ids={"sp-x", "sp-x2"})
    counter = editor.counters.counter(Network.X)
    assert counter is not None
    assert counter.text() == "X 0/25,000"


def test_over_x_limit_warns_but_schedules(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_target_profiles([X_PROFILE], x_paid_profile_ids=())

    with qtbot.waitSignal(editor.counters.report_ready):
        editor.set_caption("a" * 281)

    counter = editor.counters.counter(Network.X)
    assert counter is not None
    assert counter.state == "warning"
    assert editor.schedule_button.isEnabled()
    assert editor.schedule_button.text() == "Schedule"
    assert editor.reason_label.isHidden()


def test_over_ocoya_limit_blocks(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_target_profiles([X_PROFILE], x_paid_profile_ids=())

    editor.set_caption("a" * 10_001)

    assert not editor.schedule_button.isEnabled()
    assert not editor.save_draft_button.isEnabled()
    assert not editor.reason_label.isHidden()
    assert editor.reason_label.text() == SAVING_OFF
    qtbot.waitUntil(lambda: not editor.counters.findings_label.isHidden())
    findings = editor.counters.findings_label.text()
    assert "The caption is 10,001 characters long" in findings
    assert "Ocoya accepts at most 10,000" in findings

    editor.caption_edit.textCursor().deletePreviousChar()
    editor.set_caption("a" * 10_000)
    assert editor.schedule_button.isEnabled()


def test_linkedin_marks_after_emoji(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_target_profiles([LINKEDIN_PROFILE], x_paid_profile_ids=())

    # "😀" is two UTF-16 units, so "#" sits at offset 3 and "(" and ")" at 10 and 14.
    with qtbot.waitSignal(editor.counters.report_ready):
        editor.set_caption("😀 #bread (hot)")

    assert editor.caption_edit.mark_spans() == [(3, 4), (10, 11), (14, 15)]
    assert "LinkedIn" in editor.caption_edit.mark_tooltip_at(3)
    counter = editor.counters.counter(Network.LINKEDIN)
    assert counter is not None
    assert counter.state == "warning"


def test_linkedin_marks_removed_without_linkedin(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_target_profiles([LINKEDIN_PROFILE], x_paid_profile_ids=())
    with qtbot.waitSignal(editor.counters.report_ready):
        editor.set_caption("a #b")
    assert editor.caption_edit.mark_spans() == [(2, 3)]

    editor.set_target_profiles([BLUESKY_PROFILE], x_paid_profile_ids=())

    assert editor.caption_edit.mark_spans() == []


def test_undo_and_redo_in_editor(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.caption_edit.setFocus()
    qtbot.keyClicks(editor.caption_edit, "Rye")
    editor.set_caption("Sourdough")

    qtbot.keyClick(editor.caption_edit, Qt.Key.Key_Z, CTRL)
    assert editor.caption() == "Rye"

    qtbot.keyClick(editor.caption_edit, Qt.Key.Key_Y, CTRL)
    assert editor.caption() == "Sourdough"


def test_past_time_disables_schedule(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_target_profiles([X_PROFILE], x_paid_profile_ids=())
    editor.set_caption("Fresh rolls")

    editor.schedule_picker.set_local_datetime(NOW.date(), dt.time(9, 0))

    assert not editor.schedule_button.isEnabled()
    assert "is in the past" in editor.schedule_picker.problem_label.text()
    assert editor.reason_label.text() == SCHEDULE_OFF
    assert editor.save_draft_button.isEnabled()

    editor.schedule_picker.set_local_datetime(dt.date(2030, 3, 2), dt.time(9, 0))
    assert editor.schedule_button.isEnabled()
    assert editor.reason_label.isHidden()
    assert editor.schedule_picker.problem_label.isHidden()


def test_ctrl_return_twice_sends_once(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_target_profiles([X_PROFILE, LINKEDIN_PROFILE], x_paid_profile_ids=())
    editor.caption_edit.setFocus()
    qtbot.keyClicks(editor.caption_edit, "Fresh rolls")
    editor.schedule_picker.set_local_datetime(dt.date(2030, 12, 5), dt.time(9, 0))
    received = requests_of(editor)

    qtbot.keyClick(editor.caption_edit, Qt.Key.Key_Return, CTRL)
    qtbot.keyClick(editor.caption_edit, Qt.Key.Key_Return, CTRL)

    assert received == [
        Composition(
            caption="Fresh rolls",
            social_profile_ids=("sp-x", "sp-li"),
            scheduled_at=dt.datetime(2030, 12, 5, 8, 0, tzinfo=dt.UTC),
            time_zone="Europe/Berlin",
        )
    ]
    assert editor.caption() == "Fresh rolls"
    assert editor.is_busy()
    assert not editor.schedule_button.isEnabled()
    assert not editor.save_draft_button.isEnabled()


def test_no_profiles_saves_draft(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_caption("Idea for next week")
    received = requests_of(editor)

    assert editor.schedule_button.text() == "Save as draft — no profile ticked"
    assert editor.schedule_button.accessibleName() == "Save as draft — no profile ticked"
    qtbot.mouseClick(editor.schedule_button, Qt.MouseButton.LeftButton)

    assert len(received) == 1
    assert received[0].scheduled_at is None
    assert received[0].social_profile_ids == ()
    assert not received[0].will_be_scheduled


def test_no_date_saves_draft(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_target_profiles([X_PROFILE], x_paid_profile_ids=())
    editor.set_caption("Someday")
    editor.schedule_picker.set_draft(True)
    received = requests_of(editor)

    assert editor.schedule_button.text() == "Save as draft — no date set"
    qtbot.mouseClick(editor.schedule_button, Qt.MouseButton.LeftButton)

    assert received == [
        Composition(caption="Someday", social_profile_ids=("sp-x",), time_zone="Europe/Berlin")
    ]


def test_save_draft_ignores_time(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_target_profiles([X_PROFILE], x_paid_profile_ids=())
    editor.set_caption("Later")
    editor.schedule_picker.set_local_datetime(NOW.date(), dt.time(9, 0))
    received = requests_of(editor)

    qtbot.keyClick(editor.caption_edit, Qt.Key.Key_S, CTRL)

    assert len(received) == 1
    assert received[0].scheduled_at is None
    assert received[0].social_profile_ids == ("sp-x",)


def test_empty_post_cannot_be_saved(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    received = requests_of(editor)

    qtbot.keyClick(editor.caption_edit, Qt.Key.Key_Return, CTRL)

    assert received == []
    assert not editor.schedule_button.isEnabled()
    # An empty editor is no error: the reason is in the tooltip, not in the red line.
    assert editor.reason_label.isHidden()
    assert "Write a caption or attach media" in editor.schedule_button.toolTip()
    assert "Write a caption or attach media" in editor.save_draft_button.toolTip()


def test_send_failed_keeps_text_and_retries(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_caption("Croissants at 7")
    received = requests_of(editor)
    qtbot.mouseClick(editor.save_draft_button, Qt.MouseButton.LeftButton)

    editor.show_send_failed("Ocoya did not answer in time. Check the connection and retry.")

    assert editor.caption() == "Croissants at 7"
    assert not editor.is_busy()
    assert not editor.message_frame.isHidden()
    assert "did not answer" in editor.message_label.text()
    assert not editor.retry_button.isHidden()

    qtbot.mouseClick(editor.retry_button, Qt.MouseButton.LeftButton)

    assert len(received) == 2
    assert received[1] == received[0]
    assert editor.message_frame.isHidden()


def test_clear_after_success_and_undo(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_caption("Bagels are back")
    qtbot.mouseClick(editor.save_draft_button, Qt.MouseButton.LeftButton)

    editor.clear_after_success("Draft saved.")

    assert editor.caption() == ""
    assert not editor.is_busy()
    assert editor.message_label.text() == "Draft saved."
    assert not editor.undo_clear_button.isHidden()
    assert editor.retry_button.isHidden()

    qtbot.mouseClick(editor.undo_clear_button, Qt.MouseButton.LeftButton)

    assert editor.caption() == "Bagels are back"
    assert editor.message_frame.isHidden()


def test_typing_ends_undo_clear(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_caption("Bagels are back")
    editor.clear_after_success("Post scheduled.")
    assert not editor.undo_clear_button.isHidden()

    qtbot.keyClicks(editor.caption_edit, "Next post")

    assert editor.message_frame.isHidden()
    assert editor.caption() == "Next post"


def test_forget_cleared_caption_hides_undo(make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_caption("Bagels are back")
    editor.clear_after_success("Post scheduled.")

    editor.forget_cleared_caption()

    assert editor.message_frame.isHidden()
    assert editor.caption() == ""


def test_media_widget_urls_and_busy(qtbot: QtBot) -> None:
    media = FakeMedia()
    editor = PostEditor(media, time_zone="Europe/Berlin")
    qtbot.addWidget(editor)
    editor.set_target_profiles([BLUESKY_PROFILE], x_paid_profile_ids=())
    received = requests_of(editor)

    assert media.networks == [Network.BLUESKY]
    assert not editor.save_draft_button.isEnabled()

    media.urls = ["http://127.0.0.1:8765/_sandbox/media/a.png"]
    media.media_changed.emit()
    assert editor.save_draft_button.isEnabled()

    media.busy_changed.emit(True)
    assert not editor.save_draft_button.isEnabled()
    assert "finished uploading" in editor.reason_label.text()

    media.busy_changed.emit(False)
    qtbot.mouseClick(editor.save_draft_button, Qt.MouseButton.LeftButton)
    assert received[0].media_urls == ("http://127.0.0.1:8765/_sandbox/media/a.png",)
    assert received[0].caption == ""

    editor.clear_after_success()
    assert media.urls == []


def test_without_media_widget_no_media(qtbot: QtBot, make_editor: EditorFactory) -> None:
    editor = make_editor()
    editor.set_caption("Text only")

    assert editor.composition().media_urls == ()
