"""Test environment shared by every test: offscreen Qt, no real user folders or keychain."""

from __future__ import annotations

import os

import pytest

# Set before any test module imports Qt. A QApplication picks its platform plugin once per
# process, so tests that need a real X server run their Qt code in a subprocess instead.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

pytest_plugins = [
    "pytester",
    "tests.helpers.env_fixtures",
    "tests.helpers.xvfb",
    "tests.helpers.secret_service",
    "tests.helpers.media_hosts",
]

# Markers for tests that need tools which may be missing on a developer's machine, keyed by
# the fixture that starts the tool.
_ENVIRONMENT_MARKERS = {"xvfb_display": "xvfb", "secret_service": "secret_service"}


def _running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the Xvfb or Secret Service fixture, even indirectly."""
    for item in items:
        fixture_names = getattr(item, "fixturenames", ())
        for fixture_name, marker in _ENVIRONMENT_MARKERS.items():
            if fixture_name in fixture_names:
                item.add_marker(marker)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    """Turn a skip of an ``xvfb`` or ``secret_service`` test into a failure in CI.

    Outside CI such tests skip when Xvfb, dbus or gnome-keyring is missing. CI installs all of
    them, so a skip there means the setup is broken and must not pass silently.
    """
    report: pytest.TestReport = yield
    needs_tools = any(item.get_closest_marker(name) for name in _ENVIRONMENT_MARKERS.values())
    if report.skipped and needs_tools and _running_in_ci():
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        reason = str(reason).removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every tool it needs must be installed: {reason}"
    return report
