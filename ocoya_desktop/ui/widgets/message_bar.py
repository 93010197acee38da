"""A bar above the content that shows the latest error or notice, instead of a modal box."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from ocoya_desktop.ui.errors import UserMessage

_ERROR_STYLE = "QFrame#MessageBar { background: #fde8e8; border: 1px solid #e0a0a0; }"
_INFO_STYLE = "QFrame#MessageBar { background: #e8f0fd; border: 1px solid #a0b4e0; }"


class MessageBar(QFrame):
    """Shows one message at a time; a newer message replaces the older one.

    Signals:
        details_requested(str): the user pressed "Details" for a message with details.
    """

    details_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBar")
        self._details = ""
        self._message: UserMessage | None = None

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
        self.hide()

    def show_message(self, message: UserMessage) -> None:
        """Show ``message``, replacing any message shown now."""
        self._message = message
        self._text.setText(message.text)
        self._details = message.details
        self._details_button.setVisible(bool(message.details))
        self.setStyleSheet(_ERROR_STYLE if message.is_error else _INFO_STYLE)
        self.show()

    def dismiss(self) -> None:
        """Hide the bar and forget the message."""
        self._message = None
        self._text.clear()
        self._details = ""
        self.hide()

    def withdraw(self, message: UserMessage) -> None:
        """Hide the bar if it still shows ``message``, leaving a newer message in place."""
        if self._message is not None and self._message == message and not self.isHidden():
            self.dismiss()

    def text(self) -> str:
        """Return the message shown now, or "" when the bar is hidden."""
        return "" if self.isHidden() else self._text.text()

    def details(self) -> str:
        """Return the details of the message shown now."""
        return self._details

    def _on_details_button_clicked(self) -> None:
        self.details_requested.emit(self._details)
