"""The AI dock keeps Generate, its result and the campaign status in view at 1560x900."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from ocoya_desktop.ui.dialogs.campaign_dialog import CampaignDialog
from tests.gui.shell_support import WAIT_MS

from .conftest import AiShell, Sandbox

PROMPT = "Announce the autumn blend with cinnamon notes"

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def show_at_default_size(qtbot: QtBot, shell: AiShell) -> None:
    shell.window.resize(1560, 900)
    shell.window.show()
    qtbot.waitExposed(shell.window)
    assert shell.window.width() == 1560
    assert shell.window.height() == 900


def tick_first_profile(shell: AiShell) -> None:
    model = shell.window.sidebar.profile_view.model()
    model.set_checked_ids([model.profiles()[0].id])  # type: ignore[attr-defined]


def test_references_collapsed_until_image_on(shell: AiShell) -> None:
    panel = shell.panel
    panel.generate_image_check.setChecked(False)

    assert not panel.references_expanded()
    assert panel.references_box.isHidden()

    panel.generate_image_check.setChecked(True)

    assert panel.references_expanded()
    assert not panel.references_box.isHidden()

    panel.references_toggle.click()

    assert panel.references_box.isHidden()


def test_generate_result_in_view(qtbot: QtBot, shell: AiShell, sandbox: Sandbox) -> None:
    show_at_default_size(qtbot, shell)
    tick_first_profile(shell)
    panel = shell.panel
    panel.prompt_edit.setPlainText(PROMPT)
    panel.generate_image_check.setChecked(True)

    assert not panel.generate_button.visibleRegion().isEmpty()

    with qtbot.waitSignal(shell.ai.draft_loaded, timeout=WAIT_MS):
        panel.generate_button.click()
    qtbot.waitUntil(lambda: bool(panel.message()), timeout=WAIT_MS)

    qtbot.waitUntil(lambda: not panel.message_label.visibleRegion().isEmpty(), timeout=WAIT_MS)
    assert not panel.forget_draft_button.visibleRegion().isEmpty()
    # The generated image is still being added to the editor's media.
    zone = shell.window.composer.media_zone
    qtbot.waitUntil(lambda: not zone.is_busy(), timeout=WAIT_MS)


def test_campaign_status_in_view(qtbot: QtBot, shell: AiShell, sandbox: Sandbox) -> None:
    show_at_default_size(qtbot, shell)
    tick_first_profile(shell)
    shell.panel.generate_image_check.setChecked(True)
    shell.ai.campaign_poll_seconds = 0.05
    shell.panel.campaign_action.trigger()
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in shell.window.findChildren(CampaignDialog)),
        timeout=WAIT_MS,
    )
    [dialog] = [d for d in shell.window.findChildren(CampaignDialog) if d.isVisible()]
    dialog.prompt_edit.setPlainText("Autumn menu week")
    dialog.count_spin.setValue(3)

    with qtbot.waitSignal(shell.ai.campaign_finished, timeout=WAIT_MS):
        dialog.buttons.accepted.emit()

    label = shell.panel.campaign_label
    assert "Campaign ready" in label.text()
    qtbot.waitUntil(lambda: not label.visibleRegion().isEmpty(), timeout=WAIT_MS)
