"""check_media on posts without media: the networks that reject them, and unknown media."""

from __future__ import annotations

import pytest

from ocoya_desktop.domain.media import Finding, MediaInfo, MediaKind, Severity, check_media
from ocoya_desktop.domain.networks import Network

PHOTO = MediaInfo(MediaKind.IMAGE, "jpeg", "image/jpeg", 200_000, 1080, 1080, color_mode="RGB")


def _errors(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.severity is Severity.ERROR]


def test_instagram_without_media_is_error() -> None:
    findings = check_media([], [Network.INSTAGRAM])

    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert finding.network is Network.INSTAGRAM
    assert finding.item_index is None
    assert finding.code == "instagram.media_required"
    assert finding.message == "Instagram needs at least one photo or video."
    assert finding.fix == "Attach one, or untick the Instagram profile."


@pytest.mark.parametrize(
    ("network", "code", "fix"),
    [
        (Network.TIKTOK, "tiktok.media_required", "Attach one, or untick the TikTok profile."),
        (
            Network.PINTEREST,
            "pinterest.image_required",
            "Attach one, or untick the Pinterest profile.",
        ),
        (
            Network.YOUTUBE,
            "youtube.one_video_required",
            "Attach one video, or untick the YouTube profile.",
        ),
    ],
)
def test_media_networks_reject_empty_post(network: Network, code: str, fix: str) -> None:
    findings = _errors(check_media([], [network]))

    assert [finding.code for finding in findings] == [code]
    assert findings[0].network is network
    assert findings[0].fix == fix


@pytest.mark.parametrize(
    "network",
    [Network.FACEBOOK, Network.X, Network.LINKEDIN, Network.THREADS, Network.BLUESKY],
)
def test_text_networks_accept_empty_post(network: Network) -> None:
    assert check_media([], [network]) == []


def test_each_network_reports_its_own_error() -> None:
    findings = check_media([], [Network.INSTAGRAM, Network.FACEBOOK, Network.PINTEREST])

    assert [finding.network for finding in findings] == [Network.INSTAGRAM, Network.PINTEREST]


def test_unknown_items_count_as_media() -> None:
    networks = [Network.INSTAGRAM, Network.TIKTOK, Network.PINTEREST, Network.YOUTUBE]

    assert check_media([], networks, unknown_items=1) == []


def test_unknown_items_keep_other_rules() -> None:
    findings = check_media([PHOTO] * 5, [Network.X], unknown_items=1)

    assert [finding.code for finding in findings] == ["x.too_many_images"]


def test_youtube_photo_with_unknown_item_waits() -> None:
    # The unknown item may be the video, so only the photo itself is reported.
    findings = check_media([PHOTO], [Network.YOUTUBE], unknown_items=1)

    assert [finding.code for finding in findings] == ["youtube.too_many_images"]


def test_negative_unknown_items_rejected() -> None:
    with pytest.raises(ValueError, match="unknown_items must be 0 or more, not -1"):
        check_media([], [Network.INSTAGRAM], unknown_items=-1)
