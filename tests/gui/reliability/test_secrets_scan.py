"""After a whole session, no file the app wrote and no log record contains a secret.

The app runs as ``ocoya-desktop`` does (``app.run`` with file logging at DEBUG) against the
sandbox served on 127.0.0.1. S3 media hosting is configured with a distinctive secret access
key, in the settings and the keyring as the Settings dialog stores them. The user signs in
with a distinctive API key and saves a post, then an upload to S3 and a workspace load both
fail, and the window closes. The test then searches every file under its folders, and every
log record as emitted before the log filter redacts anything, for both secrets.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
import qasync
from keyring.backends import fail
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from ocoya_desktop import app
from ocoya_desktop.logging_setup import ROOT_LOGGER_NAME, configure_logging
from ocoya_desktop.sandbox import DEMO_API_KEY, SandboxStore, create_app
from ocoya_desktop.sandbox.server import serve_in_thread
from ocoya_desktop.sandbox.store import Account
from ocoya_desktop.storage.paths import AppPaths
from ocoya_desktop.storage.secrets import SERVICE_NAME, SecretStore
from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.ui.dialogs.sign_in_dialog import SignInDialog
from ocoya_desktop.ui.main_window import CloseReason, MainWindow
from tests.helpers.env_fixtures import InMemoryKeyring
from tests.helpers.media_files import make_jpeg

WAIT_MS = 15_000
API_KEY = "ocy_scan_Zq81vKw3TtP0xLmN4RgH"
S3_SECRET = "s3scan+Hk29/QwErTy7UiOpAsDfGhJkLzXc"
S3_ACCESS_KEY_ID = "AKIASCANTEST7777"
CAPTION = "Secrets scan: a post saved during the session"

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class RecordCollector(logging.Handler):
    """Keeps every record's full text: message, exception and stack."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record))


@pytest.fixture
def sandbox() -> Starlette:
    sandbox_app = create_app(rate_limit=100_000)
    store: SandboxStore = sandbox_app.state.store
    demo = store.accounts[DEMO_API_KEY]
    store.accounts[API_KEY] = Account(
        api_key=API_KEY,
        user_id=store.new_id(),
        name="Scan User",
        email="scan@example.com",
        workspace_ids=list(demo.workspace_ids),
    )
    return sandbox_app


@pytest.fixture
def server_url(sandbox: Starlette) -> Iterator[str]:
    with serve_in_thread(sandbox) as url:
        yield url


@pytest.fixture
def collected_logs(tmp_path: Path) -> Iterator[tuple[RecordCollector, Path]]:
    """Log to a file under ``tmp_path`` at DEBUG, and collect every record unredacted."""
    logger = logging.getLogger(ROOT_LOGGER_NAME)
    saved = (logger.level, logger.propagate, list(logger.handlers))
    collector = RecordCollector()
    # Added before the app's handlers, so it receives each record before their redacting filter.
    logger.addHandler(collector)
    log_dir = tmp_path / "logs"
    redactor = configure_logging(log_dir, level=logging.DEBUG, stderr_level=logging.CRITICAL)
    try:
        yield collector, log_dir
    finally:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            if handler not in saved[2]:
                handler.close()
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        for handler in saved[2]:
            logger.addHandler(handler)
        del redactor


def visible(kind: type) -> list[Any]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def configure_s3(paths: AppPaths, endpoint: str) -> None:
    """Choose S3 hosting the way the Settings dialog saves it: settings and keyring."""
    settings = Settings.load(paths.settings_file)
    settings.set("media_host.kind", "s3")
    settings.set("media_host.s3.bucket", "scan-bucket")
    settings.set("media_host.s3.region", "eu-central-1")
    # The sandbox has no S3 API, so every upload fails: the error path is part of the scan.
    settings.set("media_host.s3.endpoint_url", endpoint)
    settings.set("media_host.s3.public_base_url", f"{endpoint}/scan-bucket")
    settings.set("media_host.s3.path_style", True)
    secrets = SecretStore()
    secrets.set_secret("s3.access_key_id", S3_ACCESS_KEY_ID)
    secrets.set_secret("s3.secret_access_key", S3_SECRET)


def encodings(secret: str) -> dict[str, bytes]:
    data = secret.encode("utf-8")
    return {
        "UTF-8": data,
        "UTF-16": secret.encode("utf-16-le"),
        "base64": base64.b64encode(data),
        "URL-safe base64": base64.urlsafe_b64encode(data),
    }


def files_containing(root: Path, secret: str) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        content = path.read_bytes()
        for name, needle in encodings(secret).items():
            if needle in content:
                found.append(f"{path} ({name})")
    return found


def start_app(qloop: qasync.QEventLoop, server_url: str, paths: AppPaths) -> asyncio.Task[int]:
    """Run the app as ``ocoya-desktop`` does, on the sandbox at ``server_url``, as a task."""
    options = app.AppOptions(api_base=f"{server_url}/api/_public/v1")
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    task: asyncio.Task[int] = qloop.create_task(app.run(options, qt_app, paths))
    return task


def sign_in(qtbot: QtBot) -> SignInDialog:
    """Type the API key into the sign-in dialog and press Sign In."""
    qtbot.waitUntil(lambda: len(visible(SignInDialog)) == 1, timeout=WAIT_MS)
    dialog: SignInDialog = visible(SignInDialog)[0]
    dialog.key_field.setText(API_KEY)
    dialog.sign_in_button.click()
    return dialog


def wait_for_main_window(qtbot: QtBot) -> MainWindow:
    """Wait until the main window is shown with posts listed, and return it."""
    qtbot.waitUntil(lambda: len(visible(MainWindow)) == 1, timeout=WAIT_MS)
    window: MainWindow = visible(MainWindow)[0]
    qtbot.waitUntil(lambda: window.schedule_view.proxy.rowCount() > 0, timeout=WAIT_MS)
    return window


def run_session(
    qtbot: QtBot, qloop: qasync.QEventLoop, sandbox: Starlette, server_url: str, paths: AppPaths
) -> int:
    task = start_app(qloop, server_url, paths)

    sign_in(qtbot)
    window = wait_for_main_window(qtbot)
    qtbot.waitUntil(lambda: not window.controller.is_loading(), timeout=WAIT_MS)

    # Save a post.
    store: SandboxStore = sandbox.state.store
    window.editor.set_caption(CAPTION)
    window.editor.save_draft_action.trigger()
    qtbot.waitUntil(
        lambda: any(post.caption == CAPTION for post in store.posts.values()), timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: not window.editor.is_busy(), timeout=WAIT_MS)

    # An upload to S3 fails, signed with the secret access key.
    zone = window.composer.media_zone
    zone.add_sources([make_jpeg(paths.data_dir / "scan.jpg", (320, 240))])
    qtbot.waitUntil(lambda: not zone.is_busy(), timeout=WAIT_MS)
    assert zone.media_urls() == []

    # Loading the workspace fails with an HTML error page.
    sandbox.state.faults.html_500 = True
    with qtbot.waitSignal(window.controller.workspace_failed, timeout=WAIT_MS):
        window.refresh_action.trigger()
    assert window.message_bar.text() != ""
    sandbox.state.faults.html_500 = False

    window.close_with_reason(CloseReason.QUIT)
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    exit_code: int = task.result()
    return exit_code


def test_session_leaves_no_secret_behind(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    sandbox: Starlette,
    server_url: str,
    tmp_path: Path,
    isolated_app_dirs: Path,
    memory_keyring: InMemoryKeyring,
    collected_logs: tuple[RecordCollector, Path],
) -> None:
    collector, log_dir = collected_logs
    paths = AppPaths.in_folder(tmp_path / "app")
    paths.ensure()
    configure_s3(paths, server_url)

    exit_code = run_session(qtbot, qloop, sandbox, server_url, paths)

    assert exit_code == app.EXIT_OK
    # The session really wrote files and logs, so an empty scan means something.
    assert paths.settings_file.is_file()
    assert any(log_dir.iterdir())
    assert any("Main window shown" in text for text in collector.texts)
    # The secrets live in the keyring.
    assert memory_keyring.passwords[(SERVICE_NAME, "api_key")] == API_KEY
    assert S3_SECRET in memory_keyring.passwords.values()

    for root in (tmp_path, isolated_app_dirs.parent):
        assert files_containing(root, API_KEY) == []
        assert files_containing(root, S3_SECRET) == []
    for secret in (API_KEY, S3_SECRET):
        leaked = [text for text in collector.texts if secret in text]
        assert leaked == []


def test_scan_finds_planted_secret(tmp_path: Path) -> None:
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "plain.log").write_text(f"key={API_KEY}", encoding="utf-8")
    (tmp_path / "wide.txt").write_bytes(API_KEY.encode("utf-16-le"))
    (tmp_path / "encoded.json").write_bytes(base64.b64encode(API_KEY.encode()))

    found = files_containing(tmp_path, API_KEY)

    assert found == [
        f"{tmp_path / 'encoded.json'} (base64)",
        # This key has no `+` or `/` in base64, so both alphabets spell it the same way.
        f"{tmp_path / 'encoded.json'} (URL-safe base64)",
        f"{tmp_path / 'nested' / 'plain.log'} (UTF-8)",
        f"{tmp_path / 'wide.txt'} (UTF-16)",
    ]


def test_no_keyring_signs_in_for_session_only(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    server_url: str,
    tmp_path: Path,
    isolated_app_dirs: Path,
    collected_logs: tuple[RecordCollector, Path],
) -> None:
    collector, _log_dir = collected_logs
    keyring.set_keyring(fail.Keyring())
    paths = AppPaths.in_folder(tmp_path / "app")
    task = start_app(qloop, server_url, paths)

    dialog = sign_in(qtbot)
    qtbot.waitUntil(lambda: not dialog.session_only_button.isHidden(), timeout=WAIT_MS)
    assert "cannot be saved" in dialog.message()
    dialog.session_only_button.click()
    window = wait_for_main_window(qtbot)
    window.close_with_reason(CloseReason.QUIT)
    qtbot.waitUntil(task.done, timeout=WAIT_MS)

    assert task.result() == app.EXIT_OK
    for root in (tmp_path, isolated_app_dirs.parent):
        assert files_containing(root, API_KEY) == []
    assert [text for text in collector.texts if API_KEY in text] == []
