"""The banner shown in demo mode, so that the sandbox is not mistaken for a real account."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class DemoBanner(QLabel):
    """A coloured strip saying that the app runs on the built-in sandbox."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(self.tr("Demo mode: nothing is published"))
        self.setToolTip(self.tr("The app talks to a built-in stand-in of Ocoya with sample data."))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAccessibleName(self.tr("Demo mode notice"))
        self.setStyleSheet(
            "QLabel { background: #fff3bf; color: #5c4400; padding: 4px; font-weight: bold; }"
        )
