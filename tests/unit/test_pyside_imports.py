"""skip_feature_source_scan: PySide6 stops reading the source of modules imported later."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from types import ModuleType

import pytest

from ocoya_desktop.ui.pyside_imports import skip_feature_source_scan


@pytest.fixture
def source_reads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Record the modules whose source ``inspect.getsource`` is asked for.

    PySide6's own scan function is put back after the test, and ``tmp_path`` is put on
    ``sys.path`` for the probe modules.
    """
    import PySide6.QtCore  # noqa: F401  (installs PySide6's import hook)

    feature = importlib.import_module("PySide6.support.feature")
    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)
    monkeypatch.syspath_prepend(str(tmp_path))
    reads: list[str] = []
    real_getsource = inspect.getsource

    def recording_getsource(target: object) -> str:
        if isinstance(target, ModuleType):
            reads.append(target.__name__)
        return real_getsource(target)  # type: ignore[arg-type]

    monkeypatch.setattr(inspect, "getsource", recording_getsource)
    return reads


def _import_probe(folder: Path, name: str) -> None:
    (folder / f"{name}.py").write_text("VALUE = 1\n", encoding="utf-8")
    # An import statement, because PySide6 hooks builtins.__import__, which
    # importlib.import_module does not call.
    __import__(name)


def test_pyside_reads_new_modules(source_reads: list[str], tmp_path: Path) -> None:
    _import_probe(tmp_path, "ocoya_probe_scanned")

    assert "ocoya_probe_scanned" in source_reads


def test_skip_stops_source_reads(source_reads: list[str], tmp_path: Path) -> None:
    assert skip_feature_source_scan()

    _import_probe(tmp_path, "ocoya_probe_skipped")

    assert "ocoya_probe_skipped" not in source_reads
