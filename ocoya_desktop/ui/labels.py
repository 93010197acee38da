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

_STATUS_DESCRIPTIONS: dict[str, str] = {
    "DRAFT": str(
        QT_TRANSLATE_NOOP(
            "Labels", "A draft. Ocoya publishes it only once it has a time and profiles."
        )
    ),
    "PENDING_CLIENT_APPROVAL": str(
        QT_TRANSLATE_NOOP("Labels", "Waiting for the client to approve it on Ocoya.")
    ),
    "PENDING_INTERNAL_APPROVAL": str(
        QT_TRANSLATE_NOOP("Labels", "Waiting for someone in your team to approve it on Ocoya.")
    ),
    "SCHEDULED": str(QT_TRANSLATE_NOOP("Labels", "Ocoya publishes it at the time shown.")),
    "POSTED": str(QT_TRANSLATE_NOOP("Labels", "Published.")),
    "ERROR": str(
        QT_TRANSLATE_NOOP(
            "Labels",
            "Ocoya could not publish it. Its API does not say why: open the post on Ocoya to "
            "see the reason, or duplicate it into the editor and schedule it again.",
        )
    ),
}

KNOWN_STATUSES = tuple(_STATUS_LABELS)
"""Status values Ocoya documents, in the order the status filter lists them."""


def network_label(provider: str) -> str:
    """Return the network's display name for an Ocoya provider, or the provider as sent."""
    network = network_for_provider(provider)
    if network is None:
        return provider
    return _NETWORK_LABELS[network]


def status_description(status: str) -> str:
    """Return what a post status means for the user, or "" for an unknown status."""
    source = _STATUS_DESCRIPTIONS.get(status)
    return QCoreApplication.translate(_CONTEXT, source) if source is not None else ""


def status_label(status: str) -> str:
    """Return the translated label of a post status; an unknown status is shown as sent."""
    source = _STATUS_LABELS.get(status)
    if source is None:
        return status
    return QCoreApplication.translate(_CONTEXT, source)
