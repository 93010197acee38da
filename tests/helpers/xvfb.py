"""A private Xvfb X server for tests that need real windows, and a way to run Qt on it.

The test process itself always uses Qt's offscreen platform: a QApplication chooses its
platform plugin once per process. Code that must run on a real X server therefore runs in a
subprocess started by :func:`run_python_on_display`, with ``QT_QPA_PLATFORM=xcb``.

Tests that request ``xvfb_display`` get the ``xvfb`` marker automatically (see the root
``conftest.py``). They skip when Xvfb is not installed, but in CI such a skip fails them.
"""

from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SCREEN_GEOMETRY = "1920x1080x24"

# Upper bounds that only stop a hung X server or child from blocking the run.
_START_TIMEOUT_SECONDS = 30.0
_STOP_TIMEOUT_SECONDS = 10.0
_SNIPPET_TIMEOUT_SECONDS = 60.0


class XvfbStartError(RuntimeError):
    """Xvfb exited or did not report its display number."""


@pytest.fixture(scope="session")
def xvfb_display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start Xvfb on a free display for the whole session and yield its name, e.g. ":3"."""
    executable = shutil.which("Xvfb")
    if executable is None:
        pytest.skip("Xvfb is not installed (on Debian or Ubuntu: apt-get install xvfb xauth)")

    log_path = tmp_path_factory.mktemp("xvfb") / "xvfb.log"
    with log_path.open("wb") as log:
        process, display = start_xvfb(executable, log, log_path)
    try:
        yield display
    finally:
        stop_xvfb(process)


def start_xvfb(executable: str, log: object, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start Xvfb on a free display; return the process and its ``:N`` display name."""
    # -displayfd makes Xvfb pick a free display number and write it to this pipe once it
    # accepts connections, which avoids both guessing a number and polling for the socket.
    read_end, write_end = os.pipe()
    command = [
        executable,
        "-displayfd",
        str(write_end),
        "-screen",
        "0",
        SCREEN_GEOMETRY,
        "-nolisten",
        "tcp",
    ]
    try:
        process = subprocess.Popen(
            command,
            pass_fds=(write_end,),
            stdin=subprocess.DEVNULL,
            stdout=log,  # type: ignore[arg-type]
            stderr=subprocess.STDOUT,
        )
    finally:
        os.close(write_end)

    try:
        number = _read_display_number(read_end)
    except XvfbStartError as error:
        stop_xvfb(process)
        output = log_path.read_text(encoding="utf-8", errors="replace")
        raise XvfbStartError(f"{error}; Xvfb output:\n{output}") from None
    finally:
        os.close(read_end)
    return process, f":{number}"


def _read_display_number(read_end: int) -> int:
    received = b""
    with selectors.DefaultSelector() as selector:
        selector.register(read_end, selectors.EVENT_READ)
        while not received.endswith(b"\n"):
            if not selector.select(timeout=_START_TIMEOUT_SECONDS):
                raise XvfbStartError(f"Xvfb reported no display within {_START_TIMEOUT_SECONDS} s")
            chunk = os.read(read_end, 64)
            if not chunk:
                raise XvfbStartError("Xvfb exited before reporting its display number")
            received += chunk
    return int(received.strip())


def stop_xvfb(process: subprocess.Popen[bytes]) -> None:
    """Stop an Xvfb started by ``start_xvfb``, killing it if it does not exit in time."""
    process.terminate()
    try:
        process.wait(timeout=_STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_python_on_display(
    display: str,
    code: str,
    *,
    args: tuple[str, ...] = (),
    timeout: float = _SNIPPET_TIMEOUT_SECONDS,
) -> subprocess.CompletedProcess[str]:
    """Run Python ``code`` in a subprocess whose Qt uses the xcb platform on ``display``.

    Returns the finished process with text stdout and stderr; the caller checks
    ``returncode``. Other test environment variables (temporary folders, the in-memory
    keyring) pass through unchanged.
    """
    environment = dict(os.environ)
    environment["QT_QPA_PLATFORM"] = "xcb"
    environment["DISPLAY"] = display
    # A Wayland session on the developer's machine must not win over the X server.
    environment.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
