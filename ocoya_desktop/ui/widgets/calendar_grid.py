"""The painted month or week grid of the calendar, with dragging, drops and keyboard moves.

One widget paints every day, slot and post chip itself, so thousands of posts cost no
widgets. Posts are grouped by local day once after each change of the model or its filter,
and the positions of cells and chips are computed once per size, range or data change. Paint,
hit tests and keyboard moves reuse both.

Dragging a chip is handled with the mouse events of this widget (no ``QDrag``), so the move
stays inside the grid and needs no nested event loop. Files and links dragged in from other
applications arrive as ordinary drop events.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QDate,
    QEvent,
    QLocale,
    QMimeData,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QWidget

from ocoya_desktop.api import PostGroup
from ocoya_desktop.domain import calendar
from ocoya_desktop.domain.calendar import DayIndex, MoveRejection
from ocoya_desktop.domain.scheduling import ResolvedTime, resolve_local_time
from ocoya_desktop.ui import mime
from ocoya_desktop.ui.models.schedule_filter_model import ScheduleFilterModel
from ocoya_desktop.ui.models.schedule_model import ScheduleModel
from ocoya_desktop.ui.texts import adjustment_text
from ocoya_desktop.ui.widgets.calendar_paint import (
    ChipMetrics,
    caption_of,
    first_image_url,
    paint_chip,
    time_text,
)
from ocoya_desktop.ui.widgets.caption_counters import error_color

_log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
HOURS_PER_DAY = 24
KNOWN_DAYS_SLACK = 256
"""Remembered instants tolerated beyond twice the post count before they are forgotten."""
# Changes after which the cells and chips must be measured again.
_LAYOUT_EVENTS = (QEvent.Type.FontChange, QEvent.Type.LocaleChange, QEvent.Type.StyleChange)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class CalendarMode(StrEnum):
    """The grid's layout: six weeks around a month, or one week in hour slots."""

    MONTH = "month"
    WEEK = "week"


@dataclass(frozen=True)
class CalendarTarget:
    """A place in the grid: a whole day (month view) or an hour slot on a day (week view)."""

    day: dt.date
    slot: dt.time | None = None


@dataclass(frozen=True)
class _Chip:
    rect: QRect
    post: PostGroup
    day: dt.date


@dataclass(frozen=True)
class _More:
    rect: QRect
    count: int
    day: dt.date


@dataclass
class _Layout:
    cells: list[tuple[CalendarTarget, QRect]] = field(default_factory=list)
    chips: list[_Chip] = field(default_factory=list)
    more: list[_More] = field(default_factory=list)
    headers: list[tuple[QRect, str, dt.date | None]] = field(default_factory=list)


@dataclass
class _Drag:
    post: PostGroup
    position: QPoint
    target: CalendarTarget | None = None
    resolved: ResolvedTime | None = None
    rejection: str = ""


class CalendarGrid(QWidget):
    """The month or week grid over the schedule's filter model.

    Signals:
        post_selected(str): the user selected the post with this id.
        post_activated(str): the user double-clicked the post or pressed Enter on it.
        move_requested(str, object): the user dropped the post with this id on a free place;
            the payload is the ``ResolvedTime`` it should move to.
        move_rejected(str): a drop was rejected; the payload is the reason for the user.
        media_dropped(object, object): files or links (a ``QMimeData`` copy) were dropped on
            a day or slot; the second payload is the ``ResolvedTime`` for the new post.
        hint_changed(str, bool): a line explaining the drag in progress, and whether it
            describes a rejection ("" when no drag is in progress).
        range_changed(): the days shown, the mode or the posts in view changed.
        index_rebuilt(int): the posts were grouped again; the payload counts the posts with
            no date, which the grid cannot show.
    """

    post_selected = Signal(str)
    post_activated = Signal(str)
    move_requested = Signal(str, object)
    move_rejected = Signal(str)
    media_dropped = Signal(object, object)
    hint_changed = Signal(str, bool)
    range_changed = Signal()
    index_rebuilt = Signal(int)

    def __init__(
        self,
        model: ScheduleModel,
        proxy: ScheduleFilterModel,
        *,
        zone: ZoneInfo,
        now: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CalendarGrid")
        self.setAccessibleName(self.tr("Calendar"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.setMouseTracking(False)
        self._model = model
        self._proxy = proxy
        self._zone = zone
        self._now = now or _utc_now
        self._mode = CalendarMode.MONTH
        self._current_day = self._today()
        self._first_weekday = self.locale().firstDayOfWeek().value - 1
        self._selected_id: str | None = None
        self._index: DayIndex[PostGroup] | None = None
        # Local days of the instants grouped so far, in self._zone, reused by later groupings.
        self._known_days: dict[dt.datetime, dt.date] = {}
        self._layout: _Layout | None = None
        self._thumbnails: dict[str, QPixmap] = {}
        self._press: tuple[QPoint, PostGroup] | None = None
        self._drag: _Drag | None = None
        self._drop_target: CalendarTarget | None = None
        self._drop_rejected = False

        for signal in (
            proxy.modelReset,
            proxy.layoutChanged,
            proxy.rowsInserted,
            proxy.rowsRemoved,
            proxy.dataChanged,
        ):
            signal.connect(self._on_proxy_changed)
        self._update_description()

    # --- public interface ---------------------------------------------------------------

    @property
    def mode(self) -> CalendarMode:
        """Whether the month or the week is shown."""
        return self._mode

    @property
    def zone(self) -> ZoneInfo:
        """The time zone whose days and times the grid shows."""
        return self._zone

    @property
    def current_day(self) -> dt.date:
        """The day with the keyboard focus, which decides the month or week shown."""
        return self._current_day

    def set_mode(self, mode: CalendarMode) -> None:
        """Show the month or the week that contains the current day."""
        if mode == self._mode:
            return
        self._mode = mode
        self._invalidate_layout()
        self.updateGeometry()
        self.range_changed.emit()

    def set_zone(self, zone: ZoneInfo) -> None:
        """Show days and times in ``zone``; posts are grouped again."""
        if zone.key == self._zone.key:
            return
        self._zone = zone
        self._known_days = {}
        self._index = None
        self._invalidate_layout()
        self.range_changed.emit()

    def set_current_day(self, day: dt.date) -> None:
        """Move the keyboard focus to ``day``, changing the month or week shown if needed."""
        if day == self._current_day:
            return
        old_range = self.visible_days()
        self._current_day = day
        if self.visible_days() != old_range:
            self._invalidate_layout()
            self.range_changed.emit()
        else:
            self.update()
        self._update_description()

    def set_clock(self, now: Clock) -> None:
        """Read the current time from ``now``, which decides today and past days."""
        self._now = now
        self._invalidate_layout()

    def overflow_on(self, day: dt.date) -> int:
        """Return how many posts of ``day`` do not fit and show as "+N more"."""
        return sum(more.count for more in self._ensure_layout().more if more.day == day)

    def go_to_today(self) -> None:
        """Show today."""
        self.set_current_day(self._today())

    def step(self, count: int) -> None:
        """Show the next (``count`` > 0) or previous month or week."""
        if self._mode is CalendarMode.MONTH:
            self.set_current_day(calendar.add_months(self._current_day, count))
        else:
            self.set_current_day(self._current_day + dt.timedelta(weeks=count))

    def visible_days(self) -> list[dt.date]:
        """Return the days shown, row by row."""
        if self._mode is CalendarMode.MONTH:
            day = self._current_day
            return calendar.month_grid(day.year, day.month, first_weekday=self._first_weekday)
        return calendar.week_days(self._current_day, first_weekday=self._first_weekday)

    def posts_on(self, day: dt.date) -> list[PostGroup]:
        """Return the posts on ``day`` that pass the schedule's filters, earliest first."""
        return self._ensure_index().items_on(day)

    def undated_count(self) -> int:
        """Return how many posts that pass the filters have no date."""
        return len(self._ensure_index().undated)

    def selected_post_id(self) -> str | None:
        """Return the id of the selected post, or None."""
        return self._selected_id

    def select_post(self, post_id: str | None) -> None:
        """Select the post ``post_id`` (None clears), showing its day if it has one."""
        self._selected_id = post_id
        post = self._find_post(post_id) if post_id else None
        if post is not None and post.scheduled_at is not None:
            self.set_current_day(calendar.local_date(post.scheduled_at, self._zone))
        self.update()
        self._update_description()
        if post_id:
            self.post_selected.emit(post_id)

    def target_rect(self, target: CalendarTarget) -> QRect:
        """Return where ``target`` is painted, or an empty rectangle when it is not shown."""
        for cell_target, rect in self._ensure_layout().cells:
            if cell_target == target:
                return QRect(rect)
        return QRect()

    def chip_rect(self, post_id: str) -> QRect:
        """Return where the chip of ``post_id`` is painted, or an empty rectangle."""
        for chip in self._ensure_layout().chips:
            if chip.post.id == post_id:
                return QRect(chip.rect)
        return QRect()

    def missing_thumbnails(self) -> list[str]:
        """Return the image URLs of the shown posts that have no thumbnail yet."""
        urls: list[str] = []
        for chip in self._ensure_layout().chips:
            url = first_image_url(chip.post)
            if url and url not in self._thumbnails and url not in urls:
                urls.append(url)
        return urls

    def set_thumbnail(self, url: str, pixmap: QPixmap) -> None:
        """Show ``pixmap`` on the chips of posts whose first image is ``url``."""
        self._thumbnails[url] = pixmap
        self.update()

    def target_at(self, position: QPoint) -> CalendarTarget | None:
        """Return the day or slot under ``position``, or None (headers, outside)."""
        for target, rect in self._ensure_layout().cells:
            if rect.contains(position):
                return target
        return None

    def plan_move(self, post: PostGroup, target: CalendarTarget) -> tuple[ResolvedTime | None, str]:
        """Return where ``post`` would land on ``target`` and why that is rejected ("" if not).

        A time equal to the post's current one returns no time and no reason.
        """
        if post.scheduled_at is None:
            resolved = self._new_post_time(target)
            if resolved is None:
                return None, self._past_reason(target)
        elif target.slot is None:
            resolved = calendar.move_to_day(post.scheduled_at, target.day, self._zone)
        else:
            resolved = calendar.move_to_slot(
                target.day, target.slot, self._zone, scheduled_at=post.scheduled_at
            )
        plan = calendar.plan_move(post.status, post.scheduled_at, resolved, self._now())
        if plan.rejection is MoveRejection.POSTED:
            return None, self.tr("This post was already published, so it cannot be moved.")
        if plan.rejection is MoveRejection.PAST:
            return None, self.tr(
                "{time} is in the past or less than a minute from now. "
                "Drop the post on a later day or time."
            ).format(time=_format_local(resolved.local))
        if plan.rejection is MoveRejection.UNCHANGED:
            return None, ""
        return resolved, ""

    def new_post_time(self, target: CalendarTarget) -> ResolvedTime | None:
        """Return the time for a new post dropped on ``target``, or None for a past place.

        A slot gives its own start. A day gives 09:00 or the next hour without a post, and on
        today the next whole hour at least a minute away.
        """
        return self._new_post_time(target)

    # --- index and layout ---------------------------------------------------------------

    def _on_proxy_changed(self) -> None:
        self._index = None
        self._invalidate_layout()

    def _ensure_index(self) -> DayIndex[PostGroup]:
        if self._index is None:
            posts = self._proxy.shown_posts()
            if len(self._known_days) > 2 * len(posts) + KNOWN_DAYS_SLACK:
                # Rescheduled and removed posts leave their old instants behind.
                self._known_days = {}
            self._index = calendar.group_by_day(
                posts, _scheduled_at, self._zone, known_days=self._known_days
            )
            _log.debug("Calendar grouped %d posts", len(posts))
            self.index_rebuilt.emit(len(self._index.undated))
            self.range_changed.emit()
        return self._index

    def _invalidate_layout(self) -> None:
        self._layout = None
        self.update()

    def _ensure_layout(self) -> _Layout:
        if self._layout is None:
            index = self._ensure_index()
            if self._mode is CalendarMode.MONTH:
                self._layout = self._month_layout(index)
            else:
                self._layout = self._week_layout(index)
        return self._layout

    def _chip_metrics(self) -> ChipMetrics:
        return ChipMetrics.from_font(self.fontMetrics())

    def _header_height(self) -> int:
        metrics = self.fontMetrics()
        rows = 1 if self._mode is CalendarMode.MONTH else 2
        return rows * metrics.height() + 2 * self._chip_metrics().padding

    def _gutter_width(self) -> int:
        if self._mode is CalendarMode.MONTH:
            return 0
        return self.fontMetrics().horizontalAdvance("00:00") + 2 * self._chip_metrics().padding

    def _month_layout(self, index: DayIndex[PostGroup]) -> _Layout:
        layout = _Layout()
        chip = self._chip_metrics()
        header = self._header_height()
        days = self.visible_days()
        columns = _splits(0, self.width(), calendar.DAYS_PER_WEEK)
        rows = _splits(header, self.height(), calendar.MONTH_GRID_WEEKS)
        locale = self.locale()
        for column, (left, right) in enumerate(columns):
            name = locale.dayName(
                (self._first_weekday + column) % 7 + 1, locale.FormatType.ShortFormat
            )
            layout.headers.append((QRect(left, 0, right - left, header), name, None))

        number_height = self.fontMetrics().height() + chip.padding
        for position, day in enumerate(days):
            row, column = divmod(position, calendar.DAYS_PER_WEEK)
            left, right = columns[column]
            top, bottom = rows[row]
            rect = QRect(left, top, right - left, bottom - top)
            layout.cells.append((CalendarTarget(day), rect))
            area = rect.adjusted(chip.padding, number_height, -chip.padding, -chip.padding)
            self._place_chips(layout, area, index.items_on(day), day, chip)
        return layout

    def _week_layout(self, index: DayIndex[PostGroup]) -> _Layout:
        layout = _Layout()
        chip = self._chip_metrics()
        header = self._header_height()
        gutter = self._gutter_width()
        columns = _splits(gutter, self.width(), calendar.DAYS_PER_WEEK)
        rows = _splits(header, self.height(), HOURS_PER_DAY)
        locale = self.locale()
        for hour, (top, bottom) in enumerate(rows):
            layout.headers.append((QRect(0, top, gutter, bottom - top), f"{hour:02d}:00", None))

        for (left, right), day in zip(columns, self.visible_days(), strict=True):
            name = locale.dayName(day.isoweekday(), locale.FormatType.ShortFormat)
            label = f"{name}\n{day.day}"
            layout.headers.append((QRect(left, 0, right - left, header), label, day))
            by_hour: dict[int, list[PostGroup]] = {}
            for post in index.items_on(day):
                assert post.scheduled_at is not None
                by_hour.setdefault(post.scheduled_at.astimezone(self._zone).hour, []).append(post)
            for hour, (top, bottom) in enumerate(rows):
                rect = QRect(left, top, right - left, bottom - top)
                layout.cells.append((CalendarTarget(day, dt.time(hour)), rect))
                area = rect.adjusted(1, 1, -1, -1)
                self._place_chips(layout, area, by_hour.get(hour, []), day, chip)
        return layout

    def _place_chips(
        self,
        layout: _Layout,
        area: QRect,
        posts: list[PostGroup],
        day: dt.date,
        chip: ChipMetrics,
    ) -> None:
        if not posts:
            return
        pitch = chip.height + 1
        capacity = max(0, area.height() // pitch)
        shown = len(posts) if len(posts) <= capacity else max(0, capacity - 1)
        for number, post in enumerate(posts[:shown]):
            rect = QRect(area.left(), area.top() + number * pitch, area.width(), chip.height)
            layout.chips.append(_Chip(rect, post, day))
        hidden = len(posts) - shown
        if hidden:
            top = area.top() + shown * pitch
            height = min(chip.height, max(area.bottom() - top, self.fontMetrics().height()))
            layout.more.append(_More(QRect(area.left(), top, area.width(), height), hidden, day))

    # --- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        layout = self._ensure_layout()
        painter = QPainter(self)
        palette = self.palette()
        exposed = event.rect()
        painter.fillRect(exposed, palette.color(QPalette.ColorRole.Base))

        self._paint_headers(painter, layout, palette)
        for target, rect in layout.cells:
            if rect.intersects(exposed):
                self._paint_cell(painter, target, rect, palette)
        self._paint_chips(painter, layout, palette, exposed)
        self._paint_now_line(painter, layout, palette)
        if self._drag is not None:
            self._paint_drag(painter, self._drag, palette)
        painter.end()

    def _paint_headers(self, painter: QPainter, layout: _Layout, palette: QPalette) -> None:
        today = self._today()
        align = Qt.AlignmentFlag.AlignCenter
        for rect, text, day in layout.headers:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Window))
            if day == today:
                painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
                painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
            else:
                painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(rect, align, text)

    def _paint_cell(
        self, painter: QPainter, target: CalendarTarget, rect: QRect, palette: QPalette
    ) -> None:
        day = target.day
        in_month = self._mode is CalendarMode.WEEK or day.month == self._current_day.month
        if not in_month:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
        if self._is_target_past(target):
            shade = QColor(palette.color(QPalette.ColorRole.Mid))
            shade.setAlpha(40)
            painter.fillRect(rect, shade)

        painter.setPen(palette.color(QPalette.ColorRole.Midlight))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        if self._mode is CalendarMode.MONTH:
            self._paint_day_number(painter, day, rect, palette, in_month)
        if day == self._current_day and self.hasFocus() and target.slot in (None, dt.time(0)):
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        self._paint_drop_overlay(painter, target, rect, palette)

    def _paint_day_number(
        self, painter: QPainter, day: dt.date, rect: QRect, palette: QPalette, in_month: bool
    ) -> None:
        metrics = self.fontMetrics()
        padding = self._chip_metrics().padding
        text = str(day.day)
        width = max(metrics.horizontalAdvance("00"), metrics.height()) + padding
        number_rect = QRect(rect.left() + padding, rect.top() + 1, width, metrics.height())
        if day == self._today():
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(number_rect, padding, padding)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
        elif in_month:
            painter.setPen(palette.color(QPalette.ColorRole.Text))
        else:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(number_rect, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_drop_overlay(
        self, painter: QPainter, target: CalendarTarget, rect: QRect, palette: QPalette
    ) -> None:
        rejected = False
        if self._drag is not None and self._drag.target == target:
            rejected = bool(self._drag.rejection)
        elif self._drop_target == target:
            rejected = self._drop_rejected
        else:
            return
        color = error_color(palette) if rejected else palette.color(QPalette.ColorRole.Highlight)
        fill = QColor(color)
        fill.setAlpha(50)
        painter.fillRect(rect, fill)
        if rejected:
            painter.fillRect(rect, QColor(color.red(), color.green(), color.blue(), 90))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(color)
        painter.drawRect(rect.adjusted(1, 1, -2, -2))

    def _paint_chips(
        self, painter: QPainter, layout: _Layout, palette: QPalette, exposed: QRect
    ) -> None:
        metrics = self._chip_metrics()
        for chip in layout.chips:
            if not chip.rect.intersects(exposed):
                continue
            url = first_image_url(chip.post)
            paint_chip(
                painter,
                chip.rect,
                chip.post,
                zone=self._zone,
                palette=palette,
                metrics=metrics,
                thumbnail=self._thumbnails.get(url) if url else None,
                selected=chip.post.id == self._selected_id,
            )
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        for more in layout.more:
            if more.rect.intersects(exposed):
                text = self.tr("+{count} more").format(count=more.count)
                painter.drawText(more.rect, Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_now_line(self, painter: QPainter, layout: _Layout, palette: QPalette) -> None:
        if self._mode is not CalendarMode.WEEK:
            return
        now = self._now().astimezone(self._zone)
        rect = self.target_rect(CalendarTarget(now.date(), dt.time(now.hour)))
        if rect.isEmpty():
            return
        y = rect.top() + rect.height() * now.minute // 60
        painter.setPen(error_color(palette))
        painter.drawLine(rect.left(), y, rect.right(), y)

    def _paint_drag(self, painter: QPainter, drag: _Drag, palette: QPalette) -> None:
        metrics = self._chip_metrics()
        width = max(self.width() // 7 - 2 * metrics.padding, metrics.icon * 4)
        rect = QRect(drag.position.x() - width // 2, drag.position.y(), width, metrics.height)
        painter.setOpacity(0.8)
        paint_chip(
            painter,
            rect,
            drag.post,
            zone=self._zone,
            palette=palette,
            metrics=metrics,
            thumbnail=None,
            selected=True,
        )
        painter.setOpacity(1.0)

    # --- mouse --------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        position = event.position().toPoint()
        if event.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            super().mousePressEvent(event)
            return
        chip = self._chip_at(position)
        target = self.target_at(position)
        if target is not None:
            self.set_current_day(target.day)
        if chip is not None:
            self.select_post(chip.post.id)
            if event.button() == Qt.MouseButton.LeftButton:
                self._press = (position, chip.post)
        elif event.button() == Qt.MouseButton.LeftButton:
            more = self._more_at(position)
            if more is not None and self._mode is CalendarMode.MONTH:
                # The week view gives each hour its own row, so every post of the day shows.
                self.set_current_day(more.day)
                self.set_mode(CalendarMode.WEEK)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position().toPoint()
        if self._drag is not None:
            self._update_drag(position)
            return
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        start, post = self._press
        if (position - start).manhattanLength() < QApplication.startDragDistance():
            return
        if post.scheduled_at is None:
            return
        self._drag = _Drag(post, position)
        self._update_drag(position)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._press = None
        drag = self._drag
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self._update_drag(event.position().toPoint())
        self._end_drag()
        if drag.rejection:
            self.move_rejected.emit(drag.rejection)
        elif drag.resolved is not None:
            _log.debug("Post %s dropped on %s", drag.post.id, drag.target)
            self.move_requested.emit(drag.post.id, drag.resolved)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        chip = self._chip_at(event.position().toPoint())
        if chip is not None:
            self.post_activated.emit(chip.post.id)

    def _update_drag(self, position: QPoint) -> None:
        drag = self._drag
        assert drag is not None
        drag.position = position
        drag.target = self.target_at(position)
        if drag.target is None:
            drag.resolved, drag.rejection = None, ""
        else:
            drag.resolved, drag.rejection = self.plan_move(drag.post, drag.target)
        self.update()
        self.hint_changed.emit(*self._drag_hint(drag))

    def _drag_hint(self, drag: _Drag) -> tuple[str, bool]:
        if drag.rejection:
            return drag.rejection, True
        if drag.resolved is None:
            return self.tr("Drop the post on another day or time."), False
        hint = self.tr("Move to {time}").format(time=_format_local(drag.resolved.local))
        if drag.resolved.message_text is not None:
            hint = f"{hint}. {adjustment_text(drag.resolved)}"
        return hint, False

    def _end_drag(self) -> None:
        self._drag = None
        self._press = None
        self.update()
        self.hint_changed.emit("", False)

    # --- drops from other applications --------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if mime.can_accept(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        target = self.target_at(event.position().toPoint())
        self._drop_target = target
        resolved = self._new_post_time(target) if target is not None else None
        self._drop_rejected = target is not None and resolved is None
        self.update()
        if target is None:
            event.ignore()
            return
        if resolved is None:
            self.hint_changed.emit(self._past_reason(target), True)
            event.ignore()
            return
        hint = self.tr("Start a post for {time}").format(time=_format_local(resolved.local))
        self.hint_changed.emit(hint, False)
        event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._clear_drop_state()

    def dropEvent(self, event: QDropEvent) -> None:
        target = self.target_at(event.position().toPoint())
        self._clear_drop_state()
        resolved = self._new_post_time(target) if target is not None else None
        if target is None or resolved is None:
            if target is not None:
                self.move_rejected.emit(self._past_reason(target))
            event.ignore()
            return
        copy = _copy_mime(event.mimeData())
        event.acceptProposedAction()
        _log.info("Media dropped on %s", resolved.local.isoformat())
        self.media_dropped.emit(copy, resolved)

    def _clear_drop_state(self) -> None:
        self._drop_target = None
        self._drop_rejected = False
        self.update()
        self.hint_changed.emit("", False)

    def _new_post_time(self, target: CalendarTarget) -> ResolvedTime | None:
        now = self._now()
        if target.slot is not None:
            resolved = calendar.move_to_slot(target.day, target.slot, self._zone)
            return None if calendar.is_past(resolved.utc, now) else resolved
        busy = {
            post.scheduled_at.astimezone(self._zone).hour
            for post in self.posts_on(target.day)
            if post.scheduled_at is not None
        }
        time = calendar.default_time_for_day(target.day, self._zone, now, busy_hours=busy)
        if time is None:
            return None
        return resolve_local_time(target.day, time, self._zone)

    def _past_reason(self, target: CalendarTarget) -> str:
        if target.slot is None:
            return self.tr("{day} has no time left to schedule. Choose a later day.").format(
                day=_long_date(self.locale(), target.day)
            )
        return self.tr("This time is in the past. Choose a later time.")

    def _is_target_past(self, target: CalendarTarget) -> bool:
        now = self._now()
        if target.slot is None:
            return calendar.is_day_past(target.day, now, self._zone)
        end = resolve_local_time(target.day, target.slot, self._zone).utc + dt.timedelta(hours=1)
        return end <= now

    # --- keyboard -----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers()
        if key == Qt.Key.Key_Escape and self._drag is not None:
            self._end_drag()
            return
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -7,
            Qt.Key.Key_Down: 7,
        }
        if key in steps:
            self.set_current_day(self._current_day + dt.timedelta(days=steps[Qt.Key(key)]))
            return
        if key == Qt.Key.Key_PageUp:
            self.step(-1)
        elif key == Qt.Key.Key_PageDown:
            self.step(1)
        elif key == Qt.Key.Key_T and modifiers in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.ControlModifier,
        ):
            self.go_to_today()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._selected_id:
            self.post_activated.emit(self._selected_id)
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Move between the posts of the current day with Tab and Shift+Tab."""
        posts = self.posts_on(self._current_day)
        ids = [post.id for post in posts]
        if not ids:
            return super().focusNextPrevChild(next)
        position = ids.index(self._selected_id) if self._selected_id in ids else -1
        if next:
            position += 1
        elif position >= 0:
            position -= 1
        else:
            # Shift+Tab into a day with no selection starts at its last post.
            position = len(ids) - 1
        if 0 <= position < len(ids):
            self.select_post(ids[position])
            return True
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    # --- geometry -----------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._invalidate_layout()

    def minimumSizeHint(self) -> QSize:
        metrics = self._chip_metrics()
        width = 7 * (self.fontMetrics().horizontalAdvance("00:00") + 2 * metrics.padding)
        if self._mode is CalendarMode.MONTH:
            # The day number, and two chips or one chip and its "+N more" line.
            row = self.fontMetrics().height() + 2 * (metrics.height + 1) + 2 * metrics.padding
            return QSize(width, self._header_height() + calendar.MONTH_GRID_WEEKS * row)
        row = metrics.height + 2 * metrics.padding
        return QSize(width + self._gutter_width(), self._header_height() + HOURS_PER_DAY * row)

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint().expandedTo(QSize(560, 420))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in _LAYOUT_EVENTS:
            self._invalidate_layout()

    # --- helpers ------------------------------------------------------------------------

    def _today(self) -> dt.date:
        return self._now().astimezone(self._zone).date()

    def _chip_at(self, position: QPoint) -> _Chip | None:
        return next((c for c in self._ensure_layout().chips if c.rect.contains(position)), None)

    def _more_at(self, position: QPoint) -> _More | None:
        return next((m for m in self._ensure_layout().more if m.rect.contains(position)), None)

    def _find_post(self, post_id: str | None) -> PostGroup | None:
        if post_id is None:
            return None
        row = self._model.row_of(post_id)
        return self._model.post_at(row) if row is not None else None

    def _update_description(self) -> None:
        day = self._current_day
        text = _long_date(self.locale(), day)
        if self._index is not None:
            count = len(self._index.items_on(day))
            text = self.tr("{day}: {count} posts").format(day=text, count=count)
        post = self._find_post(self._selected_id)
        if post is not None:
            selected = f"{time_text(post.scheduled_at, self._zone)} {caption_of(post)[:80]}"
            text = self.tr("{day}. Selected post: {post}").format(day=text, post=selected)
        self.setAccessibleDescription(text)


def _scheduled_at(post: PostGroup) -> dt.datetime | None:
    return post.scheduled_at


def _splits(start: int, end: int, parts: int) -> list[tuple[int, int]]:
    """Split ``start``..``end`` into ``parts`` runs whose lengths differ by at most one."""
    length = max(0, end - start)
    edges = [start + length * number // parts for number in range(parts + 1)]
    return list(itertools.pairwise(edges))


def _long_date(locale: QLocale, day: dt.date) -> str:
    return locale.toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat)


def _format_local(moment: dt.datetime) -> str:
    return moment.strftime("%a %d %b %Y, %H:%M")


def _copy_mime(source: QMimeData) -> QMimeData:
    """Copy every format of a drop, because Qt deletes the drag's data after the drop."""
    copy = QMimeData()
    for name in source.formats():
        copy.setData(name, source.data(name))
    if source.hasUrls():
        copy.setUrls(source.urls())
    if source.hasImage():
        copy.setImageData(source.imageData())
    return copy
