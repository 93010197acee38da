"""Media findings: translatable message and fix texts, and the English sentences they give."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from ocoya_desktop.domain.media import Finding, MediaInfo, VideoInfo, check_media, rules
from ocoya_desktop.domain.networks import Network
from tests.unit.media.samples import CLIP, GIF, PHOTO

MKV = replace(CLIP, format="mkv", mime_type="video/x-matroska")
NO_CODEC = replace(CLIP, video=VideoInfo("mp4", None, 30.0, 30.0))
LONG_CLIP = replace(CLIP, video=VideoInfo("mp4", "avc1", 601.0, 30.0))
BIG_PNG = replace(PHOTO, format="png", mime_type="image/png", size_bytes=6_300_000)

# Each case lists the media, the networks, the code of the one finding checked, its English
# message and fix, and the values in the message and in the fix. The values are what remains
# when every template is translated to its replacement fields alone.
CASES = [
    (
        [PHOTO, GIF],
        [Network.X],
        "x.mixed_media",
        "X takes either images or a GIF or a video in one post, not both.",
        "Remove the images or the GIF and video, or post them separately.",
        "X",
        "",
    ),
    (
        [PHOTO, CLIP],
        [Network.FACEBOOK],
        "facebook.mixed_media",
        "Facebook takes either images or a video in one post, not both.",
        "Remove the images or the video, or post them separately.",
        "Facebook",
        "",
    ),
    (
        [GIF, CLIP],
        [Network.BLUESKY],
        "bluesky.too_many_videos",
        "Bluesky takes one GIF or a video per post; this post has 2.",
        "Keep one and post the others separately.",
        "Bluesky 2",
        "",
    ),
    (
        [PHOTO] * 5,
        [Network.X],
        "x.too_many_images",
        "X takes up to 4 images per post; this post has 5.",
        "Remove 1 or split them across posts.",
        "X 4 5",
        "1",
    ),
    (
        [PHOTO, PHOTO],
        [Network.YOUTUBE],
        "youtube.too_many_images",
        "YouTube takes no images; this post has 2.",
        "Remove 2 or split them across posts.",
        "YouTube 2",
        "2",
    ),
    (
        [],
        [Network.YOUTUBE],
        "youtube.one_video_required",
        "YouTube posts are exactly one video; this post has no video.",
        "Attach one video, or untick the YouTube profile.",
        "YouTube",
        "YouTube",
    ),
    (
        [CLIP, CLIP],
        [Network.YOUTUBE],
        "youtube.one_video_required",
        "YouTube posts are exactly one video; this post has 2 videos.",
        "Keep exactly one video, or untick the YouTube profile.",
        "YouTube 2",
        "YouTube",
    ),
    (
        [],
        [Network.INSTAGRAM],
        "instagram.media_required",
        "Instagram needs at least one photo or video.",
        "Attach one, or untick the Instagram profile.",
        "Instagram",
        "Instagram",
    ),
    (
        [MKV],
        [Network.TIKTOK],
        "tiktok.video_format",
        "TikTok accepts MOV or MP4 or WEBM videos; this one is MKV.",
        "Export it as MP4 (H.264).",
        "TikTok MOV MP4 WEBM MKV",
        "",
    ),
    (
        [NO_CODEC],
        [Network.INSTAGRAM],
        "instagram.video_codec",
        "Instagram accepts H.264 or HEVC video; this one uses unknown.",
        "Export it as MP4 with H.264.",
        "Instagram",
        "",
    ),
    (
        [LONG_CLIP],
        [Network.TIKTOK],
        "tiktok.video_too_long",
        "TikTok accepts videos up to 10 minutes; this one is 10 min 1 s.",
        "Shorten it.",
        "TikTok 10 10 1",
        "",
    ),
    (
        [replace(PHOTO, width=1000, height=3000)],
        [Network.INSTAGRAM],
        "instagram.aspect_ratio",
        "Instagram accepts images 4:5 to 1.91:1; this one is 1:3.",
        "Crop it.",
        "Instagram 4:5 1.91:1 1:3",
        "",
    ),
    (
        [BIG_PNG],
        [],
        "ocoya.reencoded",
        "The image is 6.3 MB, over Ocoya's 5.0 MB; the app re-encodes it to fit.",
        "Nothing to do.",
        "6.3 5.0",
        "",
    ),
]


def _find(items: list[MediaInfo], networks: list[Network], code: str) -> Finding:
    matches = [finding for finding in check_media(items, networks) if finding.code == code]
    assert len(matches) == 1, [finding.code for finding in check_media(items, networks)]
    return matches[0]


def _fields_only(template: str) -> str:
    """Translate a template to its replacement fields alone, so only the values show."""
    return " ".join(re.findall(r"\{[^{}]*\}", template))


@pytest.mark.parametrize(
    ("items", "networks", "code", "message", "fix", "message_values", "fix_values"), CASES
)
def test_english_text(
    items: list[MediaInfo],
    networks: list[Network],
    code: str,
    message: str,
    fix: str,
    message_values: str,
    fix_values: str,
) -> None:
    finding = _find(items, networks, code)

    assert str(finding.message_text) == message
    assert str(finding.fix_text) == fix
    assert finding.message == message
    assert finding.fix == fix


@pytest.mark.parametrize(
    ("items", "networks", "code", "message", "fix", "message_values", "fix_values"), CASES
)
def test_every_word_translated(
    items: list[MediaInfo],
    networks: list[Network],
    code: str,
    message: str,
    fix: str,
    message_values: str,
    fix_values: str,
) -> None:
    finding = _find(items, networks, code)

    assert finding.message_text.render(_fields_only) == message_values
    assert finding.fix_text.render(_fields_only) == fix_values


def test_templates_passed_to_translator() -> None:
    templates: list[str] = []

    def record(template: str) -> str:
        templates.append(template)
        return template

    finding = _find([MKV], [Network.TIKTOK], "tiktok.video_format")
    finding.message_text.render(record)

    assert templates == [
        "{first} or {second}",
        "{first} or {second}",
        "{name} accepts {formats} videos; this one is {format}.",
    ]


def test_nested_duration_translated() -> None:
    catalog = {
        "{name} accepts videos up to {maximum}; this one is {length}.": (
            "{name} akzeptiert Videos bis {maximum}, dieses dauert {length}."
        ),
        "{count} minutes": "{count} Minuten",
        "{minutes} min {seconds} s": "{minutes} Min. {seconds} s",
    }
    finding = _find([LONG_CLIP], [Network.TIKTOK], "tiktok.video_too_long")

    assert finding.message_text.render(lambda template: catalog.get(template, template)) == (
        "TikTok akzeptiert Videos bis 10 Minuten, dieses dauert 10 Min. 1 s."
    )


def test_one_second_is_singular() -> None:
    assert str(rules._duration(1.0)) == "1 second"
    assert str(rules._duration(1.5)) == "1.5 seconds"
    assert str(rules._duration(60.0)) == "1 minute"
    assert str(rules._duration(120.0)) == "2 minutes"
