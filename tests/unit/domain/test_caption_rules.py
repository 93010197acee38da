from __future__ import annotations

import re

import pytest

from ocoya_desktop.domain.caption_rules import (
    CAPTION_RULES,
    OCOYA_CAPTION_RULE,
    Counting,
    caption_rule,
)
from ocoya_desktop.domain.networks import Network


def test_every_network_has_a_rule() -> None:
    assert set(CAPTION_RULES) == set(Network)


@pytest.mark.parametrize("network", list(Network))
def test_rule_is_consistent(network: Network) -> None:
    rule = caption_rule(network)

    assert rule.network is network
    assert 0 < rule.warn_at <= rule.limit
    assert rule.source
    assert re.fullmatch(r"\d{4}-\d{2}", rule.checked)


def test_none_gives_ocoya_rule() -> None:
    assert caption_rule(None) is OCOYA_CAPTION_RULE
    assert OCOYA_CAPTION_RULE.limit == 10_000
    assert OCOYA_CAPTION_RULE.counting is Counting.UTF16


@pytest.mark.parametrize(
    ("network", "limit", "warn_at"),
    [
        (Network.X, 280, 280),
        (Network.INSTAGRAM, 2_200, 2_200),
        (Network.FACEBOOK, 63_206, 5_000),
        (Network.LINKEDIN, 3_000, 3_000),
        (Network.TIKTOK, 2_200, 2_000),
        (Network.THREADS, 500, 500),
        (Network.BLUESKY, 300, 300),
        (Network.PINTEREST, 800, 500),
        (Network.YOUTUBE, 5_000, 5_000),
        (Network.GOOGLE_BUSINESS, 1_500, 1_500),
    ],
)
def test_rule_limits(network: Network, limit: int, warn_at: int) -> None:
    rule = caption_rule(network)

    assert rule.limit == limit
    assert rule.warn_at == warn_at


def test_network_specific_rows() -> None:
    assert caption_rule(Network.X).paid_limit == 25_000
    assert caption_rule(Network.BLUESKY).byte_limit == 3_000
    assert caption_rule(Network.INSTAGRAM).max_hashtags == 30
    assert caption_rule(Network.INSTAGRAM).max_mentions == 20
    assert caption_rule(Network.INSTAGRAM).fold_at == 125
    assert caption_rule(Network.LINKEDIN).fold_at == 210
    assert caption_rule(Network.FACEBOOK).fold_at == 480
    assert caption_rule(Network.LINKEDIN).reserved_characters == frozenset("\\|{}@[]()<>#*_~")
