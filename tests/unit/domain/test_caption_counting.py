from __future__ import annotations

import pytest

from ocoya_desktop.domain.captions import (
    CountUnit,
    TextSpan,
    count_caption,
    fold_index,
    grapheme_length,
    ocoya_length,
    threads_length,
    x_weighted_length,
)
from ocoya_desktop.domain.networks import Network

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # man, woman, girl, boy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("hello", 5, id="ascii"),
        pytest.param("", 0, id="empty"),
        pytest.param("日本語", 6, id="cjk-weighs-2"),
        pytest.param("한국어", 6, id="hangul-weighs-2"),
        pytest.param("Привет", 6, id="cyrillic-weighs-1"),
        pytest.param("\u201cquoted\u201d", 8, id="curly-quotes-weigh-1"),
        pytest.param("\u2026", 2, id="ellipsis-weighs-2"),
        pytest.param("\U0001d400", 2, id="astral-letter-weighs-2"),
        pytest.param("\U0001f600", 2, id="emoji"),
        pytest.param(FAMILY, 2, id="zwj-family"),
        pytest.param("\U0001f44d\U0001f3fd", 2, id="skin-tone"),
        pytest.param("\U0001f1e9\U0001f1ea", 2, id="flag"),
        pytest.param("1\ufe0f\u20e3", 2, id="keycap"),
        pytest.param("\u2764\ufe0f", 2, id="heart-with-selector"),
        pytest.param("hi \U0001f600", 5, id="text-and-emoji"),
        pytest.param("e\u0301", 1, id="nfc-composes"),
        pytest.param("https://example.com/a/very/long/path/that/goes/on", 23, id="url"),
        pytest.param("see example.com/path", 27, id="bare-domain"),
        pytest.param("x.com", 23, id="short-url-weighs-23"),
        pytest.param("read https://a.io/x, then b.dev.", 5 + 23 + 7 + 23 + 1, id="two-urls"),
        pytest.param("me@example.com", 14, id="email-is-not-url"),
        pytest.param("Price: 3.50", 11, id="number-is-not-url"),
    ],
)
def test_x_weighted_length(text: str, expected: int) -> None:
    assert x_weighted_length(text) == expected


@pytest.mark.parametrize(
    ("text", "paid", "over"),
    [
        ("a" * 280, False, False),
        ("a" * 281, False, True),
        ("\U0001f600" * 140, False, False),
        ("\U0001f600" * 141, False, True),
        ("a" * 281, True, False),
        ("a" * 25_000, True, False),
        ("a" * 25_001, True, True),
    ],
)
def test_x_limit(text: str, paid: bool, over: bool) -> None:
    count = count_caption(text, Network.X, x_paid=paid)

    assert count.over_limit is over
    assert count.limit == (25_000 if paid else 280)
    assert count.unit is CountUnit.X_WEIGHTED


@pytest.mark.parametrize(
    ("text", "graphemes", "utf8_bytes"),
    [
        pytest.param("hello", 5, 5, id="ascii"),
        pytest.param(FAMILY, 1, 25, id="family-is-one"),
        pytest.param("e\u0301", 1, 3, id="combining-mark"),
        pytest.param("\U0001f1e9\U0001f1ea", 1, 8, id="flag"),
        pytest.param("日本", 2, 6, id="cjk"),
    ],
)
def test_bluesky_counts(text: str, graphemes: int, utf8_bytes: int) -> None:
    count = count_caption(text, Network.BLUESKY)

    assert count.used == graphemes
    assert grapheme_length(text) == graphemes
    assert count.details.extra_measures[0].unit is CountUnit.UTF8_BYTES
    assert count.details.extra_measures[0].used == utf8_bytes


@pytest.mark.parametrize(("length", "over"), [(300, False), (301, True)])
def test_bluesky_grapheme_limit(length: int, over: bool) -> None:
    assert count_caption("a" * length, Network.BLUESKY).over_limit is over


def test_bluesky_byte_limit_with_cjk() -> None:
    at_limit = count_caption("日" * 1_000, Network.BLUESKY)
    over = count_caption("日" * 1_001, Network.BLUESKY)

    assert at_limit.details.extra_measures[0].used == 3_000
    assert not at_limit.details.extra_measures[0].over_limit
    assert over.details.extra_measures[0].over_limit


def test_bluesky_bytes_alone_exceed_limit() -> None:
    # 121 family emoji are 121 graphemes but 3,025 bytes.
    count = count_caption(FAMILY * 121, Network.BLUESKY)

    assert count.used == 121
    assert not count.over_warning
    assert count.over_limit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("hello", 5, id="ascii"),
        pytest.param("\U0001f600", 4, id="emoji-is-4-bytes"),
        pytest.param("hello \U0001f600", 10, id="text-and-emoji"),
        pytest.param(FAMILY, 25, id="zwj-sequence-bytes"),
        pytest.param("\u2764\ufe0f", 6, id="heart-with-selector"),
        pytest.param("日本", 2, id="cjk-counts-characters"),
        pytest.param("\u00a9", 1, id="text-copyright-sign"),
    ],
)
def test_threads_length(text: str, expected: int) -> None:
    assert threads_length(text) == expected


@pytest.mark.parametrize(
    ("text", "over"),
    [("a" * 500, False), ("\U0001f600" * 125, False), ("\U0001f600" * 126, True)],
)
def test_threads_limit(text: str, over: bool) -> None:
    assert count_caption(text, Network.THREADS).over_limit is over


def test_linkedin_reserved_positions_after_emoji() -> None:
    count = count_caption("\U0001f600 Launch (beta) #news", Network.LINKEDIN)

    assert count.details.reserved == (
        TextSpan(start=9, end=10, start_utf16=10, end_utf16=11),
        TextSpan(start=14, end=15, start_utf16=15, end_utf16=16),
        TextSpan(start=16, end=17, start_utf16=17, end_utf16=18),
    )
    assert count.details.hashtags == (TextSpan(16, 21, 17, 22),)


def test_linkedin_covers_every_reserved_character() -> None:
    text = "\\|{}@[]()<>#*_~"

    count = count_caption("ok " + text, Network.LINKEDIN)

    assert [span.start for span in count.details.reserved] == list(range(3, 3 + len(text)))


def test_reserved_only_for_linkedin() -> None:
    assert count_caption("a (b) #c", Network.INSTAGRAM).details.reserved == ()


@pytest.mark.parametrize(
    ("text", "over"),
    [
        ("a" * 10_000, False),
        ("a" * 10_001, True),
        ("\U0001f600" * 5_000, False),
        ("\U0001f600" * 5_000 + "a", True),
        ("\U0001d400" * 5_001, True),
    ],
)
def test_ocoya_limit(text: str, over: bool) -> None:
    count = count_caption(text, None)

    assert count.over_limit is over
    assert count.limit == 10_000
    assert count.unit is CountUnit.UTF16_UNITS


def test_ocoya_length_counts_astral_as_two() -> None:
    assert ocoya_length("\U0001f600") == 2
    assert ocoya_length("a\U0001f600b") == 4
    assert ocoya_length(FAMILY) == 11


def test_instagram_counts_hashtags_and_mentions() -> None:
    text = "Hi @ocoya.app and @team_1! #launch #Summer2026 #123 C#sharp mail me@example.com"

    count = count_caption(text, Network.INSTAGRAM)

    assert [text[span.start : span.end] for span in count.details.hashtags] == [
        "#launch",
        "#Summer2026",
    ]
    assert [text[span.start : span.end] for span in count.details.mentions] == [
        "@ocoya.app",
        "@team_1",
    ]


def test_hashtags_take_non_latin_letters() -> None:
    text = "#café #日本 #हिन्दी"

    count = count_caption(text, Network.INSTAGRAM)

    assert [text[span.start : span.end] for span in count.details.hashtags] == text.split()


def test_facebook_warns_before_its_limit() -> None:
    count = count_caption("a" * 5_001, Network.FACEBOOK)

    assert count.over_warning
    assert not count.over_limit
    assert count.remaining == 63_206 - 5_001


def test_url_spans_reported() -> None:
    text = "Read (https://en.wikipedia.org/wiki/Foo_(bar)) and shop.example.fr."

    count = count_caption(text, Network.X)

    assert [text[span.start : span.end] for span in count.details.urls] == [
        "https://en.wikipedia.org/wiki/Foo_(bar)",
        "shop.example.fr",
    ]


def test_fold_index_counts_graphemes() -> None:
    text = FAMILY * 3 + "abc"

    assert fold_index(text, 2) == 2 * len(FAMILY)
    assert fold_index(text, 10) == len(text)
