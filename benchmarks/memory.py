"""Resident memory after start-up with the demo data, against a bare PySide6 window.

The app runs as ``python -m ocoya_desktop --demo --exit-after-start`` on Qt's offscreen
platform. Once the first workspace is shown, it prints its resident set size (``VmRSS`` from
``/proc/self/status``) on its start-up line. A bare PySide6 window in its own process reports
the same figure once shown. Medians of several runs each; Linux only, because of ``/proc``.

Target: at most 150 MB (megabytes of 10^6 bytes) for the app.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: import from the repository root rather than from this folder, where
    # requests.py would shadow the requests package.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from benchmarks._common import START_MARKER, median, run_bare_window, run_demo_app

RUNS = 3
TARGET_MEGABYTES = 150.0

# Reads the bare window's own resident memory once it is shown, as the app does.
BARE_WINDOW_REPORT = f"""
with open("/proc/self/status", encoding="ascii") as status:
    kibibytes = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
print(f"{START_MARKER}: bare window shown; resident memory {{kibibytes / 1024:.1f}} MiB",
      flush=True)
"""

_MEMORY = re.compile(r"resident memory ([0-9.]+) MiB")


def megabytes_from(line: str) -> float:
    """Return the resident memory in MB printed on a start-up line."""
    match = _MEMORY.search(line)
    if match is None:
        raise RuntimeError(f"no resident memory on the start-up line {line!r} (Linux only)")
    return float(match.group(1)) * 1024 * 1024 / 1_000_000


def main() -> int:
    """Run the benchmark, print the figures and return 0 when the target is met."""
    app_values: list[float] = []
    bare_values: list[float] = []
    with tempfile.TemporaryDirectory(prefix="ocoya-bench-memory-") as temp:
        for run in range(RUNS):
            _, line = run_demo_app(Path(temp) / f"run-{run}")
            app_values.append(megabytes_from(line))
            _, line = run_bare_window(BARE_WINDOW_REPORT)
            bare_values.append(megabytes_from(line))

    app_rss = median(app_values)
    bare_rss = median(bare_values)
    print("app runs (MB): " + ", ".join(f"{value:.1f}" for value in app_values))
    print("bare runs (MB): " + ", ".join(f"{value:.1f}" for value in bare_values))
    verdict = "meets" if app_rss <= TARGET_MEGABYTES else "misses"
    print(
        f"memory: app {app_rss:.0f} MB resident, {app_rss / bare_rss:.1f}x a bare window "
        f"({bare_rss:.0f} MB; {verdict} the {TARGET_MEGABYTES:.0f} MB target)"
    )
    return 0 if app_rss <= TARGET_MEGABYTES else 1


if __name__ == "__main__":
    sys.exit(main())
