"""Icons shipped with the app: the app icon and one letter-in-circle icon per network."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPainterPath, QPixmap

from ocoya_desktop.domain.networks import network_for_provider

ICON_DIR = Path(__file__).with_name("resources") / "icons"


@cache
def app_icon() -> QIcon:
    """Return the application icon."""
    return QIcon(str(ICON_DIR / "app.svg"))


@cache
def provider_icon(provider: str) -> QIcon:
    """Return the icon for an Ocoya provider name, or a "?" icon for an unknown one."""
    network = network_for_provider(provider)
    name = network.value if network is not None else "unknown"
    return QIcon(str(ICON_DIR / "networks" / f"{name}.svg"))


def round_avatar(image: QImage, size: int) -> QPixmap:
    """Scale ``image`` to a circle ``size`` pixels across; build it on the GUI thread."""
    scaled = image.scaled(
        size,
        size,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    clip = QPainterPath()
    clip.addEllipse(QRectF(0, 0, size, size))
    painter.setClipPath(clip)
    left = (scaled.width() - size) // 2
    top = (scaled.height() - size) // 2
    painter.drawImage(QRect(0, 0, size, size), scaled, QRect(left, top, size, size))
    painter.end()
    return pixmap


def with_badge(avatar: QPixmap, provider: str) -> QPixmap:
    """Return ``avatar`` with the provider's network icon in its lower-right corner."""
    result = QPixmap(avatar)
    badge_size = max(avatar.width() * 2 // 5, 8)
    badge = provider_icon(provider).pixmap(badge_size, badge_size)
    painter = QPainter(result)
    painter.drawPixmap(avatar.width() - badge_size, avatar.height() - badge_size, badge)
    painter.end()
    return result
