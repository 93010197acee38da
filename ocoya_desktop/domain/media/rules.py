"""Media rules of Ocoya and of each network, kept as data, and the check that applies them.

Severity policy:

* ERROR for what Ocoya itself rejects and conversion cannot fix, and for a network's firm,
  documented limit (too many items, mixing kinds, video length, formats).
* WARNING where sources disagree (checked at the lower value), or where the network adapts
  the media itself (small images, unusual frame rates).
* INFO for what conversion fixes on its own.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ocoya_desktop.domain.media.limits import OCOYA_MAX_FILE_BYTES
from ocoya_desktop.domain.media.model import MediaInfo, MediaKind
from ocoya_desktop.domain.networks import Network
from ocoya_desktop.domain.severity import Severity as Severity
from ocoya_desktop.domain.texts import QT_TRANSLATE_NOOP, MessageAndFix, Text, plural, text

CHECKED = "2026-12"


@dataclass(frozen=True)
class Finding(MessageAndFix):
    """One problem or note about the media of a post.

    `network` None means Ocoya itself; `item_index` None means the set of items as a whole.
    `code` is a stable identifier for tests and the UI, such as "x.too_many_images".
    `message_text` and `fix_text` are translatable; `message` and `fix` give them in English.
    """

    severity: Severity
    network: Network | None
    item_index: int | None
    code: str
    message_text: Text
    fix_text: Text


@dataclass(frozen=True)
class NetworkMediaRules:
    """Media limits of one network. None in a limit means no limit is known.

    `warn_max_images` is the lower of two disagreeing sources; `max_images` the higher.
    `gif_is_video` counts an animated GIF as the post's one video (X and Bluesky).
    """

    network: Network
    display_name: str
    source: str
    checked: str = CHECKED
    image_formats: frozenset[str] | None = None
    min_image_width: int | None = None
    min_aspect: float | None = None
    max_aspect: float | None = None
    # `min_aspect` and `max_aspect` as people write them, such as "4:5" and "1.91:1".
    min_aspect_label: str = ""
    max_aspect_label: str = ""
    max_images: int | None = None
    warn_max_images: int | None = None
    max_items: int | None = None
    max_videos: int | None = 1
    video_formats: frozenset[str] | None = None
    video_codecs: frozenset[str] | None = None
    min_video_seconds: float | None = None
    max_video_seconds: float | None = None
    min_frame_rate: float | None = None
    max_frame_rate: float | None = None
    allows_mixing: bool = False
    gif_is_video: bool = False
    requires_media: bool = False
    requires_image: bool = False
    requires_video: bool = False
    same_size_images: bool = False


_H264_HEVC = frozenset({"avc1", "avc3", "hvc1", "hev1"})

NETWORK_MEDIA_RULES: dict[Network, NetworkMediaRules] = {
    rules.network: rules
    for rules in (
        NetworkMediaRules(
            network=Network.INSTAGRAM,
            display_name="Instagram",
            source="developers.facebook.com/docs/instagram-platform/content-publishing",
            image_formats=frozenset({"jpeg", "png"}),
            min_image_width=320,
            min_aspect=4 / 5,
            max_aspect=1.91,
            min_aspect_label="4:5",
            max_aspect_label="1.91:1",
            # The API takes 10 carousel items, the Instagram app 20.
            max_items=20,
            warn_max_images=10,
            max_videos=None,
            video_formats=frozenset({"mp4", "mov"}),
            video_codecs=_H264_HEVC,
            min_video_seconds=3,
            max_video_seconds=15 * 60,
            min_frame_rate=23,
            max_frame_rate=60,
            allows_mixing=True,
            requires_media=True,
        ),
        NetworkMediaRules(
            network=Network.FACEBOOK,
            display_name="Facebook",
            source="developers.facebook.com; support.buffer.com (image sizes)",
            max_images=10,
            max_video_seconds=240 * 60,
        ),
        NetworkMediaRules(
            network=Network.X,
            display_name="X",
            source="docs.x.com; support.buffer.com (image sizes)",
            max_images=4,
            gif_is_video=True,
        ),
        NetworkMediaRules(
            network=Network.LINKEDIN,
            display_name="LinkedIn",
            source="learn.microsoft.com/linkedin; Publer and Metricool help centres",
            # LinkedIn takes 10 photos; some tools stop at 9.
            max_images=10,
            warn_max_images=9,
            video_formats=frozenset({"mp4"}),
        ),
        NetworkMediaRules(
            network=Network.TIKTOK,
            display_name="TikTok",
            source="developers.tiktok.com (content posting API)",
            image_formats=frozenset({"jpeg"}),
            max_images=35,
            video_formats=frozenset({"mp4", "mov", "webm"}),
            min_video_seconds=3,
            max_video_seconds=10 * 60,
            min_frame_rate=23,
            max_frame_rate=60,
            requires_media=True,
        ),
        NetworkMediaRules(
            network=Network.THREADS,
            display_name="Threads",
            source="developers.facebook.com/documentation/threads/posts",
            max_items=20,
            max_videos=None,
            allows_mixing=True,
        ),
        NetworkMediaRules(
            network=Network.BLUESKY,
            display_name="Bluesky",
            source="the app.bsky.feed.post lexicon",
            max_images=4,
            gif_is_video=True,
        ),
        NetworkMediaRules(
            network=Network.PINTEREST,
            display_name="Pinterest",
            source="support.buffer.com; Publer help centre",
            max_images=5,
            allows_mixing=True,
            requires_image=True,
            same_size_images=True,
        ),
        NetworkMediaRules(
            network=Network.YOUTUBE,
            display_name="YouTube",
            source="developers.google.com/youtube/v3/docs/videos",
            max_images=0,
            requires_video=True,
        ),
    )
}


def check_media(
    items: Sequence[MediaInfo], networks: Collection[Network], *, unknown_items: int = 0
) -> list[Finding]:
    """Check the media of one post against Ocoya's rules and each network's.

    ``unknown_items`` counts media attached to the post but absent from ``items`` because
    their kind is not known: web links, which the app never downloads, and files still being
    prepared. Any of them may turn out to be the photo or video a network requires, so the
    "media required" rules stay silent while there are some. An empty ``items`` with no
    unknown items is a post without media, which Instagram, TikTok, Pinterest and YouTube
    reject. Findings come in order: Ocoya's per item, then each network in the order given.
    """
    if unknown_items < 0:
        raise ValueError(f"unknown_items must be 0 or more, not {unknown_items}")
    findings: list[Finding] = []
    for index, item in enumerate(items):
        findings.extend(_check_for_ocoya(index, item))
    for network in networks:
        rules = NETWORK_MEDIA_RULES.get(network)
        if rules is not None:
            findings.extend(_check_for_network(rules, items, unknown_items))
    return findings


def _check_for_ocoya(index: int, item: MediaInfo) -> list[Finding]:
    # Imported here because `convert` loads Pillow, which start-up does not need.
    from ocoya_desktop.domain.media.convert import planned_format

    findings: list[Finding] = []
    target = planned_format(item)
    too_big = item.size_bytes > OCOYA_MAX_FILE_BYTES
    limit = _megabytes(OCOYA_MAX_FILE_BYTES)
    size = _megabytes(item.size_bytes)

    if item.kind is MediaKind.VIDEO:
        if target is None:
            findings.append(
                _ocoya_error(
                    index,
                    "ocoya.video_format",
                    text(
                        QT_TRANSLATE_NOOP(
                            "Findings", "Ocoya accepts video only as MP4; this one is {format}."
                        ),
                        format=item.format.upper(),
                    ),
                    text(
                        QT_TRANSLATE_NOOP(
                            "Findings", "Export it as MP4 (H.264), for example with HandBrake."
                        )
                    ),
                )
            )
        if too_big:
            findings.append(
                _ocoya_error(
                    index,
                    "ocoya.video_too_large",
                    text(
                        QT_TRANSLATE_NOOP(
                            "Findings", "Ocoya accepts files up to {limit}; this video is {size}."
                        ),
                        limit=limit,
                        size=size,
                    ),
                    text(
                        QT_TRANSLATE_NOOP(
                            "Findings", "Shorten or compress it, for example with HandBrake."
                        )
                    ),
                )
            )
        return findings

    if item.is_animated and item.format == "gif" and too_big:
        findings.append(
            _ocoya_error(
                index,
                "ocoya.animation_too_large",
                text(
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "Ocoya accepts files up to {limit}; this animated GIF is {size}.",
                    ),
                    limit=limit,
                    size=size,
                ),
                text(
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "Use fewer frames, colours or pixels in a GIF editor, or export it as MP4.",
                    )
                ),
            )
        )
        return findings
    if target is not None and target != item.format:
        findings.append(
            _ocoya_info(
                index,
                "ocoya.converted",
                text(
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "Ocoya does not accept {format}; the app sends it as {target}.",
                    ),
                    format=item.format.upper(),
                    target=target.upper(),
                ),
            )
        )
    elif too_big:
        findings.append(
            _ocoya_info(
                index,
                "ocoya.reencoded",
                text(
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "The image is {size}, over Ocoya's {limit}; the app re-encodes it to fit.",
                    ),
                    size=size,
                    limit=limit,
                ),
            )
        )
    if item.has_location:
        findings.append(
            _ocoya_info(
                index,
                "ocoya.location_removed",
                text(
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "The image contains its GPS location; the app removes it before upload.",
                    )
                ),
            )
        )
    return findings


def _megabytes(size_bytes: int) -> Text:
    # The same output as `limits.format_megabytes`, but the unit is translatable.
    return text(
        QT_TRANSLATE_NOOP("Findings", "{megabytes:.1f} MB"), megabytes=size_bytes / 1_000_000
    )


def _ocoya_error(index: int, code: str, message: Text, fix: Text) -> Finding:
    return Finding(Severity.ERROR, None, index, code, message, fix)


def _ocoya_info(index: int, code: str, message: Text) -> Finding:
    nothing_to_do = text(QT_TRANSLATE_NOOP("Findings", "Nothing to do."))
    return Finding(Severity.INFO, None, index, code, message, nothing_to_do)


@dataclass(frozen=True)
class _Counts:
    images: list[int]
    videos: list[int]
    gifs: list[int]


def _count(items: Sequence[MediaInfo], gif_is_video: bool) -> _Counts:
    counts = _Counts([], [], [])
    for index, item in enumerate(items):
        if item.kind is MediaKind.VIDEO:
            counts.videos.append(index)
        elif gif_is_video and item.is_animated:
            counts.gifs.append(index)
        else:
            counts.images.append(index)
    return counts


def _check_for_network(
    rules: NetworkMediaRules, items: Sequence[MediaInfo], unknown_items: int
) -> list[Finding]:
    counts = _count(items, rules.gif_is_video)
    findings = [] if unknown_items else _check_presence(rules, items, counts)
    findings += _check_counts(rules, items, counts)
    for index in counts.images:
        findings += _check_image(rules, index, items[index])
    for index in counts.videos:
        findings += _check_video(rules, index, items[index])
    if rules.same_size_images:
        findings += _check_same_size(rules, items, counts.images)
    if rules.network is Network.INSTAGRAM:
        findings += _check_instagram_aspects(rules, items)
    return findings


def _finding(
    rules: NetworkMediaRules,
    severity: Severity,
    index: int | None,
    code: str,
    message: Text,
    fix: Text,
) -> Finding:
    return Finding(severity, rules.network, index, f"{rules.network.value}.{code}", message, fix)


def _check_presence(
    rules: NetworkMediaRules, items: Sequence[MediaInfo], counts: _Counts
) -> list[Finding]:
    name = rules.display_name
    if rules.requires_media and not items:
        return [
            _finding(
                rules,
                Severity.ERROR,
                None,
                "media_required",
                text(
                    QT_TRANSLATE_NOOP("Findings", "{name} needs at least one photo or video."),
                    name=name,
                ),
                _attach_one_or_untick(name),
            )
        ]
    if rules.requires_image and not counts.images:
        if counts.videos:
            return [
                _finding(
                    rules,
                    Severity.WARNING,
                    None,
                    "cover_required",
                    text(
                        QT_TRANSLATE_NOOP(
                            "Findings", "{name} needs a cover image for a video pin."
                        ),
                        name=name,
                    ),
                    text(QT_TRANSLATE_NOOP("Findings", "Add an image to use as the cover.")),
                )
            ]
        return [
            _finding(
                rules,
                Severity.ERROR,
                None,
                "image_required",
                text(
                    QT_TRANSLATE_NOOP("Findings", "{name} needs at least one image for a pin."),
                    name=name,
                ),
                _attach_one_or_untick(name),
            )
        ]
    if rules.requires_video and len(counts.videos) != 1:
        return [_one_video_required(rules, len(counts.videos))]
    return []


def _attach_one_or_untick(name: str) -> Text:
    return text(
        QT_TRANSLATE_NOOP("Findings", "Attach one, or untick the {name} profile."), name=name
    )


def _one_video_required(rules: NetworkMediaRules, videos: int) -> Finding:
    name = rules.display_name
    if videos:
        # `videos` is 2 or more here, so the sentence needs no singular form.
        message = text(
            QT_TRANSLATE_NOOP(
                "Findings", "{name} posts are exactly one video; this post has {count} videos."
            ),
            name=name,
            count=videos,
        )
        fix = text(
            QT_TRANSLATE_NOOP("Findings", "Keep exactly one video, or untick the {name} profile."),
            name=name,
        )
    else:
        message = text(
            QT_TRANSLATE_NOOP(
                "Findings", "{name} posts are exactly one video; this post has no video."
            ),
            name=name,
        )
        fix = text(
            QT_TRANSLATE_NOOP("Findings", "Attach one video, or untick the {name} profile."),
            name=name,
        )
    return _finding(rules, Severity.ERROR, None, "one_video_required", message, fix)


def _check_counts(
    rules: NetworkMediaRules, items: Sequence[MediaInfo], counts: _Counts
) -> list[Finding]:
    findings: list[Finding] = []
    images = len(counts.images)
    moving = len(counts.videos) + len(counts.gifs)

    if not rules.allows_mixing and images and moving:
        findings.append(_mixed_media(rules))
    if rules.max_videos is not None and moving > rules.max_videos:
        findings.append(_too_many_videos(rules, moving))
    if rules.max_images is not None and images > rules.max_images:
        findings.append(_too_many_images(rules, rules.max_images, images))
    elif rules.warn_max_images is not None and images > rules.warn_max_images:
        findings.append(
            _finding(
                rules,
                Severity.WARNING,
                None,
                "many_images",
                plural(
                    rules.warn_max_images,
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "Some {name} tools take only {count} image per post; "
                        "this post has {images}.",
                    ),
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "Some {name} tools take only {count} images per post; "
                        "this post has {images}.",
                    ),
                    name=rules.display_name,
                    images=images,
                ),
                text(
                    QT_TRANSLATE_NOOP("Findings", "Keep {count} or fewer to be safe."),
                    count=rules.warn_max_images,
                ),
            )
        )
    if rules.max_items is not None and len(items) > rules.max_items:
        findings.append(
            _finding(
                rules,
                Severity.ERROR,
                None,
                "too_many_items",
                plural(
                    rules.max_items,
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "{name} takes up to {count} item per post; this post has {items}.",
                    ),
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "{name} takes up to {count} items per post; this post has {items}.",
                    ),
                    name=rules.display_name,
                    items=len(items),
                ),
                _remove_or_split(len(items) - rules.max_items),
            )
        )
    return findings


def _mixed_media(rules: NetworkMediaRules) -> Finding:
    name = rules.display_name
    if rules.gif_is_video:
        message = text(
            QT_TRANSLATE_NOOP(
                "Findings",
                "{name} takes either images or a GIF or a video in one post, not both.",
            ),
            name=name,
        )
        fix = text(
            QT_TRANSLATE_NOOP(
                "Findings", "Remove the images or the GIF and video, or post them separately."
            )
        )
    else:
        message = text(
            QT_TRANSLATE_NOOP(
                "Findings", "{name} takes either images or a video in one post, not both."
            ),
            name=name,
        )
        fix = text(
            QT_TRANSLATE_NOOP(
                "Findings", "Remove the images or the video, or post them separately."
            )
        )
    return _finding(rules, Severity.ERROR, None, "mixed_media", message, fix)


def _too_many_videos(rules: NetworkMediaRules, moving: int) -> Finding:
    # `max_videos` is 1 wherever it is set, so `moving` is 2 or more and needs no singular.
    if rules.gif_is_video:
        message = text(
            QT_TRANSLATE_NOOP(
                "Findings", "{name} takes one GIF or a video per post; this post has {count}."
            ),
            name=rules.display_name,
            count=moving,
        )
    else:
        message = text(
            QT_TRANSLATE_NOOP(
                "Findings", "{name} takes one video per post; this post has {count}."
            ),
            name=rules.display_name,
            count=moving,
        )
    fix = text(QT_TRANSLATE_NOOP("Findings", "Keep one and post the others separately."))
    return _finding(rules, Severity.ERROR, None, "too_many_videos", message, fix)


def _too_many_images(rules: NetworkMediaRules, maximum: int, images: int) -> Finding:
    if maximum:
        message = plural(
            maximum,
            QT_TRANSLATE_NOOP(
                "Findings", "{name} takes up to {count} image per post; this post has {images}."
            ),
            QT_TRANSLATE_NOOP(
                "Findings", "{name} takes up to {count} images per post; this post has {images}."
            ),
            name=rules.display_name,
            images=images,
        )
    else:
        message = text(
            QT_TRANSLATE_NOOP("Findings", "{name} takes no images; this post has {images}."),
            name=rules.display_name,
            images=images,
        )
    return _finding(
        rules,
        Severity.ERROR,
        None,
        "too_many_images",
        message,
        _remove_or_split(images - maximum),
    )


def _remove_or_split(excess: int) -> Text:
    return text(
        QT_TRANSLATE_NOOP("Findings", "Remove {count} or split them across posts."), count=excess
    )


def _check_image(rules: NetworkMediaRules, index: int, item: MediaInfo) -> list[Finding]:
    # Imported here because `convert` loads Pillow, which start-up does not need.
    from ocoya_desktop.domain.media.convert import planned_format

    name = rules.display_name
    findings: list[Finding] = []
    sent_as = planned_format(item)
    formats = rules.image_formats
    if formats is not None and sent_as is not None and sent_as not in formats:
        accepted = _alternatives(formats)
        findings.append(
            _finding(
                rules,
                Severity.ERROR,
                index,
                "image_format",
                text(
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "{name} accepts {formats} images; this one is sent as {format}.",
                    ),
                    name=name,
                    formats=accepted,
                    format=sent_as.upper(),
                ),
                text(
                    QT_TRANSLATE_NOOP("Findings", "Save it as {formats} in an image editor."),
                    formats=accepted,
                ),
            )
        )
    width = item.display_size[0]
    if rules.min_image_width is not None and 0 < width < rules.min_image_width:
        findings.append(
            _finding(
                rules,
                Severity.WARNING,
                index,
                "image_narrow",
                text(
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "{name} enlarges images narrower than {minimum} pixels; this one is "
                        "{width} pixels wide, so it will look blurred.",
                    ),
                    name=name,
                    minimum=rules.min_image_width,
                    width=width,
                ),
                text(QT_TRANSLATE_NOOP("Findings", "Use a larger image.")),
            )
        )
    ratio = item.aspect_ratio
    if _outside_aspect(rules, ratio):
        findings.append(
            _finding(
                rules,
                Severity.ERROR,
                index,
                "aspect_ratio",
                text(
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "{name} accepts images {minimum} to {maximum}; this one is {ratio}.",
                    ),
                    name=name,
                    minimum=rules.min_aspect_label,
                    maximum=rules.max_aspect_label,
                    ratio=_ratio_label(ratio or 1.0),
                ),
                text(QT_TRANSLATE_NOOP("Findings", "Crop it.")),
            )
        )
    return findings


def _alternatives(formats: Collection[str]) -> Text | str:
    """Join the upper-case format names with a translatable "or", such as "MOV or MP4 or WEBM"."""
    names = sorted(fmt.upper() for fmt in formats)
    joined: Text | str = names[0]
    for name in names[1:]:
        joined = text(
            QT_TRANSLATE_NOOP("Findings", "{first} or {second}"), first=joined, second=name
        )
    return joined


def _outside_aspect(rules: NetworkMediaRules, ratio: float | None) -> bool:
    if ratio is None or rules.min_aspect is None or rules.max_aspect is None:
        return False
    # The tolerance lets 1080 x 1350 (exactly 4:5) and 1.91:1 crops rounded by editors pass.
    return not rules.min_aspect - 0.005 <= ratio <= rules.max_aspect + 0.005


def _ratio_label(ratio: float) -> str:
    if ratio >= 1:
        return f"{ratio:.3g}:1"
    return f"1:{1 / ratio:.3g}"


def _check_video(rules: NetworkMediaRules, index: int, item: MediaInfo) -> list[Finding]:
    name = rules.display_name
    findings: list[Finding] = []
    video = item.video
    if rules.video_formats is not None and item.format not in rules.video_formats:
        findings.append(
            _finding(
                rules,
                Severity.ERROR,
                index,
                "video_format",
                text(
                    QT_TRANSLATE_NOOP(
                        "Findings", "{name} accepts {formats} videos; this one is {format}."
                    ),
                    name=name,
                    formats=_alternatives(rules.video_formats),
                    format=item.format.upper(),
                ),
                text(QT_TRANSLATE_NOOP("Findings", "Export it as MP4 (H.264).")),
            )
        )
    if video is None:
        return findings
    if rules.video_codecs is not None and video.codec not in rules.video_codecs:
        findings.append(
            _finding(
                rules,
                Severity.ERROR,
                index,
                "video_codec",
                _codec_message(name, video.codec),
                text(QT_TRANSLATE_NOOP("Findings", "Export it as MP4 with H.264.")),
            )
        )
    findings += _check_duration(rules, index, video.duration_seconds)
    rate = video.frame_rate
    if (
        rate is not None
        and rules.min_frame_rate is not None
        and rules.max_frame_rate is not None
        and not rules.min_frame_rate <= rate <= rules.max_frame_rate + 0.01
    ):
        findings.append(
            _finding(
                rules,
                Severity.WARNING,
                index,
                "frame_rate",
                text(
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "{name} expects {minimum:g} to {maximum:g} frames per second; "
                        "this video has {rate:.3g}.",
                    ),
                    name=name,
                    minimum=rules.min_frame_rate,
                    maximum=rules.max_frame_rate,
                    rate=rate,
                ),
                text(QT_TRANSLATE_NOOP("Findings", "Export it at 30 frames per second.")),
            )
        )
    return findings


def _codec_message(name: str, codec: str | None) -> Text:
    if codec:
        return text(
            QT_TRANSLATE_NOOP(
                "Findings", "{name} accepts H.264 or HEVC video; this one uses {codec}."
            ),
            name=name,
            codec=codec,
        )
    return text(
        QT_TRANSLATE_NOOP("Findings", "{name} accepts H.264 or HEVC video; this one uses unknown."),
        name=name,
    )


def _check_duration(rules: NetworkMediaRules, index: int, seconds: float | None) -> list[Finding]:
    if seconds is None:
        return []
    name = rules.display_name
    if rules.max_video_seconds is not None and seconds > rules.max_video_seconds:
        return [
            _finding(
                rules,
                Severity.ERROR,
                index,
                "video_too_long",
                text(
                    QT_TRANSLATE_NOOP(
                        "Findings", "{name} accepts videos up to {maximum}; this one is {length}."
                    ),
                    name=name,
                    maximum=_duration(rules.max_video_seconds),
                    length=_duration(seconds),
                ),
                text(QT_TRANSLATE_NOOP("Findings", "Shorten it.")),
            )
        ]
    if rules.min_video_seconds is not None and seconds < rules.min_video_seconds:
        return [
            _finding(
                rules,
                Severity.ERROR,
                index,
                "video_too_short",
                text(
                    QT_TRANSLATE_NOOP(
                        "Findings",
                        "{name} accepts videos of at least {minimum}; this one is {length}.",
                    ),
                    name=name,
                    minimum=_duration(rules.min_video_seconds),
                    length=_duration(seconds),
                ),
                text(QT_TRANSLATE_NOOP("Findings", "Use a longer clip.")),
            )
        ]
    return []


def _duration(seconds: float) -> Text:
    if seconds < 60:
        if f"{seconds:.3g}" == "1":
            return text(QT_TRANSLATE_NOOP("Findings", "{seconds:.3g} second"), seconds=seconds)
        return text(QT_TRANSLATE_NOOP("Findings", "{seconds:.3g} seconds"), seconds=seconds)
    minutes, rest = divmod(round(seconds), 60)
    if rest:
        return text(
            QT_TRANSLATE_NOOP("Findings", "{minutes} min {seconds} s"),
            minutes=minutes,
            seconds=rest,
        )
    return plural(
        minutes,
        QT_TRANSLATE_NOOP("Findings", "{count} minute"),
        QT_TRANSLATE_NOOP("Findings", "{count} minutes"),
    )


def _check_same_size(
    rules: NetworkMediaRules, items: Sequence[MediaInfo], image_indexes: list[int]
) -> list[Finding]:
    sizes = {items[index].display_size for index in image_indexes}
    if len(sizes) <= 1:
        return []
    # Two or more sizes reach this point, so the sentence needs no singular form.
    return [
        _finding(
            rules,
            Severity.ERROR,
            None,
            "carousel_sizes",
            text(
                QT_TRANSLATE_NOOP(
                    "Findings",
                    "{name} carousels need images of one size; this post has "
                    "{count} different sizes.",
                ),
                name=rules.display_name,
                count=len(sizes),
            ),
            text(QT_TRANSLATE_NOOP("Findings", "Crop the images to the same size.")),
        )
    ]


def _check_instagram_aspects(rules: NetworkMediaRules, items: Sequence[MediaInfo]) -> list[Finding]:
    ratios = [item.aspect_ratio for item in items]
    if len(items) < 2 or ratios[0] is None:
        return []
    first = ratios[0]
    differing = [index for index, ratio in enumerate(ratios) if ratio and abs(ratio - first) > 0.01]
    if not differing:
        return []
    return [
        _finding(
            rules,
            Severity.WARNING,
            index,
            "carousel_aspect",
            text(
                QT_TRANSLATE_NOOP(
                    "Findings",
                    "{name} crops every carousel item to the first one's aspect ({first}); "
                    "this one is {ratio}.",
                ),
                name=rules.display_name,
                first=_ratio_label(first),
                ratio=_ratio_label(ratios[index] or first),
            ),
            text(QT_TRANSLATE_NOOP("Findings", "Crop the items to the same aspect ratio.")),
        )
        for index in differing
    ]
