"""The X server goes away under the running app: the app shuts down without a traceback.

The app runs its own ``main`` with ``--demo`` on a private Xvfb. Once the first workspace has
loaded, a hook inside the app process types a caption with key events and at once terminates
that Xvfb. The autosave timer is then most likely still waiting when Qt notices the broken
connection and leaves its event loop.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ocoya_desktop.logging_setup import LOG_FILE_NAME
from ocoya_desktop.storage.drafts_db import DRAFTS_FILE_NAME, DraftsDatabase
from ocoya_desktop.storage.paths import AppPaths
from tests.helpers.xvfb import start_xvfb, stop_xvfb

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(sys.platform == "win32", reason="Xvfb is an X11 server"),
]

# Upper bound that only stops a hung app; a start takes a few seconds.
TIMEOUT_SECONDS = 60
# QTest.keyClicks types ASCII only.
CAPTION = "Written as the display went away"

# Wraps build_main_window so that the window types the caption and terminates the X server
# once the first workspace has loaded. Everything else is the app's own start and shutdown.
APP_WITH_HOOK = r"""
import os, signal, sys

from PySide6.QtTest import QTest

from ocoya_desktop import app as app_module
from ocoya_desktop.__main__ import main

caption, xvfb_pid, data_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
build_main_window = app_module.build_main_window


def build_and_hook(*args, **kwargs):
    window = build_main_window(*args, **kwargs)
    done = []

    def type_and_end_display(_data):
        if done:
            return
        done.append(True)
        QTest.keyClicks(window.editor.caption_edit, caption)
        os.kill(xvfb_pid, signal.SIGTERM)

    window.controller.workspace_loaded.connect(type_and_end_display)
    return window


app_module.build_main_window = build_and_hook
sys.exit(main(["--demo", "--data-dir", data_dir]))
"""


@pytest.fixture
def own_xvfb(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Start an Xvfb that only this test uses, since the test terminates it."""
    executable = shutil.which("Xvfb")
    if executable is None:
        pytest.skip("Xvfb is not installed (on Debian or Ubuntu: apt-get install xvfb xauth)")
    log_path = tmp_path / "xvfb.log"
    with log_path.open("wb") as log:
        process, display = start_xvfb(executable, log, log_path)
    try:
        yield process, display
    finally:
        if process.poll() is None:
            stop_xvfb(process)


def _run_app_on(display: str, xvfb_pid: int, data_dir: Path) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ)
    environment["QT_QPA_PLATFORM"] = "xcb"
    environment["DISPLAY"] = display
    environment.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-c", APP_WITH_HOOK, CAPTION, str(xvfb_pid), str(data_dir)],
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )


def test_display_lost_exits_cleanly(
    own_xvfb: tuple[subprocess.Popen[bytes], str], tmp_path: Path
) -> None:
    xvfb, display = own_xvfb
    data_dir = tmp_path / "data"

    result = _run_app_on(display, xvfb.pid, data_dir)

    # Raises TimeoutExpired if the hook never terminated Xvfb.
    xvfb.wait(timeout=TIMEOUT_SECONDS)
    assert "Traceback" not in result.stderr
    assert "Qt left its event loop while the app was running" in result.stderr
    assert result.returncode == 1, result.stderr

    paths = AppPaths.in_folder(data_dir)
    log = (paths.log_dir / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "Session closed" in log
    assert "Drafts database closed" in log

    database = DraftsDatabase.open(paths.data_dir / DRAFTS_FILE_NAME)
    try:
        captions = [draft.state.caption for draft in database.list_drafts()]
    finally:
        database.close()
    assert captions == [CAPTION]
