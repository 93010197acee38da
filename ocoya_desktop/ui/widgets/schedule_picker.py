"""Date, time and time zone of a post, with the UTC time that will be sent and its problems."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QDate, QEvent, QModelIndex, QSignalBlocker, Qt, QTime, Signal
from PySide6.QtGui import QFocusEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ocoya_desktop.domain.scheduling import (
    Adjustment,
    ResolvedTime,
    ScheduleTimeError,
    available_time_zones,
    is_far_ahead,
    matching_time_zones,
    resolve_local_time,
    system_time_zone,
    to_utc_display,
    validate_schedule_time,
    zone_display_name,
    zone_search_text,
)
from ocoya_desktop.ui.texts import adjustment_text, error_text
from ocoya_desktop.ui.widgets.caption_counters import error_color

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

# Lines of text the problem message keeps room for while it is hidden. At the picker's minimum
# width of 386 pixels, with a 9-point sans-serif font (measured with Qt 6.11 on the offscreen
# platform), the unknown-zone and past-time messages take two lines.
# NOTE: The message for a time less than a minute away takes three lines below about 550
# pixels, so in a narrow window showing it still makes the picker taller.
_PROBLEM_LINES = 2


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SchedulePicker(QWidget):
    """Picks when a post goes out: a wall time in a time zone, or no date for a draft.

    The wall time is resolved to UTC with the domain's daylight saving rules. A time in a gap
    moves forward, and a message explains the shift. A time that happens twice offers a
    choice between the first and the second occurrence. A time in the past, or too close to
    now, is a problem that ``problem()`` returns and the picker shows.

    The zone field shows names with spaces for underscores ("America/New York"), and typed
    text matches either form. While the user types, the last valid zone stays in effect. When
    editing finishes, a text that matches exactly one zone chooses it, and any other unknown
    text becomes the problem.

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
        # IANA names by their search text (see zone_search_text); empty until load_zone_list.
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
        """Choose the zone ``name``, keeping the wall time. Raises ValueError if it is unknown.

        ``name`` is an IANA name such as "America/New_York" or its shown form with spaces.
        """
        key = self._zone_key(name)
        if key is None:
            raise ValueError(f"Unknown time zone {name!r}; use an IANA name such as Europe/Berlin")
        self._choose_zone(key)

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

        Finishes a zone the user is still typing first, as Enter would, and checks against the
        current time. Raises ``ScheduleTimeError`` for a time in the past or too close to now,
        and ``ValueError`` for an unknown time zone.
        """
        if self._is_zone_text_pending():
            self._finish_zone_edit()
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
        self.zone_combo.addItem(zone_display_name(self._zone.key))
        # Sized for a typical name, not the longest of the ~600 zones, which would widen the
        # whole editor; the popup still shows full names.
        self.zone_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.zone_combo.setMinimumContentsLength(14)
        self.zone_combo.setAccessibleName(self.tr("Time zone"))
        self.zone_combo.setToolTip(
            self.tr("Type part of a name, such as Berlin or new york, to find a zone")
        )
        # The completer shares the combo's model, so it offers every zone once they are loaded.
        completer = _ZoneCompleter(self.zone_combo)
        completer.setModel(self.zone_combo.model())
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
        # The line names the zone while one is being typed, and a long zone name must not
        # widen the editor.
        self.utc_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.adjustment_label = QLabel(self)
        self.adjustment_label.setWordWrap(True)
        self.adjustment_label.hide()
        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.problem_label.setAccessibleName(self.tr("Schedule time problem"))
        # The hidden message keeps its room, so the When row does not move as it comes and
        # goes and a click meant for one field does not land on another.
        policy = self.problem_label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.problem_label.setSizePolicy(policy)
        self.problem_label.hide()
        self._color_problem_label()
        self._reserve_message_room()

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
        self._zone_keys = {zone_search_text(name): name for name in names}
        text = self.zone_combo.currentText()
        # setEditText clears the modified flag, which marks text the user is still typing.
        modified = self._zone_line_edit().isModified()
        with QSignalBlocker(self.zone_combo):
            self.zone_combo.clear()
            self.zone_combo.addItems([zone_display_name(name) for name in names])
            self.zone_combo.setEditText(text)
        self._zone_line_edit().setModified(modified)

    def _zone_key(self, text: str) -> str | None:
        """Return the IANA name ``text`` is, ignoring case, with spaces for underscores."""
        search_text = zone_search_text(text)
        if search_text == zone_search_text(self._zone.key):
            return self._zone.key
        self.load_zone_list()
        return self._zone_keys.get(search_text)

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
        self._zone_line_edit().editingFinished.connect(self._finish_zone_edit)
        completer = self.zone_combo.completer()
        assert completer is not None
        # A click on a suggestion sets the text while the list is still open, so the choice
        # is taken from the completer. PySide6's stubs type the overloaded signal as one
        # SignalInstance, without the index that selects the QModelIndex overload.
        completer.activated[QModelIndex].connect(  # type: ignore[index]
            self._on_zone_completer_activated
        )
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
        completer = self.zone_combo.completer()
        popup = completer.popup() if completer is not None else None
        popup_open = popup is not None and popup.isVisible()
        if self._zone_line_edit().isModified() or popup_open:
            # The user is typing, or moving through the suggestions. The last valid zone
            # stays in effect and no problem shows until editing finishes.
            self._zone_problem = ""
            self._recompute()
            return
        # The text was set by a choice from the list or by code, so it is checked at once.
        self._use_zone_text(text, allow_partial=False)

    def _on_zone_completer_activated(self, index: QModelIndex) -> None:
        self._use_zone_text(str(index.data()), allow_partial=False)

    def _finish_zone_edit(self) -> None:
        """Choose the zone the typed text names, or matches alone, or show the problem."""
        display_name = zone_display_name(self._zone.key)
        if not self._zone_problem and self.zone_combo.currentText() == display_name:
            # Focus left the field without a change, so nothing is checked or emitted.
            return
        self._use_zone_text(self.zone_combo.currentText(), allow_partial=True)

    def _use_zone_text(self, text: str, *, allow_partial: bool) -> None:
        """Choose the zone ``text`` names, or set the zone problem.

        With ``allow_partial`` a text that is part of exactly one zone name chooses that zone,
        as the completer's only suggestion would.
        """
        key = self._zone_key(text)
        matches: list[str] = []
        if key is None and allow_partial and text.strip():
            matches = matching_time_zones(text, self._zone_keys.values())
            if len(matches) == 1:
                key = matches[0]
        if key is None:
            self._zone_problem = self._unknown_zone_message(text.strip(), len(matches))
            self._recompute()
            return
        self._choose_zone(key)

    def _unknown_zone_message(self, text: str, match_count: int) -> str:
        if not text:
            return self.tr("Choose a time zone from the list, such as Europe/Berlin.")
        if match_count > 1:
            return self.tr("“{name}” matches {count} time zones. Choose one from the list.").format(
                name=text, count=match_count
            )
        return self.tr(
            "“{name}” is not a known time zone. Choose one from the list, such as Europe/Berlin."
        ).format(name=text)

    def _choose_zone(self, key: str) -> None:
        """Use the zone ``key`` and show its name in the field."""
        self._zone_problem = ""
        display_name = zone_display_name(key)
        if self.zone_combo.currentText() != display_name:
            with QSignalBlocker(self.zone_combo):
                row = self.zone_combo.findText(display_name, Qt.MatchFlag.MatchExactly)
                if row >= 0:
                    self.zone_combo.setCurrentIndex(row)
                self.zone_combo.setEditText(display_name)
        self._zone_line_edit().setModified(False)
        if key != self._zone.key:
            self._zone = _load_zone(key) if key != "localtime" else system_time_zone()
            logger.debug("Schedule time zone changed to %s", key)
            self._second_occurrence = False
            self.time_zone_changed.emit(key)
        self._recompute()

    def _is_zone_text_pending(self) -> bool:
        """Return whether the field shows typed text that is not the zone in effect."""
        typed = zone_search_text(self.zone_combo.currentText())
        return not self._zone_problem and typed != zone_search_text(self._zone.key)

    def _zone_line_edit(self) -> QLineEdit:
        line_edit = self.zone_combo.lineEdit()
        assert line_edit is not None
        return line_edit

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
        # While the typed zone is unknown, notes on the last valid zone's clock changes
        # would explain a time that is not sent.
        zone_known = not self._zone_problem
        if zone_known:
            self._update_occurrence_choice(date, time, resolved)
        else:
            self.occurrence_combo.hide()

        self.utc_label.setText(self._utc_line(resolved))
        self._problem = self._zone_problem or self._time_problem(resolved)
        notes = [adjustment_text(resolved)] if zone_known else []
        if not self._problem and is_far_ahead(resolved.utc, self._now()):
            notes.append(self.tr("That is more than a year from now. Check the year."))
        self._show_message(self.adjustment_label, "\n".join(note for note in notes if note))
        self._show_message(self.problem_label, self._problem)
        self.changed.emit()

    def _utc_line(self, resolved: ResolvedTime) -> str:
        if self._zone_problem:
            # No time is sent while the zone is unknown, and the problem message explains why.
            return ""
        utc = to_utc_display(resolved.utc)
        if self._is_zone_text_pending():
            return self.tr("Sent as {utc} (time zone still {zone})").format(
                utc=utc, zone=zone_display_name(self._zone.key)
            )
        return self.tr("Sent as {utc}").format(utc=utc)

    def _time_problem(self, resolved: ResolvedTime) -> str:
        try:
            validate_schedule_time(resolved.utc, self._now(), zone=self._zone)
        except ScheduleTimeError as error:
            return error_text(error)
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

    def _reserve_message_room(self) -> None:
        """Keep room for the UTC line and the problem message, shown or not."""
        line = self.fontMetrics().lineSpacing()
        self.utc_label.setMinimumHeight(line)
        self.problem_label.setMinimumHeight(_PROBLEM_LINES * line)

    def changeEvent(self, event: QEvent) -> None:
        """Recolour the problem message with the palette, and resize its room with the font."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._color_problem_label()
        elif event.type() == QEvent.Type.FontChange:
            self._reserve_message_room()


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


class _ZoneCompleter(QCompleter):
    """Suggests the zone names that contain the typed text, as ``zone_name_contains`` does.

    QCompleter filters with the text as typed, so "new_york" would miss the shown name
    "America/New York". The completer filters with the search text instead, in which an
    underscore is a space. The shown names contain no underscores, so the case-insensitive
    "contains" filter then matches them as ``zone_name_contains`` does.
    """

    def splitPath(self, path: str) -> list[str]:
        return [zone_search_text(path)]


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
