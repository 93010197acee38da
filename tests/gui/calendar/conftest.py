"""A main window on the sandbox served by uvicorn on 127.0.0.1, with the calendar tab shown.

The sandbox and the calendar share a fixed clock, Wednesday 12 June 2030 10:00 UTC, so the
seeded posts, today and the past days are the same on every run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from ocoya_desktop.sandbox import Faults, SandboxStore, create_app
from ocoya_desktop.sandbox.server import serve_in_thread
from tests.gui.calendar.support import (
    CalendarShell,
    build_shell,
    fixed_clock,
)
from tests.helpers.sandbox_support import store_of


@pytest.fixture
def sandbox() -> Starlette:
    # A fresh store per test, because the tests move and change posts.
    return create_app(faults=Faults(), rate_limit=100_000, clock=fixed_clock)


@pytest.fixture
def server_url(sandbox: Starlette) -> Iterator[str]:
    with serve_in_thread(sandbox) as url:
        yield url


@pytest.fixture
def store(sandbox: Starlette) -> SandboxStore:
    return store_of(sandbox)


@pytest.fixture
def shell(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    server_url: str,
    store: SandboxStore,
    tmp_path: Path,
) -> Iterator[CalendarShell]:
    built = build_shell(qtbot, qloop, server_url, tmp_path)
    yield built
    run_async(built.aclose())
