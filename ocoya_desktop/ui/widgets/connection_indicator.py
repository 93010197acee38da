"""The status-bar indicator showing that the app is offline and composing still works."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

_OFFLINE_STYLE = "QLabel { color: #8a4b00; font-weight: bold; padding: 0 6px; }"


class ConnectionIndicator(QLabel):
    """Hidden while Ocoya can be reached; shows "Offline — composing still works" otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConnectionIndicator")
        self.setStyleSheet(_OFFLINE_STYLE)
        self.setText(self.tr("Offline — composing still works"))
        self.setToolTip(
            self.tr(
                "Ocoya cannot be reached. Posts you schedule can wait in the outbox "
                "(View → Outbox) and are sent when the connection returns."
            )
        )
        self.setAccessibleName(self.tr("Connection status"))
        self._online = True
        self.hide()

    def is_online(self) -> bool:
        """Return the state shown: True while online (the indicator is hidden)."""
        return self._online

    def set_online(self, online: bool) -> None:
        """Show the offline notice, or hide it once the connection is back."""
        self._online = online
        self.setVisible(not online)
