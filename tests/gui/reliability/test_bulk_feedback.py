"""The message bar shows what a bulk delete or Load All Posts did once it ends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from ocoya_desktop.sandbox import SandboxStore
from tests.gui.shell_support import (
    Shell,
    bulk_controller_of,
    delete_posts_found_by_search,
    start,
    workspace_ids,
)
from tests.helpers.sandbox_support import add_drafts
from tests.helpers.virtual_time import VirtualTime

WAIT_MS = 20_000
CAPTION = "Feedback draft"

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_load_all_reports_count(
    qtbot: QtBot, virtual_time_shell: tuple[SandboxStore, Shell]
) -> None:
    store, shell = virtual_time_shell
    start(qtbot, shell)
    expected = len(store.posts_in(workspace_ids(store)[0]))

    with qtbot.waitSignal(bulk_controller_of(shell).all_posts_loaded, timeout=WAIT_MS):
        bulk_controller_of(shell).load_all_action.trigger()

    count = QLocale().toString(expected)
    assert shell.window.message_bar.text() == (
        f"All {count} posts loaded; search and filters now cover every post."
    )
    assert shell.message_texts()[-1] == shell.window.message_bar.text()


def test_bulk_delete_reports_count(
    qtbot: QtBot, virtual_time_shell: tuple[SandboxStore, Shell], virtual_time: VirtualTime
) -> None:
    store, shell = virtual_time_shell
    workspace_id = workspace_ids(store)[0]
    ids = add_drafts(store, workspace_id, 3, caption=CAPTION, newest=virtual_time.utc_now())
    start(qtbot, shell)
    delete_posts_found_by_search(qtbot, shell, CAPTION, 3)

    assert not any(post_id in store.posts for post_id in ids)
    assert shell.window.message_bar.text() == "Deleted 3 posts."
