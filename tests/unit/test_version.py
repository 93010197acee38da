"""The version the app reports is the one the package is built with."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ocoya_desktop import __version__

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_version_matches_pyproject() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]

    assert __version__ == project["version"]
