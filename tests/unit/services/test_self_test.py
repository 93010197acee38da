"""The self-test behind ``ocoya-desktop --self-test``, run in-process against the sandbox."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from ocoya_desktop.sandbox import Faults
from ocoya_desktop.services import self_test
from ocoya_desktop.services.self_test import SELF_TEST_SERVICE_NAME, run_self_test
from tests.helpers.env_fixtures import InMemoryKeyring

OK_LINE = re.compile(r"^self-test: (?P<step>.+?) \.\.\. ok \(\d+ ms\)(: .+)?$")

MAIN_JOB_STEPS = [
    "start",
    "load workspace",
    "compose with AI image",
    "schedule for tomorrow 09:00",
    "find scheduled post",
    "upload local media",
]


async def run_collecting(tmp_path: Path, **options: object) -> tuple[bool, list[str]]:
    lines: list[str] = []
    passed = await run_self_test(data_dir=tmp_path, write=lines.append, **options)  # type: ignore[arg-type]
    return passed, lines


def line_for(lines: list[str], step: str) -> str:
    matches = [line for line in lines if line.startswith(f"self-test: {step} ... ")]
    assert len(matches) == 1, f"expected one line for {step!r} in {lines}"
    return matches[0]


async def test_self_test_passes_on_sandbox(tmp_path: Path) -> None:
    passed, lines = await run_collecting(tmp_path)

    assert passed is True
    for line in lines[:-1]:
        assert OK_LINE.match(line), line
    steps = [match["step"] for line in lines[:-1] if (match := OK_LINE.match(line))]
    assert steps[: len(MAIN_JOB_STEPS)] == MAIN_JOB_STEPS
    assert "HTTPS certificates" in steps
    assert "keyring backends" in steps
    assert "Qt-free imports" in steps
    assert steps[-1] == "quit"
    assert lines[-1] == f"self-test: {len(steps)} passed, 0 failed"


async def test_self_test_writes_jpeg_under_data_dir(tmp_path: Path) -> None:
    passed, _ = await run_collecting(tmp_path)

    assert passed is True
    assert (tmp_path / "self-test" / "self-test.jpg").is_file()


async def test_keyring_round_trip_runs_only_when_requested(
    tmp_path: Path, memory_keyring: InMemoryKeyring
) -> None:
    _, default_lines = await run_collecting(tmp_path)
    passed, lines = await run_collecting(tmp_path, keyring_round_trip=True)

    assert not any("keyring round trip" in line for line in default_lines)
    assert passed is True
    assert OK_LINE.match(line_for(lines, "keyring round trip"))
    # The secret is deleted again, and the app's own service is never touched.
    assert memory_keyring.passwords == {}


async def test_keyring_round_trip_fails_on_wrong_value(
    tmp_path: Path, memory_keyring: InMemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    def corrupting_get(service: str, username: str) -> str | None:
        stored = memory_keyring.passwords.get((service, username))
        return None if stored is None else stored + "-changed"

    monkeypatch.setattr(memory_keyring, "get_password", corrupting_get)

    passed, lines = await run_collecting(tmp_path, keyring_round_trip=True)

    assert passed is False
    line = line_for(lines, "keyring round trip")
    assert "FAILED: the keyring returned a different value" in line
    assert SELF_TEST_SERVICE_NAME in line


async def test_malformed_responses_fail_start_and_skip_dependants(tmp_path: Path) -> None:
    passed, lines = await run_collecting(tmp_path, faults=Faults(malformed_json=True))

    assert passed is False
    assert "FAILED: " in line_for(lines, "start")
    assert line_for(lines, "load workspace").endswith("skipped: needs start")
    assert line_for(lines, "compose with AI image").endswith("skipped: needs load workspace")
    assert line_for(lines, "upload local media").endswith("skipped: needs load workspace")
    # Checks that need no server still run and pass.
    assert OK_LINE.match(line_for(lines, "HTTPS certificates"))
    assert OK_LINE.match(line_for(lines, "time zone data"))
    assert OK_LINE.match(line_for(lines, "quit"))
    assert re.fullmatch(r"self-test: \d+ passed, 1 failed, 5 skipped", lines[-1])


async def test_dropped_create_fails_post_steps(tmp_path: Path) -> None:
    # POST /post and POST /post/ai store the post, but the response never arrives.
    faults = Faults(drop_after_create=True)

    passed, lines = await run_collecting(tmp_path, faults=faults)

    assert passed is False
    assert OK_LINE.match(line_for(lines, "load workspace"))
    assert "FAILED: OutcomeUnknownError" in line_for(lines, "compose with AI image")
    assert line_for(lines, "schedule for tomorrow 09:00").endswith(
        "skipped: needs compose with AI image"
    )
    assert line_for(lines, "find scheduled post").endswith(
        "skipped: needs schedule for tomorrow 09:00"
    )
    assert "FAILED: OutcomeUnknownError" in line_for(lines, "upload local media")
    assert OK_LINE.match(line_for(lines, "Qt-free imports"))


async def test_missing_module_fails_import_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = "ocoya_desktop.no_such_module"
    monkeypatch.setattr(self_test, "QT_FREE_MODULES", (*self_test.QT_FREE_MODULES, missing))

    passed, lines = await run_collecting(tmp_path)

    assert passed is False
    line = line_for(lines, "Qt-free imports")
    assert f"FAILED: cannot import {missing}" in line
    assert lines[-1] == "self-test: 10 passed, 1 failed"


@pytest.mark.skipif(sys.platform != "linux", reason="CA bundle files are read on Linux only")
async def test_missing_ca_bundle_fails_certificate_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(self_test, "_count_linux_ca_certificates", lambda: (0, ""))

    passed, lines = await run_collecting(tmp_path)

    assert passed is False
    assert "FAILED: no CA certificates found" in line_for(lines, "HTTPS certificates")
