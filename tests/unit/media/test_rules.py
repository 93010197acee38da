"""check_media reports each network's limits with the fix, and Ocoya's own."""

from __future__ import annotations

from dataclasses import replace

from ocoya_desktop.domain.media import (
    NETWORK_MEDIA_RULES,
    Finding,
    Severity,
    VideoInfo,
    check_media,
)
from ocoya_desktop.domain.networks import Network
from tests.unit.media.samples import CLIP, GIF, PHOTO


def _codes(findings: list[Finding]) -> set[str]:
    return {finding.code for finding in findings}


def test_every_rule_has_source_and_date() -> None:
    for rules in NETWORK_MEDIA_RULES.values():
        assert rules.source
        assert rules.checked == "2026-12"


def test_x_too_many_images() -> None:
    findings = check_media([PHOTO] * 5, [Network.X])

    assert _codes(findings) == {"x.too_many_images"}
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert finding.network is Network.X
    assert "up to 4 images" in finding.message
    assert "this post has 5" in finding.message
    assert finding.fix == "Remove 1 or split them across posts."


def test_x_gif_counts_as_video() -> None:
    findings = check_media([PHOTO, GIF], [Network.X])

    assert "x.mixed_media" in _codes(findings)


def test_tiktok_video_too_long() -> None:
    long_clip = replace(CLIP, video=VideoInfo("mp4", "avc1", 11 * 60.0, 30.0))

    findings = check_media([long_clip], [Network.TIKTOK])

    assert _codes(findings) == {"tiktok.video_too_long"}
    assert findings[0].item_index == 0
    assert "up to 10 minutes" in findings[0].message
    assert "11 minutes" in findings[0].message


def test_linkedin_photos_and_video_mixed() -> None:
    findings = check_media([PHOTO, CLIP], [Network.LINKEDIN])

    assert _codes(findings) == {"linkedin.mixed_media"}
    assert findings[0].severity is Severity.ERROR


def test_linkedin_ten_photos_warns() -> None:
    findings = check_media([PHOTO] * 10, [Network.LINKEDIN])

    assert _codes(findings) == {"linkedin.many_images"}
    assert findings[0].severity is Severity.WARNING


def test_instagram_aspect_out_of_range() -> None:
    tall = replace(PHOTO, width=1000, height=3000)

    findings = check_media([tall], [Network.INSTAGRAM])

    assert _codes(findings) == {"instagram.aspect_ratio"}
    assert findings[0].message == "Instagram accepts images 4:5 to 1.91:1; this one is 1:3."
    assert findings[0].fix == "Crop it."


def test_instagram_aspect_uses_orientation() -> None:
    turned = replace(PHOTO, width=1350, height=1080, orientation=6)

    assert check_media([turned], [Network.INSTAGRAM]) == []


def test_tiktok_rejects_png() -> None:
    png = replace(PHOTO, format="png", mime_type="image/png")

    findings = check_media([png], [Network.TIKTOK])

    assert _codes(findings) == {"tiktok.image_format"}
    assert "TikTok accepts JPEG images" in findings[0].message


def test_heic_conversion_is_info() -> None:
    heic = replace(PHOTO, format="heic", mime_type="image/heic", has_location=True)

    findings = check_media([heic], [])

    assert _codes(findings) == {"ocoya.converted", "ocoya.location_removed"}
    assert all(finding.severity is Severity.INFO for finding in findings)
    assert all(finding.network is None for finding in findings)


def test_large_video_is_ocoya_error() -> None:
    big = replace(CLIP, size_bytes=6_000_000)

    findings = check_media([big], [])

    assert _codes(findings) == {"ocoya.video_too_large"}
    assert findings[0].severity is Severity.ERROR


def test_youtube_needs_one_video() -> None:
    assert _codes(check_media([PHOTO], [Network.YOUTUBE])) == {
        "youtube.one_video_required",
        "youtube.too_many_images",
    }
    assert check_media([CLIP], [Network.YOUTUBE]) == []


def test_fitting_post_has_no_findings() -> None:
    networks = [Network.FACEBOOK, Network.X, Network.LINKEDIN, Network.THREADS]

    assert check_media([PHOTO, PHOTO], networks) == []
