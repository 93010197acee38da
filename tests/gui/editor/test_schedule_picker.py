"""SchedulePicker: the UTC line, daylight saving changes, past times, drafts, the zone field."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ocoya_desktop.domain.scheduling import ScheduleTimeError
from ocoya_desktop.ui.widgets.schedule_picker import SchedulePicker

from .conftest import NOW, fixed_now

# The offscreen platform warns about window features it lacks, such as raising the popup.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def make_picker(qtbot: QtBot, time_zone: str = "Europe/Berlin") -> SchedulePicker:
    picker = SchedulePicker(time_zone, now=fixed_now)
    qtbot.addWidget(picker)
    return picker


def test_default_time_is_next_full_hour(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)

    # Now is 10:00 in Berlin; an hour later is 11:00, and the next full hour after it 12:00.
    assert picker.date_edit.date().toPython() == dt.date(2030, 3, 1)
    assert picker.time_edit.time().toString("HH:mm") == "12:00"
    assert picker.scheduled_at() == dt.datetime(2030, 3, 1, 11, 0, tzinfo=dt.UTC)


def test_utc_line_for_berlin(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)

    picker.set_local_datetime(dt.date(2030, 12, 5), dt.time(9, 0))

    assert picker.time_zone_name() == "Europe/Berlin"
    assert picker.utc_label.text() == "Sent as 2030-12-05 08:00 UTC"
    assert picker.adjustment_label.isHidden()
    assert picker.problem() == ""
    assert picker.scheduled_at() == dt.datetime(2030, 12, 5, 8, 0, tzinfo=dt.UTC)


def test_dst_gap_shifted_forward(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)

    # Berlin moves from 02:00 CET to 03:00 CEST on 31 March 2030.
    picker.set_local_datetime(dt.date(2030, 3, 31), dt.time(2, 30))

    assert picker.utc_label.text() == "Sent as 2030-03-31 01:30 UTC"
    assert not picker.adjustment_label.isHidden()
    assert "02:30 does not exist there" in picker.adjustment_label.text()
    assert "03:30 CEST" in picker.adjustment_label.text()
    assert picker.occurrence_combo.isHidden()
    assert picker.scheduled_at() == dt.datetime(2030, 3, 31, 1, 30, tzinfo=dt.UTC)


def test_dst_overlap_offers_both_times(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)

    # Berlin goes back from 03:00 CEST to 02:00 CET on 27 October 2030.
    picker.set_local_datetime(dt.date(2030, 10, 27), dt.time(2, 30))

    assert not picker.occurrence_combo.isHidden()
    assert picker.occurrence_combo.itemText(0) == "First time: 02:30 CEST (UTC+02:00)"
    assert picker.occurrence_combo.itemText(1) == "Second time: 02:30 CET (UTC+01:00)"
    assert picker.utc_label.text() == "Sent as 2030-10-27 00:30 UTC"
    assert "happens twice" in picker.adjustment_label.text()

    picker.occurrence_combo.activated.emit(1)

    assert picker.occurrence_combo.currentIndex() == 1
    assert picker.utc_label.text() == "Sent as 2030-10-27 01:30 UTC"
    assert picker.scheduled_at() == dt.datetime(2030, 10, 27, 1, 30, tzinfo=dt.UTC)


def test_other_time_clears_occurrence_choice(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)
    picker.set_local_datetime(dt.date(2030, 10, 27), dt.time(2, 30))
    picker.choose_second_occurrence(True)

    picker.set_local_datetime(dt.date(2030, 10, 27), dt.time(5, 0))

    assert picker.occurrence_combo.isHidden()
    assert picker.adjustment_label.isHidden()
    assert picker.utc_label.text() == "Sent as 2030-10-27 04:00 UTC"


def test_past_time_is_problem(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)

    # 09:30 in Berlin is 08:30 UTC, half an hour before NOW.
    picker.set_local_datetime(NOW.date(), dt.time(9, 30))

    assert "is in the past" in picker.problem()
    assert not picker.problem_label.isHidden()
    assert picker.problem_label.text() == picker.problem()
    with pytest.raises(ScheduleTimeError, match="in the past"):
        picker.scheduled_at()


def test_far_ahead_year_is_pointed_out(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)

    picker.set_local_datetime(dt.date(2099, 3, 1), dt.time(12, 0))

    assert "Check the year" in picker.adjustment_label.text()
    assert not picker.adjustment_label.isHidden()
    assert picker.problem() == ""

    picker.set_local_datetime(dt.date(2030, 9, 1), dt.time(12, 0))

    assert picker.adjustment_label.isHidden()


def test_zone_change_keeps_wall_time(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)
    picker.set_local_datetime(dt.date(2030, 12, 5), dt.time(9, 0))

    with qtbot.waitSignal(picker.time_zone_changed) as blocker:
        picker.set_time_zone("asia/tokyo")

    assert blocker.args == ["Asia/Tokyo"]
    assert picker.zone_combo.currentText() == "Asia/Tokyo"
    assert picker.utc_label.text() == "Sent as 2030-12-05 00:00 UTC"


def test_unknown_zone_typed_is_problem(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)

    picker.zone_combo.setEditText("Europe/Berlinn")

    assert "not a known time zone" in picker.problem()
    assert picker.time_zone_name() == "Europe/Berlin"
    with pytest.raises(ValueError, match="Europe/Berlinn"):
        picker.scheduled_at()
    with pytest.raises(ValueError, match="Unknown time zone"):
        picker.set_time_zone("Mars/Olympus")


def test_zone_list_fills_on_focus(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)
    picker.show()
    qtbot.waitExposed(picker)
    assert picker.zone_combo.count() == 1

    picker.activateWindow()
    picker.zone_combo.setFocus()

    qtbot.waitUntil(lambda: picker.zone_combo.count() > 300)
    assert picker.zone_combo.findText("Asia/Tokyo") >= 0
    assert picker.zone_combo.currentText() == "Europe/Berlin"
    assert picker.problem() == ""


def test_zone_completer_matches_part_of_name(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)
    completer = picker.zone_combo.completer()
    assert completer is not None
    picker.load_zone_list()

    completer.setCompletionPrefix("TOKY")

    matches = [
        completer.completionModel().index(row, 0).data()
        for row in range(completer.completionCount())
    ]
    assert matches == ["Asia/Tokyo"]
    assert completer.caseSensitivity() == Qt.CaseSensitivity.CaseInsensitive


def test_draft_state(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)
    picker.set_local_datetime(NOW.date(), dt.time(9, 30))

    picker.set_draft(True)

    assert picker.is_draft()
    assert picker.problem() == ""
    assert picker.scheduled_at() is None
    assert picker.utc_label.text() == "Saved as a draft without a date"
    assert not picker.date_edit.isEnabled()
    assert not picker.zone_combo.isEnabled()


# --- typing in the zone field -----------------------------------------------------------


def show_picker(qtbot: QtBot, time_zone: str = "Europe/Berlin") -> SchedulePicker:
    """Return a shown picker in an active window, as a user sees it."""
    picker = make_picker(qtbot, time_zone)
    picker.show()
    qtbot.waitExposed(picker)
    picker.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is picker)
    return picker


def zone_line_edit(picker: SchedulePicker) -> QLineEdit:
    line_edit = picker.zone_combo.lineEdit()
    assert line_edit is not None
    return line_edit


def suggestion_list(picker: SchedulePicker) -> QAbstractItemView:
    completer = picker.zone_combo.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    return popup


def key_target(picker: SchedulePicker) -> QWidget:
    """Return the widget that gets the keys typed in the zone field.

    An open suggestion list takes the keyboard, and the completer passes the keys it does not
    use on to the field.
    """
    popup = suggestion_list(picker)
    return popup if popup.isVisible() else zone_line_edit(picker)


def type_zone(qtbot: QtBot, picker: SchedulePicker, text: str) -> None:
    """Click into the zone field, select its text and type ``text`` over it."""
    line_edit = zone_line_edit(picker)
    picker.zone_combo.setFocus()
    qtbot.waitUntil(line_edit.hasFocus)
    line_edit.selectAll()
    for character in text:
        qtbot.keyClicks(key_target(picker), character)


def press(qtbot: QtBot, picker: SchedulePicker, key: Qt.Key) -> None:
    """Press ``key`` in the zone field."""
    qtbot.keyClick(key_target(picker), key)


def suggestions(picker: SchedulePicker) -> list[str]:
    completer = picker.zone_combo.completer()
    assert completer is not None
    model = completer.completionModel()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_zone_list_uses_spaces(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)
    picker.load_zone_list()

    assert picker.zone_combo.findText("America/New York") >= 0
    assert picker.zone_combo.findText("America/New_York") < 0


@pytest.mark.parametrize("name", ["America/New_York", "america/new york", " America/New  York"])
def test_set_zone_accepts_both_forms(qtbot: QtBot, name: str) -> None:
    picker = make_picker(qtbot)

    with qtbot.waitSignal(picker.time_zone_changed) as blocker:
        picker.set_time_zone(name)

    assert blocker.args == ["America/New_York"]
    assert picker.time_zone_name() == "America/New_York"
    assert picker.zone_combo.currentText() == "America/New York"
    assert picker.problem() == ""


@pytest.mark.parametrize("typed", ["new york", "NEW_YORK", "new_york"])
def test_completer_space_or_underscore(qtbot: QtBot, typed: str) -> None:
    picker = show_picker(qtbot)

    type_zone(qtbot, picker, typed)

    qtbot.waitUntil(suggestion_list(picker).isVisible)
    assert suggestions(picker) == ["America/New York"]


@pytest.mark.parametrize(
    ("typed", "key"), [("tokyo", "Asia/Tokyo"), ("new york", "America/New_York")]
)
def test_enter_chooses_only_match(qtbot: QtBot, typed: str, key: str) -> None:
    picker = show_picker(qtbot)
    picker.set_local_datetime(dt.date(2030, 12, 5), dt.time(9, 0))
    type_zone(qtbot, picker, typed)

    with qtbot.waitSignal(picker.time_zone_changed) as blocker:
        press(qtbot, picker, Qt.Key.Key_Return)

    assert blocker.args == [key]
    assert picker.time_zone_name() == key
    assert picker.zone_combo.currentText() == key.replace("_", " ")
    assert picker.problem() == ""
    assert picker.problem_label.isHidden()


def test_focus_out_chooses_only_match(qtbot: QtBot) -> None:
    picker = show_picker(qtbot)
    picker.set_local_datetime(dt.date(2030, 12, 5), dt.time(9, 0))
    type_zone(qtbot, picker, "tokyo")
    # A click outside the suggestions only closes them, as Escape does.
    press(qtbot, picker, Qt.Key.Key_Escape)

    qtbot.mouseClick(picker.time_edit, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: picker.time_zone_name() == "Asia/Tokyo")
    assert picker.zone_combo.currentText() == "Asia/Tokyo"
    assert picker.utc_label.text() == "Sent as 2030-12-05 00:00 UTC"
    assert picker.problem() == ""


def test_popup_choice_chooses_zone(qtbot: QtBot) -> None:
    picker = show_picker(qtbot)
    type_zone(qtbot, picker, "new y")
    qtbot.waitUntil(suggestion_list(picker).isVisible)

    press(qtbot, picker, Qt.Key.Key_Down)
    with qtbot.waitSignal(picker.time_zone_changed) as blocker:
        press(qtbot, picker, Qt.Key.Key_Return)

    assert blocker.args == ["America/New_York"]
    assert picker.zone_combo.currentText() == "America/New York"
    assert picker.problem() == ""


def test_popup_click_chooses_zone(qtbot: QtBot) -> None:
    picker = show_picker(qtbot)
    type_zone(qtbot, picker, "new y")
    popup = suggestion_list(picker)
    qtbot.waitUntil(popup.isVisible)
    first = popup.visualRect(popup.model().index(0, 0)).center()

    with qtbot.waitSignal(picker.time_zone_changed) as blocker:
        qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=first)

    assert blocker.args == ["America/New_York"]
    assert picker.zone_combo.currentText() == "America/New York"


def test_popup_choice_of_same_zone(qtbot: QtBot) -> None:
    picker = show_picker(qtbot)
    picker.set_local_datetime(dt.date(2030, 12, 5), dt.time(9, 0))
    type_zone(qtbot, picker, "berl")
    qtbot.waitUntil(suggestion_list(picker).isVisible)

    press(qtbot, picker, Qt.Key.Key_Down)
    press(qtbot, picker, Qt.Key.Key_Return)

    assert picker.zone_combo.currentText() == "Europe/Berlin"
    assert picker.time_zone_name() == "Europe/Berlin"
    assert picker.utc_label.text() == "Sent as 2030-12-05 08:00 UTC"


def test_no_problem_while_typing(qtbot: QtBot) -> None:
    picker = show_picker(qtbot)
    picker.set_local_datetime(dt.date(2030, 12, 5), dt.time(9, 0))

    type_zone(qtbot, picker, "Mars/Oly")

    assert zone_line_edit(picker).text() == "Mars/Oly"
    assert picker.problem() == ""
    assert picker.problem_label.isHidden()
    assert picker.time_zone_name() == "Europe/Berlin"
    assert picker.resolved_time() is not None
    assert picker.utc_label.text() == (
        "Sent as 2030-12-05 08:00 UTC (time zone still Europe/Berlin)"
    )


def test_unknown_zone_shown_after_enter(qtbot: QtBot) -> None:
    picker = show_picker(qtbot)
    type_zone(qtbot, picker, "Mars/Olympus")

    press(qtbot, picker, Qt.Key.Key_Return)

    assert "“Mars/Olympus” is not a known time zone" in picker.problem()
    assert not picker.problem_label.isHidden()
    assert picker.problem_label.text() == picker.problem()
    assert picker.time_zone_name() == "Europe/Berlin"
    assert picker.utc_label.text() == ""
    with pytest.raises(ValueError, match="Mars/Olympus"):
        picker.scheduled_at()


def test_unknown_zone_hides_clock_change_notes(qtbot: QtBot) -> None:
    picker = show_picker(qtbot)
    # Berlin goes back from 03:00 CEST to 02:00 CET on 27 October 2030.
    picker.set_local_datetime(dt.date(2030, 10, 27), dt.time(2, 30))
    type_zone(qtbot, picker, "Mars/Olympus")

    press(qtbot, picker, Qt.Key.Key_Return)

    assert not picker.problem_label.isHidden()
    assert picker.occurrence_combo.isHidden()
    assert picker.adjustment_label.isHidden()


def test_unknown_zone_shown_after_focus_out(qtbot: QtBot) -> None:
    picker = show_picker(qtbot)
    type_zone(qtbot, picker, "Mars/Olympus")
    assert picker.problem() == ""

    press(qtbot, picker, Qt.Key.Key_Tab)

    qtbot.waitUntil(lambda: picker.problem() != "")
    assert "not a known time zone" in picker.problem()
    assert not picker.problem_label.isHidden()


def test_typing_again_hides_problem(qtbot: QtBot) -> None:
    picker = show_picker(qtbot)
    type_zone(qtbot, picker, "Mars")
    press(qtbot, picker, Qt.Key.Key_Return)
    assert picker.problem() != ""

    press(qtbot, picker, Qt.Key.Key_Backspace)

    assert picker.problem() == ""
    assert picker.problem_label.isHidden()


def test_several_matches_is_problem(qtbot: QtBot) -> None:
    picker = show_picker(qtbot)
    type_zone(qtbot, picker, "america")

    press(qtbot, picker, Qt.Key.Key_Return)

    assert "“america” matches" in picker.problem()
    assert picker.time_zone_name() == "Europe/Berlin"


def test_empty_zone_is_problem(qtbot: QtBot) -> None:
    picker = show_picker(qtbot)
    type_zone(qtbot, picker, "x")
    press(qtbot, picker, Qt.Key.Key_Backspace)

    press(qtbot, picker, Qt.Key.Key_Return)

    assert picker.problem() == "Choose a time zone from the list, such as Europe/Berlin."
    assert picker.time_zone_name() == "Europe/Berlin"


def test_scheduled_at_finishes_typed_zone(qtbot: QtBot) -> None:
    picker = show_picker(qtbot)
    picker.set_local_datetime(dt.date(2030, 12, 5), dt.time(9, 0))
    type_zone(qtbot, picker, "tokyo")

    scheduled = picker.scheduled_at()

    assert scheduled == dt.datetime(2030, 12, 5, 0, 0, tzinfo=dt.UTC)
    assert picker.time_zone_name() == "Asia/Tokyo"


def test_problem_keeps_when_row_in_place(qtbot: QtBot) -> None:
    # As in the post editor, a stretching field sits above the picker, so a taller picker
    # would push its When row up.
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    layout.addWidget(QTextEdit(window), 1)
    picker = SchedulePicker("Europe/Berlin", now=fixed_now, parent=window)
    layout.addWidget(picker)
    window.resize(500, 400)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    def date_row_top() -> int:
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        return picker.date_edit.mapTo(window, QPoint(0, 0)).y()

    top = date_row_top()
    type_zone(qtbot, picker, "Mars/Olympus")
    press(qtbot, picker, Qt.Key.Key_Return)
    assert not picker.problem_label.isHidden()

    assert date_row_top() == top

    picker.set_time_zone("Europe/Paris")
    assert picker.problem_label.isHidden()

    assert date_row_top() == top
