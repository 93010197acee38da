"""Steps shared by the tests of what replaces the editor's content: posts, typing, AI drafts."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from ocoya_desktop.sandbox.store import PostGroup as StoredPostGroup
from ocoya_desktop.ui.ai_controller import AiController
from ocoya_desktop.ui.widgets.ai_panel import AiPanel
from tests.gui.reliability.conftest import WAIT_MS, App

TYPED = "Half-written launch post"
PLANNED = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


def ai_of(app: App) -> AiController:
    controller = app.window.findChild(AiController)
    assert controller is not None
    return controller


def add_listed_post(qtbot: QtBot, app: App, caption: str, *, status: str = "SCHEDULED") -> str:
    """Store a post in the current workspace, reload the schedule and select the post."""
    workspace_id = app.window.controller.current_workspace_id
    assert workspace_id is not None
    store = app.store
    with store.lock:
        post_id = store.new_id()
        store.add_post(
            StoredPostGroup(
                id=post_id,
                workspace_id=workspace_id,
                status=status,
                caption=caption,
                created_at=dt.datetime.now(dt.UTC),
                scheduled_at=PLANNED,
            )
        )
    app.window.controller.reload_posts()
    qtbot.waitUntil(lambda: app.window.schedule_view.select_post(post_id), timeout=WAIT_MS)
    return post_id


def type_and_autosave(qtbot: QtBot, app: App, text: str = TYPED) -> None:
    with qtbot.waitSignal(app.tools.autosave.saved, timeout=WAIT_MS):
        app.window.editor.set_caption(text)


def draft_captions(app: App) -> set[str]:
    return {draft.state.caption for draft in app.database.list_drafts()}


def generate(panel: AiPanel, prompt: str = "Announce our autumn opening hours") -> None:
    panel.prompt_edit.setPlainText(prompt)
    panel.generate_button.click()
