"""Insert a hashtag library's tags into a caption within the networks' hashtag limits (no Qt).

``fit_hashtags`` in ``domain.captions`` decides which tags fit. This module adds them to the
caption text and sorts the ones left out by reason, so the UI can report what happened.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ocoya_desktop.domain.caption_rules import caption_rule
from ocoya_desktop.domain.captions import fit_hashtags
from ocoya_desktop.domain.captions.text import find_hashtags
from ocoya_desktop.domain.networks import Network

# Between the caption's last line and the added tags, as most captions put them.
HASHTAG_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class HashtagLimit:
    """The lowest hashtag maximum among the chosen networks, and the network that sets it."""

    network: Network
    display_name: str
    maximum: int


@dataclass(frozen=True, slots=True)
class HashtagInsertion:
    """The caption with the tags added, and what happened to each tag of the library.

    ``added`` are in library order with a leading "#". ``already_present`` were in the caption
    (or twice in the library), compared case-insensitively. ``over_limit`` would pass
    ``limit``. ``invalid`` are not one hashtag each, for example a tag with a space.
    """

    caption: str
    added: tuple[str, ...]
    already_present: tuple[str, ...]
    over_limit: tuple[str, ...]
    invalid: tuple[str, ...]
    limit: HashtagLimit | None


def hashtag_limit(networks: Iterable[Network]) -> HashtagLimit | None:
    """Return the lowest hashtag maximum of ``networks``, or None if none of them has one."""
    limits = [
        HashtagLimit(network, rule.display_name, rule.max_hashtags)
        for network in networks
        if (rule := caption_rule(network)).max_hashtags is not None
    ]
    return min(limits, key=lambda limit: limit.maximum, default=None)


def insert_hashtags(
    caption: str, hashtags: Sequence[str], networks: Iterable[Network]
) -> HashtagInsertion:
    """Append the ``hashtags`` that fit to ``caption``, after a blank line.

    The caption's own hashtags count towards the limit (Instagram: 30 in all). Tags may come
    with or without "#". A caption that already ends in a line of hashtags gets the new tags
    on that same line.
    """
    chosen = tuple(networks)
    fit = fit_hashtags(caption, hashtags, chosen)
    added = set(fit.to_add)
    dropped = set(fit.dropped)
    invalid = tuple(tag for tag in fit.dropped if not _is_one_hashtag(tag))
    over_limit = tuple(tag for tag in fit.dropped if _is_one_hashtag(tag))
    present = tuple(
        tag
        for tag in hashtags
        if _with_hash(tag) not in added and tag not in dropped and _with_hash(tag) not in dropped
    )
    return HashtagInsertion(
        caption=_append(caption, fit.to_add),
        added=fit.to_add,
        already_present=present,
        over_limit=over_limit,
        invalid=invalid,
        limit=hashtag_limit(chosen),
    )


def _append(caption: str, tags: Sequence[str]) -> str:
    if not tags:
        return caption
    line = " ".join(tags)
    body = caption.rstrip()
    if not body:
        return line
    last_line = body.rsplit("\n", 1)[-1]
    if last_line.strip() and _is_hashtag_line(last_line):
        return f"{body} {line}"
    return f"{body}{HASHTAG_SEPARATOR}{line}"


def _is_hashtag_line(line: str) -> bool:
    """Return whether ``line`` is nothing but hashtags separated by spaces."""
    spans = find_hashtags(line)
    covered = sum(end - start for start, end in spans)
    return bool(spans) and covered == len(line.replace(" ", ""))


def _with_hash(raw: str) -> str:
    return "#" + raw.strip().lstrip("#\uff03")


def _is_one_hashtag(raw: str) -> bool:
    tag = _with_hash(raw)
    return find_hashtags(tag) == [(0, len(tag))]
