"""PostEditor without a media widget: networks that need media cannot be scheduled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import SocialProfile
from ocoya_desktop.ui.widgets.post_editor import PostEditor

from .conftest import X_PROFILE

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.mark.parametrize(
    ("provider", "network", "reason"),
    [
        ("pinterest", "Pinterest", "Pinterest needs at least one image for a pin."),
        ("tiktok", "TikTok", "TikTok needs at least one photo or video."),
        ("youtube", "YouTube", "YouTube posts are exactly one video; this post has no video."),
    ],
)
def test_media_network_blocks_text_post(
    qtbot: QtBot,
    make_editor: Callable[..., PostEditor],
    provider: str,
    network: str,
    reason: str,
) -> None:
    editor = make_editor()
    editor.set_caption("Fresh rolls at eight")
    editor.schedule_picker.set_local_datetime(dt.date(2030, 3, 2), dt.time(9, 0))
    profile = SocialProfile(id="sp-1", provider=provider, name="Bakery", image=None)

    editor.set_target_profiles([profile], x_paid_profile_ids=())

    assert not editor.schedule_button.isEnabled()
    # No media area shows the finding, so the reason line writes it out as the media area
    # would: the message, which names the network, and the fix.
    assert editor.reason_label.text().startswith(f"{reason} Fix: ")
    assert f"{network}: " not in editor.reason_label.text()
    assert editor.save_draft_button.isEnabled()

    editor.set_target_profiles([X_PROFILE], x_paid_profile_ids=())
    assert editor.schedule_button.isEnabled()
