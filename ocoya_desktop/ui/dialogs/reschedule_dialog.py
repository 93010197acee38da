"""A small dialog that picks a new time for a scheduled post or a draft."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ocoya_desktop.domain.scheduling import system_time_zone
from ocoya_desktop.ui.texts import error_text
from ocoya_desktop.ui.widgets.schedule_picker import Clock, SchedulePicker


class RescheduleDialog(QDialog):
    """Shows the post's current time in a ``SchedulePicker``; OK only for a valid new time.

    ``current`` is the post's aware scheduled time, or None for a draft. The picker starts
    at ``start_at`` (the time of a reschedule that failed), else at ``current``, else at its
    default time. OK is off while the picked time is ``current``, which would change nothing.
    ``note`` is shown under the caption when given. After ``Accepted``, ``scheduled_at()`` is
    the UTC time.
    """

    def __init__(
        self,
        caption: str,
        current: datetime | None,
        *,
        time_zone: str = "",
        start_at: datetime | None = None,
        note: str = "",
        now: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reschedule post"))
        self.setObjectName("RescheduleDialog")
        self._chosen: datetime | None = None
        self._current = current

        summary = QLabel(caption or self.tr("(no caption)"), self)
        summary.setWordWrap(True)
        summary.setAccessibleName(self.tr("Caption of the post"))
        self.note_label = QLabel(note, self)
        self.note_label.setWordWrap(True)
        self.note_label.setVisible(bool(note))
        self.picker = SchedulePicker(time_zone, now=now, parent=self)
        # A post's time can only move to another time; "no date" is not a reschedule.
        self.picker.draft_check.hide()
        self.picker.set_draft(False)
        start = start_at or current
        if start is not None:
            local = start.astimezone(_zone(self.picker.time_zone_name()))
            self.picker.set_local_datetime(local.date(), local.time())

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Reschedule"))
        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.note_label)
        layout.addWidget(self.picker)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.picker.changed.connect(self._update_ok)
        self._update_ok()

    def scheduled_at(self) -> datetime | None:
        """Return the chosen time (aware UTC) after the dialog was accepted, else None."""
        return self._chosen

    def _update_ok(self) -> None:
        problem = self.picker.problem()
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        # The dialog opens at the post's own time, which is no problem to report in red.
        unchanged = not problem and self._is_unchanged()
        ok.setEnabled(not problem and not unchanged)
        ok.setToolTip(self.tr("Pick a new time first.") if unchanged else "")

    def _on_buttons_accepted(self) -> None:
        # Time passes while the dialog is open, so the time is checked again on OK.
        try:
            chosen = self.picker.scheduled_at()
        except ValueError as error:
            self.problem_label.setText(error_text(error))
            self.problem_label.show()
            self._update_ok()
            return
        if chosen is None:
            return
        self._chosen = chosen
        self.accept()

    def _is_unchanged(self) -> bool:
        resolved = self.picker.resolved_time()
        return resolved is not None and resolved.utc == self._current


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return system_time_zone()
