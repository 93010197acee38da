"""Social networks the app has rules for, and how Ocoya's provider names map onto them."""

from __future__ import annotations

from enum import StrEnum


class Network(StrEnum):
    """A social network with its own caption and media rules."""

    INSTAGRAM = "instagram"
    FACEBOOK = "facebook"
    X = "x"
    LINKEDIN = "linkedin"
    TIKTOK = "tiktok"
    THREADS = "threads"
    BLUESKY = "bluesky"
    PINTEREST = "pinterest"
    YOUTUBE = "youtube"
    GOOGLE_BUSINESS = "google_business"


# Ocoya sends lower-case provider names; X still appears under its old name.
_PROVIDER_ALIASES = {"twitter": Network.X}


def network_for_provider(provider: str) -> Network | None:
    """Map an Ocoya provider name to a network, or None for one the app has no rules for."""
    name = provider.strip().lower()
    if name in _PROVIDER_ALIASES:
        return _PROVIDER_ALIASES[name]
    try:
        return Network(name)
    except ValueError:
        return None
