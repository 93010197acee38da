"""Client-side validation of AI draft and campaign requests."""

from __future__ import annotations

import pytest

from ocoya_desktop.api import AiDraftRequest, CampaignRequest, ValidationError, utf16_length


def test_ai_prompt_shorter_than_10_rejected() -> None:
    with pytest.raises(ValidationError, match="at least 10") as caught:
        AiDraftRequest(prompt="   too short   ")
    assert caught.value.status_code is None


def test_ai_prompt_counts_utf16_units() -> None:
    # Five emoji are ten UTF-16 units, as the service counts them.
    request = AiDraftRequest(prompt="🎉" * 5)

    assert utf16_length(request.prompt) == 10


@pytest.mark.parametrize(("field", "value"), [("tone", "angry"), ("length", "huge")])
def test_ai_unknown_choice_rejected(field: str, value: str) -> None:
    with pytest.raises(ValidationError, match=f"Invalid {field} '{value}'"):
        AiDraftRequest(prompt="A long enough prompt", **{field: value})  # type: ignore[arg-type]


def test_campaign_defaults_valid() -> None:
    request = CampaignRequest(prompt="Sale")

    assert request.to_json() == {"prompt": "Sale", "duration": 7, "count": 5}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"prompt": "ab"}, "at least 3"),
        ({"duration_days": 0}, "duration_days 0"),
        ({"duration_days": 31}, "duration_days 31"),
        ({"count": 2}, "count 2"),
        ({"count": 31}, "count 31"),
        ({"tone": "loud"}, "tone 'loud'"),
        ({"post_length": "tiny"}, "post_length 'tiny'"),
        ({"reference_urls": ("a", "b", "c", "d")}, "reference_urls"),
        ({"reference_design_ids": ("a", "b", "c", "d")}, "reference_design_ids"),
    ],
)
def test_campaign_invalid_values_rejected(options: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"prompt": "Spring sale"}
    arguments.update(options)

    with pytest.raises(ValidationError, match=message):
        CampaignRequest(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(("days", "count"), [(1, 3), (30, 30)])
def test_campaign_range_edges_accepted(days: int, count: int) -> None:
    request = CampaignRequest(prompt="Sale", duration_days=days, count=count)

    assert request.to_json()["duration"] == days
    assert request.to_json()["count"] == count
