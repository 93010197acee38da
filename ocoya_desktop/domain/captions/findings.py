"""Check a caption against Ocoya's and the chosen networks' rules, and fit hashtags into them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ocoya_desktop.domain.caption_rules import CaptionRule, caption_rule
from ocoya_desktop.domain.captions.counting import (
    CaptionCount,
    CountUnit,
    count_caption,
    fold_index,
    grapheme_length,
)
from ocoya_desktop.domain.captions.text import TextSpan, Utf16Offsets, find_hashtags
from ocoya_desktop.domain.networks import Network
from ocoya_desktop.domain.severity import Severity as Severity


@dataclass(frozen=True, slots=True)
class CaptionFinding:
    """One problem or hint about a caption, with a message and a fix for the user."""

    # NOTE: like the media findings, `message` and `fix` are finished English sentences that
    # the UI shows untranslated.

    severity: Severity
    # None for Ocoya's own rules, which apply whatever the networks.
    network: Network | None
    code: str
    message: str
    fix: str
    # Where the editor should mark the problem, if it has a place.
    span: TextSpan | None = None


class HashtagFit(NamedTuple):
    """The hashtags to insert, and those left out because they do not fit or are invalid."""

    to_add: tuple[str, ...]
    dropped: tuple[str, ...]


_UNIT_WORDS = {
    CountUnit.UTF16_UNITS: "characters",
    CountUnit.X_WEIGHTED: "characters as X counts them",
    CountUnit.THREADS_CHARACTERS: "characters as Threads counts them",
    CountUnit.GRAPHEMES: "characters",
    CountUnit.UTF8_BYTES: "bytes",
}


def check_caption(
    text: str, networks: Iterable[Network], *, x_paid: bool = False
) -> list[CaptionFinding]:
    """Check ``text`` against Ocoya's limit and each network's rules.

    Over Ocoya's 10,000 characters is an ERROR, because Ocoya rejects the post. Everything a
    network would cut or reject is a WARNING on that network, because Ocoya still accepts the
    post and other networks may publish it. A caption longer than the feed shows before
    "more" gets an INFO. Pass ``x_paid=True`` only when every chosen X profile has a paid
    subscription.
    """
    findings = _check_ocoya(text)
    for network in dict.fromkeys(networks):
        findings.extend(_check_network(text, network, x_paid=x_paid))
    return findings


def _check_ocoya(text: str) -> list[CaptionFinding]:
    count = count_caption(text, None)
    if not count.over_limit:
        return []
    excess = count.used - count.limit
    return [
        CaptionFinding(
            severity=Severity.ERROR,
            network=None,
            code="ocoya.caption_too_long",
            message=(
                f"The caption is {count.used:,} characters long, but Ocoya accepts at most "
                f"{count.limit:,}. Ocoya counts most emoji and some rare symbols as 2 "
                "characters each."
            ),
            fix=(
                f"Shorten the caption by at least {_quantity(excess, 'character')} to "
                f"{count.limit:,} characters or fewer."
            ),
            span=_span_from_utf16(text, count.limit),
        )
    ]


def _check_network(text: str, network: Network, *, x_paid: bool) -> list[CaptionFinding]:
    rule = caption_rule(network)
    count = count_caption(text, network, x_paid=x_paid)
    findings = _check_length(rule, count, x_paid=x_paid)
    findings.extend(_check_extra_measures(rule, count))
    findings.extend(_check_entities(rule, count))
    findings.extend(_check_reserved(text, rule, count))
    findings.extend(_check_fold(text, rule, count))
    return findings


def _check_length(rule: CaptionRule, count: CaptionCount, *, x_paid: bool) -> list[CaptionFinding]:
    unit = _UNIT_WORDS[count.unit]
    if count.used > count.limit and rule.network is Network.X and not x_paid:
        return [_x_over_free_limit(count)]
    if count.used > count.limit:
        return [
            CaptionFinding(
                severity=Severity.WARNING,
                network=rule.network,
                code="caption.over_limit",
                message=(
                    f"The caption has {count.used:,} {unit}, over the {rule.display_name} "
                    f"limit of {count.limit:,}. {rule.display_name} may reject or cut the post."
                ),
                fix=(
                    f"Shorten the caption to at most {count.limit:,} {unit}, or remove "
                    f"{rule.display_name} from this post."
                ),
            )
        ]
    if count.over_warning:
        return [
            CaptionFinding(
                severity=Severity.WARNING,
                network=rule.network,
                code="caption.over_lowest_limit",
                message=(
                    f"The caption has {count.used:,} {unit}: within the {rule.display_name} "
                    f"limit of {count.limit:,}, but over the {count.warn_at:,} that some "
                    "sources give, so the post may be cut."
                ),
                fix=f"To be safe, shorten the caption to {count.warn_at:,} {unit}.",
            )
        ]
    return []


def _x_over_free_limit(count: CaptionCount) -> CaptionFinding:
    # Paid X accounts get a far higher limit, so the fix names that way out too.
    excess = count.used - count.limit
    return CaptionFinding(
        severity=Severity.WARNING,
        network=Network.X,
        code="caption.over_limit",
        message=(
            f"X allows {count.limit:,} characters for accounts without X Premium; this "
            f"caption has {count.used:,} as X counts them (every link counts as 23 and "
            "most emoji as 2). X may reject or cut the post."
        ),
        fix=(
            f"Shorten it by {excess:,}, or mark the profile as a paid X account "
            "(right-click it in the sidebar), or remove X from this post."
        ),
    )


def _check_extra_measures(rule: CaptionRule, count: CaptionCount) -> list[CaptionFinding]:
    findings = []
    for measure in count.details.extra_measures:
        if not measure.over_limit:
            continue
        unit = _UNIT_WORDS[measure.unit]
        findings.append(
            CaptionFinding(
                severity=Severity.WARNING,
                network=rule.network,
                code="caption.over_byte_limit",
                message=(
                    f"The caption has {measure.used:,} {unit} in UTF-8, over the "
                    f"{rule.display_name} limit of {measure.limit:,} {unit}. Non-Latin "
                    "letters and emoji take 2 to 4 bytes each."
                ),
                fix=(
                    f"Shorten the caption to at most {measure.limit:,} {unit}, or "
                    f"remove {rule.display_name} from this post."
                ),
            )
        )
    return findings


def _check_entities(rule: CaptionRule, count: CaptionCount) -> list[CaptionFinding]:
    findings = []
    checks = (
        ("hashtag", count.details.hashtags, rule.max_hashtags),
        ("mention", count.details.mentions, rule.max_mentions),
    )
    for kind, spans, maximum in checks:
        if maximum is None or len(spans) <= maximum:
            continue
        findings.append(
            CaptionFinding(
                severity=Severity.WARNING,
                network=rule.network,
                code=f"caption.too_many_{kind}s",
                message=(
                    f"The caption has {len(spans)} {kind}s, but {rule.display_name} allows "
                    f"at most {maximum}. {rule.display_name} may reject the post."
                ),
                fix=f"Remove {_quantity(len(spans) - maximum, kind)}.",
                span=spans[maximum],
            )
        )
    return findings


def _check_reserved(text: str, rule: CaptionRule, count: CaptionCount) -> list[CaptionFinding]:
    reserved = count.details.reserved
    if not reserved:
        return []
    first = reserved[0]
    description = _describe_reserved(text, first, count)
    reserved_list = " ".join(sorted(rule.reserved_characters))
    # Counted as the user sees characters, so an emoji before it counts once.
    position = grapheme_length(text[: first.start]) + 1
    return [
        CaptionFinding(
            severity=Severity.WARNING,
            network=rule.network,
            code="caption.reserved_character",
            message=(
                f"{rule.display_name} reads {description} at character {position:,} as "
                "markup and would publish the post cut off there. The caption contains "
                f"{len(reserved)} of its reserved characters ({reserved_list})."
            ),
            fix=(
                "Remove or reword the marked characters, including the # of hashtags and the "
                f"@ of mentions, or remove {rule.display_name} from this post."
            ),
            span=first,
        )
    ]


def _describe_reserved(text: str, first: TextSpan, count: CaptionCount) -> str:
    for kind, spans in (("hashtag", count.details.hashtags), ("mention", count.details.mentions)):
        for span in spans:
            if span.start == first.start:
                return f'the {kind} "{text[span.start : span.end]}"'
    return f'"{text[first.start]}"'


def _check_fold(text: str, rule: CaptionRule, count: CaptionCount) -> list[CaptionFinding]:
    fold_at = count.details.fold_at
    if fold_at is None:
        return []
    cut = fold_index(text, fold_at)
    if cut >= len(text):
        return []
    return [
        CaptionFinding(
            severity=Severity.INFO,
            network=rule.network,
            code="caption.folded",
            message=(
                f"{rule.display_name} shows about the first {fold_at} characters in the feed, "
                'then "more". This estimate is not documented by the network.'
            ),
            fix="Put the hook of the post before the mark.",
            span=Utf16Offsets(text).span(cut, cut),
        )
    ]


def _quantity(number: int, noun: str) -> str:
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def _span_from_utf16(text: str, utf16_offset: int) -> TextSpan:
    """Return an empty span at the first character that ends past ``utf16_offset``."""
    offsets = Utf16Offsets(text)
    index = 0
    while index < len(text) and offsets.at(index + 1) <= utf16_offset:
        index += 1
    return offsets.span(index, index)


def fit_hashtags(caption: str, hashtags: Sequence[str], networks: Iterable[Network]) -> HashtagFit:
    """Choose which of ``hashtags`` to insert into ``caption`` for the chosen networks.

    Tags may come with or without "#"; ``to_add`` contains them with "#", in the given order and
    spelling. A tag already in the caption or earlier in the list, compared case-insensitively,
    is left out silently. ``dropped`` holds the tags that would pass the lowest hashtag maximum
    of ``networks`` (Instagram: 30, counting the caption's own hashtags) and those that are not
    valid hashtags, such as tags with spaces.
    """
    maximums = [caption_rule(network).max_hashtags for network in networks]
    limits = [maximum for maximum in maximums if maximum is not None]
    existing = find_hashtags(caption)
    present = {caption[start + 1 : end].casefold() for start, end in existing}
    room = max(min(limits) - len(existing), 0) if limits else None

    to_add: list[str] = []
    dropped: list[str] = []
    for raw in hashtags:
        tag = _as_hashtag(raw)
        if tag is None:
            dropped.append(raw)
            continue
        key = tag[1:].casefold()
        if key in present:
            continue
        present.add(key)
        if room is not None and len(to_add) >= room:
            dropped.append(tag)
        else:
            to_add.append(tag)
    return HashtagFit(tuple(to_add), tuple(dropped))


def _as_hashtag(raw: str) -> str | None:
    """Return ``raw`` as "#word", or None if it is not one valid hashtag."""
    tag = "#" + raw.strip().lstrip("#\uff03")
    spans = find_hashtags(tag)
    if spans != [(0, len(tag))]:
        return None
    return tag
