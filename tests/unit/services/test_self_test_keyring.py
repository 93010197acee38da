"""The self-test's keyring step when no keyring can store secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import chainer, fail, null

from ocoya_desktop.logging_setup import LOG_FILE_NAME
from ocoya_desktop.services.self_test import run_self_test
from tests.helpers.env_fixtures import InMemoryKeyring


async def run_collecting(
    tmp_path: Path, *, keyring_round_trip: bool = False
) -> tuple[bool, list[str]]:
    lines: list[str] = []
    passed = await run_self_test(
        data_dir=tmp_path, write=lines.append, keyring_round_trip=keyring_round_trip
    )
    return passed, lines


def line_for(lines: list[str], step: str) -> str:
    matches = [line for line in lines if line.startswith(f"self-test: {step} ... ")]
    assert len(matches) == 1, f"expected one line for {step!r} in {lines}"
    return matches[0]


@pytest.mark.parametrize("backend_class", [fail.Keyring, null.Keyring])
async def test_unusable_backend_warns(tmp_path: Path, backend_class: type) -> None:
    keyring.set_keyring(backend_class())

    passed, lines = await run_collecting(tmp_path)

    line = line_for(lines, "keyring backends")
    assert " ... WARNING: no usable keyring" in line
    assert backend_class.__module__ in line
    assert "session only" in line
    assert " ... ok " not in line
    assert lines[-1].endswith(", 1 warned")
    # The build itself is fine, so the self-test still passes.
    assert passed is True


async def test_empty_chainer_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backend = chainer.ChainerBackend()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", property(lambda _self: []))
    keyring.set_keyring(backend)

    _, lines = await run_collecting(tmp_path)

    assert "WARNING: no usable keyring" in line_for(lines, "keyring backends")


async def test_unusable_backend_skips_round_trip(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())

    passed, lines = await run_collecting(tmp_path, keyring_round_trip=True)

    assert passed is False
    assert line_for(lines, "keyring round trip").endswith("skipped: needs keyring backends")


async def test_working_backend_is_ok(tmp_path: Path, memory_keyring: InMemoryKeyring) -> None:
    passed, lines = await run_collecting(tmp_path)

    line = line_for(lines, "keyring backends")
    assert " ... ok (" in line
    assert "InMemoryKeyring" in line
    assert passed is True


def test_command_prints_warning_once(tmp_path: Path) -> None:
    environment = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    environment.pop("OCOYA_SELF_TEST_KEYRING", None)

    finished = subprocess.run(
        [sys.executable, "-m", "ocoya_desktop", "--self-test", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )

    output = finished.stdout + finished.stderr
    assert finished.returncode == 0, output
    assert output.count("no usable keyring") == 1, output
    log_text = (tmp_path / "logs" / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "no usable keyring" in log_text
