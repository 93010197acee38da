"""Properties of the caption counters that hold for any text."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from ocoya_desktop.domain.caption_rules import LINKEDIN_RESERVED_CHARACTERS
from ocoya_desktop.domain.captions import (
    count_caption,
    grapheme_length,
    ocoya_length,
    threads_length,
    utf8_length,
    x_weighted_length,
)
from ocoya_desktop.domain.networks import Network

# Emoji, CJK, combining marks and markup characters mixed with ASCII, so the interesting
# cases come up often.
_MIXED = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\U0001f600", "\u200d", "\ufe0f", "\U0001f3fd", "\U0001f1e9", "\u0301"]),
        st.sampled_from(list("日#@()_ a.:/")),
    )
)
# Without "." and ":" no URL can form, so no 23-weight replaces a longer run.
_WITHOUT_URLS = _MIXED.map(lambda text: text.replace(".", "").replace(":", ""))


@given(_MIXED)
def test_ocoya_length_is_utf16_length(text: str) -> None:
    astral = sum(1 for character in text if ord(character) > 0xFFFF)

    assert ocoya_length(text) == len(text) + astral


@given(_WITHOUT_URLS)
def test_x_length_bounds_without_urls(text: str) -> None:
    normalized = unicodedata.normalize("NFC", text)

    weighted = x_weighted_length(text)

    assert weighted >= grapheme_length(normalized)
    assert weighted <= 2 * len(normalized)


@given(_MIXED)
def test_x_length_appending_word_adds_its_weight(text: str) -> None:
    assert x_weighted_length(text + " a") == x_weighted_length(text) + 2


@given(_MIXED)
def test_threads_length_bounds(text: str) -> None:
    assert len(text) <= threads_length(text) <= utf8_length(text)


@given(_MIXED)
def test_bluesky_measures(text: str) -> None:
    count = count_caption(text, Network.BLUESKY)

    assert count.used <= len(text)
    assert count.details.extra_measures[0].used == len(text.encode("utf-8"))


@given(_MIXED)
def test_reserved_spans_match_text(text: str) -> None:
    reserved = count_caption(text, Network.LINKEDIN).details.reserved

    assert len(reserved) == sum(1 for c in text if c in LINKEDIN_RESERVED_CHARACTERS)
    for span in reserved:
        assert text[span.start] in LINKEDIN_RESERVED_CHARACTERS
        assert span.start_utf16 == ocoya_length(text[: span.start])
        assert span.end_utf16 == span.start_utf16 + 1
