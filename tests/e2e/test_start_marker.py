"""--exit-after-start prints one line once the first workspace is shown, for benchmarks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

# Upper bound that only stops a hung app; the start itself takes about a second.
START_TIMEOUT_SECONDS = 60


def test_start_marker_reports_memory(tmp_path: Path) -> None:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "ocoya_desktop", "--demo", "--exit-after-start"]

    result = subprocess.run(
        [*command, "--data-dir", str(tmp_path)],
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_SECONDS,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    match = re.fullmatch(
        r"Start-up complete: first workspace shown; resident memory ([0-9.]+) MiB", lines[0]
    )
    assert match is not None, lines[0]
    assert float(match.group(1)) > 0
