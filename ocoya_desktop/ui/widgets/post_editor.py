"""The post editor: caption, counters, media, schedule time, and the Save and Schedule buttons.

The editor sends nothing itself. It emits ``post_requested`` with a ``Composition``; its owner
runs ``services.compose.send_composition`` and then calls ``clear_after_success`` or
``show_send_failed``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol, runtime_checkable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ocoya_desktop.api import SocialProfile
from ocoya_desktop.domain.caption_rules import OCOYA_CAPTION_RULE
from ocoya_desktop.domain.captions import CaptionFinding, ocoya_length
from ocoya_desktop.domain.media import Finding, Severity, check_media
from ocoya_desktop.domain.networks import Network, network_for_provider
from ocoya_desktop.domain.scheduling import system_time_zone
from ocoya_desktop.services.compose import Composition
from ocoya_desktop.ui.async_dialogs import ask_question
from ocoya_desktop.ui.models.media_list_model import describe_finding
from ocoya_desktop.ui.tasks import cancel_when_destroyed
from ocoya_desktop.ui.texts import error_text, finding_sentence
from ocoya_desktop.ui.widgets.caption_counters import (
    CaptionCounters,
    CaptionReport,
    error_color,
    warning_color,
)
from ocoya_desktop.ui.widgets.caption_edit import CaptionEdit, CaptionMark
from ocoya_desktop.ui.widgets.schedule_picker import Clock, SchedulePicker

logger = logging.getLogger(__name__)


@runtime_checkable
class MediaSource(Protocol):
    """Interface of the editor's media widget, of which only ``media_urls()`` is required.

    The editor also uses these when present: ``set_networks(networks)``, ``clear()``,
    ``findings()`` (media findings, whose errors block scheduling and which the widget shows
    itself), ``failed_names()`` (media that failed, shown by the widget, which block saving),
    and the signals ``media_changed()``, ``findings_changed()`` and ``busy_changed(bool)``.
    """

    def media_urls(self) -> list[str]: ...


class _Request(Enum):
    DRAFT = "draft"
    SCHEDULE = "schedule"


@dataclass(frozen=True, slots=True)
class _Blocker:
    """A problem that disables Save or Schedule.

    ``reason`` is the text for the reason line, or "" when the problem is already written out
    in red above it (under the counters, in the media area or in the schedule picker), so the
    reason line only points there.
    """

    reason: str = ""


_SHOWN_ABOVE = _Blocker()


class PostEditor(QWidget):
    """Composes one post and requests that it be saved as a draft or scheduled.

    Signals:
        post_requested(Composition): the user pressed "Save draft" or "Schedule" (or
            Ctrl+Return) with a valid post. The editor stays busy, ignoring further requests,
            until ``clear_after_success``, ``show_send_failed`` or ``set_busy(False)``.
        time_zone_changed(str): the user picked another time zone (its IANA name), for the
            owner to remember as the composer's default.
    """

    post_requested = Signal(object)
    time_zone_changed = Signal(str)

    def __init__(
        self,
        media_widget: QWidget | None = None,
        *,
        time_zone: str = "",
        now: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PostEditor")
        self.setAccessibleName(self.tr("Post editor"))
        if media_widget is not None and not isinstance(media_widget, MediaSource):
            raise TypeError(f"media_widget {media_widget!r} has no media_urls() method")
        self._media_widget = media_widget
        self._profile_ids: tuple[str, ...] = ()
        self._networks: tuple[Network, ...] = ()
        self._busy = False
        self._media_busy = False
        self._last_request = _Request.SCHEDULE
        self._cleared_caption: str | None = None
        # The open "Schedule anyway?" question, kept so the task is not garbage-collected.
        self._confirm_task: asyncio.Task[None] | None = None
        # Set once a date or time is picked (by the user or by loading a post), so that a
        # picked date counts as content worth asking about before it is replaced.
        self._date_chosen = False

        # Tab moves through a widget's children in the order they joined it, so the parts
        # join in the order the layout shows them from top to bottom. The media widget is
        # built before the editor, and taking it in later would put it after Schedule.
        self._build_message_area()
        self.caption_edit = CaptionEdit(self)
        self.counters = CaptionCounters(self)
        if media_widget is not None:
            media_widget.setParent(self)
        self.schedule_picker = SchedulePicker(time_zone, now=now, parent=self)
        self._build_buttons()
        self._build_layout()
        self._connect_signals()
        self._update_actions()

    # --- public interface ---------------------------------------------------------------

    def set_target_profiles(
        self, profiles: Sequence[SocialProfile], x_paid_profile_ids: Collection[str]
    ) -> None:
        """Target ``profiles``; X counts use the paid limit only if every X profile is paid.

        Updates the counters, LinkedIn's marks, the media widget's networks and the Schedule
        button, which saves a draft while no profile is selected.
        """
        self._profile_ids = tuple(dict.fromkeys(profile.id for profile in profiles))
        networks: dict[Network, None] = {}
        x_profiles: list[str] = []
        for profile in profiles:
            network = network_for_provider(profile.provider)
            if network is None:
                logger.debug("No caption rules for provider %r", profile.provider)
                continue
            networks[network] = None
            if network is Network.X:
                x_profiles.append(profile.id)
        self._networks = tuple(networks)
        x_paid = bool(x_profiles) and all(pid in x_paid_profile_ids for pid in x_profiles)

        self.counters.set_networks(self._networks, x_paid=x_paid)
        set_networks = getattr(self._media_widget, "set_networks", None)
        if callable(set_networks):
            set_networks(self._networks)
        self._update_actions()

    def set_caption(self, text: str) -> None:
        """Replace the caption, as one step the user can undo."""
        cursor = self.caption_edit.textCursor()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(text)

    def caption(self) -> str:
        """Return the caption as typed."""
        return self.caption_edit.toPlainText()

    def set_scheduled_at(self, moment: datetime) -> None:
        """Set the picker to the aware ``moment``, shown as wall time in the picker's zone.

        A moment in the second of two equal wall times (clocks going back) selects the second
        occurrence, so the picker resolves to ``moment`` itself.
        """
        try:
            zone = ZoneInfo(self.schedule_picker.time_zone_name())
        except (ZoneInfoNotFoundError, ValueError):
            zone = system_time_zone()
        local = moment.astimezone(zone)
        self.schedule_picker.set_draft(False)
        self.schedule_picker.set_local_datetime(local.date(), local.time())
        self.schedule_picker.choose_second_occurrence(local.fold == 1)

    def reset_schedule(self) -> None:
        """Put the picker back to a new post's time, so no date counts as picked."""
        self.schedule_picker.set_draft(False)
        self.schedule_picker.reset_to_default()
        self._date_chosen = False

    def has_content(self) -> bool:
        """Return whether the editor contains work: a caption, media, or a picked date."""
        return bool(
            self.caption().strip() or self._media_urls() or self._media_busy or self._date_chosen
        )

    def has_caption_or_media(self) -> bool:
        """Return whether the editor contains a caption or media, which autosave keeps."""
        return bool(self.caption().strip() or self._media_urls() or self._media_busy)

    def insert_text_at_cursor(self, text: str) -> None:
        """Insert ``text`` at the caption's cursor (replacing a selection), as one undo step."""
        self.caption_edit.textCursor().insertText(text)
        self.caption_edit.setFocus()

    def set_send_note(self, text: str) -> None:
        """Show ``text`` beside the Schedule button, saying what sending will do; "" hides it."""
        self.send_note_label.setText(text)
        self.send_note_label.setVisible(bool(text))

    def composition(self, *, schedule: bool = True) -> Composition:
        """Build a composition from what is typed and attached.

        With ``schedule`` the picker's time is used. It is None in the picker's draft state
        and while no profile is selected. A time that cannot be sent raises ``ValueError``
        (``ScheduleTimeError`` for a past time). Without ``schedule`` the post is a draft.
        """
        scheduled_at = None
        if schedule and self._profile_ids:
            scheduled_at = self.schedule_picker.scheduled_at()
        return Composition(
            caption=self.caption(),
            media_urls=tuple(self._media_urls()),
            social_profile_ids=self._profile_ids,
            scheduled_at=scheduled_at,
            time_zone=self.schedule_picker.time_zone_name(),
        )

    def is_busy(self) -> bool:
        """Return whether a request is in flight, which keeps the buttons disabled."""
        return self._busy

    def set_busy(self, busy: bool) -> None:
        """Disable (or enable again) the buttons while a request is in flight."""
        self._busy = busy
        self._update_actions()

    def show_send_failed(self, message: str) -> None:
        """Show why sending failed, with a Retry; keeps everything typed and attached."""
        self._busy = False
        self._show_message(message, error=True, retry=True)
        self._update_actions()

    def show_send_stopped(self, message: str) -> None:
        """Show why a send stopped without an error, such as a cancel, with a Retry.

        Keeps everything typed and attached, and ends the busy state.
        """
        self._busy = False
        self._show_message(message, error=False, retry=True)
        self._update_actions()

    def clear_after_success(self, message: str = "") -> None:
        """Clear the caption and media after a successful send, offering "Restore caption".

        It restores the caption text, and media would have to be attached again. The offer ends
        when a new caption is typed or loaded, or ``forget_cleared_caption`` is called.
        """
        caption = self.caption()
        self.caption_edit.clear()
        self._cleared_caption = caption
        self._date_chosen = False
        clear_media = getattr(self._media_widget, "clear", None)
        if callable(clear_media):
            clear_media()
        self._busy = False
        self._show_message(message or self.tr("Post saved."), error=False, undo=True)
        self._update_actions()

    # --- building -----------------------------------------------------------------------

    def _build_buttons(self) -> None:
        self.save_draft_button = QPushButton(self.tr("Save draft"), self)
        self.save_draft_button.setAccessibleName(self.tr("Save as draft"))
        self.save_draft_button.setToolTip(self.tr("Save the post as a draft (Ctrl+S)"))
        self.schedule_button = QPushButton(self.tr("Schedule"), self)
        self.schedule_button.setDefault(True)
        self.schedule_button.setToolTip(self.tr("Schedule the post (Ctrl+Return)"))
        self.reason_label = QLabel(self)
        self.reason_label.setObjectName("ScheduleReasonLabel")
        self.reason_label.setWordWrap(True)
        self.reason_label.setAccessibleName(self.tr("Why the post cannot be scheduled"))
        self.send_note_label = QLabel(self)
        self.send_note_label.setObjectName("SendNoteLabel")
        self.send_note_label.setWordWrap(True)
        self.send_note_label.setAccessibleName(self.tr("What sending will do"))
        self.send_note_label.hide()

        self.schedule_action = QAction(self.tr("Schedule"), self)
        self.schedule_action.setShortcuts(
            [
                QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return),
                QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Enter),
            ]
        )
        self.schedule_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_draft_action = QAction(self.tr("Save draft"), self)
        self.save_draft_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_S))
        self.save_draft_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.schedule_action)
        self.addAction(self.save_draft_action)

    def _build_message_area(self) -> None:
        self.message_frame = QFrame(self)
        self.message_frame.setObjectName("PostEditorMessage")
        self.message_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.message_label = QLabel(self.message_frame)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton(self.tr("Retry"), self.message_frame)
        self.retry_button.setAccessibleName(self.tr("Retry sending the post"))
        # Only the caption comes back, so media must be attached again.
        self.undo_clear_button = QPushButton(self.tr("Restore caption"), self.message_frame)
        self.undo_clear_button.setAccessibleName(self.tr("Restore the cleared caption"))
        self.dismiss_button = QPushButton(self.tr("Dismiss"), self.message_frame)
        self.dismiss_button.setAccessibleName(self.tr("Dismiss the message"))
        layout = QHBoxLayout(self.message_frame)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.message_label, 1)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.undo_clear_button)
        layout.addWidget(self.dismiss_button)
        self.message_frame.hide()

    def _build_layout(self) -> None:
        caption_label = QLabel(self.tr("&Caption:"), self)
        caption_label.setBuddy(self.caption_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reason_label, 1)
        buttons.addWidget(self.save_draft_button)
        buttons.addWidget(self.schedule_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message_frame)
        layout.addWidget(caption_label)
        layout.addWidget(self.caption_edit, 2)
        layout.addWidget(self.counters)
        if self._media_widget is not None:
            layout.addWidget(self._media_widget, 1)
        layout.addWidget(self.schedule_picker)
        layout.addWidget(self.send_note_label)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.caption_edit.textChanged.connect(self._on_caption_edit_text_changed)
        self.counters.report_ready.connect(self._on_counters_report_ready)
        self.schedule_picker.changed.connect(self._update_actions)
        self.schedule_picker.date_edit.dateChanged.connect(self._on_date_or_time_changed)
        self.schedule_picker.time_edit.timeChanged.connect(self._on_date_or_time_changed)
        self.schedule_picker.time_zone_changed.connect(self.time_zone_changed)
        self.schedule_button.clicked.connect(self._on_schedule_requested)
        self.schedule_action.triggered.connect(self._on_schedule_requested)
        self.save_draft_button.clicked.connect(self._on_save_draft_requested)
        self.save_draft_action.triggered.connect(self._on_save_draft_requested)
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        self.undo_clear_button.clicked.connect(self._on_undo_clear_button_clicked)
        self.dismiss_button.clicked.connect(self.message_frame.hide)

        media_changed = getattr(self._media_widget, "media_changed", None)
        if media_changed is not None:
            media_changed.connect(self._update_actions)
        findings_changed = getattr(self._media_widget, "findings_changed", None)
        if findings_changed is not None:
            findings_changed.connect(self._update_actions)
        busy_changed = getattr(self._media_widget, "busy_changed", None)
        if busy_changed is not None:
            busy_changed.connect(self._on_media_widget_busy_changed)

    # --- slots --------------------------------------------------------------------------

    def _on_caption_edit_text_changed(self) -> None:
        self.counters.set_text(self.caption())
        if self._cleared_caption is not None and self.caption():
            # A new post has started, and bringing the sent caption back into it could send
            # that post a second time.
            self.forget_cleared_caption()
        self._update_actions()

    def _on_date_or_time_changed(self) -> None:
        self._date_chosen = True

    def _on_counters_report_ready(self, report: CaptionReport) -> None:
        # A report for an older text would put marks in the wrong places.
        if report.text != self.caption():
            return
        linkedin = report.count_for(Network.LINKEDIN)
        if linkedin is None:
            self.caption_edit.clear_marks()
            return
        tooltip = self.tr(
            "LinkedIn reads this character as formatting and publishes the post cut off at the "
            "first such character. Remove or reword it, or remove LinkedIn from this post."
        )
        marks = [
            CaptionMark(span.start_utf16, span.end_utf16, tooltip)
            for span in linkedin.details.reserved
        ]
        self.caption_edit.set_marks(marks, warning_color(self.palette()))

    def _on_media_widget_busy_changed(self, busy: bool) -> None:
        self._media_busy = busy
        self._update_actions()

    def _on_schedule_requested(self) -> None:
        self._request(_Request.SCHEDULE)

    def _on_save_draft_requested(self) -> None:
        self._request(_Request.DRAFT)

    def _on_retry_button_clicked(self) -> None:
        self._request(self._last_request)

    def _on_undo_clear_button_clicked(self) -> None:
        if self._cleared_caption is not None:
            self.set_caption(self._cleared_caption)
            self._cleared_caption = None
        self.message_frame.hide()

    def forget_cleared_caption(self) -> None:
        """End the "Restore caption" offer of the last send, hiding its notice."""
        if self._cleared_caption is None:
            return
        self._cleared_caption = None
        self.message_frame.hide()

    # --- requests -----------------------------------------------------------------------

    def _request(self, kind: _Request) -> None:
        # A second press while a request is in flight is ignored: Ocoya's create call is not
        # idempotent, so sending twice would create two posts.
        if self._busy:
            logger.debug("Ignoring a %s request while another is in flight", kind.value)
            return
        self.schedule_picker.revalidate()
        self._update_actions()
        button = self.schedule_button if kind is _Request.SCHEDULE else self.save_draft_button
        if not button.isEnabled():
            return
        try:
            composition = self.composition(schedule=kind is _Request.SCHEDULE)
        except ValueError as error:
            self._show_message(error_text(error), error=True)
            return

        self._last_request = kind
        self._busy = True
        self.message_frame.hide()
        self._update_actions()
        rejections = self._likely_rejections(composition)
        if rejections:
            self._confirm_task = asyncio.get_running_loop().create_task(
                self._confirm_send(kind, composition, rejections)
            )
            cancel_when_destroyed(self, self._confirm_task)
            return
        logger.debug("Post requested as %s", kind.value)
        self.post_requested.emit(composition)

    def _likely_rejections(self, composition: Composition) -> list[CaptionFinding]:
        # Only a scheduled post reaches the networks; Ocoya keeps a draft whatever its caption.
        if composition.scheduled_at is None:
            return []
        return self.counters.measure_now().likely_rejections()

    async def _confirm_send(
        self, kind: _Request, composition: Composition, rejections: Sequence[CaptionFinding]
    ) -> None:
        """Ask before sending a post that a network would likely reject; stay busy meanwhile."""
        reasons = "\n\n".join(finding_sentence(finding) for finding in rejections)
        text = self.tr("A network will likely reject this post:\n\n{reasons}").format(
            reasons=reasons
        )
        try:
            answer = await ask_question(
                self,
                self.tr("Schedule anyway?"),
                text,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
                button_texts={QMessageBox.StandardButton.Yes: self.tr("Schedule Anyway")},
            )
        except asyncio.CancelledError:
            # The question ends with the editor too, when its window closes on its own.
            if shiboken6.isValid(self):
                self.set_busy(False)
            raise
        if answer != QMessageBox.StandardButton.Yes:
            logger.debug("Sending cancelled at the rejection warning")
            self.set_busy(False)
            return
        logger.debug("Post requested as %s despite %d warnings", kind.value, len(rejections))
        self.post_requested.emit(composition)

    # --- state --------------------------------------------------------------------------

    def _update_actions(self) -> None:
        # An empty editor is not an error: the buttons stay disabled with the reason in their
        # tooltips, but the red reason line stays hidden. Each problem is written out in one
        # place only; the reason line repeats none of them.
        empty_reason = self._empty_reason()
        draft_blocker = self._draft_blocker()
        schedule_blocker = draft_blocker or self._schedule_blocker()
        draft_text = self._blocker_text(draft_blocker, saving=True)
        schedule_text = self._blocker_text(schedule_blocker, saving=draft_blocker is not None)

        self.save_draft_button.setEnabled(
            not self._busy and draft_blocker is None and not empty_reason
        )
        self.save_draft_action.setEnabled(self.save_draft_button.isEnabled())
        self.schedule_button.setEnabled(
            not self._busy and schedule_blocker is None and not empty_reason
        )
        self.schedule_action.setEnabled(self.schedule_button.isEnabled())
        self.schedule_button.setText(self._schedule_button_text())
        self.schedule_button.setAccessibleName(self.schedule_button.text())
        self.save_draft_button.setToolTip(
            empty_reason or draft_text or self.tr("Save the post as a draft (Ctrl+S)")
        )
        self.schedule_button.setToolTip(
            empty_reason or schedule_text or self.tr("Schedule the post (Ctrl+Return)")
        )

        shown_text = "" if empty_reason else schedule_text
        self.reason_label.setText(shown_text)
        self.reason_label.setVisible(bool(shown_text))
        self._color_reason_label()

    def _blocker_text(self, blocker: _Blocker | None, *, saving: bool) -> str:
        """Return the reason line for ``blocker``; ``saving`` means Save draft is off too."""
        if blocker is None:
            return ""
        if blocker.reason:
            return blocker.reason
        if saving:
            return self.tr("Saving and scheduling are off: fix the problems marked in red above.")
        return self.tr("Schedule is off: fix the problems marked in red above.")

    def _empty_reason(self) -> str:
        """Return why an empty editor has nothing to save, or "" when it contains a post."""
        if self._media_busy or self.caption().strip() or self._media_urls():
            return ""
        if self._failed_media_names():
            # Attached media that failed is a problem to show, not an empty editor.
            return ""
        return self.tr("Write a caption or attach media to save the post.")

    def _draft_blocker(self) -> _Blocker | None:
        """Return why nothing can be saved now, or None."""
        if ocoya_length(self.caption()) > OCOYA_CAPTION_RULE.limit:
            # The counters write out Ocoya's finding with the length and the fix.
            return _SHOWN_ABOVE
        if self._media_busy:
            return _Blocker(self.tr("Wait until the media has finished uploading."))
        if self._failed_media_names():
            # Failed items are never sent, so sending now would drop media shown in the list.
            # The media area names each failed item with its error.
            return _SHOWN_ABOVE
        return None

    def _failed_media_names(self) -> list[str]:
        read_failed = getattr(self._media_widget, "failed_names", None)
        return list(read_failed()) if callable(read_failed) else []

    def _schedule_blocker(self) -> _Blocker | None:
        """Return why the post cannot be scheduled at the chosen time, or None."""
        if not self._profile_ids or self.schedule_picker.is_draft():
            return None
        if self.schedule_picker.problem():
            # The picker shows its own problem, such as a time in the past, under the time.
            return _SHOWN_ABOVE
        return self._media_blocker()

    def _media_blocker(self) -> _Blocker | None:
        """Return the media error a selected network would reject the post for, or None.

        Drafts stay allowed: Ocoya stores a draft with any media, and the networks only see
        the post once it is scheduled.
        """
        if self._media_widget is None:
            # Without a media widget the post never has media, and no media area shows the
            # findings, so the reason line writes out the first error.
            for finding in check_media([], self._networks):
                if finding.severity is Severity.ERROR:
                    return _Blocker(describe_finding(finding))
            return None
        read_findings = getattr(self._media_widget, "findings", None)
        findings: list[Finding] = list(read_findings()) if callable(read_findings) else []
        if any(finding.severity is Severity.ERROR for finding in findings):
            # The media widget lists its findings itself.
            return _SHOWN_ABOVE
        return None

    def _schedule_button_text(self) -> str:
        if not self._profile_ids:
            return self.tr("Save as draft — no profile ticked")
        if self.schedule_picker.is_draft():
            return self.tr("Save as draft — no date set")
        return self.tr("Schedule")

    def _media_urls(self) -> list[str]:
        if self._media_widget is None:
            return []
        source: MediaSource = self._media_widget
        return list(source.media_urls())

    def _show_message(
        self, text: str, *, error: bool, retry: bool = False, undo: bool = False
    ) -> None:
        palette = QPalette(self.palette())
        if error:
            palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
        self.message_label.setPalette(palette)
        self.message_label.setText(text)
        self.message_frame.setAccessibleName(self.tr("Error") if error else self.tr("Notice"))
        self.retry_button.setVisible(retry)
        self.undo_clear_button.setVisible(undo)
        self.message_frame.show()

    def _color_reason_label(self) -> None:
        palette = QPalette(self.palette())
        palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
        self.reason_label.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        """Recolour the reason line when the palette changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._color_reason_label()
