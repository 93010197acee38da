"""The composer end to end against the sandbox served by uvicorn on 127.0.0.1.

A creator signs in, picks a workspace, ticks profiles, types, drops a photo, schedules, and
then reschedules, deletes, duplicates and connects profiles from the main window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import qasync
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from ocoya_desktop.api import ConnectionUrl, OcoyaClient, SocialProfile
from ocoya_desktop.domain.caption_rules import OCOYA_CAPTION_RULE
from ocoya_desktop.domain.networks import Network
from ocoya_desktop.domain.scheduling import resolve_local_time
from ocoya_desktop.media_hosts import SandboxMediaHost
from ocoya_desktop.sandbox import DEMO_API_KEY, Faults, SandboxStore, create_app
from ocoya_desktop.sandbox.server import serve_in_thread
from ocoya_desktop.sandbox.store import Creative as StoredCreative
from ocoya_desktop.sandbox.store import PostGroup as StoredPostGroup
from ocoya_desktop.services.media_pipeline import check_link
from ocoya_desktop.storage.secrets import SecretStore, SessionSecretStore
from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.ui.calendar_controller import CalendarController
from ocoya_desktop.ui.dialogs.connect_profile_dialog import ConnectProfileDialog
from ocoya_desktop.ui.dialogs.reschedule_dialog import RescheduleDialog
from ocoya_desktop.ui.dialogs.settings_dialog import MediaHostingChoice, SettingsDialog
from ocoya_desktop.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from ocoya_desktop.ui.dialogs.sign_in_dialog import SignInDialog
from ocoya_desktop.ui.main_window import MainWindow
from ocoya_desktop.ui.models.schedule_model import Column
from tests.gui.shell_support import WAIT_MS, Shell, build_shell, live_client, start, workspace_ids
from tests.gui.visible_labels import SAVING_OFF
from tests.helpers.media_files import make_jpeg
from tests.helpers.sandbox_support import faults_of, store_of

CAPTION = "Launch day 🚀 — new colours are in the shop ☀️"

# The offscreen platform has no window manager, so it warns when a shown window sets size hints.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def sandbox() -> Starlette:
    # A high rate limit: the tests make more than 60 requests a minute on purpose.
    return create_app(faults=Faults(), rate_limit=100_000)


@pytest.fixture(scope="module")
def server_url(sandbox: Starlette) -> Iterator[str]:
    with serve_in_thread(sandbox) as url:
        yield url


@pytest.fixture
def store(sandbox: Starlette) -> Iterator[SandboxStore]:
    yield store_of(sandbox)
    # Every test starts with the switches off, whatever the previous one set.
    faults_of(sandbox).error_rate = 0.0


class Composer(Shell):
    """The main window on a real HTTP client, with what tests inspect."""


def build_composer(
    loop: qasync.QEventLoop,
    server_url: str,
    data_dir: Path,
    *,
    api_key: str = DEMO_API_KEY,
    settings_dialog: bool = False,
) -> Composer:
    http = httpx.AsyncClient()
    settings = Settings.load(data_dir / "settings.json")

    def host_for(choice: MediaHostingChoice) -> SandboxMediaHost:
        return SandboxMediaHost(http, api_key=api_key, base_url=server_url)

    factory = None
    if settings_dialog:
        secrets = SessionSecretStore()

        def factory(parent: Any) -> QDialog:
            return SettingsDialog(settings, secrets, host_for, parent)

    built = build_shell(
        loop,
        live_client(server_url, api_key=api_key),
        data_dir,
        http=http,
        # Avatars are left out: these tests are about composing, and fewer image decodes
        # in worker threads keep them fast.
        with_images=False,
        settings=settings,
        demo=False,
        link_checker=partial(check_link, client=http),
        host_provider=lambda: host_for(MediaHostingChoice(kind="sandbox")),
        settings_dialog_factory=factory,
    )
    return Composer.extend(built)


@pytest.fixture
def composer(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    server_url: str,
    store: SandboxStore,
    tmp_path: Path,
) -> Iterator[Composer]:
    built = build_composer(qloop, server_url, tmp_path)
    qtbot.addWidget(built.window)
    yield built
    run_async(built.aclose())


def tick(composer: Composer, profile_ids: list[str]) -> None:
    """Tick profiles the way a click on their check boxes does."""
    model = composer.window.sidebar.profile_view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(Qt.ItemDataRole.UserRole + 1) in profile_ids:
            model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)


def profiles_of(composer: Composer) -> list[SocialProfile]:
    return composer.window.sidebar.profile_view.model().profiles()  # type: ignore[attr-defined, no-any-return]


def drop_files(target: Any, paths: list[Path]) -> None:
    """Drag files over ``target`` and drop them, as a file manager does."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    actions = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    try:
        enter = QDragEnterEvent(QPointF(20, 20), actions, data, buttons, modifiers)  # type: ignore[call-overload]
    except TypeError:  # PySide6 6.11 has only the QPoint form
        enter = QDragEnterEvent(QPoint(20, 20), actions, data, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    drop = QDropEvent(QPointF(20, 20), actions, data, buttons, modifiers)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()


def attach_jpeg(qtbot: QtBot, composer: Composer, tmp_path: Path) -> str:
    zone = composer.window.composer.media_zone
    drop_files(zone, [make_jpeg(tmp_path / "shop.jpg", (320, 240))])
    qtbot.waitUntil(lambda: bool(zone.media_urls()) and not zone.is_busy(), timeout=WAIT_MS)
    return zone.media_urls()[0]


def tomorrow_at_nine(composer: Composer) -> dt.datetime:
    """Set the editor to tomorrow 09:00 in its zone; return that instant in UTC."""
    picker = composer.window.editor.schedule_picker
    picker.set_draft(False)
    zone = ZoneInfo(picker.time_zone_name())
    day = dt.datetime.now(zone).date() + dt.timedelta(days=1)
    picker.set_local_datetime(day, dt.time(9, 0))
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=zone).astimezone(dt.UTC)


def posts_with_caption(store: SandboxStore, caption: str) -> list[StoredPostGroup]:
    return [post for post in store.posts.values() if post.caption == caption]


def schedule_ids(composer: Composer) -> list[str]:
    model = composer.window.schedule_view.proxy.sourceModel()
    return [model.post_at(row).id for row in range(model.rowCount())]  # type: ignore[attr-defined]


def add_stored_post(
    store: SandboxStore,
    workspace_id: str,
    caption: str,
    *,
    status: str = "SCHEDULED",
    scheduled_at: dt.datetime | None = None,
    creatives: list[StoredCreative] | None = None,
    profile_ids: list[str] | None = None,
) -> StoredPostGroup:
    post = StoredPostGroup(
        id=store.new_id(),
        workspace_id=workspace_id,
        status=status,
        caption=caption,
        created_at=dt.datetime.now(dt.UTC),
        scheduled_at=scheduled_at,
        creatives=creatives or [],
        social_profile_ids=profile_ids or [],
    )
    store.add_post(post)
    return post


def select_stored_post(qtbot: QtBot, composer: Composer, post_id: str) -> None:
    with qtbot.waitSignal(composer.window.controller.posts_reloaded, timeout=WAIT_MS):
        composer.window.controller.reload_posts()
    assert composer.window.schedule_view.select_post(post_id)


def start_with_post(
    qtbot: QtBot, composer: Composer, store: SandboxStore, caption: str, **fields: Any
) -> StoredPostGroup:
    """Load the first workspace, add a post with ``caption`` in the sandbox and select it."""
    start(qtbot, composer)
    workspace_id = composer.window.controller.current_workspace_id
    assert workspace_id is not None
    post = add_stored_post(store, workspace_id, caption, **fields)
    select_stored_post(qtbot, composer, post.id)
    return post


def find_dialog(window: MainWindow, kind: type[Any]) -> Any:
    found = [child for child in window.findChildren(kind) if child.isVisible()]
    return found[0] if found else None


# --- the whole job -----------------------------------------------------------------------


def test_sign_in_compose_and_schedule_creates_exactly_that_post(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    server_url: str,
    store: SandboxStore,
    tmp_path: Path,
) -> None:
    def factory(key: str) -> OcoyaClient:
        return live_client(server_url, api_key=key)

    keyring_store = SecretStore()
    dialog = SignInDialog(factory, keyring_store, qloop)
    qtbot.addWidget(dialog)
    dialog.key_field.setText(DEMO_API_KEY)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        dialog.sign_in_button.click()
    signed_in = dialog.sign_in_result()
    assert signed_in is not None
    assert keyring_store.get_api_key() == DEMO_API_KEY

    composer = build_composer(qloop, server_url, tmp_path, api_key=signed_in.api_key)
    qtbot.addWidget(composer.window)
    try:
        start(qtbot, composer)
        second = workspace_ids(store)[1]
        with qtbot.waitSignal(composer.window.controller.workspace_loaded, timeout=WAIT_MS):
            assert composer.window.sidebar.select_workspace(second)
        chosen = [profile.id for profile in profiles_of(composer)[:2]]
        assert len(chosen) == 2
        tick(composer, chosen)

        editor = composer.window.editor
        editor.caption_edit.setFocus()
        editor.caption_edit.insertPlainText(CAPTION)
        media_url = attach_jpeg(qtbot, composer, tmp_path)
        expected_time = tomorrow_at_nine(composer)
        assert editor.schedule_button.text() == "Schedule"

        editor.schedule_button.click()
        qtbot.waitUntil(lambda: bool(posts_with_caption(store, CAPTION)), timeout=WAIT_MS)

        [post] = posts_with_caption(store, CAPTION)
        assert post.workspace_id == second
        assert post.status == "SCHEDULED"
        assert sorted(post.social_profile_ids) == sorted(chosen)
        assert [creative.url for creative in post.creatives] == [media_url]
        assert post.scheduled_at == expected_time
        qtbot.waitUntil(lambda: post.id in schedule_ids(composer), timeout=WAIT_MS)
        assert editor.caption() == ""
        assert composer.window.composer.media_zone.model.rowCount() == 0
    finally:
        run_async(composer.aclose())


# --- error paths ---------------------------------------------------------------------------


def test_wrong_key_rejected_at_sign_in(
    qtbot: QtBot, qloop: qasync.QEventLoop, server_url: str, store: SandboxStore
) -> None:
    def factory(key: str) -> OcoyaClient:
        return live_client(server_url, api_key=key)

    keyring_store = SecretStore()
    dialog = SignInDialog(factory, keyring_store, qloop)
    qtbot.addWidget(dialog)
    dialog.key_field.setText("wrong-key")

    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: "rejected the API key" in dialog.message(), timeout=WAIT_MS)

    assert dialog.sign_in_result() is None
    assert keyring_store.get_api_key() is None
    assert dialog.key_field.text() == "wrong-key"


def test_server_down_is_reported_in_message_bar(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    tmp_path: Path,
) -> None:
    # A server that has stopped leaves a port on 127.0.0.1 that refuses connections.
    with serve_in_thread(create_app()) as stopped_url:
        pass
    composer = build_composer(qloop, stopped_url, tmp_path)
    qtbot.addWidget(composer.window)
    try:
        composer.window.start()
        qtbot.waitUntil(lambda: bool(composer.messages), timeout=WAIT_MS)
        message = composer.messages[-1]
        assert message.is_error
        assert "workspaces" in message.text.lower()
        assert composer.window.message_bar.isVisibleTo(composer.window)
    finally:
        run_async(composer.aclose())


def test_past_time_blocks_schedule_with_reason(
    qtbot: QtBot, composer: Composer, store: SandboxStore
) -> None:
    start(qtbot, composer)
    tick(composer, [profiles_of(composer)[0].id])
    editor = composer.window.editor
    editor.caption_edit.insertPlainText("Too late")
    picker = editor.schedule_picker
    picker.set_draft(False)
    yesterday = dt.datetime.now(ZoneInfo(picker.time_zone_name())).date() - dt.timedelta(days=1)
    picker.set_local_datetime(yesterday, dt.time(9, 0))

    editor.schedule_button.click()

    assert not editor.schedule_button.isEnabled()
    assert editor.reason_label.text()
    assert posts_with_caption(store, "Too late") == []


def test_caption_over_ocoya_limit_cannot_be_saved(
    qtbot: QtBot, composer: Composer, store: SandboxStore
) -> None:
    start(qtbot, composer)
    editor = composer.window.editor
    caption = "a" * (OCOYA_CAPTION_RULE.limit + 1)
    editor.set_caption(caption)

    editor.save_draft_button.click()

    assert not editor.save_draft_button.isEnabled()
    assert editor.reason_label.text() == SAVING_OFF
    qtbot.waitUntil(lambda: "Ocoya accepts at most" in editor.counters.findings_label.text())
    assert posts_with_caption(store, caption) == []


def test_server_error_keeps_everything_and_retry_sends(
    qtbot: QtBot, composer: Composer, store: SandboxStore, sandbox: Starlette, tmp_path: Path
) -> None:
    start(qtbot, composer)
    chosen = [profile.id for profile in profiles_of(composer)[:2]]
    tick(composer, chosen)
    editor = composer.window.editor
    caption = "Retry me 🔁"
    editor.caption_edit.insertPlainText(caption)
    media_url = attach_jpeg(qtbot, composer, tmp_path)
    tomorrow_at_nine(composer)

    sandbox.state.faults.error_rate = 1.0
    editor.schedule_button.click()
    qtbot.waitUntil(lambda: editor.retry_button.isVisibleTo(editor), timeout=WAIT_MS)

    assert posts_with_caption(store, caption) == []
    assert editor.caption() == caption
    assert composer.window.composer.media_zone.media_urls() == [media_url]
    assert composer.window.sidebar.profile_view.model().checked_ids() == chosen  # type: ignore[attr-defined]
    assert editor.message_label.text()
    # The editor shows the error beside its Retry, so the message bar does not repeat it.
    assert not any(message.is_error for message in composer.messages)

    faults_of(sandbox).error_rate = 0.0
    editor.retry_button.click()
    qtbot.waitUntil(lambda: bool(posts_with_caption(store, caption)), timeout=WAIT_MS)
    [post] = posts_with_caption(store, caption)
    assert [creative.url for creative in post.creatives] == [media_url]
    qtbot.waitUntil(lambda: editor.caption() == "", timeout=WAIT_MS)


# --- schedule actions ----------------------------------------------------------------------


def pick_reschedule_time(
    qtbot: QtBot, composer: Composer, days_ahead: int, time: dt.time
) -> tuple[RescheduleDialog, dt.datetime]:
    """Open Reschedule for the selected post and pick ``time`` ``days_ahead`` days from today
    in the dialog's zone; return the dialog and that time in UTC."""
    composer.window.reschedule_action.trigger()
    qtbot.waitUntil(lambda: find_dialog(composer.window, RescheduleDialog) is not None)
    dialog: RescheduleDialog = find_dialog(composer.window, RescheduleDialog)
    zone = ZoneInfo(dialog.picker.time_zone_name())
    day = dt.datetime.now(zone).date() + dt.timedelta(days=days_ahead)
    dialog.picker.set_local_datetime(day, time)
    return dialog, dt.datetime.combine(day, time, tzinfo=zone).astimezone(dt.UTC)


def test_reschedule_moves_post_to_picked_time(
    qtbot: QtBot, composer: Composer, store: SandboxStore
) -> None:
    old_time = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(microsecond=0)
    post = start_with_post(qtbot, composer, store, "Move me", scheduled_at=old_time)
    assert composer.window.reschedule_action.isEnabled()

    dialog, expected = pick_reschedule_time(qtbot, composer, 3, dt.time(10, 30))
    dialog.buttons.accepted.emit()

    qtbot.waitUntil(lambda: store.posts[post.id].scheduled_at == expected, timeout=WAIT_MS)


def test_reschedule_needs_another_time(
    qtbot: QtBot, composer: Composer, store: SandboxStore
) -> None:
    old_time = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(second=0, microsecond=0)
    start_with_post(qtbot, composer, store, "Stay here", scheduled_at=old_time)
    dialog, _picked = pick_reschedule_time(qtbot, composer, 3, dt.time(10, 30))
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled()

    zone = ZoneInfo(dialog.picker.time_zone_name())
    local = old_time.astimezone(zone)
    dialog.picker.set_local_datetime(local.date(), local.time())

    assert not ok.isEnabled()
    assert ok.toolTip()
    assert dialog.problem_label.isHidden()
    dialog.reject()


def test_failed_reschedule_keeps_picked_time(
    qtbot: QtBot, composer: Composer, store: SandboxStore, sandbox: Starlette
) -> None:
    old_time = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(microsecond=0)
    post = start_with_post(qtbot, composer, store, "Try again", scheduled_at=old_time)
    dialog, picked = pick_reschedule_time(qtbot, composer, 4, dt.time(16, 45))
    faults_of(sandbox).error_rate = 1.0
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: any(message.is_error for message in composer.messages), timeout=WAIT_MS)
    faults_of(sandbox).error_rate = 0.0

    composer.window.reschedule_action.trigger()
    qtbot.waitUntil(lambda: find_dialog(composer.window, RescheduleDialog) not in (None, dialog))
    again: RescheduleDialog = find_dialog(composer.window, RescheduleDialog)

    assert again.picker.scheduled_at() == picked
    assert not again.note_label.isHidden()
    again.buttons.accepted.emit()
    qtbot.waitUntil(lambda: store.posts[post.id].scheduled_at == picked, timeout=WAIT_MS)


def test_moved_post_drops_failed_reschedule(
    qtbot: QtBot, composer: Composer, store: SandboxStore, sandbox: Starlette
) -> None:
    old_time = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(microsecond=0)
    post = start_with_post(qtbot, composer, store, "Moved elsewhere", scheduled_at=old_time)
    listed = composer.window.schedule_view.current_post()
    assert listed is not None
    picked = old_time + dt.timedelta(days=3)
    faults_of(sandbox).error_rate = 1.0
    composer.window.composer.reschedule(listed, picked)
    qtbot.waitUntil(lambda: any(message.is_error for message in composer.messages), timeout=WAIT_MS)
    faults_of(sandbox).error_rate = 0.0
    assert composer.window.composer.failed_reschedule_time(listed) == picked

    # The post moves another way, in the calendar, so the failed time no longer applies.
    calendar = composer.window.findChild(CalendarController)
    moved = old_time + dt.timedelta(days=5)
    calendar.move_post(post.id, resolve_local_time(moved.date(), moved.time(), ZoneInfo("UTC")))
    qtbot.waitUntil(lambda: store.posts[post.id].scheduled_at == moved, timeout=WAIT_MS)

    current = composer.window.schedule_view.current_post()
    assert current is not None
    assert composer.window.composer.failed_reschedule_time(current) is None


def test_reschedule_rejects_past_time(
    qtbot: QtBot, composer: Composer, store: SandboxStore
) -> None:
    old_time = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(microsecond=0)
    post = start_with_post(qtbot, composer, store, "Stay put", scheduled_at=old_time)

    composer.window.reschedule_action.trigger()
    qtbot.waitUntil(lambda: find_dialog(composer.window, RescheduleDialog) is not None)
    dialog: RescheduleDialog = find_dialog(composer.window, RescheduleDialog)
    zone = ZoneInfo(dialog.picker.time_zone_name())
    dialog.picker.set_local_datetime(
        dt.datetime.now(zone).date() - dt.timedelta(days=1), dt.time(9, 0)
    )

    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    assert dialog.problem_label.text()
    dialog.reject()
    assert store.posts[post.id].scheduled_at == old_time


def test_posted_post_cannot_be_rescheduled(
    qtbot: QtBot, composer: Composer, store: SandboxStore
) -> None:
    start_with_post(
        qtbot, composer, store, "Already out", status="POSTED", scheduled_at=dt.datetime.now(dt.UTC)
    )

    assert not composer.window.reschedule_action.isEnabled()
    assert "published" in composer.window.reschedule_action.toolTip()
    assert composer.window.delete_action.isEnabled()


def test_delete_asks_then_removes_post(
    qtbot: QtBot, composer: Composer, store: SandboxStore
) -> None:
    post = start_with_post(qtbot, composer, store, "Delete me", status="DRAFT")

    composer.window.schedule_view.table.setFocus()
    composer.window.delete_action.trigger()
    qtbot.waitUntil(lambda: find_dialog(composer.window, QMessageBox) is not None)
    box: QMessageBox = find_dialog(composer.window, QMessageBox)
    assert "Delete me" in box.text()
    assert post.id in store.posts
    delete_button = box.button(QMessageBox.StandardButton.Yes)
    assert delete_button.text() == "Delete"
    delete_button.click()

    qtbot.waitUntil(lambda: post.id not in store.posts, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: post.id not in schedule_ids(composer), timeout=WAIT_MS)


def test_delete_cancelled_keeps_post(qtbot: QtBot, composer: Composer, store: SandboxStore) -> None:
    post = start_with_post(qtbot, composer, store, "Keep me", status="DRAFT")

    composer.window.delete_action.trigger()
    qtbot.waitUntil(lambda: find_dialog(composer.window, QMessageBox) is not None)
    box: QMessageBox = find_dialog(composer.window, QMessageBox)
    with qtbot.waitSignal(box.finished, timeout=WAIT_MS):
        box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: not composer.runner.is_busy(), timeout=WAIT_MS)

    assert post.id in store.posts


def test_duplicate_copies_caption_media_and_profiles(
    qtbot: QtBot, composer: Composer, store: SandboxStore
) -> None:
    start(qtbot, composer)
    workspace_id = composer.window.controller.current_workspace_id
    assert workspace_id is not None
    profile_ids = [profile.id for profile in profiles_of(composer)[:2]]
    media_url = "https://cdn.example.com/photos/beach.jpg"
    post = add_stored_post(
        store,
        workspace_id,
        "Copy me 📋",
        status="DRAFT",
        creatives=[StoredCreative(url=media_url, type="IMAGE")],
        profile_ids=profile_ids,
    )
    select_stored_post(qtbot, composer, post.id)
    # Link checks would fetch the URL; this test is about what lands in the editor.
    zone = composer.window.composer.media_zone
    sources: list[str] = []
    zone.add_sources = lambda entries: sources.extend(str(e) for e in entries)  # type: ignore[method-assign]

    composer.window.duplicate_action.trigger()

    assert composer.window.editor.caption() == "Copy me 📋"
    assert sources == [media_url]
    checked = composer.window.sidebar.profile_view.model().checked_ids()  # type: ignore[attr-defined]
    assert sorted(checked) == sorted(profile_ids)


def test_activating_row_duplicates_post(
    qtbot: QtBot, composer: Composer, store: SandboxStore
) -> None:
    start_with_post(qtbot, composer, store, "Activated post", status="ERROR")
    table = composer.window.schedule_view.table
    status_index = table.currentIndex().siblingAtColumn(Column.STATUS)
    assert "could not publish" in status_index.data(Qt.ItemDataRole.ToolTipRole)

    # Enter activates the current row, as a double-click does.
    qtbot.keyClick(table, Qt.Key.Key_Return)

    assert composer.window.editor.caption() == "Activated post"


# --- profiles --------------------------------------------------------------------------------


def test_connect_profile_opens_https_page(qtbot: QtBot, composer: Composer) -> None:
    start(qtbot, composer)

    composer.window.sidebar.connect_button.click()
    qtbot.waitUntil(lambda: find_dialog(composer.window, ConnectProfileDialog) is not None)
    dialog: ConnectProfileDialog = find_dialog(composer.window, ConnectProfileDialog)
    dialog.select_provider("twitter")
    dialog.buttons.accepted.emit()

    qtbot.waitUntil(lambda: bool(composer.opened), timeout=WAIT_MS)
    [url] = composer.opened
    assert url.scheme() == "https"
    assert "twitter" in url.toString()
    assert url.host() in composer.messages[-1].text


def test_connect_profile_rejects_http(
    qtbot: QtBot, composer: Composer, monkeypatch: pytest.MonkeyPatch
) -> None:
    start(qtbot, composer)

    async def plain_http(workspace_id: str, provider: str) -> ConnectionUrl:
        return ConnectionUrl("http://connect.example.com/start", provider, None, None)

    monkeypatch.setattr(composer.client, "connection_url", plain_http)
    composer.window.connect_profile_action.trigger()
    qtbot.waitUntil(lambda: find_dialog(composer.window, ConnectProfileDialog) is not None)
    find_dialog(composer.window, ConnectProfileDialog).buttons.accepted.emit()

    qtbot.waitUntil(lambda: bool(composer.messages), timeout=WAIT_MS)
    assert composer.opened == []
    assert composer.messages[-1].is_error
    assert "https" in composer.messages[-1].text


def test_paid_x_mark_is_stored(qtbot: QtBot, composer: Composer) -> None:
    start(qtbot, composer)
    profiles = profiles_of(composer)
    x_rows = [row for row, p in enumerate(profiles) if p.provider.lower() in ("twitter", "x")]
    if not x_rows:
        pytest.fail("the sandbox's first workspace has no X profile to mark as paid")
    row = x_rows[0]
    x_id = profiles[row].id

    menu = composer.window.sidebar.profile_menu(row)
    assert menu is not None
    [action] = menu.actions()
    assert "Paid X account" in action.text()
    action.trigger()
    menu.deleteLater()

    assert composer.settings.get("x.paid_profile_ids") == [x_id]
    tick(composer, [x_id])
    qtbot.waitUntil(lambda: "25000" in (_x_counter_text(composer) or ""), timeout=WAIT_MS)
    again = composer.window.sidebar.profile_menu(row)
    assert again is not None and again.actions()[0].isChecked()
    again.deleteLater()


def _x_counter_text(composer: Composer) -> str | None:
    counter = composer.window.editor.counters.counter(Network.X)
    return counter.text() if counter is not None else None


# --- menus -----------------------------------------------------------------------------------


def test_shortcuts_dialog_lists_actions(qtbot: QtBot, composer: Composer) -> None:
    composer.window.shortcuts_action.trigger()
    dialog: ShortcutsDialog = find_dialog(composer.window, ShortcutsDialog)
    assert dialog is not None
    rows = dict(dialog.rows())
    assert rows["Reschedule…"] == "Ctrl+R"
    assert rows["Refresh"] == "F5"
    assert "Schedule" in rows
    dialog.close()


def test_settings_action_opens_settings_dialog(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    server_url: str,
    tmp_path: Path,
) -> None:
    composer = build_composer(qloop, server_url, tmp_path, settings_dialog=True)
    qtbot.addWidget(composer.window)
    try:
        assert composer.window.settings_action.isEnabled()
        composer.window.settings_action.trigger()
        dialog = find_dialog(composer.window, SettingsDialog)
        assert dialog is not None
        dialog.reject()
    finally:
        run_async(composer.aclose())


def save_draft_and_wait_for_undo(qtbot: QtBot, composer: Composer, caption: str) -> None:
    """Save ``caption`` as a draft and wait for the editor to clear and offer Restore caption."""
    editor = composer.window.editor
    editor.set_caption(caption)
    editor.schedule_picker.set_draft(True)
    editor.save_draft_button.click()
    qtbot.waitUntil(
        lambda: editor.caption() == "" and not editor.undo_clear_button.isHidden(),
        timeout=WAIT_MS,
    )


def test_workspace_switch_ends_undo_clear(
    qtbot: QtBot, composer: Composer, store: SandboxStore
) -> None:
    start(qtbot, composer)
    tick(composer, [profiles_of(composer)[0].id])
    save_draft_and_wait_for_undo(qtbot, composer, "Sent from the first workspace")

    second = workspace_ids(store)[1]
    with qtbot.waitSignal(composer.window.controller.workspace_loaded, timeout=WAIT_MS):
        assert composer.window.sidebar.select_workspace(second)

    editor = composer.window.editor
    assert editor.message_frame.isHidden()
    assert editor.caption() == ""


def test_new_post_ends_undo_clear(qtbot: QtBot, composer: Composer) -> None:
    start(qtbot, composer)
    tick(composer, [profiles_of(composer)[0].id])
    save_draft_and_wait_for_undo(qtbot, composer, "Sent before New Post")

    composer.window.composer.new_post()

    editor = composer.window.editor
    assert editor.message_frame.isHidden()
    assert editor.caption() == ""
