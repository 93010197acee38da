"""A main window with the drafts database, on the in-process sandbox behind an offline switch."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from ocoya_desktop.sandbox import Faults, SandboxStore, create_app
from ocoya_desktop.sandbox.store import PostGroup as StoredPostGroup
from ocoya_desktop.services.connectivity import ConnectionEvents, ReachabilityTransport
from ocoya_desktop.storage.drafts_db import DraftsDatabase
from ocoya_desktop.ui.models.profile_list_model import ProfileIdRole, ProviderRole
from ocoya_desktop.ui.outbox_controller import ReliabilityTools, reliability_tools_of
from tests.gui.shell_support import WAIT_MS as WAIT_MS
from tests.gui.shell_support import Shell, build_shell, make_client
from tests.gui.shell_support import answer as answer
from tests.helpers.sandbox_support import SwitchableTransport, faults_of, no_wait, store_of


@dataclass(kw_only=True)
class App(Shell):
    """A main window with its autosave and outbox, and what the tests inspect."""

    tools: ReliabilityTools
    database: DraftsDatabase
    transport: SwitchableTransport
    sandbox: Starlette

    @property
    def store(self) -> SandboxStore:
        return store_of(self.sandbox)

    @property
    def faults(self) -> Faults:
        return faults_of(self.sandbox)

    def posts_with_caption(self, caption: str) -> list[StoredPostGroup]:
        with self.store.lock:
            return [post for post in self.store.posts.values() if post.caption == caption]


def build_app(
    qloop: qasync.QEventLoop, sandbox: Starlette, data_dir: Path, database: DraftsDatabase
) -> App:
    transport = SwitchableTransport(sandbox)
    events = ConnectionEvents()
    client = make_client(ReachabilityTransport(transport, events), sleep=no_wait)
    built = build_shell(qloop, client, data_dir, drafts=database, connection_events=events)
    tools = reliability_tools_of(built.window)
    assert tools is not None
    return App.extend(built, tools=tools, database=database, transport=transport, sandbox=sandbox)


def close_app(app: App, run_async: Callable[..., Any]) -> None:
    app.tools.stop()
    run_async(app.aclose())


@pytest.fixture
def sandbox() -> Starlette:
    return create_app(rate_limit=100_000)


@pytest.fixture
def app(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    sandbox: Starlette,
    database: DraftsDatabase,
    tmp_path: Path,
) -> Iterator[App]:
    built = build_app(qloop, sandbox, tmp_path, database)
    qtbot.addWidget(built.window)
    yield built
    close_app(built, run_async)


def start(qtbot: QtBot, app: App, *, restore: bool = True) -> None:
    """Load the first workspace, then start the autosave's restore and the outbox."""
    with qtbot.waitSignal(app.window.controller.workspace_loaded, timeout=WAIT_MS):
        app.window.start()
        app.tools.start(restore=restore)


# Networks that accept a post without media, so a caption alone can be scheduled.
TEXT_PROVIDERS = ("facebook", "twitter", "x", "linkedin")


def tick_first_profiles(app: App, count: int) -> list[str]:
    """Tick the first ``count`` text-only-capable profiles, as clicks on check boxes do."""
    model = app.window.sidebar.profile_view.model()
    ids = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ProviderRole) not in TEXT_PROVIDERS:
            continue
        model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        ids.append(index.data(ProfileIdRole))
        if len(ids) == count:
            break
    return ids
