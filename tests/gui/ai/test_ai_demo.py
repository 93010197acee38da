"""The AI draft flow in demo mode: the in-process sandbox, as ``ocoya-desktop --demo`` runs it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import qasync
from pytestqt.qtbot import QtBot

from ocoya_desktop.sandbox import SandboxStore, create_app
from ocoya_desktop.ui.ai_controller import AiController
from ocoya_desktop.ui.widgets.ai_pickers import select_data
from tests.gui.shell_support import WAIT_MS, make_shell, sandbox_transport

from .conftest import schedule_ids, tomorrow_at_nine

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_demo_generate_edit_schedule_leaves_one_post(
    qtbot: QtBot, qloop: qasync.QEventLoop, run_async: Callable[..., Any], tmp_path: Path
) -> None:
    app = create_app(rate_limit=100_000)
    store: SandboxStore = app.state.store
    shell = make_shell(qloop, sandbox_transport(app), tmp_path, with_images=True)
    window = shell.window
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.controller.workspace_loaded, timeout=WAIT_MS):
            window.start()
        ai = window.findChild(AiController)
        assert ai is not None
        panel = ai.panel
        workspace_id = window.controller.current_workspace_id
        assert workspace_id is not None
        model = window.sidebar.profile_view.model()
        model.set_checked_ids([p.id for p in model.profiles()[:2]])  # type: ignore[attr-defined]
        assert select_data(panel.brand_kit_combo, store.brand_kits_in(workspace_id)[0].id)
        assert select_data(panel.library_combo, store.hashtag_libraries_in(workspace_id)[0].id)
        panel.generate_image_check.setChecked(True)
        panel.template_list.set_checked_ids([store.studio_templates_in(workspace_id)[0].id])
        panel.prompt_edit.setPlainText("Our new seasonal pastry is here")

        with qtbot.waitSignal(ai.draft_loaded, timeout=WAIT_MS):
            panel.generate_button.click()
        zone = window.composer.media_zone
        qtbot.waitUntil(lambda: len(zone.media_urls()) == 1 and not zone.is_busy(), timeout=WAIT_MS)
        origin = window.composer.ai_draft
        assert origin is not None
        window.editor.caption_edit.insertPlainText("Fresh today! ")
        edited = window.editor.caption()
        tomorrow_at_nine(window)
        window.editor.schedule_button.click()
        qtbot.waitUntil(lambda: window.composer.ai_draft is None, timeout=WAIT_MS)

        scheduled = [p for p in store.posts.values() if p.caption == edited]
        assert len(scheduled) == 1
        assert scheduled[0].status == "SCHEDULED"
        assert len(scheduled[0].creatives) == 1
        assert origin.post_group_id not in store.posts
        qtbot.waitUntil(lambda: scheduled[0].id in schedule_ids(window), timeout=WAIT_MS)
        assert origin.post_group_id not in schedule_ids(window)
    finally:
        run_async(shell.aclose())
