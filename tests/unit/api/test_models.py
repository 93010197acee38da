"""Tolerant parsing of what the service returns."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocoya_desktop.api import InvalidResponseError, PostStatus
from ocoya_desktop.api._models import (
    parse_brand_kits,
    parse_campaign,
    parse_connection_url,
    parse_hashtag_libraries,
    parse_me,
    parse_post_groups,
    parse_studio_templates,
)

FULL_GROUP = {
    "id": "cpost0000000000000000001",
    "postType": "REGULAR",
    "status": "SCHEDULED",
    "scheduledAt": "2030-05-06T02:20:00.000Z",
    "createdAt": "2030-01-01T00:00:00.000Z",
    "posts": [
        {
            "provider": "GENERAL",
            "caption": "Hello",
            "creatives": [{"url": "https://cdn.example/a.png", "type": "IMAGE"}],
        }
    ],
    "socialProfiles": [
        {"socialProfile": {"id": "p1", "provider": "instagram", "name": "Shop", "image": None}}
    ],
}


def test_post_group_parsed_with_all_fields() -> None:
    (group,) = parse_post_groups([FULL_GROUP])

    assert group.id == FULL_GROUP["id"]
    assert group.status == PostStatus.SCHEDULED
    assert group.post_type == "REGULAR"
    assert group.scheduled_at == datetime(2030, 5, 6, 2, 20, tzinfo=UTC)
    assert group.posts[0].caption == "Hello"
    assert group.posts[0].creatives[0].url == "https://cdn.example/a.png"
    assert group.posts[0].creatives[0].type == "IMAGE"
    assert group.social_profiles[0].provider == "instagram"
    assert group.social_profiles[0].image is None


def test_post_group_keeps_unknown_values_and_allows_missing() -> None:
    (group,) = parse_post_groups([{"id": "c1", "status": "ARCHIVED", "scheduledAt": None}])

    assert group.status == "ARCHIVED"
    assert group.scheduled_at is None
    assert group.posts == ()
    assert group.social_profiles == ()


def test_post_group_bad_date_is_invalid_response() -> None:
    with pytest.raises(InvalidResponseError, match=r"posts\[0\]\.scheduledAt"):
        parse_post_groups([{"id": "c1", "scheduledAt": "next tuesday"}])


def test_post_group_bad_nested_item_names_location() -> None:
    group = dict(FULL_GROUP, posts=[{"provider": "GENERAL", "creatives": [{"type": "IMAGE"}]}])

    with pytest.raises(InvalidResponseError, match=r"posts\[0\]\.posts\[0\]\.creatives\[0\]\.url"):
        parse_post_groups([group])


def test_flat_social_profile_in_group_accepted() -> None:
    group = dict(FULL_GROUP, socialProfiles=[{"id": "p2", "provider": "bluesky", "name": "B"}])

    (parsed,) = parse_post_groups([group])

    assert parsed.social_profiles[0].id == "p2"


def test_me_and_lists_ignore_unknown_fields() -> None:
    me = parse_me({"id": "u1", "email": "a@example.com", "plan": "pro"})
    (kit,) = parse_brand_kits([{"id": "b1", "name": "Brand", "description": "Warm", "x": 1}])
    (library,) = parse_hashtag_libraries([{"id": "h1", "name": "Tags"}])
    (template,) = parse_studio_templates([{"id": "t1", "name": "T", "thumbnailUrl": "https://t"}])

    assert (me.id, me.name, me.email) == ("u1", None, "a@example.com")
    assert kit.description == "Warm"
    assert library.hashtags == ()
    assert template.thumbnail_url == "https://t"


def test_hashtags_must_be_strings() -> None:
    with pytest.raises(InvalidResponseError, match=r"hashtags\[1\]"):
        parse_hashtag_libraries([{"id": "h1", "name": "Tags", "hashtags": ["#a", 3]}])


def test_connection_url_without_url_is_invalid() -> None:
    with pytest.raises(InvalidResponseError, match="url"):
        parse_connection_url({"provider": "facebook"})


def test_campaign_requires_id() -> None:
    with pytest.raises(InvalidResponseError, match="campaignId"):
        parse_campaign({"status": "GENERATING"})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
post_like_fields = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values | st.text(max_size=25),
        "postType": json_values,
        "status": json_values | st.sampled_from([s.value for s in PostStatus]),
        "scheduledAt": json_values | st.just("2030-05-06T02:20:00.000Z"),
        "posts": json_values
        | st.lists(
            st.fixed_dictionaries({}, optional={"caption": json_values, "creatives": json_values}),
            max_size=2,
        ),
        "socialProfiles": json_values,
    },
)


@given(st.one_of(json_values, st.lists(post_like_fields | json_values, max_size=4)))
def test_post_list_parser_raises_only_invalid_response(data: object) -> None:
    try:
        groups = parse_post_groups(data)
    except InvalidResponseError:
        return
    assert all(isinstance(group.id, str) for group in groups)
