"""Measure a caption the way Ocoya and each network count it, for the editor's live counters."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from ocoya_desktop.domain.caption_rules import CaptionRule, Counting, caption_rule
from ocoya_desktop.domain.captions.text import (
    TextSpan,
    Utf16Offsets,
    find_characters,
    find_hashtags,
    find_mentions,
    find_urls,
    grapheme_clusters,
    is_emoji_cluster,
    iter_clusters,
    utf16_length,
)
from ocoya_desktop.domain.networks import Network

# X's weighting: code points in these ranges weigh 1, every other code point weighs 2.
_X_LIGHT_RANGES = (
    (0x0000, 0x10FF),
    (0x2000, 0x200D),
    (0x2010, 0x201F),
    (0x2032, 0x2037),
)
X_URL_WEIGHT = 23
X_EMOJI_WEIGHT = 2


class CountUnit(StrEnum):
    """Unit of a caption count."""

    UTF16_UNITS = "UTF-16 code units"
    X_WEIGHTED = "weighted characters"
    THREADS_CHARACTERS = "characters, emoji as UTF-8 bytes"
    GRAPHEMES = "graphemes"
    UTF8_BYTES = "UTF-8 bytes"


_UNIT_FOR_COUNTING = {
    Counting.UTF16: CountUnit.UTF16_UNITS,
    Counting.X_WEIGHTED: CountUnit.X_WEIGHTED,
    Counting.THREADS: CountUnit.THREADS_CHARACTERS,
    Counting.GRAPHEMES: CountUnit.GRAPHEMES,
}


@dataclass(frozen=True, slots=True)
class Measure:
    """A second length a network limits, such as Bluesky's UTF-8 bytes."""

    unit: CountUnit
    used: int
    limit: int

    @property
    def over_limit(self) -> bool:
        return self.used > self.limit


@dataclass(frozen=True, slots=True)
class CaptionDetails:
    """Extra measures and the positions the editor marks in a caption for one network."""

    extra_measures: tuple[Measure, ...] = ()
    # Estimated length after which the feed shows "more"; None where no estimate exists.
    fold_at: int | None = None
    hashtags: tuple[TextSpan, ...] = ()
    mentions: tuple[TextSpan, ...] = ()
    urls: tuple[TextSpan, ...] = ()
    # Every character that the network's text format reads as markup (LinkedIn).
    reserved: tuple[TextSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class CaptionCount:
    """The length of a caption for one network, against that network's limits.

    ``over_limit`` means over the network's published limit, or over any extra measure.
    ``over_warning`` means over the lowest limit any source gives, which is ``warn_at``;
    it is true whenever ``over_limit`` is true for the main measure.
    """

    network: Network | None
    used: int
    limit: int
    warn_at: int
    over_limit: bool
    over_warning: bool
    unit: CountUnit
    details: CaptionDetails

    @property
    def remaining(self) -> int:
        """Return how many units are left before ``limit``, negative when over it."""
        return self.limit - self.used


def ocoya_length(text: str) -> int:
    """Return the length Ocoya's 10,000-character limit applies to: UTF-16 code units."""
    return utf16_length(text)


def x_weighted_length(text: str) -> int:
    """Return the length of ``text`` by X's weighted counting.

    The text is NFC-normalised first. Each URL weighs 23 whatever its length, each emoji
    sequence weighs 2 whatever its parts, and every other code point weighs 1 or 2 by range.
    """
    normalized = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for start, end in find_urls(normalized):
        total += _x_weight_without_urls(normalized[position:start]) + X_URL_WEIGHT
        position = end
    return total + _x_weight_without_urls(normalized[position:])


def _x_weight_without_urls(text: str) -> int:
    total = 0
    for cluster in grapheme_clusters(text):
        if is_emoji_cluster(cluster):
            total += X_EMOJI_WEIGHT
        else:
            total += sum(_x_code_point_weight(character) for character in cluster)
    return total


def _x_code_point_weight(character: str) -> int:
    code_point = ord(character)
    for low, high in _X_LIGHT_RANGES:
        if low <= code_point <= high:
            return 1
    return 2


def threads_length(text: str) -> int:
    """Return the length of ``text`` as Threads counts it.

    Threads documents only that emoji count as their UTF-8 byte length. This counts each code
    point as 1, except that each emoji sequence counts as the UTF-8 bytes of all its code
    points, joiners and selectors included: "😀" is 4 and the family "👨‍👩‍👧" is 18.
    """
    total = 0
    for cluster in grapheme_clusters(text):
        if is_emoji_cluster(cluster):
            total += len(cluster.encode("utf-8"))
        else:
            total += len(cluster)
    return total


def grapheme_length(text: str) -> int:
    """Return the number of extended grapheme clusters in ``text`` (Bluesky's count)."""
    return len(grapheme_clusters(text))


def utf8_length(text: str) -> int:
    """Return the length of ``text`` in UTF-8 bytes."""
    return len(text.encode("utf-8"))


def count_caption(text: str, network: Network | None, *, x_paid: bool = False) -> CaptionCount:
    """Measure ``text`` for ``network`` (None for Ocoya itself) against its limits.

    ``x_paid`` applies X's longer limit for paid accounts and is ignored for other networks.
    """
    rule = caption_rule(network)
    used = _measure(text, rule.counting)
    limit = rule.limit
    warn_at = rule.warn_at
    if x_paid and rule.paid_limit is not None:
        limit = warn_at = rule.paid_limit

    details = _details(text, rule)
    extra_over = any(measure.over_limit for measure in details.extra_measures)
    return CaptionCount(
        network=network,
        used=used,
        limit=limit,
        warn_at=warn_at,
        over_limit=used > limit or extra_over,
        over_warning=used > warn_at,
        unit=_UNIT_FOR_COUNTING[rule.counting],
        details=details,
    )


def _measure(text: str, counting: Counting) -> int:
    if counting is Counting.X_WEIGHTED:
        return x_weighted_length(text)
    if counting is Counting.THREADS:
        return threads_length(text)
    if counting is Counting.GRAPHEMES:
        return grapheme_length(text)
    return utf16_length(text)


def _details(text: str, rule: CaptionRule) -> CaptionDetails:
    offsets = Utf16Offsets(text)
    extra: tuple[Measure, ...] = ()
    if rule.byte_limit is not None:
        extra = (Measure(CountUnit.UTF8_BYTES, utf8_length(text), rule.byte_limit),)
    reserved = tuple(
        offsets.span(index, index + 1) for index in find_characters(text, rule.reserved_characters)
    )
    return CaptionDetails(
        extra_measures=extra,
        fold_at=rule.fold_at,
        hashtags=tuple(offsets.span(start, end) for start, end in find_hashtags(text)),
        mentions=tuple(offsets.span(start, end) for start, end in find_mentions(text)),
        urls=tuple(offsets.span(start, end) for start, end in find_urls(text)),
        reserved=reserved,
    )


def fold_index(text: str, fold_at: int) -> int:
    """Return the Python index where a feed folding after ``fold_at`` characters cuts ``text``.

    The fold estimates count user-perceived characters, so this counts grapheme clusters.
    """
    for number, (start, _cluster) in enumerate(iter_clusters(text)):
        if number == fold_at:
            return start
    return len(text)
