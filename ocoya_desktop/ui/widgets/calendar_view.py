"""The calendar: navigation above a month or week grid of the schedule's posts.

The calendar shows the same rows as the schedule table, through the same filter model, so
the status filter and the search field apply to both.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QLocale, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ocoya_desktop.domain.scheduling import system_time_zone
from ocoya_desktop.ui.models.schedule_filter_model import ScheduleFilterModel
from ocoya_desktop.ui.models.schedule_model import ScheduleModel
from ocoya_desktop.ui.widgets.calendar_grid import CalendarGrid, CalendarMode, Clock
from ocoya_desktop.ui.widgets.caption_counters import error_color

_log = logging.getLogger(__name__)

# Characters of the title that stay readable, before the "…", at the calendar's minimum width.
_TITLE_MIN_CHARACTERS = 4


def load_zone(name: str) -> ZoneInfo:
    """Return the zone ``name``, or the system zone for "" or a name that is not known."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as error:
            _log.warning("Unknown time zone %r for the calendar: %s", name, error)
    return system_time_zone()


class CalendarView(QWidget):
    """Previous, Today and Next buttons, the Month and Week switch, and the grid."""

    def __init__(
        self,
        model: ScheduleModel,
        proxy: ScheduleFilterModel,
        *,
        time_zone: str = "",
        now: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CalendarView")
        self.grid = CalendarGrid(model, proxy, zone=load_zone(time_zone), now=now, parent=self)
        self._build_navigation()
        self._build_layout()

        self.grid.range_changed.connect(self._update_title)
        self.grid.hint_changed.connect(self.show_hint)
        self.grid.move_rejected.connect(lambda reason: self.show_hint(reason, True))
        self.grid.index_rebuilt.connect(self._on_grid_index_rebuilt)
        self._update_title()

    # --- public interface ---------------------------------------------------------------

    def set_time_zone(self, name: str) -> None:
        """Show days and times in the zone ``name`` ("" for the system zone)."""
        self.grid.set_zone(load_zone(name))
        self._update_title()

    def set_mode(self, mode: CalendarMode) -> None:
        """Show the month or the week."""
        self.grid.set_mode(mode)
        self._sync_mode_buttons()
        self._update_title()

    def set_post_actions(self, actions: Sequence[QAction]) -> None:
        """Offer ``actions`` in the grid's context menu (the window owns them)."""
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in actions:
            self.grid.addAction(action)

    def show_hint(self, text: str, rejected: bool = False) -> None:
        """Show ``text`` under the grid, in the error colour when it explains a rejection."""
        palette = QPalette(self.palette())
        if rejected:
            palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
        self.hint_label.setPalette(palette)
        self.hint_label.setText(text)

    def title(self) -> str:
        """Return the month or week shown, as the title line reads."""
        return self.title_label.text()

    # --- building -----------------------------------------------------------------------

    def _build_navigation(self) -> None:
        self.previous_button = self._tool_button("", self.tr("Previous"), "")
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.today_button = self._tool_button(self.tr("Today"), self.tr("Go to today"), "Ctrl+T")
        self.next_button = self._tool_button("", self.tr("Next"), "")
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.title_label = _TitleLabel(self)
        self.title_label.setObjectName("CalendarTitle")
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)

        self.month_button = self._tool_button(self.tr("Month"), self.tr("Show a month"), "")
        self.week_button = self._tool_button(self.tr("Week"), self.tr("Show a week"), "")
        self._modes = QButtonGroup(self)
        for button in (self.month_button, self.week_button):
            button.setCheckable(True)
            self._modes.addButton(button)
        self._sync_mode_buttons()

        self.previous_button.clicked.connect(lambda: self.grid.step(-1))
        self.next_button.clicked.connect(lambda: self.grid.step(1))
        self.today_button.clicked.connect(self.grid.go_to_today)
        self.month_button.clicked.connect(lambda: self.set_mode(CalendarMode.MONTH))
        self.week_button.clicked.connect(lambda: self.set_mode(CalendarMode.WEEK))

    def _tool_button(self, text: str, name: str, shortcut: QKeySequence | str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setAccessibleName(name)
        button.setToolTip(name)
        if shortcut:
            button.setShortcut(QKeySequence(shortcut))
        return button

    def _build_layout(self) -> None:
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("CalendarHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setAccessibleName(self.tr("Calendar hint"))
        self.undated_label = QLabel(self)
        self.undated_label.setObjectName("CalendarUndated")
        self.undated_label.setWordWrap(True)
        self.undated_label.setAccessibleName(self.tr("Posts without a date"))

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.grid)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)

        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.today_button)
        navigation.addWidget(self.next_button)
        navigation.addWidget(self.title_label, 1)
        navigation.addWidget(self.month_button)
        navigation.addWidget(self.week_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(navigation)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.undated_label)
        layout.addWidget(self.hint_label)

    # --- slots --------------------------------------------------------------------------

    def _sync_mode_buttons(self) -> None:
        month = self.grid.mode is CalendarMode.MONTH
        self.month_button.setChecked(month)
        self.week_button.setChecked(not month)
        unit = self.tr("month") if month else self.tr("week")
        self.previous_button.setAccessibleName(self.tr("Previous {unit}").format(unit=unit))
        self.next_button.setAccessibleName(self.tr("Next {unit}").format(unit=unit))
        self.previous_button.setToolTip(self.tr("Previous {unit} (Page Up)").format(unit=unit))
        self.next_button.setToolTip(self.tr("Next {unit} (Page Down)").format(unit=unit))

    def _update_title(self) -> None:
        self._sync_mode_buttons()
        locale = self.locale()
        day = self.grid.current_day
        if self.grid.mode is CalendarMode.MONTH:
            title = f"{locale.standaloneMonthName(day.month)} {day.year}"
            short_month = locale.standaloneMonthName(day.month, QLocale.FormatType.ShortFormat)
            short_title = f"{short_month} {day.year}"
        else:
            days = self.grid.visible_days()
            first, last = days[0], days[-1]
            title = self.tr("{first} \N{EN DASH} {last}").format(
                first=_short_date(first), last=_short_date(last)
            )
            short_title = self.tr("{first} \N{EN DASH} {last}").format(
                first=_day_and_month(first), last=_day_and_month(last)
            )
        self.title_label.set_title(title, short_title)
        self.grid.setAccessibleName(self.tr("Calendar, {title}").format(title=title))

    def _on_grid_index_rebuilt(self, undated: int) -> None:
        if undated:
            text = self.tr(
                "{count} posts have no date, so the calendar cannot show them; "
                "find them in the List tab."
            ).format(count=undated)
        else:
            text = ""
        self.undated_label.setText(text)
        self.undated_label.setVisible(bool(text))


class _TitleLabel(QLabel):
    """A one-line label that shows a shorter title, or cuts it with "…", when too narrow.

    A week's title is much longer than a month's. Without this, its width would become the
    calendar's minimum width, and switching to the week would widen the main window.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._short_title = ""

    def set_title(self, title: str, short_title: str) -> None:
        """Show ``title``, or ``short_title`` where ``title`` does not fit.

        ``text()`` returns ``title``, and the tooltip shows it while the label shows less.
        """
        self._short_title = short_title
        self.setText(title)
        self._update_tool_tip()

    def shown_text(self) -> str:
        """Return the text as painted: the title, the short title, or that cut with "…"."""
        width = self.contentsRect().width()
        metrics = self.fontMetrics()
        for text in (self.text(), self._short_title):
            if text and metrics.horizontalAdvance(text) <= width:
                return text
        cut = self._short_title or self.text()
        return metrics.elidedText(cut, Qt.TextElideMode.ElideRight, width)

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = metrics.horizontalAdvance("…") + _TITLE_MIN_CHARACTERS * metrics.averageCharWidth()
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        alignment = QStyle.visualAlignment(self.layoutDirection(), self.alignment())
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            alignment,
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tool_tip()

    def _update_tool_tip(self) -> None:
        self.setToolTip(self.text() if self.shown_text() != self.text() else "")


def _short_date(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _day_and_month(day: dt.date) -> str:
    return f"{day.day} {day:%b}"
