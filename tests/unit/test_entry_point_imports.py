"""The entry point keeps httpx's command-line client (click, rich) out of start-up."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from ocoya_desktop.__main__ import _skip_httpx_command_line
_skip_httpx_command_line()
import httpx
print("rich" in sys.modules, "pygments" in sys.modules, callable(httpx.main))
"""


def test_httpx_cli_modules_not_imported() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode == 0, result.stderr
    rich_loaded, pygments_loaded, main_callable = result.stdout.split()
    assert rich_loaded == "False"
    assert pygments_loaded == "False"
    assert main_callable == "True"
