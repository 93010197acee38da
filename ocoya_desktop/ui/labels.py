"""Display names for Ocoya's provider and status values."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ocoya_desktop.domain.networks import Network, network_for_provider

_CONTEXT = "Labels"

# Brand names are not translated.
_NETWORK_LABELS = {
    Network.INSTAGRAM: "Instagram",
    Network.FACEBOOK: "Facebook",
    Network.X: "X",
    Network.LINKEDIN: "LinkedIn",
    Network.TIKTOK: "TikTok",
    Network.THREADS: "Threads",
    Network.BLUESKY: "Bluesky",
    Network.PINTEREST: "Pinterest",
    Network.YOUTUBE: "YouTube",
    Network.GOOGLE_BUSINESS: "Google Business",
}

# Marked for translation here and translated when shown, so a language switch applies.
_STATUS_LABELS: dict[str, str] = {
    "DRAFT": str(QT_TRANSLATE_NOOP("Labels", "Draft")),
    "PENDING_CLIENT_APPROVAL": str(QT_TRANSLATE_NOOP("Labels", "Awaiting client approval")),
    "PENDING_INTERNAL_APPROVAL": str(QT_TRANSLATE_NOOP("Labels", "Awaiting internal approval")),
    "SCHEDULED": str(QT_TRANSLATE_NOOP("Labels", "Scheduled")),
    "POSTED": str(QT_TRANSLATE_NOOP("Labels", "Posted")),
    "ERROR": str(QT_TRANSLATE_NOOP("Labels", "Failed")),
}

KNOWN_STATUSES = tuple(_STATUS_LABELS)
"""Status values Ocoya documents, in the order the status filter lists them."""


def network_label(provider: str) -> str:
    """Return the network's display name for an Ocoya provider, or the provider as sent."""
    network = network_for_provider(provider)
    if network is None:
        return provider
    return _NETWORK_LABELS[network]


def status_label(status: str) -> str:
    """Return the translated label of a post status; an unknown status is shown as sent."""
    source = _STATUS_LABELS.get(status)
    if source is None:
        return status
    return QCoreApplication.translate(_CONTEXT, source)
