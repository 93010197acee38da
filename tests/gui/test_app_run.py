"""The whole app coroutine against the sandbox served over HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ocoya_desktop import app
from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
from ocoya_desktop.sandbox.server import serve_in_thread
from ocoya_desktop.storage.paths import AppPaths
from ocoya_desktop.storage.secrets import SecretStore
from ocoya_desktop.ui.dialogs.sign_in_dialog import SignInDialog
from ocoya_desktop.ui.main_window import MainWindow

WAIT_MS = 10_000

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def api_base() -> Iterator[str]:
    with serve_in_thread(create_app(rate_limit=100_000)) as base_url:
        yield f"{base_url}/api/_public/v1"


def top_level(kind: type) -> list[Any]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def start_app(
    qloop: qasync.QEventLoop, api_base: str, tmp_path: Path, *, exit_after_start: bool = False
) -> Any:
    options = app.AppOptions(api_base=api_base, exit_after_start=exit_after_start)
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    return qloop.create_task(app.run(options, qt_app, AppPaths.in_folder(tmp_path)))


def test_stored_key_opens_window(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    api_base: str,
    tmp_path: Path,
) -> None:
    SecretStore().set_api_key(DEMO_API_KEY)
    options = app.AppOptions(api_base=api_base, exit_after_start=True)
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)

    exit_code = run_async(app.run(options, qt_app, AppPaths.in_folder(tmp_path)))

    assert exit_code == app.EXIT_OK
    settings_text = (tmp_path / "settings.json").read_text(encoding="utf-8")
    assert "ui.last_workspace_id" in settings_text


def test_missing_key_opens_sign_in(
    qtbot: QtBot, qloop: qasync.QEventLoop, api_base: str, tmp_path: Path
) -> None:
    task = start_app(qloop, api_base, tmp_path)
    qtbot.waitUntil(lambda: len(top_level(SignInDialog)) == 1, timeout=WAIT_MS)

    top_level(SignInDialog)[0].reject()
    qtbot.waitUntil(task.done, timeout=WAIT_MS)

    assert task.result() == app.EXIT_OK


def test_sign_out_removes_key(
    qtbot: QtBot, qloop: qasync.QEventLoop, api_base: str, tmp_path: Path
) -> None:
    store = SecretStore()
    store.set_api_key(DEMO_API_KEY)
    task = start_app(qloop, api_base, tmp_path)
    qtbot.waitUntil(lambda: len(top_level(MainWindow)) == 1, timeout=WAIT_MS)
    window: MainWindow = top_level(MainWindow)[0]

    window.account_button.sign_out_action.trigger()
    qtbot.waitUntil(lambda: len(top_level(SignInDialog)) == 1, timeout=WAIT_MS)

    assert store.get_api_key() is None
    top_level(SignInDialog)[0].reject()
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.result() == app.EXIT_OK


def test_rejected_stored_key_asks_again(
    qtbot: QtBot, qloop: qasync.QEventLoop, api_base: str, tmp_path: Path
) -> None:
    SecretStore().set_api_key("revoked-key-0000")
    task = start_app(qloop, api_base, tmp_path)
    qtbot.waitUntil(lambda: len(top_level(SignInDialog)) == 1, timeout=WAIT_MS)
    dialog: SignInDialog = top_level(SignInDialog)[0]

    assert "rejected the API key" in dialog.message()
    assert dialog.key_field.text() == "revoked-key-0000"
    dialog.reject()
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
