"""Every benchmark script imports and offers a ``main``; nothing is timed here."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

BENCHMARK_DIR = Path(__file__).resolve().parents[2] / "benchmarks"
EXPECTED = {"startup", "responsiveness", "big_schedule", "thumbnails", "memory", "requests"}


def script_names() -> list[str]:
    return sorted(path.stem for path in BENCHMARK_DIR.glob("*.py") if not path.stem.startswith("_"))


def test_expected_scripts_exist() -> None:
    missing = EXPECTED - set(script_names())

    assert not missing, f"benchmarks/ lacks {sorted(missing)}"


@pytest.mark.parametrize("name", script_names())
def test_script_has_main(name: str) -> None:
    module = importlib.import_module(f"benchmarks.{name}")

    assert callable(getattr(module, "main", None)), f"benchmarks/{name}.py has no main()"
