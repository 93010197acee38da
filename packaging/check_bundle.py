"""Check a built Linux bundle of Ocoya Desktop the way a user's machine would run it.

Usage, from the repository root after ``packaging/build_linux.sh``:
    uv run python packaging/check_bundle.py [BUNDLE_DIR]
BUNDLE_DIR defaults to build/dist/ocoya-desktop. The checks:

1. every shared library in the bundle resolves (``ldd`` finds no missing dependency);
2. ``ocoya-desktop --self-test`` passes on Qt's offscreen platform;
3. the same self-test with a keyring round trip passes against a real Secret Service
   (gnome-keyring in a private D-Bus session, with HOME in a temporary folder);
4. the app opens its main window on a private Xvfb server, and ``--exit-after-start`` exits
   with code 0 there once the first workspace has loaded;
5. no run writes an unexpected warning, error or traceback to stderr.

It prints the bundle, .deb and .tar.gz sizes and the start-up time, and exits with 1 if any
check failed. Only the Python standard library is used, so any Python 3.11 can run it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BUNDLE = REPO_ROOT / "build" / "dist" / "ocoya-desktop"
BINARY_NAME = "ocoya-desktop"
WINDOW_TITLE = "Ocoya Desktop"

# Upper bounds that only stop a hung process from blocking the check; not performance limits.
RUN_TIMEOUT_SECONDS = 120.0
WINDOW_TIMEOUT_SECONDS = 60.0
WINDOW_POLL_SECONDS = 0.1

KEYRING_PASSWORD = "ocoya-bundle-check"

# stderr lines that contain one of these words fail the check, unless an allow-list entry
# below matches the line.
SUSPICIOUS_WORDS = re.compile(r"warning|traceback|error", re.IGNORECASE)
ALLOWED_STDERR: tuple[re.Pattern[str], ...] = (
    # dbus-run-session's own daemon shares stderr with the app. Run as root in a container,
    # it cannot raise its file limit and prints a message. The bus works regardless.
    re.compile(r"^dbus-daemon\[\d+\]: .*Failed to set fd limit"),
)


@dataclass
class Report:
    """Results of the checks, printed at the end."""

    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        print(f"check: FAILED: {message}", flush=True)
        self.failures.append(message)

    def ok(self, message: str) -> None:
        print(f"check: ok: {message}", flush=True)

    def note(self, message: str) -> None:
        print(f"check: {message}", flush=True)
        self.notes.append(message)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=DEFAULT_BUNDLE)
    options = parser.parse_args(argv)
    bundle: Path = options.bundle.resolve()
    binary = bundle / BINARY_NAME
    if not binary.is_file():
        print(f"error: {binary} not found; build it with packaging/build_linux.sh", file=sys.stderr)
        return 2

    report = Report()
    check_libraries(bundle, report)
    with tempfile.TemporaryDirectory(prefix="ocoya-bundle-check-") as temp:
        temp_dir = Path(temp)
        check_self_test(binary, temp_dir, report)
        check_keyring_self_test(binary, temp_dir, report)
        check_window(binary, temp_dir, report)
    report_sizes(bundle, report)

    print()
    if report.failures:
        print(f"check: {len(report.failures)} check(s) failed:")
        for failure in report.failures:
            print(f"  - {failure}")
        return 1
    print("check: all checks passed")
    return 0


# 1. Shared libraries


def check_libraries(bundle: Path, report: Report) -> None:
    """Run ldd on every ELF file of the bundle, with the bundle's folders on the search path."""
    internal = bundle / "_internal"
    search_path = os.pathsep.join(
        str(folder) for folder in (internal, internal / "PySide6" / "Qt" / "lib") if folder.is_dir()
    )
    environment = {**os.environ, "LD_LIBRARY_PATH": search_path}
    missing: dict[str, set[str]] = {}
    candidates = [bundle / BINARY_NAME, *internal.rglob("*.so*")]
    for path in candidates:
        if not path.is_file() or not _is_elf(path):
            continue
        result = subprocess.run(
            ["ldd", str(path)], capture_output=True, text=True, env=environment, check=False
        )
        for line in result.stdout.splitlines():
            if "not found" in line:
                library = line.split("=>")[0].strip()
                missing.setdefault(library, set()).add(str(path.relative_to(bundle)))
    if missing:
        for library, users in sorted(missing.items()):
            report.fail(f"{library} is missing, needed by {', '.join(sorted(users)[:3])}")
    else:
        report.ok(f"all shared libraries resolve ({len(candidates)} files checked)")


def _is_elf(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == b"\x7fELF"


# 2. and 3. The self-test


def check_self_test(binary: Path, temp_dir: Path, report: Report) -> None:
    environment = _app_environment(temp_dir / "home-self-test", QT_QPA_PLATFORM="offscreen")
    command = [str(binary), "--self-test", "--data-dir", str(temp_dir / "data-self-test")]
    _run_self_test("self-test", command, environment, report)


def check_keyring_self_test(binary: Path, temp_dir: Path, report: Report) -> None:
    missing = [
        tool for tool in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(tool)
    ]
    if missing:
        report.fail(
            f"{' and '.join(missing)} not found, so the keyring round trip cannot run; "
            "install them with: apt-get install dbus gnome-keyring"
        )
        return
    home = temp_dir / "home-keyring"
    environment = _app_environment(home, QT_QPA_PLATFORM="offscreen", OCOYA_SELF_TEST_KEYRING="1")
    data_dir = temp_dir / "data-keyring"
    # The daemon reads the password on stdin, creates the login keyring with it and unlocks
    # it. Its own output goes to a file, so only the app writes to stderr.
    script = (
        'printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets '
        '>"$HOME/keyring-daemon.log" 2>&1 && exec "$0" --self-test --data-dir "$1"'
    )
    command = ["dbus-run-session", "--", "sh", "-c", script, str(binary), str(data_dir)]
    environment["KEYRING_PASSWORD"] = KEYRING_PASSWORD
    stdout = _run_self_test("self-test with Secret Service", command, environment, report)
    if stdout is not None and "keyring round trip ... ok" not in stdout:
        report.fail(
            "the self-test did not run the keyring round trip; OCOYA_SELF_TEST_KEYRING=1 must "
            "pass keyring_round_trip=True to run_self_test"
        )


def _run_self_test(
    label: str, command: list[str], environment: Mapping[str, str], report: Report
) -> str | None:
    started = time.monotonic()
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=environment,
            timeout=RUN_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        report.fail(f"{label} did not finish within {RUN_TIMEOUT_SECONDS:.0f} s")
        return None
    elapsed = time.monotonic() - started

    print(result.stdout, end="", flush=True)
    summary = [
        line for line in result.stdout.splitlines() if re.match(r"self-test: \d+ passed", line)
    ]
    if result.returncode != 0 or not summary:
        report.fail(f"{label} exited with code {result.returncode}; stderr:\n{result.stderr}")
        return None
    _check_stderr(label, result.stderr, report)
    report.ok(f"{label}: {summary[-1].removeprefix('self-test: ')} in {elapsed:.2f} s wall time")
    return result.stdout


# 4. A real window on Xvfb


def check_window(binary: Path, temp_dir: Path, report: Report) -> None:
    if not shutil.which("Xvfb") or not shutil.which("xwininfo"):
        report.fail("Xvfb or xwininfo not found; install them with: apt-get install xvfb x11-utils")
        return
    with _xvfb(temp_dir) as display:
        environment = _app_environment(
            temp_dir / "home-window", QT_QPA_PLATFORM="xcb", DISPLAY=display
        )
        _check_window_appears(binary, temp_dir, environment, report)
        _check_exit_after_start(binary, temp_dir, environment, report)


def _check_window_appears(
    binary: Path, temp_dir: Path, environment: Mapping[str, str], report: Report
) -> None:
    """Start the demo, wait for its main window in the X tree, then terminate it."""
    command = [str(binary), "--demo", "--data-dir", str(temp_dir / "data-window")]
    stderr_path = temp_dir / "window-stderr.txt"
    with stderr_path.open("w") as stderr:
        started = time.monotonic()
        process = subprocess.Popen(
            command, env=environment, stdout=subprocess.DEVNULL, stderr=stderr
        )
        try:
            shown_after = _wait_for_window(environment, process, started)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=RUN_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    if shown_after is None:
        report.fail(
            f"no window titled {WINDOW_TITLE!r} appeared within {WINDOW_TIMEOUT_SECONDS:.0f} s "
            f"(exit code {process.returncode}); stderr:\n{stderr_path.read_text()}"
        )
        return
    _check_stderr("demo window", stderr_path.read_text(), report)
    report.ok(f"main window shown on Xvfb {shown_after:.2f} s after the process started")
    report.note(f"start-up time (process start to main window mapped, --demo): {shown_after:.2f} s")


def _wait_for_window(
    environment: Mapping[str, str], process: subprocess.Popen[bytes], started: float
) -> float | None:
    deadline = started + WINDOW_TIMEOUT_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        tree = subprocess.run(
            ["xwininfo", "-root", "-tree"],
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        ).stdout
        if f'"{WINDOW_TITLE}"' in tree:
            return time.monotonic() - started
        time.sleep(WINDOW_POLL_SECONDS)
    return None


def _check_exit_after_start(
    binary: Path, temp_dir: Path, environment: Mapping[str, str], report: Report
) -> None:
    command = [
        str(binary),
        "--demo",
        "--exit-after-start",
        "--data-dir",
        str(temp_dir / "data-exit-after-start"),
    ]
    started = time.monotonic()
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=environment,
            timeout=RUN_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        report.fail(f"--exit-after-start did not exit within {RUN_TIMEOUT_SECONDS:.0f} s")
        return
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        report.fail(
            f"--exit-after-start exited with code {result.returncode}; stderr:\n{result.stderr}"
        )
        return
    _check_stderr("--exit-after-start", result.stderr, report)
    report.ok(f"--demo --exit-after-start exited with 0 after {elapsed:.2f} s")
    report.note(
        f"start-up time (process start to first workspace loaded and exit): {elapsed:.2f} s"
    )


@contextmanager
def _xvfb(temp_dir: Path) -> Iterator[str]:
    """Start Xvfb on a free display (it picks one and writes the number to a pipe)."""
    read_fd, write_fd = os.pipe()
    process = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=(temp_dir / "xvfb.log").open("w"),
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError(f"Xvfb did not report a display number; see {temp_dir / 'xvfb.log'}")
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(timeout=RUN_TIMEOUT_SECONDS)


# Shared helpers


def _app_environment(home: Path, **extra: str) -> dict[str, str]:
    """Return an environment with a private HOME and XDG folders, away from user data."""
    home.mkdir(parents=True, exist_ok=True)
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("QT_", "XDG_", "DBUS_", "PYTHON")) and key != "DISPLAY"
    }
    environment["HOME"] = str(home)
    for variable, folder in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ):
        path = home / folder
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        environment[variable] = str(path)
    environment.update(extra)
    return environment


def _check_stderr(label: str, stderr: str, report: Report) -> None:
    unexpected = [
        line
        for line in stderr.splitlines()
        if SUSPICIOUS_WORDS.search(line)
        and not any(allowed.search(line) for allowed in ALLOWED_STDERR)
    ]
    if unexpected:
        report.fail(f"{label} wrote to stderr:\n" + "\n".join(unexpected))


def report_sizes(bundle: Path, report: Report) -> None:
    report.note(f"bundle folder {bundle}: {_megabytes(_folder_size(bundle))}")
    build_dir = REPO_ROOT / "build"
    for pattern in ("ocoya-desktop_*.deb", "ocoya-desktop-*.tar.gz"):
        for package in sorted(build_dir.glob(pattern)):
            report.note(f"{package.name}: {_megabytes(package.stat().st_size)}")


def _folder_size(folder: Path) -> int:
    return sum(
        path.stat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


if __name__ == "__main__":
    sys.exit(main())
