"""SchedulePicker: the UTC line, daylight saving gaps and overlaps, past times, the draft state."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ocoya_desktop.domain.scheduling import ScheduleTimeError
from ocoya_desktop.ui.widgets.schedule_picker import SchedulePicker

from .conftest import NOW, fixed_now


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


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
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
