"""Requests for the AI endpoints, validated when they are built.

An invalid value raises ValidationError (with no status code) before anything is sent, so
the user sees the same kind of error the service would return, without a round trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ._errors import ValidationError

__all__ = ["AiDraftRequest", "CampaignRequest", "PostLength", "Tone"]

AI_PROMPT_MIN_LENGTH = 10
CAMPAIGN_PROMPT_MIN_LENGTH = 3
CAMPAIGN_DURATION_DAYS = range(1, 31)
CAMPAIGN_POST_COUNT = range(3, 31)
CAMPAIGN_MAX_REFERENCES = 3


class Tone(StrEnum):
    """Writing tones the AI endpoints accept."""

    PROFESSIONAL = "professional"
    FRIENDLY = "friendly"
    EDUCATIONAL = "educational"
    BOLD = "bold"
    FOUNDER_LED = "founder_led"


class PostLength(StrEnum):
    """Caption lengths the AI endpoints accept."""

    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"
    EXTRA_LONG = "extra_long"


@dataclass(frozen=True, slots=True)
class AiDraftRequest:
    """A request to generate one caption (and optionally one square image) as a draft.

    `reference_urls` and `reference_design_ids` guide the image, so they are sent only when
    `generate_image` is true.
    """

    prompt: str
    tone: str | None = None
    length: str | None = None
    social_profile_ids: tuple[str, ...] = ()
    brand_id: str | None = None
    hashtag_library_id: str | None = None
    generate_image: bool = False
    reference_urls: tuple[str, ...] = ()
    reference_design_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_prompt(self.prompt, AI_PROMPT_MIN_LENGTH)
        _check_choice("tone", self.tone, Tone)
        _check_choice("length", self.length, PostLength)

    def to_json(self) -> dict[str, object]:
        """Build the JSON body of `POST /post/ai`, leaving out unset fields."""
        body: dict[str, object] = {"prompt": self.prompt}
        _put(body, "tone", self.tone)
        _put(body, "length", self.length)
        _put_list(body, "socialProfileIds", self.social_profile_ids)
        _put(body, "brandId", self.brand_id)
        _put(body, "hashtagLibraryId", self.hashtag_library_id)
        if self.generate_image:
            body["generateImage"] = True
            _put_list(body, "referenceUrls", self.reference_urls)
            _put_list(body, "referenceDesignIds", self.reference_design_ids)
        return body


@dataclass(frozen=True, slots=True)
class CampaignRequest:
    """A request to generate a campaign of `count` posts over `duration_days` days."""

    prompt: str
    goal: str | None = None
    audience: str | None = None
    duration_days: int = 7
    count: int = 5
    post_length: str | None = None
    tone: str | None = None
    brand_id: str | None = None
    hashtag_library_id: str | None = None
    hashtag_library_name: str | None = None
    social_profile_ids: tuple[str, ...] = ()
    generate_media: bool = False
    reference_urls: tuple[str, ...] = ()
    reference_design_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_prompt(self.prompt, CAMPAIGN_PROMPT_MIN_LENGTH)
        _check_range("duration_days", self.duration_days, CAMPAIGN_DURATION_DAYS)
        _check_range("count", self.count, CAMPAIGN_POST_COUNT)
        # NOTE: the service documents the tone and length values only for `POST /post/ai`;
        # campaigns are assumed to accept the same ones.
        _check_choice("post_length", self.post_length, PostLength)
        _check_choice("tone", self.tone, Tone)
        _check_max_items("reference_urls", self.reference_urls, CAMPAIGN_MAX_REFERENCES)
        _check_max_items("reference_design_ids", self.reference_design_ids, CAMPAIGN_MAX_REFERENCES)

    def to_json(self) -> dict[str, object]:
        """Build the JSON body of `POST /campaigns`, leaving out unset fields."""
        body: dict[str, object] = {
            "prompt": self.prompt,
            "duration": self.duration_days,
            "count": self.count,
        }
        _put(body, "goal", self.goal)
        _put(body, "audience", self.audience)
        _put(body, "postLength", self.post_length)
        _put(body, "tone", self.tone)
        _put(body, "brandId", self.brand_id)
        _put(body, "hashtagLibraryId", self.hashtag_library_id)
        _put(body, "hashtagLibraryName", self.hashtag_library_name)
        _put_list(body, "socialProfileIds", self.social_profile_ids)
        if self.generate_media:
            body["generateMedia"] = True
        _put_list(body, "referenceUrls", self.reference_urls)
        _put_list(body, "referenceDesignIds", self.reference_design_ids)
        return body


def utf16_length(text: str) -> int:
    """Count UTF-16 code units, as the service (written in JavaScript) counts string length."""
    return len(text.encode("utf-16-le")) // 2


def _check_prompt(prompt: str, min_length: int) -> None:
    length = utf16_length(prompt.strip())
    if length < min_length:
        raise ValidationError(
            f"The prompt is too short ({length} characters): write at least {min_length} "
            "characters describing the post."
        )


def _check_choice(field: str, value: str | None, choices: type[StrEnum]) -> None:
    if value is None:
        return
    allowed = [choice.value for choice in choices]
    if value not in allowed:
        raise ValidationError(
            f"Invalid {field} {value!r}: use one of {', '.join(allowed)}, or leave it unset."
        )


def _check_range(field: str, value: int, allowed: range) -> None:
    if value not in allowed:
        raise ValidationError(
            f"Invalid {field} {value}: use a whole number from {allowed.start} "
            f"to {allowed.stop - 1}."
        )


def _check_max_items(field: str, values: tuple[str, ...], maximum: int) -> None:
    if len(values) > maximum:
        raise ValidationError(
            f"Too many {field} ({len(values)}): a campaign takes at most {maximum}; remove some."
        )


def _put(body: dict[str, object], key: str, value: str | None) -> None:
    if value is not None:
        body[key] = value


def _put_list(body: dict[str, object], key: str, values: tuple[str, ...]) -> None:
    if values:
        body[key] = list(values)
