"""Start-up time: process start to the main window showing the demo workspace.

The app runs as ``python -m ocoya_desktop --demo --exit-after-start`` on Qt's offscreen
platform. Once the first workspace's profiles and first page of posts are in the window and
painted, it prints a line starting with "Start-up complete". The time is taken when this
script reads that line, so shutting down is not counted. The baseline is a bare PySide6
window in its own process (a ``QApplication`` and a ``QMainWindow``, shown and painted) that
prints the same marker. Runs alternate between the two, and the medians are compared.

A third process, ``_stack_floor.py``, starts the same libraries and sandbox as the app and
shows the same workspace in a plain list and table, with none of the app's code. It is the
least a demo start on these libraries can take, so it shows how much of the target is left
for the app's own modules, window and models.

Target: at most 2.0x the bare window.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: import from the repository root rather than from this folder, where
    # requests.py would shadow the requests package.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from benchmarks._common import (
    START_MARKER,
    median,
    python_command,
    run_bare_window,
    run_demo_app,
    time_until_marker,
)

RUNS = 5
TARGET_RATIO = 2.0

BARE_WINDOW_REPORT = f"""
print({START_MARKER!r} + ": bare window shown", flush=True)
"""


def time_app(data_dir: Path) -> float:
    """Start the app once in demo mode; return the seconds to the start-up marker."""
    elapsed, _line = run_demo_app(data_dir)
    return elapsed


def time_bare_window() -> float:
    """Start the bare PySide6 window once; return the seconds to its marker."""
    elapsed, _line = run_bare_window(BARE_WINDOW_REPORT)
    return elapsed


def time_stack_floor() -> float:
    """Start ``_stack_floor.py`` once; return the seconds to its marker."""
    command = python_command("-m", "benchmarks._stack_floor")
    elapsed, _line = time_until_marker(command, START_MARKER)
    return elapsed


def main() -> int:
    """Run the benchmark, print the figures and return 0 when the target is met."""
    app_times: list[float] = []
    bare_times: list[float] = []
    floor_times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="ocoya-bench-startup-") as temp:
        # One untimed start of each fills the file cache and writes bytecode.
        time_app(Path(temp) / "warm-up")
        time_bare_window()
        time_stack_floor()
        for run in range(RUNS):
            bare_times.append(time_bare_window())
            floor_times.append(time_stack_floor())
            # A fresh data folder each time: a first start, with no saved settings.
            app_times.append(time_app(Path(temp) / f"run-{run}"))

    app_median = median(app_times)
    bare_median = median(bare_times)
    ratio = app_median / bare_median
    floor_median = median(floor_times)
    print("app runs (s): " + ", ".join(f"{value:.3f}" for value in app_times))
    print("bare runs (s): " + ", ".join(f"{value:.3f}" for value in bare_times))
    print("libraries-only runs (s): " + ", ".join(f"{value:.3f}" for value in floor_times))
    verdict = "meets" if ratio <= TARGET_RATIO else "misses"
    print(
        f"startup: {ratio:.1f}x bare window (app {app_median:.2f} s, bare {bare_median:.2f} s; "
        f"{verdict} the {TARGET_RATIO:.1f}x target; the libraries alone "
        f"{floor_median / bare_median:.2f}x, {floor_median:.2f} s)"
    )
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
