"""Painting of the calendar's post chips: status colour, network icons, time, thumbnail.

Every size comes from the font metrics, so chips grow with the font and the screen scaling.
Colours come from the palette, except the status colours, which are mid-tone hues that keep
their contrast on light and dark backgrounds.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPixmap

from ocoya_desktop.api import PostGroup
from ocoya_desktop.ui.icons import provider_icon

# Mid-tone hues that read on a white and on a near-black background alike.
_STATUS_COLORS = {
    "DRAFT": QColor(128, 128, 128),
    "PENDING_CLIENT_APPROVAL": QColor(214, 140, 20),
    "PENDING_INTERNAL_APPROVAL": QColor(214, 140, 20),
    "SCHEDULED": QColor(40, 120, 220),
    "POSTED": QColor(40, 160, 80),
    "ERROR": QColor(220, 50, 50),
}
_UNKNOWN_STATUS_COLOR = QColor(150, 100, 200)
MAX_CHIP_ICONS = 3
_LEFT_CENTER = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft


@functools.lru_cache(maxsize=64)
def _icon_pixmap(provider: str, size: int, ratio: float) -> QPixmap:
    # Rendering the SVG icon for every chip cost most of a month's paint time.
    pixmap = provider_icon(provider).pixmap(QSize(size, size), ratio)
    return pixmap


def status_color(status: str) -> QColor:
    """Return the colour that marks a post with ``status``."""
    return _STATUS_COLORS.get(status, _UNKNOWN_STATUS_COLOR)


@dataclass(frozen=True)
class ChipMetrics:
    """Sizes of one chip, derived from the widget's font."""

    height: int
    padding: int
    icon: int
    bar: int

    @classmethod
    def from_font(cls, metrics: QFontMetrics) -> ChipMetrics:
        """Derive the chip sizes from ``metrics``, the widget's font metrics."""
        padding = max(2, metrics.height() // 6)
        return cls(
            height=metrics.height() + padding,
            padding=padding,
            icon=max(8, metrics.height() - padding),
            bar=max(3, metrics.height() // 5),
        )


def providers_of(post: PostGroup) -> list[str]:
    """Return the distinct providers of the post's profiles, in their order."""
    seen: list[str] = []
    for profile in post.social_profiles:
        if profile.provider not in seen:
            seen.append(profile.provider)
    return seen


def first_image_url(post: PostGroup) -> str | None:
    """Return the URL of the post's first image creative, or None."""
    for item in post.posts:
        for creative in item.creatives:
            if creative.type.upper() == "IMAGE":
                return creative.url
    return None


def caption_of(post: PostGroup) -> str:
    """Return the post's caption on one line ("GENERAL" wins over a network's own)."""
    general = [p.caption for p in post.posts if p.provider.upper() == "GENERAL" and p.caption]
    caption = general[0] if general else next((p.caption for p in post.posts if p.caption), "")
    return " ".join((caption or "").split())


def time_text(moment: datetime | None, zone: ZoneInfo) -> str:
    """Return the local time of day as "HH:MM", or "" for a post without a time."""
    return moment.astimezone(zone).strftime("%H:%M") if moment is not None else ""


def paint_chip(
    painter: QPainter,
    rect: QRect,
    post: PostGroup,
    *,
    zone: ZoneInfo,
    palette: QPalette,
    metrics: ChipMetrics,
    thumbnail: QPixmap | None,
    selected: bool,
) -> None:
    """Paint one post chip into ``rect``: bar, icons, time, caption and thumbnail."""
    color = status_color(post.status)
    background = QColor(color)
    background.setAlpha(60 if selected else 32)
    painter.fillRect(rect, palette.color(QPalette.ColorRole.Base))
    painter.fillRect(rect, background)
    painter.fillRect(QRect(rect.left(), rect.top(), metrics.bar, rect.height()), color)
    if selected:
        painter.setPen(palette.color(QPalette.ColorRole.Highlight))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))

    # The time comes first: in a narrow cell it is what matters most, then the networks,
    # the thumbnail and the caption, each only where room is left.
    font_metrics = painter.fontMetrics()
    painter.setPen(palette.color(QPalette.ColorRole.Text))
    x = rect.left() + metrics.bar + metrics.padding
    right = rect.right() - metrics.padding
    label = time_text(post.scheduled_at, zone)
    if label:
        width = font_metrics.horizontalAdvance(label)
        label_rect = QRect(x, rect.top(), min(width, right - x), rect.height())
        painter.drawText(label_rect, _LEFT_CENTER, label)
        x += width + metrics.padding

    ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
    for provider in providers_of(post)[:MAX_CHIP_ICONS]:
        if x + metrics.icon > right:
            break
        icon = _icon_pixmap(provider, metrics.icon, ratio)
        icon_top = rect.top() + (rect.height() - metrics.icon) // 2
        painter.drawPixmap(QRect(x, icon_top, metrics.icon, metrics.icon), icon)
        x += metrics.icon + 1

    side = rect.height() - 2
    if thumbnail is not None and right - x > side * 3:
        target = QRect(rect.right() - side, rect.top() + 1, side, side)
        painter.drawPixmap(target, thumbnail)
        right = target.left() - metrics.padding

    text_rect = QRect(x + metrics.padding, rect.top(), right - x - metrics.padding, rect.height())
    if text_rect.width() < font_metrics.averageCharWidth() * 3:
        return
    elided = font_metrics.elidedText(
        caption_of(post), Qt.TextElideMode.ElideRight, text_rect.width()
    )
    painter.drawText(text_rect, _LEFT_CENTER, elided)
