"""The whole app started on small and scaled screens: its window and status bar stay on screen.

Each start runs ``ocoya-desktop --demo --exit-after-start`` in a subprocess on Qt's offscreen
platform, configured with one screen of the size under test. That platform frames each window
with 2 pixels on every side. Just before the window closes, the subprocess prints what the
user would see: the window's frame, the screen's available area and the widths of the panes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ocoya_desktop.ui.main_window import AI_DOCK_WIDTH, EDITOR_PANE_MIN_WIDTH

pytestmark = pytest.mark.slow

# Upper bound that only stops a hung app; a start takes a few seconds.
START_TIMEOUT_SECONDS = 60
REPORT_PREFIX = "WINDOW-REPORT "

# Runs the app's entry point with a hook that reports the main window as it closes.
REPORT_SNIPPET = f"""
import json, sys
from ocoya_desktop.ui import main_window

close_event = main_window.MainWindow.closeEvent

def rect(widget_rect):
    return [widget_rect.x(), widget_rect.y(), widget_rect.width(), widget_rect.height()]

def report_and_close(window, event):
    bar = window.statusBar()
    report = {{
        "frame": rect(window.frameGeometry()),
        "available": rect(window.screen().availableGeometry()),
        "status_bar": rect(bar.geometry().translated(window.geometry().topLeft())),
        "minimum_width": window.minimumSizeHint().width(),
        "dock_width": window.ai_dock.width(),
        "editor_pane_width": window.splitter.widget(2).width(),
    }}
    print({REPORT_PREFIX!r} + json.dumps(report), flush=True)
    close_event(window, event)

main_window.MainWindow.closeEvent = report_and_close
from ocoya_desktop.__main__ import main
sys.exit(main(["--demo", "--exit-after-start", "--data-dir", sys.argv[1]]))
"""


def start_app(
    tmp_path: Path, data_dir: Path, screen: tuple[int, int], scale: int = 1
) -> dict[str, Any]:
    """Start the app on one screen of ``screen`` pixels; return its window report."""
    width, height = screen
    config = tmp_path / f"screen-{width}x{height}.json"
    screens = [{"name": "Test", "x": 0, "y": 0, "width": width, "height": height}]
    config.write_text(json.dumps({"screens": screens}), encoding="utf-8")
    environment = dict(os.environ)
    environment["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    environment["QT_SCALE_FACTOR"] = str(scale)
    result = subprocess.run(
        [sys.executable, "-c", REPORT_SNIPPET, str(data_dir)],
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith(REPORT_PREFIX)]
    assert len(lines) == 1, result.stdout
    report: dict[str, Any] = json.loads(lines[0].removeprefix(REPORT_PREFIX))
    return report


def inside(rect: list[int], area: list[int]) -> bool:
    x, y, width, height = rect
    left, top, area_width, area_height = area
    return (
        x >= left
        and y >= top
        and x + width <= left + area_width
        and y + height <= top + area_height
    )


@pytest.mark.parametrize(
    ("screen", "scale"),
    [
        pytest.param((1024, 768), 1, id="1024x768"),
        pytest.param((1280, 720), 1, id="1280x720"),
        pytest.param((2560, 1440), 2, id="2560x1440-at-2x"),
    ],
)
def test_first_start_fits_screen(tmp_path: Path, screen: tuple[int, int], scale: int) -> None:
    report = start_app(tmp_path, tmp_path / "data", screen, scale)

    assert report["available"] == [0, 0, screen[0] // scale, screen[1] // scale]
    assert inside(report["frame"], report["available"]), report
    assert inside(report["status_bar"], report["available"]), report


def test_layout_from_larger_screen_fits(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    large = start_app(tmp_path, data_dir, (1920, 1080))
    assert large["dock_width"] == AI_DOCK_WIDTH

    small = start_app(tmp_path, data_dir, (1024, 768))

    assert inside(small["frame"], small["available"]), small
    assert inside(small["status_bar"], small["available"]), small
    # The panes are shared out again for the narrower window, as on a first start.
    assert small["dock_width"] < AI_DOCK_WIDTH
    assert small["editor_pane_width"] > EDITOR_PANE_MIN_WIDTH
