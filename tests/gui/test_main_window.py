"""The main window against the in-process sandbox: loading, paging, filters, errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from ocoya_desktop.sandbox import SandboxStore
from ocoya_desktop.ui.main_window import CloseReason
from ocoya_desktop.ui.models.schedule_model import Column, ScheduleModel, StatusRole
from tests.gui.shell_support import (
    GatedTransport,
    Shell,
    add_posts,
    make_shell,
    start,
    workspace_ids,
)

WAIT_MS = 5_000

# The offscreen platform has no window manager, so it warns when a shown window sets size hints.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def shell(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    gate: GatedTransport,
    tmp_path: Path,
) -> Iterator[Shell]:
    built = make_shell(qloop, gate, tmp_path, with_images=True)
    qtbot.addWidget(built.window)
    yield built
    run_async(built.aclose())


def schedule_rows(shell: Shell) -> int:
    return shell.window.schedule_view.proxy.rowCount()


def source_rows(shell: Shell) -> int:
    return shell.window.schedule_view.proxy.sourceModel().rowCount()


def test_window_loads_first_workspace(qtbot: QtBot, shell: Shell, store: SandboxStore) -> None:
    first = workspace_ids(store)[0]

    start(qtbot, shell)

    profiles = shell.window.sidebar.profile_view.model()
    expected = store.profiles_in(first)
    shown = [profiles.index(row, 0).data() for row in range(profiles.rowCount())]
    assert {p.id for p in profiles.profiles()} == {p.id for p in expected}
    # Same-named profiles carry their network in brackets, so match on the name's start.
    assert all(any(text.startswith(p.name) for text in shown) for p in expected)
    assert source_rows(shell) == min(50, len(store.posts_in(first)))
    assert shell.window.sidebar.current_workspace_id() == first
    assert shell.window.demo_banner is not None
    assert shell.window.demo_banner.text() == "Demo mode: nothing is published"


def test_profile_avatars_load_in_background(
    qtbot: QtBot, shell: Shell, store: SandboxStore, tmp_path: Path
) -> None:
    start(qtbot, shell)
    model = shell.window.sidebar.profile_view.model()
    with_image = [p.id for p in store.profiles_in(workspace_ids(store)[0]) if p.image]
    assert with_image, "the demo data should have profiles with pictures"

    qtbot.waitUntil(lambda: all(model.has_avatar(pid) for pid in with_image), timeout=WAIT_MS)

    cached = list((tmp_path / "cache" / "avatars").iterdir())
    assert len(cached) == len(with_image)


def test_profiles_are_checkable(qtbot: QtBot, shell: Shell) -> None:
    start(qtbot, shell)
    model = shell.window.sidebar.profile_view.model()
    first = model.index(0, 0)

    with qtbot.waitSignal(model.checked_changed) as changed:
        model.setData(first, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)

    assert changed.args == [[model.profiles()[0].id]]
    assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_switch_during_slow_load_keeps_new_workspace(
    qtbot: QtBot, shell: Shell, store: SandboxStore, gate: GatedTransport
) -> None:
    first, second = workspace_ids(store)[:2]
    gate.close_gate(f"workspaceId={first}")
    with qtbot.waitSignal(shell.window.controller.workspaces_loaded, timeout=WAIT_MS):
        shell.window.start()
    qtbot.waitUntil(lambda: len(gate.held) > 0, timeout=WAIT_MS)

    with qtbot.waitSignal(shell.window.controller.workspace_loaded, timeout=WAIT_MS):
        shell.window.sidebar.select_workspace(second)
    gate.open_gate(f"workspaceId={first}")
    qtbot.waitUntil(lambda: not shell.runner.is_busy(), timeout=WAIT_MS)

    profiles = shell.window.sidebar.profile_view.model()
    shown = {p.id for p in profiles.profiles()}
    assert shown == {p.id for p in store.profiles_in(second)}
    schedule = shell.window.schedule_view.proxy.sourceModel()
    assert schedule.workspace_id == second
    assert source_rows(shell) == min(50, len(store.posts_in(second)))


def test_switch_back_shows_cached_data_at_once(
    qtbot: QtBot, shell: Shell, store: SandboxStore, gate: GatedTransport
) -> None:
    first, second = workspace_ids(store)[:2]
    start(qtbot, shell)
    with qtbot.waitSignal(shell.window.controller.workspace_loaded, timeout=WAIT_MS):
        shell.window.sidebar.select_workspace(second)
    gate.close_gate(f"workspaceId={first}")

    # The refresh is held at the gate, so the rows can only come from the cache.
    shell.window.sidebar.select_workspace(first)

    assert {p.id for p in shell.window.sidebar.profile_view.model().profiles()} == {
        p.id for p in store.profiles_in(first)
    }
    assert shell.window.controller.is_loading()
    gate.open_gate(f"workspaceId={first}")
    qtbot.waitUntil(lambda: not shell.runner.is_busy(), timeout=WAIT_MS)


def test_scrolling_to_end_loads_next_page(qtbot: QtBot, shell: Shell, store: SandboxStore) -> None:
    first = workspace_ids(store)[0]
    add_posts(store, first, 80, "Older post")
    total = len(store.posts_in(first))
    assert total > 100, "the workspace needs three pages for this test"
    start(qtbot, shell)
    assert source_rows(shell) == 50

    table = shell.window.schedule_view.table
    shell.window.show()
    qtbot.waitExposed(shell.window)
    table.scrollToBottom()
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())

    qtbot.waitUntil(lambda: source_rows(shell) >= 100, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not shell.runner.is_busy(), timeout=WAIT_MS)
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: source_rows(shell) == total, timeout=WAIT_MS)
    model = shell.window.schedule_view.proxy.sourceModel()
    assert not model.canFetchMore(model.index(-1, -1))


def test_status_filter_shows_only_that_status(
    qtbot: QtBot, shell: Shell, store: SandboxStore
) -> None:
    start(qtbot, shell)
    first = workspace_ids(store)[0]
    drafts = [p for p in store.posts_in(first)[:50] if p.status == "DRAFT"]
    assert drafts, "the demo data should have drafts"
    combo = shell.window.schedule_view.status_filter

    combo.setCurrentIndex(combo.findData("DRAFT"))

    proxy = shell.window.schedule_view.proxy
    statuses = {proxy.index(row, 0).data(StatusRole) for row in range(proxy.rowCount())}
    assert statuses == {"DRAFT"}
    assert proxy.rowCount() == len(drafts)

    combo.setCurrentIndex(combo.findData(""))
    assert proxy.rowCount() == source_rows(shell)


def test_text_filter_matches_caption_words(qtbot: QtBot, shell: Shell, store: SandboxStore) -> None:
    first = workspace_ids(store)[0]
    add_posts(store, first, 1, "Zebra crossing festival")
    # The added post is the oldest, so make it fit the first page by removing others.
    for post in store.posts_in(first)[40:-1]:
        store.delete_post(post.id)
    start(qtbot, shell)

    shell.window.schedule_view.search_field.setText("festival ZEBRA")

    proxy = shell.window.schedule_view.proxy
    assert proxy.rowCount() == 1
    caption = proxy.index(0, Column.CAPTION).data()
    assert caption == "Zebra crossing festival 0"

    shell.window.schedule_view.search_field.setText("no-such-word-anywhere")
    assert proxy.rowCount() == 0


def test_server_error_shows_in_message_bar(qtbot: QtBot, shell: Shell, sandbox: Starlette) -> None:
    start(qtbot, shell)
    sandbox.state.faults.error_rate = 1.0

    shell.window.refresh_action.trigger()
    qtbot.waitUntil(lambda: shell.window.message_bar.text() != "", timeout=WAIT_MS)

    text = shell.window.message_bar.text()
    assert "Loading the workspace failed" in text
    assert "server" in text
    assert "Traceback" not in text
    assert "Traceback" in shell.window.message_bar.details()

    sandbox.state.faults.error_rate = 0.0
    with qtbot.waitSignal(shell.window.controller.workspace_loaded, timeout=WAIT_MS):
        shell.window.refresh_action.trigger()
    assert source_rows(shell) > 0
    assert shell.window.sidebar.combo.isEnabled()


def test_details_button_opens_copyable_details(
    qtbot: QtBot, shell: Shell, sandbox: Starlette
) -> None:
    sandbox.state.faults.error_rate = 1.0
    shell.window.start()
    qtbot.waitUntil(lambda: shell.window.message_bar.text() != "", timeout=WAIT_MS)

    shell.window.message_bar.details_requested.emit(shell.window.message_bar.details())

    from ocoya_desktop.ui.dialogs.error_details_dialog import ErrorDetailsDialog

    dialogs = shell.window.findChildren(ErrorDetailsDialog)
    assert len(dialogs) == 1
    assert "ServerError" in dialogs[0].details()
    dialogs[0].close()


def test_layout_restored_on_next_window(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    shell: Shell,
    gate: GatedTransport,
    store: SandboxStore,
    tmp_path: Path,
) -> None:
    second = workspace_ids(store)[1]
    start(qtbot, shell)
    with qtbot.waitSignal(shell.window.controller.workspace_loaded, timeout=WAIT_MS):
        shell.window.sidebar.select_workspace(second)
    # The offscreen screen is 800 pixels wide; a larger window would be shrunk to fit it.
    shell.window.resize(720, 500)
    shell.window.show()
    qtbot.waitExposed(shell.window)
    shell.window.splitter.setSizes([250, 250, 200])
    sizes = shell.window.splitter.sizes()
    geometry = shell.window.geometry()
    with qtbot.waitSignal(shell.window.closed) as closed:
        shell.window.close()
    assert closed.args == [CloseReason.QUIT.value]

    reopened = make_shell(qloop, gate, tmp_path)
    qtbot.addWidget(reopened.window)
    try:
        reopened.window.show()
        qtbot.waitExposed(reopened.window)
        assert reopened.window.geometry().size() == geometry.size()
        assert reopened.window.splitter.sizes() == sizes
        with qtbot.waitSignal(reopened.window.controller.workspace_loaded, timeout=WAIT_MS):
            reopened.window.start()
        assert reopened.window.sidebar.current_workspace_id() == second
    finally:
        run_async(reopened.aclose())


def test_shortcuts_refresh_and_find(qtbot: QtBot, shell: Shell) -> None:
    assert shell.window.refresh_action.shortcut().toString() == "F5"
    assert shell.window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert shell.window.find_action.shortcut().toString() == "Ctrl+F"
    shell.window.show()
    qtbot.waitExposed(shell.window)

    shell.window.find_action.trigger()

    qtbot.waitUntil(lambda: shell.window.schedule_view.search_field.hasFocus(), timeout=WAIT_MS)


def test_sign_out_closes_window_with_reason(qtbot: QtBot, shell: Shell) -> None:
    received: list[str] = []
    shell.window.closed.connect(received.append)
    shell.window.sign_out_requested.connect(
        lambda: shell.window.close_with_reason(CloseReason.SIGNED_OUT)
    )

    shell.window.account_button.sign_out_requested.emit()

    assert received == [CloseReason.SIGNED_OUT.value]


def test_account_menu_names_user(shell: Shell) -> None:
    texts = shell.window.account_button.menu_texts()

    assert texts[:2] == ["Test User", "test@example.com"]
    assert "Sign out" in texts


def test_edit_and_help_menus(shell: Shell) -> None:
    window = shell.window
    edit_entries = [action.text() for action in window.edit_menu.actions()]
    help_menu = window.about_action.associatedObjects()[0]
    assert isinstance(help_menu, QMenu)

    assert edit_entries == ["&Undo", "&Redo", "", "Cu&t", "&Copy", "&Paste", "", "Select &All"]
    assert [action.text() for action in help_menu.actions()][-2:] == [
        "&About Ocoya Desktop",
        "About &Qt",
    ]


def test_sort_restored_on_next_window(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    shell: Shell,
    gate: GatedTransport,
    tmp_path: Path,
) -> None:
    start(qtbot, shell)
    shell.window.schedule_view.table.sortByColumn(Column.TIME, Qt.SortOrder.DescendingOrder)
    assert shell.window.schedule_view.sort_text() == "time:descending"

    reopened = make_shell(qloop, gate, tmp_path)
    qtbot.addWidget(reopened.window)
    try:
        model = reopened.window.schedule_view.proxy.sourceModel()
        assert isinstance(model, ScheduleModel)
        assert model.sort_column == Column.TIME
        assert model.sort_order == Qt.SortOrder.DescendingOrder
        header = reopened.window.schedule_view.table.horizontalHeader()
        assert header.sortIndicatorSection() == Column.TIME
    finally:
        run_async(reopened.aclose())


def test_unknown_stored_sort_ignored(shell: Shell) -> None:
    view = shell.window.schedule_view

    assert not view.sort_by_text("likes:ascending")
    assert not view.sort_by_text("time:sideways")
    assert view.sort_text() == ""
