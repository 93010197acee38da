"""Crash restore: text typed into a window killed with SIGKILL comes back at the next start.

A first process builds the main window with the drafts database on the in-process sandbox,
types a caption with real key events, waits for the autosave and is killed with SIGKILL. The
app itself then starts as a second process on the same data folder and restores the post.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ocoya_desktop.storage.drafts_db import DRAFTS_FILE_NAME, DraftsDatabase

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only")

# Upper bound that only stops a hung process; each start takes a few seconds.
TIMEOUT_SECONDS = 60
# QTest.keyClicks types ASCII only.
CAPTION = "Typed just before the crash, 9am"

WRITER = r"""
import asyncio, sys
from pathlib import Path

import qasync
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ocoya_desktop.api import Me, OcoyaClient
from ocoya_desktop.app import build_main_window
from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.storage.drafts_db import DraftsDatabase
from ocoya_desktop.storage.paths import AppPaths
from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.ui.errors import ErrorPresenter
from ocoya_desktop.ui.outbox_controller import reliability_tools_of
from ocoya_desktop.ui.tasks import TaskRunner

paths = AppPaths.in_folder(Path(sys.argv[1]))
paths.ensure()
app = QApplication([])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)


async def main() -> None:
    client = OcoyaClient(
        DEMO_API_KEY, base_url="http://demo.invalid/api/_public/v1",
        transport=SandboxTransport(create_app()),
    )
    errors = ErrorPresenter()
    database = DraftsDatabase.open(paths.data_dir / sys.argv[2])
    window = build_main_window(
        client=client, image_http=None, cache_dir=paths.cache_dir,
        settings=Settings.load(paths.settings_file),
        me=Me(id="cuser", name="Writer", email="w@example.com"),
        errors=errors, runner=TaskRunner(asyncio.get_running_loop(), errors),
        demo=True, drafts=database,
    )
    window.show()
    tools = reliability_tools_of(window)
    saved = asyncio.get_running_loop().create_future()
    tools.autosave.saved.connect(lambda draft_id: saved.done() or saved.set_result(draft_id))
    QTest.keyClicks(window.editor.caption_edit, sys.argv[3])
    draft_id = await saved
    print(f"SAVED {draft_id}", flush=True)
    await asyncio.Event().wait()  # keep running until killed


loop.run_until_complete(main())
"""


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment["QT_QPA_PLATFORM"] = "offscreen"
    return environment


def _write_then_kill(data_dir: Path) -> int:
    """Run the writer until it reports the autosave, SIGKILL it, and return the draft id."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir), DRAFTS_FILE_NAME, CAPTION],
        env=_environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("SAVED "), process.stderr.read() if process.stderr else line
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=TIMEOUT_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=TIMEOUT_SECONDS)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert process.returncode == -signal.SIGKILL
    return int(line.split()[1])


def _run_app(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "ocoya_desktop",
            "--demo",
            "--exit-after-start",
            "--data-dir",
            str(data_dir),
        ],
        env=_environment(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )


def test_killed_editor_restored_next_start(tmp_path: Path) -> None:
    """Guarantee: a post typed before SIGKILL is in the database and restored at start.

    Without the autosave the writer never reports a saved draft, and without the restore
    the app's log has no "Restored draft" line.
    """
    draft_id = _write_then_kill(tmp_path)

    database = DraftsDatabase.open(tmp_path / "data" / DRAFTS_FILE_NAME)
    try:
        stored = database.get_draft(draft_id)
    finally:
        database.close()
    assert stored is not None
    assert stored.state.caption == CAPTION

    result = _run_app(tmp_path)

    assert result.returncode == 0, result.stderr
    log = (tmp_path / "logs" / "ocoya-desktop.log").read_text(encoding="utf-8")
    assert f"Restored draft {draft_id} of 1 at start-up" in log
    # The restored post is still unsent, so it stays in the database for the next start.
    database = DraftsDatabase.open(tmp_path / "data" / DRAFTS_FILE_NAME)
    try:
        assert [d.state.caption for d in database.list_drafts()] == [CAPTION]
    finally:
        database.close()


def test_damaged_database_moved_aside(tmp_path: Path) -> None:
    """A damaged drafts file is renamed with a timestamp and the app starts normally."""
    data = tmp_path / "data"
    data.mkdir()
    garbage = b"not a database, just bytes " * 200
    (data / DRAFTS_FILE_NAME).write_bytes(garbage)

    result = _run_app(tmp_path)

    assert result.returncode == 0, result.stderr
    moved = sorted(data.glob(f"{DRAFTS_FILE_NAME}.damaged-*"))
    assert len(moved) == 1
    assert moved[0].read_bytes() == garbage
    log = (tmp_path / "logs" / "ocoya-desktop.log").read_text(encoding="utf-8")
    assert f"Moving the damaged drafts database to {moved[0]}" in log
    connection = sqlite3.connect(data / DRAFTS_FILE_NAME)
    try:
        assert connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        connection.close()
