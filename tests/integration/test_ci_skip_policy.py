"""Skips of tests that need Xvfb or a Secret Service fail in CI and only there."""

from __future__ import annotations

import pytest

_CHILD_TESTS = """
import pytest


@pytest.mark.xvfb
def test_needs_x_server():
    pytest.skip("Xvfb is not installed")


@pytest.mark.secret_service
def test_needs_keyring():
    pytest.skip("gnome-keyring-daemon is not installed")


def test_ordinary_skip():
    pytest.skip("only on Windows")
"""


@pytest.fixture
def child_suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(
        "[pytest]\nmarkers =\n    xvfb: needs Xvfb\n    secret_service: needs a Secret Service\n"
    )
    pytester.makeconftest('pytest_plugins = ["tests.conftest"]')
    pytester.makepyfile(test_child=_CHILD_TESTS)
    return pytester


def test_tool_skips_fail_in_ci(
    child_suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")

    result = child_suite.runpytest_subprocess("-p", "no:cacheprovider", "-rA")

    result.assert_outcomes(failed=2, skipped=1)
    result.stdout.fnmatch_lines_random(
        [
            "*skipped in CI, where every tool it needs must be installed: Xvfb is not installed",
            "*skipped in CI, where every tool it needs must be installed: gnome-keyring-daemon*",
            "SKIPPED * only on Windows",
        ]
    )


def test_tool_skips_skip_outside_ci(
    child_suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)

    result = child_suite.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(skipped=3)
