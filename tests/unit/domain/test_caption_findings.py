from __future__ import annotations

from ocoya_desktop.domain.captions import (
    CaptionFinding,
    Severity,
    check_caption,
    fit_hashtags,
)
from ocoya_desktop.domain.networks import Network


def codes(findings: list[CaptionFinding]) -> list[tuple[Network | None, str]]:
    return [(finding.network, finding.code) for finding in findings]


def test_short_caption_has_no_findings() -> None:
    assert check_caption("Hello world", list(Network)) == []


def test_over_ocoya_limit_is_error() -> None:
    findings = check_caption("\U0001f600" * 5_000 + "a", [])

    assert codes(findings) == [(None, "ocoya.caption_too_long")]
    assert findings[0].severity is Severity.ERROR
    assert "10,001" in findings[0].message
    assert "10,000" in findings[0].message
    assert "at least 1 character to 10,000" in findings[0].fix
    assert findings[0].span is not None
    assert findings[0].span.start == 5_000
    assert findings[0].span.start_utf16 == 10_000


def test_over_network_limit_is_warning() -> None:
    findings = check_caption("a" * 281, [Network.X])

    assert codes(findings) == [(Network.X, "caption.over_limit")]
    assert findings[0].severity is Severity.WARNING
    assert "281" in findings[0].message
    assert "280" in findings[0].message


def test_x_paid_raises_limit() -> None:
    assert check_caption("a" * 281, [Network.X], x_paid=True) == []


def test_over_lowest_source_limit_warns() -> None:
    findings = check_caption("a" * 2_001, [Network.TIKTOK])

    assert codes(findings) == [(Network.TIKTOK, "caption.over_lowest_limit")]
    assert "2,200" in findings[0].message
    assert "2,000" in findings[0].message


def test_bluesky_byte_limit_warns() -> None:
    findings = check_caption("日" * 1_001, [Network.BLUESKY])

    assert codes(findings) == [
        (Network.BLUESKY, "caption.over_limit"),
        (Network.BLUESKY, "caption.over_byte_limit"),
    ]
    assert "3,003" in findings[1].message


def test_instagram_31_hashtags_warns() -> None:
    caption = " ".join(f"#tag{number}" for number in range(31))

    findings = check_caption(caption, [Network.INSTAGRAM])

    hashtag_findings = [f for f in findings if f.code == "caption.too_many_hashtags"]
    assert len(hashtag_findings) == 1
    assert hashtag_findings[0].severity is Severity.WARNING
    assert hashtag_findings[0].span is not None
    assert caption[hashtag_findings[0].span.start :].startswith("#tag30")


def test_instagram_30_hashtags_pass() -> None:
    caption = " ".join(f"#tag{number}" for number in range(30))

    findings = check_caption(caption, [Network.INSTAGRAM])

    assert "caption.too_many_hashtags" not in [finding.code for finding in findings]


def test_instagram_21_mentions_warns() -> None:
    caption = " ".join(f"@user{number}" for number in range(21))

    findings = check_caption(caption, [Network.INSTAGRAM])

    mention_findings = [f for f in findings if f.code == "caption.too_many_mentions"]
    assert len(mention_findings) == 1
    assert mention_findings[0].fix == "Remove 1 mention."


def test_linkedin_reserved_character_warns_at_first() -> None:
    caption = "\U0001f600 Big news (finally) #launch"

    findings = check_caption(caption, [Network.LINKEDIN])

    assert codes(findings) == [(Network.LINKEDIN, "caption.reserved_character")]
    assert findings[0].span is not None
    assert findings[0].span.start == 11
    assert findings[0].span.start_utf16 == 12
    assert "character 12" in findings[0].message
    assert "3 of its reserved characters" in findings[0].message


def test_linkedin_hashtag_named_in_warning() -> None:
    findings = check_caption("Big news #launch", [Network.LINKEDIN])

    assert codes(findings) == [(Network.LINKEDIN, "caption.reserved_character")]
    assert 'the hashtag "#launch"' in findings[0].message


def test_linkedin_mention_named_in_warning() -> None:
    findings = check_caption("Thanks @ocoya", [Network.LINKEDIN])

    assert 'the mention "@ocoya"' in findings[0].message


def test_fold_hint_after_estimate() -> None:
    at_fold = check_caption("a" * 125, [Network.INSTAGRAM])
    past_fold = check_caption("a" * 126, [Network.INSTAGRAM])

    assert at_fold == []
    assert codes(past_fold) == [(Network.INSTAGRAM, "caption.folded")]
    assert past_fold[0].severity is Severity.INFO
    assert past_fold[0].span is not None
    assert past_fold[0].span.start == 125


def test_repeated_network_checked_once() -> None:
    findings = check_caption("a" * 281, [Network.X, Network.X])

    assert len(findings) == 1


def test_ocoya_error_comes_first() -> None:
    findings = check_caption("a" * 10_001, [Network.X, Network.BLUESKY])

    assert findings[0].code == "ocoya.caption_too_long"
    assert {finding.network for finding in findings[1:]} == {Network.X, Network.BLUESKY}
    assert all(finding.severity is Severity.WARNING for finding in findings[1:])


def test_fit_hashtags_skips_duplicates() -> None:
    fit = fit_hashtags("Hello #Summer", ["summer", "#beach", "Beach", "sun"], [Network.INSTAGRAM])

    assert fit.to_add == ("#beach", "#sun")
    assert fit.dropped == ()


def test_fit_hashtags_drops_over_limit() -> None:
    caption = " ".join(f"#old{number}" for number in range(28))

    to_add, dropped = fit_hashtags(caption, ["a", "b", "c", "d", "e"], [Network.INSTAGRAM])

    assert to_add == ("#a", "#b")
    assert dropped == ("#c", "#d", "#e")


def test_fit_hashtags_counts_repeated_caption_tags() -> None:
    caption = "#same " * 30

    fit = fit_hashtags(caption, ["new"], [Network.INSTAGRAM])

    assert fit.to_add == ()
    assert fit.dropped == ("#new",)


def test_fit_hashtags_without_limit_adds_all() -> None:
    tags = [f"tag{number}" for number in range(40)]

    fit = fit_hashtags("", tags, [Network.X, Network.LINKEDIN])

    assert len(fit.to_add) == 40
    assert fit.dropped == ()


def test_fit_hashtags_drops_invalid_tags() -> None:
    fit = fit_hashtags("", ["two words", "#", "123", "ok"], [Network.INSTAGRAM])

    assert fit.to_add == ("#ok",)
    assert fit.dropped == ("two words", "#", "123")
