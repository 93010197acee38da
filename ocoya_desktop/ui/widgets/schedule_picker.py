"""Date, time and time zone of a post, with the UTC time that will be sent and its problems."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QDate, QEvent, QSignalBlocker, Qt, QTime, Signal
from PySide6.QtGui import QFocusEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ocoya_desktop.domain.scheduling import (
    Adjustment,
    ResolvedTime,
    ScheduleTimeError,
    available_time_zones,
    resolve_local_time,
    system_time_zone,
    to_utc_display,
    validate_schedule_time,
)
from ocoya_desktop.ui.widgets.caption_counters import error_color

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SchedulePicker(QWidget):
    """Picks when a post goes out: a wall time in a time zone, or no date for a draft.

    The wall time is resolved to UTC with the domain's daylight saving rules. A time in a gap
    moves forward, and a message explains the shift. A time that happens twice offers a
    choice between the first and the second occurrence. A time in the past, or too close to
    now, is a problem that ``problem()`` returns and the picker shows.

    Signals:
        changed(): the date, time, zone, draft state or validity changed.
        time_zone_changed(str): the user picked another zone; the payload is its IANA name.
    """

    changed = Signal()
    time_zone_changed = Signal(str)

    def __init__(
        self,
        time_zone: str = "",
        *,
        now: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SchedulePicker")
        self.setAccessibleName(self.tr("Schedule time"))
        self._now = now or _utc_now
        self._zone = _load_zone(time_zone)
        # Zone names by their case-folded form; empty until load_zone_list runs.
        self._zone_keys: dict[str, str] = {}
        self._resolved: ResolvedTime | None = None
        self._problem = ""
        self._zone_problem = ""
        self._second_occurrence = False

        self._build_widgets()
        self._set_default_time()
        self._connect_signals()
        self._recompute()

    # --- public interface ---------------------------------------------------------------

    def is_draft(self) -> bool:
        """Return whether "no date" is chosen, so the post is saved as a draft."""
        return self.draft_check.isChecked()

    def set_draft(self, draft: bool) -> None:
        """Choose "no date (save as draft)" or a date and time."""
        self.draft_check.setChecked(draft)

    def time_zone_name(self) -> str:
        """Return the IANA name of the chosen zone."""
        return self._zone.key

    def set_time_zone(self, name: str) -> None:
        """Choose the zone ``name``, keeping the wall time; raises ValueError if unknown."""
        key = self._zone_key(name)
        if key is None:
            raise ValueError(f"Unknown time zone {name!r}; use an IANA name such as Europe/Berlin")
        self.zone_combo.setCurrentText(key)

    def set_local_datetime(self, date: dt.date, time: dt.time) -> None:
        """Set the wall-clock date and time in the chosen zone (seconds are dropped)."""
        self.date_edit.setDate(QDate(date.year, date.month, date.day))
        self.time_edit.setTime(QTime(time.hour, time.minute))

    def choose_second_occurrence(self, second: bool) -> None:
        """Pick the second (or first) of two equal wall times when clocks go back."""
        self._second_occurrence = second
        self._recompute()

    def resolved_time(self) -> ResolvedTime | None:
        """Return the chosen time resolved to UTC, or None in the draft state."""
        return self._resolved

    def problem(self) -> str:
        """Return why the chosen time cannot be sent, or "" when it can."""
        return self._problem

    def revalidate(self) -> None:
        """Check the chosen time against the current time again; time passes while typing."""
        self._recompute()

    def scheduled_at(self) -> dt.datetime | None:
        """Return the chosen time as an aware UTC datetime, or None in the draft state.

        Checks against the current time first. Raises ``ScheduleTimeError`` for a time in the
        past or too close to now, and ``ValueError`` for an unknown time zone.
        """
        self._recompute()
        if self.is_draft() or self._resolved is None:
            return None
        if self._zone_problem:
            raise ValueError(self._zone_problem)
        validate_schedule_time(self._resolved.utc, self._now(), zone=self._zone)
        return self._resolved.utc

    # --- building -----------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.draft_check = QCheckBox(self.tr("No date (save as draft)"), self)
        self.draft_check.setAccessibleName(self.tr("No date, save as draft"))

        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setAccessibleName(self.tr("Date"))
        self.time_edit = QTimeEdit(self)
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setAccessibleName(self.tr("Time"))

        self.zone_combo = _ZoneCombo(self.load_zone_list, self)
        self.zone_combo.setEditable(True)
        self.zone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_combo.addItem(self._zone.key)
        # Sized for a typical name, not the longest of the ~600 zones, which would widen the
        # whole editor; the popup still shows full names.
        self.zone_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.zone_combo.setMinimumContentsLength(14)
        self.zone_combo.setAccessibleName(self.tr("Time zone"))
        self.zone_combo.setToolTip(self.tr("Type part of a name, such as Berlin, to find a zone"))
        # The completer shares the combo's model, so it offers every zone once they are loaded.
        completer = QCompleter(self.zone_combo.model(), self.zone_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.zone_combo.setCompleter(completer)

        self.occurrence_combo = QComboBox(self)
        self.occurrence_combo.setAccessibleName(self.tr("Which occurrence of the repeated time"))
        self.occurrence_combo.hide()

        self.utc_label = QLabel(self)
        self.utc_label.setObjectName("ScheduleUtcLabel")
        self.utc_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.adjustment_label = QLabel(self)
        self.adjustment_label.setWordWrap(True)
        self.adjustment_label.hide()
        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.problem_label.setAccessibleName(self.tr("Schedule time problem"))
        self.problem_label.hide()
        self._color_problem_label()

        when = QHBoxLayout()
        when.setContentsMargins(0, 0, 0, 0)
        when.addWidget(self.date_edit)
        when.addWidget(self.time_edit)
        when.addWidget(self.zone_combo, 1)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        when_label = QLabel(self.tr("&When:"), self)
        when_label.setBuddy(self.date_edit)
        form.addRow(when_label, when)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.draft_check)
        layout.addLayout(form)
        layout.addWidget(self.occurrence_combo)
        layout.addWidget(self.utc_label)
        layout.addWidget(self.adjustment_label)
        layout.addWidget(self.problem_label)

    def load_zone_list(self) -> None:
        """Fill the zone list and completer with every IANA zone, once.

        Reading the names from the tz database took about 10 ms of the window's start, so the
        list starts with the chosen zone only. It fills when the zone field gets focus or
        opens its list, or when another zone is set or typed.
        """
        if self._zone_keys:
            return
        names = list(available_time_zones())
        if self._zone.key not in names:
            # The system zone may only be known as "localtime", without an IANA name.
            names.insert(0, self._zone.key)
        self._zone_keys = {name.casefold(): name for name in names}
        text = self.zone_combo.currentText()
        with QSignalBlocker(self.zone_combo):
            self.zone_combo.clear()
            self.zone_combo.addItems(names)
            self.zone_combo.setEditText(text)

    def _zone_key(self, text: str) -> str | None:
        """Return the zone name ``text`` means, ignoring case and spaces, or None."""
        folded = text.strip().casefold()
        if folded == self._zone.key.casefold():
            return self._zone.key
        self.load_zone_list()
        return self._zone_keys.get(folded)

    def reset_to_default(self) -> None:
        """Put the picker back to a new post's time: the next full hour at least an hour away."""
        self._set_default_time()

    def _set_default_time(self) -> None:
        """Start at the next full hour that is at least an hour away."""
        local = (self._now() + dt.timedelta(hours=1)).astimezone(self._zone)
        start = local.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
        self.set_local_datetime(start.date(), start.time())

    def _connect_signals(self) -> None:
        self.draft_check.toggled.connect(self._on_draft_check_toggled)
        self.date_edit.dateChanged.connect(self._on_date_edit_changed)
        self.time_edit.timeChanged.connect(self._on_time_edit_changed)
        self.zone_combo.currentTextChanged.connect(self._on_zone_combo_text_changed)
        self.occurrence_combo.activated.connect(self._on_occurrence_combo_activated)

    # --- slots --------------------------------------------------------------------------

    def _on_draft_check_toggled(self, draft: bool) -> None:
        for widget in (self.date_edit, self.time_edit, self.zone_combo, self.occurrence_combo):
            widget.setEnabled(not draft)
        self._recompute()

    def _on_date_edit_changed(self, _date: QDate) -> None:
        self._second_occurrence = False
        self._recompute()

    def _on_time_edit_changed(self, _time: QTime) -> None:
        self._second_occurrence = False
        self._recompute()

    def _on_zone_combo_text_changed(self, text: str) -> None:
        key = self._zone_key(text)
        if key is None:
            self._zone_problem = self.tr(
                "“{name}” is not a known time zone. Choose one from the list, such as "
                "Europe/Berlin."
            ).format(name=text)
            self._recompute()
            return
        self._zone_problem = ""
        if key != self._zone.key:
            self._zone = _load_zone(key) if key != "localtime" else system_time_zone()
            logger.debug("Schedule time zone changed to %s", key)
            self._second_occurrence = False
            self.time_zone_changed.emit(key)
        self._recompute()

    def _on_occurrence_combo_activated(self, index: int) -> None:
        self.choose_second_occurrence(index == 1)

    # --- resolving and checking ---------------------------------------------------------

    def _recompute(self) -> None:
        if self.is_draft():
            self._resolved = None
            self._problem = ""
            self.occurrence_combo.hide()
            self.utc_label.setText(self.tr("Saved as a draft without a date"))
            self._show_message(self.adjustment_label, "")
            self._show_message(self.problem_label, "")
            self.changed.emit()
            return

        date = self.date_edit.date().toPython()
        time = self.time_edit.time().toPython()
        assert isinstance(date, dt.date) and isinstance(time, dt.time)
        time = time.replace(second=0, microsecond=0)
        resolved = resolve_local_time(
            date, time, self._zone, second_occurrence=self._second_occurrence
        )
        self._resolved = resolved
        self._update_occurrence_choice(date, time, resolved)

        self.utc_label.setText(self.tr("Sent as {utc}").format(utc=to_utc_display(resolved.utc)))
        self._show_message(self.adjustment_label, resolved.message)
        self._problem = self._zone_problem or self._time_problem(resolved)
        self._show_message(self.problem_label, self._problem)
        self.changed.emit()

    def _time_problem(self, resolved: ResolvedTime) -> str:
        try:
            validate_schedule_time(resolved.utc, self._now(), zone=self._zone)
        except ScheduleTimeError as error:
            return str(error)
        return ""

    def _update_occurrence_choice(
        self, date: dt.date, time: dt.time, resolved: ResolvedTime
    ) -> None:
        ambiguous = resolved.adjustment in (Adjustment.AMBIGUOUS_FIRST, Adjustment.AMBIGUOUS_SECOND)
        self.occurrence_combo.setVisible(ambiguous)
        if not ambiguous:
            return
        first = resolve_local_time(date, time, self._zone).local
        second = resolve_local_time(date, time, self._zone, second_occurrence=True).local
        self.occurrence_combo.clear()
        self.occurrence_combo.addItem(
            self.tr("First time: {time}").format(time=_format_with_offset(first))
        )
        self.occurrence_combo.addItem(
            self.tr("Second time: {time}").format(time=_format_with_offset(second))
        )
        self.occurrence_combo.setCurrentIndex(1 if self._second_occurrence else 0)

    def _show_message(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _color_problem_label(self) -> None:
        palette = QPalette(self.palette())
        palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
        self.problem_label.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        """Recolour the problem message when the palette changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._color_problem_label()


def _load_zone(name: str) -> ZoneInfo:
    """Return the zone ``name``, or the system zone for "" or a name that does not exist."""
    if not name:
        return system_time_zone()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        logger.warning("Using the system time zone instead of the unknown %r: %s", name, error)
        return system_time_zone()


def _format_with_offset(moment: dt.datetime) -> str:
    """Format an aware datetime as "02:30 CEST (UTC+02:00)"."""
    offset = moment.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    hours, minutes = divmod(abs(offset) // dt.timedelta(minutes=1), 60)
    name = moment.tzname() or ""
    label = f"{name} " if name and name[0] not in "+-" else ""
    return f"{moment:%H:%M} {label}(UTC{sign}{hours:02d}:{minutes:02d})"


class _ZoneCombo(QComboBox):
    """The editable zone field; calls ``on_first_use`` when it gets focus or opens its list."""

    def __init__(self, on_first_use: Callable[[], None], parent: QWidget) -> None:
        super().__init__(parent)
        self._on_first_use = on_first_use

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._on_first_use()
        super().focusInEvent(event)

    def showPopup(self) -> None:
        self._on_first_use()
        super().showPopup()
