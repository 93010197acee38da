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
from ocoya_desktop.domain.texts import QT_TRANSLATE_NOOP, MessageAndFix, Text, plural, text


@dataclass(frozen=True, slots=True)
class CaptionFinding(MessageAndFix):
    """One problem or hint about a caption, with a message and a fix for the user.

    ``message_text`` and ``fix_text`` are translatable. ``message`` and ``fix`` give them in
    English.
    """

    severity: Severity
    # None for Ocoya's own rules, which apply whatever the networks.
    network: Network | None
    code: str
    message_text: Text
    fix_text: Text
    # Where the editor should mark the problem, if it has a place.
    span: TextSpan | None = None


class HashtagFit(NamedTuple):
    """The hashtags to insert, and those left out because they do not fit or are invalid."""

    to_add: tuple[str, ...]
    dropped: tuple[str, ...]


_UNIT_WORDS = {
    CountUnit.UTF16_UNITS: text(QT_TRANSLATE_NOOP("Findings", "characters")),
    CountUnit.X_WEIGHTED: text(QT_TRANSLATE_NOOP("Findings", "characters as X counts them")),
    CountUnit.THREADS_CHARACTERS: text(
        QT_TRANSLATE_NOOP("Findings", "characters as Threads counts them")
    ),
    CountUnit.GRAPHEMES: text(QT_TRANSLATE_NOOP("Findings", "characters")),
    CountUnit.UTF8_BYTES: text(QT_TRANSLATE_NOOP("Findings", "bytes")),
}

_SHORTEN_OR_REMOVE = QT_TRANSLATE_NOOP(
    "Findings",
    "Shorten the caption to at most {limit:,} {unit}, or remove {name} from this post.",
)


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


def _check_ocoya(caption: str) -> list[CaptionFinding]:
    count = count_caption(caption, None)
    if not count.over_limit:
        return []
    return [
        CaptionFinding(
            severity=Severity.ERROR,
            network=None,
            code="ocoya.caption_too_long",
            message_text=text(
                QT_TRANSLATE_NOOP(
                    "Findings",
                    "The caption is {used:,} characters long, but Ocoya accepts at most "
                    "{limit:,}. Ocoya counts most emoji and some rare symbols as 2 characters "
                    "each.",
                ),
                used=count.used,
                limit=count.limit,
            ),
            fix_text=plural(
                count.used - count.limit,
                QT_TRANSLATE_NOOP(
                    "Findings",
                    "Shorten the caption by at least {count:,} character to {limit:,} "
                    "characters or fewer.",
                ),
                QT_TRANSLATE_NOOP(
                    "Findings",
                    "Shorten the caption by at least {count:,} characters to {limit:,} "
                    "characters or fewer.",
                ),
                limit=count.limit,
            ),
            span=_span_from_utf16(caption, count.limit),
        )
    ]


def _check_network(caption: str, network: Network, *, x_paid: bool) -> list[CaptionFinding]:
    rule = caption_rule(network)
    count = count_caption(caption, network, x_paid=x_paid)
    findings = _check_length(rule, count, x_paid=x_paid)
    findings.extend(_check_extra_measures(rule, count))
    findings.extend(_check_entities(rule, count))
    findings.extend(_check_reserved(caption, rule, count))
    findings.extend(_check_fold(caption, rule, count))
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
                message_text=text(
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "The caption has {used:,} {unit}, over the {name} limit of {limit:,}. "
                        "{name} may reject or cut the post.",
                    ),
                    used=count.used,
                    unit=unit,
                    name=rule.display_name,
                    limit=count.limit,
                ),
                fix_text=text(
                    _SHORTEN_OR_REMOVE, limit=count.limit, unit=unit, name=rule.display_name
                ),
            )
        ]
    if count.over_warning:
        return [
            CaptionFinding(
                severity=Severity.WARNING,
                network=rule.network,
                code="caption.over_lowest_limit",
                message_text=text(
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "The caption has {used:,} {unit}: within the {name} limit of "
                        "{limit:,}, but over the {warn_at:,} that some sources give, so the "
                        "post may be cut.",
                    ),
                    used=count.used,
                    unit=unit,
                    name=rule.display_name,
                    limit=count.limit,
                    warn_at=count.warn_at,
                ),
                fix_text=text(
                    QT_TRANSLATE_NOOP(
                        "Findings", "To be safe, shorten the caption to {warn_at:,} {unit}."
                    ),
                    warn_at=count.warn_at,
                    unit=unit,
                ),
            )
        ]
    return []


def _x_over_free_limit(count: CaptionCount) -> CaptionFinding:
    # Paid X accounts get a far higher limit, so the fix names that way out too. The
    # sentences are about X alone, so its name is part of them.
    return CaptionFinding(
        severity=Severity.WARNING,
        network=Network.X,
        code="caption.over_limit",
        message_text=text(
            QT_TRANSLATE_NOOP(
                "Findings",
                "X allows {limit:,} characters for accounts without X Premium; this caption "
                "has {used:,} as X counts them (every link counts as 23 and most emoji as 2). "
                "X may reject or cut the post.",
            ),
            limit=count.limit,
            used=count.used,
        ),
        fix_text=text(
            QT_TRANSLATE_NOOP(
                "Findings",
                "Shorten it by {excess:,}, or mark the profile as a paid X account "
                "(right-click it in the sidebar), or remove X from this post.",
            ),
            excess=count.used - count.limit,
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
                message_text=text(
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "The caption has {used:,} {unit} in UTF-8, over the {name} limit of "
                        "{limit:,} {unit}. Non-Latin letters and emoji take 2 to 4 bytes each.",
                    ),
                    used=measure.used,
                    unit=unit,
                    name=rule.display_name,
                    limit=measure.limit,
                ),
                fix_text=text(
                    _SHORTEN_OR_REMOVE, limit=measure.limit, unit=unit, name=rule.display_name
                ),
            )
        )
    return findings


class _EntityCheck(NamedTuple):
    code: str
    spans: tuple[TextSpan, ...]
    maximum: int | None
    message: str
    remove_one: str
    remove_many: str


def _check_entities(rule: CaptionRule, count: CaptionCount) -> list[CaptionFinding]:
    findings = []
    checks = (
        _EntityCheck(
            "caption.too_many_hashtags",
            count.details.hashtags,
            rule.max_hashtags,
            QT_TRANSLATE_NOOP(
                "Findings",
                "The caption has {used} hashtags, but {name} allows at most {maximum}. "
                "{name} may reject the post.",
            ),
            QT_TRANSLATE_NOOP("Findings", "Remove {count:,} hashtag."),
            QT_TRANSLATE_NOOP("Findings", "Remove {count:,} hashtags."),
        ),
        _EntityCheck(
            "caption.too_many_mentions",
            count.details.mentions,
            rule.max_mentions,
            QT_TRANSLATE_NOOP(
                "Findings",
                "The caption has {used} mentions, but {name} allows at most {maximum}. "
                "{name} may reject the post.",
            ),
            QT_TRANSLATE_NOOP("Findings", "Remove {count:,} mention."),
            QT_TRANSLATE_NOOP("Findings", "Remove {count:,} mentions."),
        ),
    )
    for check in checks:
        maximum = check.maximum
        if maximum is None or len(check.spans) <= maximum:
            continue
        findings.append(
            CaptionFinding(
                severity=Severity.WARNING,
                network=rule.network,
                code=check.code,
                message_text=text(
                    check.message,
                    used=len(check.spans),
                    name=rule.display_name,
                    maximum=maximum,
                ),
                fix_text=plural(len(check.spans) - maximum, check.remove_one, check.remove_many),
                span=check.spans[maximum],
            )
        )
    return findings


def _check_reserved(caption: str, rule: CaptionRule, count: CaptionCount) -> list[CaptionFinding]:
    reserved = count.details.reserved
    if not reserved:
        return []
    first = reserved[0]
    # Counted as the user sees characters, so an emoji before it counts once.
    position = grapheme_length(caption[: first.start]) + 1
    return [
        CaptionFinding(
            severity=Severity.WARNING,
            network=rule.network,
            code="caption.reserved_character",
            message_text=text(
                QT_TRANSLATE_NOOP(
                    "Findings",
                    "{name} reads {description} at character {position:,} as markup and would "
                    "publish the post cut off there. The caption contains {reserved} of its "
                    "reserved characters ({characters}).",
                ),
                name=rule.display_name,
                description=_describe_reserved(caption, first, count),
                position=position,
                reserved=len(reserved),
                characters=" ".join(sorted(rule.reserved_characters)),
            ),
            fix_text=text(
                QT_TRANSLATE_NOOP(
                    "Findings",
                    "Remove or reword the marked characters, including the # of hashtags and "
                    "the @ of mentions, or remove {name} from this post.",
                ),
                name=rule.display_name,
            ),
            span=first,
        )
    ]


def _describe_reserved(caption: str, first: TextSpan, count: CaptionCount) -> Text:
    for span in count.details.hashtags:
        if span.start == first.start:
            return text(
                QT_TRANSLATE_NOOP("Findings", 'the hashtag "{hashtag}"'),
                hashtag=caption[span.start : span.end],
            )
    for span in count.details.mentions:
        if span.start == first.start:
            return text(
                QT_TRANSLATE_NOOP("Findings", 'the mention "{mention}"'),
                mention=caption[span.start : span.end],
            )
    return text(QT_TRANSLATE_NOOP("Findings", '"{character}"'), character=caption[first.start])


def _check_fold(caption: str, rule: CaptionRule, count: CaptionCount) -> list[CaptionFinding]:
    fold_at = count.details.fold_at
    if fold_at is None:
        return []
    cut = fold_index(caption, fold_at)
    if cut >= len(caption):
        return []
    return [
        CaptionFinding(
            severity=Severity.INFO,
            network=rule.network,
            code="caption.folded",
            message_text=text(
                QT_TRANSLATE_NOOP(
                    "Findings",
                    '{name} shows about the first {fold_at} characters in the feed, then "more". '
                    "This estimate is not documented by the network.",
                ),
                name=rule.display_name,
                fold_at=fold_at,
            ),
            fix_text=text(
                QT_TRANSLATE_NOOP("Findings", "Put the hook of the post before the mark.")
            ),
            span=Utf16Offsets(caption).span(cut, cut),
        )
    ]


def _span_from_utf16(caption: str, utf16_offset: int) -> TextSpan:
    """Return an empty span at the first character that ends past ``utf16_offset``."""
    offsets = Utf16Offsets(caption)
    index = 0
    while index < len(caption) and offsets.at(index + 1) <= utf16_offset:
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
