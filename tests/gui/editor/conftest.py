"""Fixtures for the post editor tests: a fixed clock, sample profiles and a shown editor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import SocialProfile
from ocoya_desktop.ui.widgets.post_editor import PostEditor

# A fixed "now" for every editor test: 1 March 2030, 09:00 UTC (10:00 in Berlin).
NOW = dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC)

X_PROFILE = SocialProfile(id="sp-x", provider="twitter", name="Bakery on X", image=None)
LINKEDIN_PROFILE = SocialProfile(id="sp-li", provider="linkedin", name="Bakery Ltd", image=None)
BLUESKY_PROFILE = SocialProfile(id="sp-bs", provider="bluesky", name="bakery.bsky", image=None)


def fixed_now() -> dt.datetime:
    return NOW


@pytest.fixture(autouse=True)
def english_locale() -> Iterator[None]:
    """Format numbers as in US English ("10,000"), whatever the machine's locale."""
    previous = QLocale()
    QLocale.setDefault(QLocale("en_US"))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def make_editor(qtbot: QtBot) -> Callable[..., PostEditor]:
    """Return a factory for a shown, active PostEditor in a zone (Berlin) at ``NOW``."""

    def make(time_zone: str = "Europe/Berlin") -> PostEditor:
        editor = PostEditor(time_zone=time_zone, now=fixed_now)
        qtbot.addWidget(editor)
        editor.show()
        qtbot.waitExposed(editor)
        # Shortcuts such as Ctrl+Return only fire in the active window, and the offscreen
        # platform activates a window after the request returns.
        editor.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
        return editor

    return make
