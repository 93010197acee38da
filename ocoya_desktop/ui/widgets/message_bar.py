"""A bar above the content that shows the latest error or notice, instead of a modal box."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QEnterEvent, QHideEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)

from ocoya_desktop.ui.errors import UserMessage

# How long a notice stays up: at least 8 s, so that a short one such as "Post scheduled." is
# still there after the user looks up from the editor. A longer text gets 2 s to notice the bar
# plus 60 ms per character. At an estimated 6 characters a word that is about 170 words a
# minute, a slow reading pace. The maximum keeps a very long notice from staying for minutes.
MIN_NOTICE_MS = 8_000
NOTICE_BASE_MS = 2_000
NOTICE_MS_PER_CHARACTER = 60
MAX_NOTICE_MS = 30_000


def notice_display_ms(text: str) -> int:
    """Return how many milliseconds the notice ``text`` stays shown before the bar hides it."""
    reading_ms = NOTICE_BASE_MS + NOTICE_MS_PER_CHARACTER * len(text)
    return min(MAX_NOTICE_MS, max(MIN_NOTICE_MS, reading_ms))


def hides_by_itself(message: UserMessage) -> bool:
    """Return whether the bar hides ``message`` after its display time.

    Only a notice hides by itself. An error, or a message with details to open, stays
    until the user dismisses it or a newer message replaces it.
    """
    return not message.is_error and not message.details


_ERROR_STYLE = "QFrame#MessageBar { background: #fde8e8; border: 1px solid #e0a0a0; }"
_INFO_STYLE = "QFrame#MessageBar { background: #e8f0fd; border: 1px solid #a0b4e0; }"


class MessageBar(QFrame):
    """Shows one message at a time, and a newer message replaces the older one.

    A notice (see ``hides_by_itself``) hides after ``notice_display_ms`` of its text. While the
    pointer is over the bar or the bar has keyboard focus, it stays, and the full time starts
    again once both have left. ``hide_timer`` is the single-shot timer that hides it.

    Signals:
        details_requested(str): the user pressed "Details" for a message with details.
    """

    details_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBar")
        self._details = ""
        self._message: UserMessage | None = None
        self._hovered = False

        self.hide_timer = QTimer(self)
        self.hide_timer.setObjectName("MessageBarHideTimer")
        self.hide_timer.setSingleShot(True)
        self.hide_timer.timeout.connect(self._on_hide_timer_timeout)

        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._details_button = QPushButton(self.tr("Details…"), self)
        self._details_button.setAccessibleName(self.tr("Show error details"))
        self._close_button = QToolButton(self)
        self._close_button.setText("✕")
        self._close_button.setAccessibleName(self.tr("Dismiss message"))
        self._close_button.setToolTip(self.tr("Dismiss"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self._text, 1)
        layout.addWidget(self._details_button)
        layout.addWidget(self._close_button)

        self._details_button.clicked.connect(self._on_details_button_clicked)
        self._close_button.clicked.connect(self.dismiss)
        self.setAccessibleName(self.tr("Messages"))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_application_focus_changed)
        self.hide()

    def show_message(self, message: UserMessage) -> None:
        """Show ``message``, replacing any message shown now."""
        self._message = message
        self._text.setText(message.text)
        self._details = message.details
        self._details_button.setVisible(bool(message.details))
        self.setStyleSheet(_ERROR_STYLE if message.is_error else _INFO_STYLE)
        self.show()
        self.hide_timer.stop()
        if hides_by_itself(message):
            self.hide_timer.setInterval(notice_display_ms(message.text))
            self._start_hide_timer()

    def dismiss(self) -> None:
        """Hide the bar and forget the message."""
        self.hide_timer.stop()
        self._message = None
        self._text.clear()
        self._details = ""
        self.hide()

    def withdraw(self, message: UserMessage) -> None:
        """Hide the bar if it still shows ``message``, leaving a newer message in place."""
        # The same message object: a newer message with the same text stays.
        if self._message is message and not self.isHidden():
            self.dismiss()

    def text(self) -> str:
        """Return the message shown now, or "" when the bar is hidden."""
        return "" if self.isHidden() else self._text.text()

    def details(self) -> str:
        """Return the details of the message shown now."""
        return self._details

    def is_held(self) -> bool:
        """Return whether the pointer is over the bar or the bar has keyboard focus."""
        return self._hovered or self._has_focus_within()

    def enterEvent(self, event: QEnterEvent) -> None:
        self._hovered = True
        self.hide_timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hovered = False
        self._start_hide_timer()
        super().leaveEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # A hidden bar is not under the pointer, whether or not a leave event arrived.
        self._hovered = False
        super().hideEvent(event)

    def _has_focus_within(self) -> bool:
        return self._contains(QApplication.focusWidget())

    def _contains(self, widget: QWidget | None) -> bool:
        return widget is not None and (widget is self or self.isAncestorOf(widget))

    def _start_hide_timer(self) -> None:
        """Start the full display time of a notice shown now, unless the bar is held."""
        showing_notice = self._message is not None and hides_by_itself(self._message)
        if showing_notice and not self.isHidden() and not self.is_held():
            self.hide_timer.start()

    def _on_application_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        # Focus moving between other widgets leaves the time running.
        if self._contains(new):
            self.hide_timer.stop()
        elif self._contains(old):
            self._start_hide_timer()

    def _on_hide_timer_timeout(self) -> None:
        if self.is_held():
            return
        if self._message is not None and hides_by_itself(self._message):
            self.dismiss()

    def _on_details_button_clicked(self) -> None:
        self.details_requested.emit(self._details)
