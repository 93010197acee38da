"""The letters on the sandbox's generated profile pictures."""

from __future__ import annotations

import pytest

from ocoya_desktop.sandbox.images import avatar_initials


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("@beanthere twitter", "BT"),
        ("Bean There Coffee", "BT"),
        ("#coffee", "C"),
        ("été café", "ÉC"),
        ("@ #", "?"),
    ],
)
def test_initials_skip_signs(text: str, initials: str) -> None:
    assert avatar_initials(text) == initials
