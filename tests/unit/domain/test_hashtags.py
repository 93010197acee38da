"""Inserting a hashtag library into a caption within the networks' hashtag limits."""

from __future__ import annotations

from ocoya_desktop.domain.hashtags import hashtag_limit, insert_hashtags
from ocoya_desktop.domain.networks import Network


def test_insert_appends_after_blank_line() -> None:
    result = insert_hashtags("New blend is in.", ["#coffee", "#autumn"], [Network.INSTAGRAM])

    assert result.caption == "New blend is in.\n\n#coffee #autumn"
    assert result.added == ("#coffee", "#autumn")
    assert result.already_present == ()
    assert result.over_limit == ()


def test_insert_into_empty_caption() -> None:
    result = insert_hashtags("  ", ["coffee"], [])

    assert result.caption == "#coffee"
    assert result.added == ("#coffee",)


def test_insert_skips_tags_already_present() -> None:
    result = insert_hashtags("Fresh #Coffee today", ["#coffee", "#beans"], [Network.X])

    assert result.added == ("#beans",)
    assert result.already_present == ("#coffee",)
    assert result.caption == "Fresh #Coffee today\n\n#beans"


def test_insert_extends_trailing_hashtag_line() -> None:
    result = insert_hashtags("Hello\n\n#one #two", ["#three"], [])

    assert result.caption == "Hello\n\n#one #two #three"


def test_instagram_limit_counts_existing_tags() -> None:
    existing = " ".join(f"#tag{number}" for number in range(28))
    library = ["#alpha", "#beta", "#gamma", "#delta"]

    result = insert_hashtags(existing, library, [Network.INSTAGRAM, Network.LINKEDIN])

    assert result.added == ("#alpha", "#beta")
    assert result.over_limit == ("#gamma", "#delta")
    assert result.limit is not None
    assert result.limit.network is Network.INSTAGRAM
    assert result.limit.maximum == 30


def test_no_limit_without_instagram() -> None:
    library = [f"#tag{number}" for number in range(40)]

    result = insert_hashtags("", library, [Network.X, Network.FACEBOOK])

    assert len(result.added) == 40
    assert result.limit is None
    assert hashtag_limit([Network.X]) is None


def test_invalid_tags_are_reported() -> None:
    result = insert_hashtags("Hi", ["#two words", "#ok"], [Network.INSTAGRAM])

    assert result.added == ("#ok",)
    assert result.invalid == ("#two words",)
    assert result.over_limit == ()


def test_nothing_to_add_keeps_caption() -> None:
    result = insert_hashtags("All set #coffee", ["#coffee"], [Network.INSTAGRAM])

    assert result.caption == "All set #coffee"
    assert result.added == ()
