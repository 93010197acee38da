"""Sending again after a send whose outcome is unknown: the recent posts are checked first.

The main window runs on the in-process sandbox, with its fault switches, behind a transport
that records every request as "METHOD /path" and can hold chosen requests until a test
releases them. Errors of a send show in the editor, beside its Retry, and not in the
message bar.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from ocoya_desktop.api import PostStatus
from ocoya_desktop.sandbox import Faults, SandboxStore
from ocoya_desktop.sandbox.store import PostGroup as StoredPostGroup
from ocoya_desktop.services.ai_drafts import AiDraftOrigin
from ocoya_desktop.storage.drafts_db import DraftsDatabase
from ocoya_desktop.ui.models.profile_list_model import ProfileIdRole, ProviderRole
from ocoya_desktop.ui.outbox_controller import ReliabilityTools, reliability_tools_of
from ocoya_desktop.ui.widgets.post_editor import PostEditor
from tests.gui.shell_support import (
    WAIT_MS,
    Shell,
    build_shell,
    make_client,
    sandbox_transport,
    start,
    workspace_ids,
)
from tests.helpers.sandbox_support import API_PATH, faults_of

CAPTION = "Spring menu is here: try the lavender latte"
SCHEDULED = "Post scheduled."
# Networks that accept a post without media, so a caption alone can be scheduled.
TEXT_PROVIDERS = ("facebook", "twitter", "x", "linkedin")
CHECK = "GET /post"
SEND = "POST /post"

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass
class Hold:
    """Requests whose "METHOD /path" is ``request`` wait here until ``release``."""

    request: str
    released: asyncio.Event = field(default_factory=asyncio.Event)
    waiting: int = 0

    def release(self) -> None:
        self.released.set()


class RecordingTransport(httpx.AsyncBaseTransport):
    """Passes requests to ``inner`` and records each one as "METHOD /path" in ``requests``."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner
        self.requests: list[str] = []
        self.hold: Hold | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        name = f"{request.method} {request.url.path.removeprefix(API_PATH)}"
        self.requests.append(name)
        hold = self.hold
        if hold is not None and hold.request == name and not hold.released.is_set():
            hold.waiting += 1
            await hold.released.wait()
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


@dataclass(kw_only=True)
class Window(Shell):
    """The main window with Local Drafts, and the transport and sandbox behind it."""

    transport: RecordingTransport
    sandbox: Starlette
    tools: ReliabilityTools

    @property
    def editor(self) -> PostEditor:
        return self.window.editor

    @property
    def faults(self) -> Faults:
        return faults_of(self.sandbox)

    def requests_since(self, count: int) -> list[str]:
        return self.transport.requests[count:]

    def error_texts(self) -> list[str]:
        return [message.text for message in self.messages if message.is_error]


@pytest.fixture
def shell(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    sandbox: Starlette,
    database: DraftsDatabase,
    tmp_path: Path,
) -> Iterator[Window]:
    transport = RecordingTransport(sandbox_transport(sandbox))
    built = build_shell(qloop, make_client(transport), tmp_path, drafts=database)
    tools = reliability_tools_of(built.window)
    assert tools is not None
    window = Window.extend(built, transport=transport, sandbox=sandbox, tools=tools)
    qtbot.addWidget(window.window)
    start(qtbot, window)
    tools.start(restore=False)
    yield window
    if window.transport.hold is not None:
        window.transport.hold.release()
    tools.stop()
    run_async(window.aclose())


def tick_text_profiles(shell: Window, count: int = 2) -> list[str]:
    """Tick the first ``count`` profiles that accept a caption alone, as clicks do."""
    model = shell.window.sidebar.profile_view.model()
    ticked: list[str] = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ProviderRole) not in TEXT_PROVIDERS or len(ticked) == count:
            continue
        model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        ticked.append(index.data(ProfileIdRole))
    return ticked


def write_post(shell: Window, caption: str = CAPTION) -> list[str]:
    """Type ``caption``, tick profiles and pick tomorrow at nine; return the ticked ids."""
    ticked = tick_text_profiles(shell)
    shell.editor.set_caption(caption)
    picker = shell.editor.schedule_picker
    tomorrow = dt.datetime.now(ZoneInfo(picker.time_zone_name())).date() + dt.timedelta(days=1)
    picker.set_local_datetime(tomorrow, dt.time(9))
    return ticked


def posts_with_caption(store: SandboxStore, caption: str) -> list[StoredPostGroup]:
    with store.lock:
        return [post for post in store.posts.values() if post.caption == caption]


def fail_uncertainly(qtbot: QtBot, shell: Window) -> None:
    """Schedule the editor's post while every request gets an HTML 500 page."""
    shell.faults.html_500 = True
    shell.editor.schedule_button.click()
    qtbot.waitUntil(lambda: shell.editor.retry_button.isVisibleTo(shell.editor), timeout=WAIT_MS)
    shell.faults.html_500 = False


def send(qtbot: QtBot, shell: Window, press: Callable[[], object]) -> None:
    """Call ``press`` and wait until the post is created and the schedule has reloaded."""
    with qtbot.waitSignal(shell.window.composer.post_sent, timeout=WAIT_MS):
        press()
    qtbot.waitUntil(lambda: not shell.runner.is_busy(), timeout=WAIT_MS)


# --- retry after an unknown outcome -----------------------------------------------------


def test_retry_checks_before_sending(qtbot: QtBot, shell: Window, store: SandboxStore) -> None:
    write_post(shell)
    fail_uncertainly(qtbot, shell)
    before = len(shell.transport.requests)

    send(qtbot, shell, shell.editor.retry_button.click)

    sent = shell.requests_since(before)
    assert sent[:2] == [CHECK, SEND]
    assert sent.count(SEND) == 1
    assert len(posts_with_caption(store, CAPTION)) == 1
    assert shell.editor.message_label.text() == SCHEDULED


def test_edited_ai_draft_retry_checks(qtbot: QtBot, shell: Window, store: SandboxStore) -> None:
    schedule = shell.window.schedule_view.proxy.sourceModel()
    draft = next(
        schedule.post_at(row)
        for row in range(schedule.rowCount())
        if schedule.post_at(row).status == PostStatus.DRAFT
    )
    write_post(shell)
    # The post started as that AI draft and was edited, so saving it creates a replacement.
    shell.window.composer.set_ai_draft(AiDraftOrigin.from_post(draft))
    fail_uncertainly(qtbot, shell)
    before = len(shell.transport.requests)

    send(qtbot, shell, shell.editor.retry_button.click)

    sent = shell.requests_since(before)
    assert sent[:2] == [CHECK, SEND]
    assert sent.count(SEND) == 1
    assert len(posts_with_caption(store, CAPTION)) == 1


def test_schedule_button_also_checks(qtbot: QtBot, shell: Window) -> None:
    write_post(shell)
    fail_uncertainly(qtbot, shell)
    before = len(shell.transport.requests)

    send(qtbot, shell, shell.editor.schedule_button.click)

    assert shell.requests_since(before)[:2] == [CHECK, SEND]


def test_retry_finds_received_post(qtbot: QtBot, shell: Window, store: SandboxStore) -> None:
    write_post(shell)
    # The sandbox stores the post and drops the response, and the check for it then fails.
    shell.faults.drop_after_create = True
    hold = shell.transport.hold = Hold(CHECK)
    shell.editor.schedule_button.click()
    qtbot.waitUntil(lambda: hold.waiting > 0, timeout=WAIT_MS)
    shell.faults.drop_after_create = False
    shell.faults.html_500 = True
    hold.release()
    qtbot.waitUntil(lambda: shell.editor.retry_button.isVisibleTo(shell.editor), timeout=WAIT_MS)
    shell.faults.html_500 = False
    before = len(shell.transport.requests)

    send(qtbot, shell, shell.editor.retry_button.click)

    assert shell.requests_since(before)[0] == CHECK
    assert SEND not in shell.requests_since(before)
    assert len(posts_with_caption(store, CAPTION)) == 1
    expected = f"Ocoya had received the post, so it was not sent again. {SCHEDULED}"
    assert shell.editor.message_label.text() == expected
    assert shell.window.message_bar.text() == expected


def test_shortcut_sends_after_check(qtbot: QtBot, shell: Window) -> None:
    write_post(shell)
    fail_uncertainly(qtbot, shell)
    before = len(shell.transport.requests)

    send(qtbot, shell, shell.editor.schedule_action.trigger)

    assert shell.requests_since(before)[:2] == [CHECK, SEND]


# --- when the check-first mark ends -----------------------------------------------------


def test_success_ends_check_first(qtbot: QtBot, shell: Window) -> None:
    write_post(shell)
    fail_uncertainly(qtbot, shell)
    send(qtbot, shell, shell.editor.retry_button.click)
    write_post(shell, "A second post, written after the first one was scheduled")
    before = len(shell.transport.requests)

    send(qtbot, shell, shell.editor.schedule_button.click)

    assert shell.requests_since(before)[0] == SEND


def test_new_post_ends_check_first(qtbot: QtBot, shell: Window) -> None:
    write_post(shell)
    fail_uncertainly(qtbot, shell)

    shell.window.new_post_action.trigger()
    assert shell.editor.caption() == ""
    write_post(shell, "A new post after New Post")
    before = len(shell.transport.requests)
    send(qtbot, shell, shell.editor.schedule_button.click)

    assert shell.requests_since(before)[0] == SEND


def test_workspace_switch_ends_check_first(
    qtbot: QtBot, shell: Window, store: SandboxStore
) -> None:
    first, second = workspace_ids(store)[:2]
    write_post(shell)
    fail_uncertainly(qtbot, shell)

    for workspace_id in (second, first):
        with qtbot.waitSignal(shell.window.controller.workspace_loaded, timeout=WAIT_MS):
            assert shell.window.sidebar.select_workspace(workspace_id)
    write_post(shell)
    before = len(shell.transport.requests)
    send(qtbot, shell, shell.editor.schedule_button.click)

    assert shell.requests_since(before)[0] == SEND


def test_rejected_send_ends_check_first(qtbot: QtBot, shell: Window, store: SandboxStore) -> None:
    profile_id = write_post(shell)[0]
    fail_uncertainly(qtbot, shell)
    # Ocoya rejects a post for a profile it no longer has with 400.
    with store.lock:
        removed = store.social_profiles.pop(profile_id)
    shell.editor.retry_button.click()
    qtbot.waitUntil(lambda: "did not accept" in shell.editor.message_label.text(), timeout=WAIT_MS)
    with store.lock:
        store.social_profiles[profile_id] = removed
    before = len(shell.transport.requests)

    send(qtbot, shell, shell.editor.retry_button.click)

    assert shell.requests_since(before)[0] == SEND


def test_plain_send_does_not_check(qtbot: QtBot, shell: Window) -> None:
    write_post(shell)
    before = len(shell.transport.requests)

    send(qtbot, shell, shell.editor.schedule_button.click)

    assert shell.requests_since(before)[0] == SEND


# --- where the error shows --------------------------------------------------------------


def test_failure_shows_only_in_editor(qtbot: QtBot, shell: Window) -> None:
    write_post(shell)

    fail_uncertainly(qtbot, shell)

    text = shell.editor.message_label.text()
    assert text.startswith("Saving the post did not finish.")
    assert "Ocoya may have received the post" in text
    assert "Press Retry to check again." in text
    assert shell.error_texts() == []
    assert shell.window.message_bar.text() == ""


def test_success_leaves_no_stale_error(qtbot: QtBot, shell: Window) -> None:
    write_post(shell)
    fail_uncertainly(qtbot, shell)

    send(qtbot, shell, shell.editor.retry_button.click)

    assert shell.error_texts() == []
    assert shell.window.message_bar.text() == SCHEDULED
    assert shell.editor.message_label.text() == SCHEDULED
    assert not shell.editor.retry_button.isVisibleTo(shell.editor)


def test_failure_text_is_plain(qtbot: QtBot, shell: Window) -> None:
    write_post(shell)

    fail_uncertainly(qtbot, shell)

    text = shell.editor.message_label.text()
    assert "Ocoya's server had an error." in text
    for detail in ("HTTP", "HTML", "GET /post", "(", "sandbox"):
        assert detail not in text


# --- cancelling a slow save -------------------------------------------------------------


def cancel_held_send(qtbot: QtBot, shell: Window) -> None:
    """Schedule while Ocoya never responds to the send, then press the status bar's Cancel."""
    shell.runner.slow_after_seconds = 0.1
    shell.transport.hold = Hold(SEND)
    with qtbot.waitSignal(shell.runner.slow_task_started, timeout=WAIT_MS):
        shell.editor.schedule_button.click()
    with qtbot.waitSignal(shell.runner.task_cancelled, timeout=WAIT_MS):
        shell.window.task_panel.cancel_button.click()
    shell.transport.hold = None


def test_cancelled_save_says_so(qtbot: QtBot, shell: Window) -> None:
    write_post(shell)

    cancel_held_send(qtbot, shell)

    text = shell.editor.message_label.text()
    assert text.startswith("Saving was cancelled. The post is still here.")
    assert "the next save checks for it first" in text
    assert shell.editor.message_frame.isVisibleTo(shell.editor)
    assert shell.editor.caption() == CAPTION
    assert not shell.editor.is_busy()


def test_save_after_cancel_checks(qtbot: QtBot, shell: Window, store: SandboxStore) -> None:
    write_post(shell)
    cancel_held_send(qtbot, shell)
    before = len(shell.transport.requests)

    send(qtbot, shell, shell.editor.schedule_button.click)

    assert shell.requests_since(before)[:2] == [CHECK, SEND]
    assert len(posts_with_caption(store, CAPTION)) == 1
