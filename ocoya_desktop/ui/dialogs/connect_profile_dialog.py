"""Asks which network a new social profile is on, before Ocoya's connection page opens."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

CONNECTABLE_PROVIDERS: tuple[tuple[str, str], ...] = (
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("twitter", "X (Twitter)"),
    ("linkedin", "LinkedIn"),
    ("pinterest", "Pinterest"),
    ("tiktok", "TikTok"),
)
"""The providers Ocoya's connection-URL endpoint accepts, with their display names."""


class ConnectProfileDialog(QDialog):
    """Lets the user pick the network; ``provider()`` is Ocoya's name for it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConnectProfileDialog")
        self.setWindowTitle(self.tr("Connect a profile"))

        intro = QLabel(
            self.tr(
                "Ocoya connects social profiles in your web browser. Choose the network, and "
                "its sign-in page opens there."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.network_combo = QComboBox(self)
        self.network_combo.setAccessibleName(self.tr("Network"))
        for provider, label in CONNECTABLE_PROVIDERS:
            self.network_combo.addItem(label, provider)

        form = QFormLayout()
        form.addRow(self.tr("&Network:"), self.network_combo)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Open in browser"))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def provider(self) -> str:
        """Return the chosen provider as Ocoya names it, such as "twitter"."""
        value = self.network_combo.currentData()
        return value if isinstance(value, str) else CONNECTABLE_PROVIDERS[0][0]

    def select_provider(self, provider: str) -> None:
        """Choose ``provider``; unknown names leave the choice as it is."""
        row = self.network_combo.findData(provider)
        if row >= 0:
            self.network_combo.setCurrentIndex(row)
