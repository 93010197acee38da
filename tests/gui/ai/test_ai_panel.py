"""The AI draft panel end to end against the sandbox served by uvicorn on 127.0.0.1.

A creator picks a brand kit, a hashtag library and a template, generates a draft with an
image, reviews or edits it in the editor, and schedules it. Campaigns are generated too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ocoya_desktop.sandbox.generation import SANDBOX_MARKER
from ocoya_desktop.services.ai_drafts import AiDraftChoices
from ocoya_desktop.ui.dialogs.campaign_dialog import CampaignDialog
from ocoya_desktop.ui.widgets.ai_panel import AiPanel
from ocoya_desktop.ui.widgets.ai_pickers import select_data
from tests.gui.shell_support import WAIT_MS
from tests.helpers.media_files import make_jpeg

from .conftest import AiShell, Sandbox, build_ai_shell, schedule_ids, tomorrow_at_nine

PROMPT = "Announce the autumn blend with cinnamon notes"

# The offscreen platform has no window manager, so it warns when a shown window sets size hints.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def workspace_id(shell: AiShell) -> str:
    current = shell.window.controller.current_workspace_id
    assert current is not None
    return current


def tick_first_profiles(shell: AiShell, count: int) -> list[str]:
    model = shell.window.sidebar.profile_view.model()
    ids = [profile.id for profile in model.profiles()[:count]]  # type: ignore[attr-defined]
    model.set_checked_ids(ids)  # type: ignore[attr-defined]
    return ids


def choose_everything(shell: AiShell, sandbox: Sandbox) -> dict[str, Any]:
    """Pick a kit, a library, a template and a reference URL in the panel, as a user does."""
    panel = shell.panel
    store = sandbox.store
    ws = workspace_id(shell)
    brand_id = store.brand_kits_in(ws)[0].id
    library_id = store.hashtag_libraries_in(ws)[0].id
    template_id = store.studio_templates_in(ws)[0].id

    panel.prompt_edit.setPlainText(PROMPT)
    assert select_data(panel.tone_combo, "bold")
    assert select_data(panel.length_combo, "extra_long")
    assert select_data(panel.brand_kit_combo, brand_id)
    assert select_data(panel.library_combo, library_id)
    panel.generate_image_check.setChecked(True)
    panel.template_list.set_checked_ids([template_id])
    panel.reference_url_edit.setText("https://cdn.example.com/mood.png")
    panel.add_url_button.click()
    return {"brand": brand_id, "library": library_id, "template": template_id}


def generate(qtbot: QtBot, shell: AiShell) -> None:
    with qtbot.waitSignal(shell.ai.draft_loaded, timeout=WAIT_MS):
        shell.panel.generate_button.click()
    zone = shell.window.composer.media_zone
    qtbot.waitUntil(lambda: not zone.is_busy(), timeout=WAIT_MS)


def test_every_option_reaches_request(qtbot: QtBot, shell: AiShell, sandbox: Sandbox) -> None:
    profile_ids = tick_first_profiles(shell, 2)
    picked = choose_everything(shell, sandbox)
    assert "only with image generation" not in shell.panel.references_note.text()

    generate(qtbot, shell)

    assert sandbox.ai_bodies() == [
        {
            "prompt": PROMPT,
            "tone": "bold",
            "length": "extra_long",
            "socialProfileIds": profile_ids,
            "brandId": picked["brand"],
            "hashtagLibraryId": picked["library"],
            "generateImage": True,
            "referenceUrls": ["https://cdn.example.com/mood.png"],
            "referenceDesignIds": [picked["template"]],
        }
    ]


def test_references_left_out_without_image(qtbot: QtBot, shell: AiShell, sandbox: Sandbox) -> None:
    choose_everything(shell, sandbox)
    shell.panel.generate_image_check.setChecked(False)

    assert "only with image generation" in shell.panel.references_note.text()
    generate(qtbot, shell)

    [body] = sandbox.ai_bodies()
    assert "referenceUrls" not in body
    assert "referenceDesignIds" not in body
    assert "generateImage" not in body


def test_draft_lands_in_editor(qtbot: QtBot, shell: AiShell, sandbox: Sandbox) -> None:
    tick_first_profiles(shell, 2)
    choose_everything(shell, sandbox)
    editor = shell.window.editor

    generate(qtbot, shell)

    origin = shell.window.composer.ai_draft
    assert origin is not None
    stored = sandbox.store.posts[origin.post_group_id]
    assert editor.caption() == stored.caption
    assert editor.caption().startswith(SANDBOX_MARKER)
    assert len(shell.window.composer.media_zone.media_urls()) == 1
    assert shell.window.composer.media_zone.media_urls()[0].endswith(stored.creatives[0].url)
    assert "Unchanged AI draft" in editor.send_note_label.text()
    assert not editor.send_note_label.isHidden()
    qtbot.waitUntil(lambda: origin.post_group_id in schedule_ids(shell.window), timeout=WAIT_MS)


def test_insert_at_cursor_keeps_caption(qtbot: QtBot, shell: AiShell, sandbox: Sandbox) -> None:
    editor = shell.window.editor
    editor.set_caption("Before. ")
    editor.caption_edit.moveCursor(editor.caption_edit.textCursor().MoveOperation.End)
    shell.panel.at_cursor_radio.setChecked(True)
    shell.panel.prompt_edit.setPlainText(PROMPT)

    generate(qtbot, shell)

    assert editor.caption().startswith("Before. " + SANDBOX_MARKER)
    assert "Edited AI draft" in editor.send_note_label.text()


def test_unchanged_draft_is_rescheduled_only(
    qtbot: QtBot, shell: AiShell, sandbox: Sandbox
) -> None:
    tick_first_profiles(shell, 2)
    choose_everything(shell, sandbox)
    generate(qtbot, shell)
    origin = shell.window.composer.ai_draft
    assert origin is not None
    expected_time = tomorrow_at_nine(shell.window)
    posts_before = set(sandbox.store.posts)
    sandbox.recorder.clear()

    shell.window.editor.schedule_button.click()
    qtbot.waitUntil(lambda: shell.window.composer.ai_draft is None, timeout=WAIT_MS)

    assert sandbox.writes() == [("PATCH", f"/post/{origin.post_group_id}")]
    stored = sandbox.store.posts[origin.post_group_id]
    assert stored.status == "SCHEDULED"
    assert stored.scheduled_at == expected_time
    assert set(sandbox.store.posts) == posts_before


def test_edited_draft_replaced_by_one_post(qtbot: QtBot, shell: AiShell, sandbox: Sandbox) -> None:
    # The whole job: kit, library and template, a draft with an image, an edit, a schedule.
    profile_ids = tick_first_profiles(shell, 2)
    choose_everything(shell, sandbox)
    generate(qtbot, shell)
    origin = shell.window.composer.ai_draft
    assert origin is not None
    editor = shell.window.editor
    editor.caption_edit.moveCursor(editor.caption_edit.textCursor().MoveOperation.End)
    editor.caption_edit.insertPlainText("\n\nSee you at the counter ☕")
    edited = editor.caption()
    assert "Edited AI draft" in editor.send_note_label.text()
    tomorrow_at_nine(shell.window)
    sandbox.recorder.clear()

    editor.schedule_button.click()
    qtbot.waitUntil(lambda: shell.window.composer.ai_draft is None, timeout=WAIT_MS)

    assert sandbox.writes() == [("POST", "/post"), ("DELETE", f"/post/{origin.post_group_id}")]
    assert origin.post_group_id not in sandbox.store.posts
    mine = [p for p in sandbox.store.posts.values() if p.caption == edited]
    assert len(mine) == 1
    [post] = mine
    assert post.status == "SCHEDULED"
    assert sorted(post.social_profile_ids) == sorted(profile_ids)
    assert len(post.creatives) == 1
    qtbot.waitUntil(lambda: post.id in schedule_ids(shell.window), timeout=WAIT_MS)
    assert origin.post_group_id not in schedule_ids(shell.window)
    assert editor.caption() == ""


def test_unchanged_draft_saved_as_draft_sends_nothing(
    qtbot: QtBot, shell: AiShell, sandbox: Sandbox
) -> None:
    shell.panel.prompt_edit.setPlainText(PROMPT)
    generate(qtbot, shell)
    sandbox.recorder.clear()

    shell.window.editor.save_draft_button.click()
    qtbot.waitUntil(lambda: shell.window.composer.ai_draft is None, timeout=WAIT_MS)

    assert sandbox.writes() == []
    assert "already saved on Ocoya" in shell.window.editor.message_label.text()


def test_cancel_while_generating(qtbot: QtBot, shell: AiShell, sandbox: Sandbox) -> None:
    panel = shell.panel
    panel.prompt_edit.setPlainText(PROMPT)
    drafts_before = len(sandbox.store.posts_in(workspace_id(shell), ["DRAFT"]))
    sandbox.gate.closed = True

    panel.generate_button.click()
    qtbot.waitUntil(sandbox.gate.waiting.is_set, timeout=WAIT_MS)
    assert panel.progress_bar.isVisibleTo(panel)
    assert panel.elapsed_text().startswith("Generating…")
    assert not panel.generate_button.isEnabled()
    panel.cancel_button.click()

    assert not panel.is_generating()
    assert not panel.progress_bar.isVisibleTo(panel)
    assert "may still finish the draft" in panel.message()
    assert panel.prompt_edit.toPlainText() == PROMPT
    assert panel.generate_button.isEnabled()
    assert shell.window.composer.ai_draft is None
    # The server goes on and saves the draft, as the message warns.
    sandbox.gate.open()
    qtbot.waitUntil(
        lambda: len(sandbox.store.posts_in(workspace_id(shell), ["DRAFT"])) == drafts_before + 1,
        timeout=WAIT_MS,
    )


@pytest.mark.parametrize(
    ("fault", "expected"),
    [("force_429", "too many requests"), ("error_rate", "server had an error")],
)
def test_generation_errors_keep_prompt(
    qtbot: QtBot, shell: AiShell, sandbox: Sandbox, fault: str, expected: str
) -> None:
    panel = shell.panel
    panel.prompt_edit.setPlainText(PROMPT)
    setattr(sandbox.faults, fault, True if fault == "force_429" else 1.0)

    panel.generate_button.click()
    qtbot.waitUntil(lambda: bool(panel.message()), timeout=WAIT_MS)

    assert expected in panel.message()
    assert "Generating the AI draft failed" in panel.message()
    assert panel.prompt_edit.toPlainText() == PROMPT
    assert not panel.is_generating()
    assert panel.generate_button.isEnabled()
    # The panel shows the error beside Generate, so the message bar does not repeat it.
    assert not any(message.is_error for message in shell.messages)
    assert shell.window.composer.ai_draft is None


def test_nine_character_prompt_refused(shell: AiShell, sandbox: Sandbox) -> None:
    panel = shell.panel
    panel.prompt_edit.setPlainText("123456789")

    assert not panel.generate_button.isEnabled()
    assert "9 of at least 10" in panel.prompt_status_label.text()
    panel.generate_button.click()
    assert not shell.ai.generate(AiDraftChoices(prompt=" 123456789 "))
    assert "at least 10" in panel.message()
    assert sandbox.ai_bodies() == []

    panel.prompt_edit.setPlainText("1234567890")
    assert panel.generate_button.isEnabled()


def test_insert_hashtags_within_instagram_limit(shell: AiShell, sandbox: Sandbox) -> None:
    model = shell.window.sidebar.profile_view.model()
    instagram = [p.id for p in model.profiles() if p.provider == "instagram"]  # type: ignore[attr-defined]
    assert instagram, "the sandbox's first workspace has no Instagram profile"
    model.set_checked_ids(instagram)  # type: ignore[attr-defined]
    ws = workspace_id(shell)
    library = sandbox.store.hashtag_libraries_in(ws)[0]
    first_tag = library.hashtags[0]
    own_tags = " ".join(f"#own{number}" for number in range(28))
    shell.window.editor.set_caption(f"Hello {first_tag}\n\n{own_tags}")
    assert select_data(shell.panel.library_combo, library.id)
    assert first_tag in shell.panel.library_label.text()

    shell.panel.insert_hashtags_button.click()

    caption = shell.window.editor.caption()
    assert caption.count("#") == 30
    assert caption.count(first_tag) == 1
    assert "Instagram allows at most 30" in shell.panel.message()


def test_choices_and_prompt_remembered(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    shell: AiShell,
    sandbox: Sandbox,
    tmp_path: Path,
) -> None:
    picked = choose_everything(shell, sandbox)
    generate(qtbot, shell)

    again = build_ai_shell(qloop, sandbox.url, tmp_path)
    qtbot.addWidget(again.window)
    try:
        with qtbot.waitSignal(again.window.controller.workspace_loaded, timeout=WAIT_MS):
            again.window.start()
        panel: AiPanel = again.panel
        assert panel.tone_combo.currentData() == "bold"
        assert panel.length_combo.currentData() == "extra_long"
        assert panel.brand_kit_combo.currentData() == picked["brand"]
        assert panel.library_combo.currentData() == picked["library"]
        assert panel.generate_image_check.isChecked()
        assert panel.template_list.checked_ids() == (picked["template"],)
        assert panel.reference_urls() == ("https://cdn.example.com/mood.png",)
        assert panel.history_combo.itemData(1) == PROMPT
        panel.history_combo.activated.emit(1)
        assert panel.prompt_edit.toPlainText() == PROMPT
    finally:
        run_async(again.aclose())


def test_local_reference_image_is_hosted(
    qtbot: QtBot, shell: AiShell, sandbox: Sandbox, tmp_path: Path
) -> None:
    photo = make_jpeg(tmp_path / "mood.jpg", (320, 240))

    shell.ai.add_reference_files([photo])
    qtbot.waitUntil(lambda: bool(shell.panel.reference_urls()), timeout=WAIT_MS)

    [url] = shell.panel.reference_urls()
    assert url.startswith(sandbox.url + "/_sandbox/media/")
    assert len(sandbox.store.media) >= 1


def test_campaign_drafts_appear_in_list(qtbot: QtBot, shell: AiShell, sandbox: Sandbox) -> None:
    tick_first_profiles(shell, 1)
    shell.ai.campaign_poll_seconds = 0.05
    shell.panel.campaign_action.trigger()
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in shell.window.findChildren(CampaignDialog)),
        timeout=WAIT_MS,
    )
    [dialog] = [d for d in shell.window.findChildren(CampaignDialog) if d.isVisible()]
    dialog.prompt_edit.setPlainText("Autumn menu week")
    dialog.count_spin.setValue(3)
    dialog.duration_spin.setValue(5)
    dialog.generate_media_check.setChecked(True)

    with qtbot.waitSignal(shell.ai.campaign_finished, timeout=WAIT_MS) as finished:
        dialog.buttons.accepted.emit()

    progress = finished.args[0]
    assert progress.is_complete
    [body] = [c.body for c in sandbox.recorder.calls() if c.path == "/campaigns"]
    assert body["prompt"] == "Autumn menu week"
    assert body["count"] == 3
    assert body["duration"] == 5
    assert body["generateMedia"] is True
    ids = [post.id for post in progress.drafts]
    qtbot.waitUntil(lambda: set(ids) <= set(schedule_ids(shell.window)), timeout=WAIT_MS)
    assert "Campaign ready" in shell.panel.campaign_label.text()

    assert shell.window.schedule_view.select_post(ids[0])
    shell.window.open_ai_draft_action.trigger()
    origin = shell.window.composer.ai_draft
    assert origin is not None
    assert origin.post_group_id == ids[0]
    assert shell.window.editor.caption() == sandbox.store.posts[ids[0]].caption


def test_short_campaign_prompt_stays_in_dialog(shell: AiShell, qtbot: QtBot) -> None:
    shell.panel.campaign_action.trigger()
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in shell.window.findChildren(CampaignDialog)),
        timeout=WAIT_MS,
    )
    [dialog] = [d for d in shell.window.findChildren(CampaignDialog) if d.isVisible()]
    dialog.prompt_edit.setPlainText("ab")

    dialog.buttons.accepted.emit()

    assert dialog.isVisible()
    assert "too short" in dialog.problem_label.text()
    dialog.reject()


def test_dock_in_view_menu(shell: AiShell) -> None:
    dock = shell.window.ai_dock
    assert dock is not None
    assert dock.objectName() == "AiDraftDock"
    assert dock.widget() is shell.panel
    assert dock.toggleViewAction().text().replace("&", "") == "AI Draft"
    assert shell.window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
