"""The app as a subprocess: demo start-up and clean exit, and a screenshot on a real X display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from ocoya_desktop import __version__
from tests.helpers.xvfb import run_python_on_display

REPO_ROOT = Path(__file__).resolve().parents[2]
# Upper bound that only stops a hung app; the start itself takes a few seconds.
START_TIMEOUT_SECONDS = 60


def run_app(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ)
    environment["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [sys.executable, "-m", "ocoya_desktop", *args, "--data-dir", str(data_dir)],
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_SECONDS,
        check=False,
    )


def test_demo_start_exits_cleanly(tmp_path: Path) -> None:
    result = run_app("--demo", "--exit-after-start", data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    log = (tmp_path / "logs" / "ocoya-desktop.log").read_text(encoding="utf-8")
    assert "Loaded workspace" in log
    assert "Session closed" in log
    assert "sandbox-demo-key" not in log


def test_demo_start_saves_layout(tmp_path: Path) -> None:
    result = run_app("--demo", "--exit-after-start", data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    settings = (tmp_path / "settings.json").read_text(encoding="utf-8")
    assert '"ui.window_geometry"' in settings
    assert '"ui.last_workspace_id"' in settings


def test_version_flag_prints_version(tmp_path: Path) -> None:
    result = run_app("--version", data_dir=tmp_path)

    assert result.returncode == 0
    assert result.stdout.strip() == f"ocoya-desktop {__version__}"


def test_unknown_log_level_is_rejected(tmp_path: Path) -> None:
    result = run_app("--demo", "--log-level", "loud", data_dir=tmp_path)

    assert result.returncode == 2
    assert "invalid choice: 'loud'" in result.stderr


# The window size scripts/screenshots.py sets before it captures.
SCREENSHOT_SIZE = (1560, 900)


def test_screenshot_of_real_window(xvfb_display: str, tmp_path: Path) -> None:
    output = tmp_path / "main-window.png"
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['screenshots.py', '--output', {str(output)!r}]\n"
        f"runpy.run_path({str(REPO_ROOT / 'scripts' / 'screenshots.py')!r}, run_name='__main__')\n"
    )

    result = run_python_on_display(xvfb_display, code)

    assert result.returncode == 0, result.stderr
    image = QImage(str(output))
    assert not image.isNull()
    assert (image.width(), image.height()) == SCREENSHOT_SIZE
    # A blank or black capture has one colour; the real window has many.
    width, height = SCREENSHOT_SIZE
    colours = {image.pixel(x, y) for x in range(0, width, 37) for y in range(0, height, 29)}
    assert len(colours) > 10
