"""Zone names as shown and searched: spaces for underscores, case and extra spaces ignored."""

from __future__ import annotations

import pytest

from ocoya_desktop.domain.scheduling import (
    available_time_zones,
    matching_time_zones,
    zone_display_name,
    zone_name_contains,
    zone_search_text,
)


def test_display_name_uses_spaces() -> None:
    assert zone_display_name("America/North_Dakota/New_Salem") == "America/North Dakota/New Salem"
    assert zone_display_name("Europe/Berlin") == "Europe/Berlin"


@pytest.mark.parametrize(
    "typed", ["America/New_York", "america/new york", "  AMERICA/NEW   YORK ", "america/new\tyork"]
)
def test_search_text_of_typed_forms(typed: str) -> None:
    assert zone_search_text(typed) == "america/new york"


@pytest.mark.parametrize("typed", ["new york", "NEW_YORK", "new_york", "ew yo", ""])
def test_name_contains_typed_part(typed: str) -> None:
    assert zone_name_contains("America/New_York", typed)


@pytest.mark.parametrize("typed", ["newyork", "new-york", "york/new"])
def test_name_lacks_other_text(typed: str) -> None:
    assert not zone_name_contains("America/New_York", typed)


def test_matching_keeps_order() -> None:
    names = ["America/New_York", "Asia/Tokyo", "US/Eastern", "America/North_Dakota/New_Salem"]

    assert matching_time_zones("new", names) == [
        "America/New_York",
        "America/North_Dakota/New_Salem",
    ]
    assert matching_time_zones("TOKYO", names) == ["Asia/Tokyo"]
    assert matching_time_zones("mars", names) == []


def test_display_names_stay_distinct() -> None:
    # The picker finds a zone by its search text, so no two zones may share one.
    names = available_time_zones()

    assert len({zone_search_text(name) for name in names}) == len(names)
