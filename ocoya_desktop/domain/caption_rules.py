"""Caption limits of Ocoya and of each network, kept as data with their source and date checked.

Networks change these limits often and sources disagree. Where they disagree, ``limit`` is the
highest value a source gives and ``warn_at`` the lowest. The app warns when a caption passes
either one and blocks scheduling only at Ocoya's own limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from ocoya_desktop.domain.networks import Network

CHECKED = "2026-12"


class Counting(StrEnum):
    """Counting method a service applies to the length of a caption."""

    # UTF-16 code units, the length a JavaScript or Java service computes. Also the assumption
    # for networks that do not document their counting, because it never undercounts
    # characters outside the Basic Multilingual Plane.
    UTF16 = "utf16"
    # X's weighted length: 1 or 2 per code point, 2 per emoji sequence, 23 per URL.
    X_WEIGHTED = "x_weighted"
    # Code points, except that each emoji sequence counts as its UTF-8 byte length.
    THREADS = "threads"
    # Grapheme clusters, with a second limit on UTF-8 bytes.
    GRAPHEMES = "graphemes"


@dataclass(frozen=True, slots=True)
class CaptionRule:
    """The caption limits of one service, with where they come from."""

    # None for Ocoya itself.
    network: Network | None
    display_name: str
    counting: Counting
    limit: int
    # The lowest limit any source gives; equal to ``limit`` where sources agree.
    warn_at: int
    # X accounts with a paid subscription may post longer captions.
    paid_limit: int | None = None
    # A second limit in UTF-8 bytes, counted on top of ``limit``.
    byte_limit: int | None = None
    # Estimated length after which the feed cuts the caption with "more"; not documented.
    fold_at: int | None = None
    max_hashtags: int | None = None
    max_mentions: int | None = None
    # Characters that the network's text format reads as markup.
    reserved_characters: frozenset[str] = frozenset()
    source: str = ""
    checked: str = CHECKED


OCOYA_CAPTION_RULE = CaptionRule(
    network=None,
    display_name="Ocoya",
    counting=Counting.UTF16,
    limit=10_000,
    warn_at=10_000,
    source="docs.ocoya.com (public API, create post); the service is JavaScript",
)

# The characters that LinkedIn's "little text format" treats as markup. Outside that markup
# LinkedIn still publishes the post, but cut at the first unescaped one.
LINKEDIN_RESERVED_CHARACTERS = frozenset("\\|{}@[]()<>#*_~")

_RULES = (
    CaptionRule(
        network=Network.X,
        display_name="X",
        counting=Counting.X_WEIGHTED,
        limit=280,
        warn_at=280,
        paid_limit=25_000,
        source="docs.x.com/fundamentals/counting-characters",
    ),
    CaptionRule(
        network=Network.INSTAGRAM,
        display_name="Instagram",
        counting=Counting.UTF16,
        limit=2_200,
        warn_at=2_200,
        fold_at=125,
        max_hashtags=30,
        max_mentions=20,
        source="developers.facebook.com/docs/instagram-platform/content-publishing; "
        "support.buffer.com (character limits)",
    ),
    CaptionRule(
        network=Network.FACEBOOK,
        display_name="Facebook",
        counting=Counting.UTF16,
        limit=63_206,
        # Some scheduling tools cap Facebook captions at 5,000 to 16,192 characters.
        warn_at=5_000,
        fold_at=480,
        source="support.buffer.com (character limits); Publer and Metricool help centres",
    ),
    CaptionRule(
        network=Network.LINKEDIN,
        display_name="LinkedIn",
        counting=Counting.UTF16,
        limit=3_000,
        warn_at=3_000,
        fold_at=210,
        reserved_characters=LINKEDIN_RESERVED_CHARACTERS,
        source="learn.microsoft.com/linkedin (little text format); "
        "support.buffer.com (character limits)",
    ),
    CaptionRule(
        network=Network.TIKTOK,
        display_name="TikTok",
        counting=Counting.UTF16,
        limit=2_200,
        # Some tools give 2,000.
        warn_at=2_000,
        source="developers.tiktok.com (content posting API); support.buffer.com",
    ),
    CaptionRule(
        network=Network.THREADS,
        display_name="Threads",
        counting=Counting.THREADS,
        limit=500,
        warn_at=500,
        source="developers.facebook.com/documentation/threads/posts",
    ),
    CaptionRule(
        network=Network.BLUESKY,
        display_name="Bluesky",
        counting=Counting.GRAPHEMES,
        limit=300,
        warn_at=300,
        byte_limit=3_000,
        source="the app.bsky.feed.post lexicon (text: maxGraphemes 300, maxLength 3000)",
    ),
    CaptionRule(
        network=Network.PINTEREST,
        display_name="Pinterest",
        counting=Counting.UTF16,
        # The pin description; sources give 500 or 800.
        limit=800,
        warn_at=500,
        source="support.buffer.com (character limits); Publer and Metricool help centres",
    ),
    CaptionRule(
        network=Network.YOUTUBE,
        display_name="YouTube",
        counting=Counting.UTF16,
        # The video description; the caption is sent as the description.
        limit=5_000,
        warn_at=5_000,
        source="developers.google.com/youtube/v3/docs/videos",
    ),
    CaptionRule(
        network=Network.GOOGLE_BUSINESS,
        display_name="Google Business Profile",
        counting=Counting.UTF16,
        limit=1_500,
        warn_at=1_500,
        source="support.buffer.com (character limits)",
    ),
)

CAPTION_RULES: Mapping[Network, CaptionRule] = MappingProxyType(
    {rule.network: rule for rule in _RULES if rule.network is not None}
)


def caption_rule(network: Network | None) -> CaptionRule:
    """Return the caption rule of a network, or Ocoya's own rule for None."""
    if network is None:
        return OCOYA_CAPTION_RULE
    return CAPTION_RULES[network]
