"""Start-up imports: modules the first window does not need stay out of ``sys.modules``, and
the garbage collector, paused while the app is imported, runs again afterwards.

Each check runs in a fresh interpreter, because this test process has long since imported
everything. The modules watched here are the costly ones that load on first use instead:
keyring (backend discovery), Pillow and pillow-heif (media files), Starlette and uvicorn (the
sandbox, which only demo mode and tests start).
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ocoya_desktop.__main__ import _garbage_collector_paused
from ocoya_desktop.domain import media

# Upper bound that only stops a hung child. An import takes under a second, a demo start about
# one second.
CHILD_TIMEOUT_SECONDS = 60

WATCHED_PACKAGES = ("keyring", "PIL", "pillow_heif", "starlette", "uvicorn")

# Prints, as JSON, which of the watched top-level packages the statements loaded.
PROBE = """
import json
import sys
from ocoya_desktop.__main__ import _skip_httpx_command_line
_skip_httpx_command_line()
{statements}
loaded = sorted({{name.partition(".")[0] for name in sys.modules}} & set({watched!r}))
print(json.dumps(loaded))
"""

HTTPX_PROBE = """
import sys
from ocoya_desktop.__main__ import _skip_httpx_command_line
_skip_httpx_command_line()
import httpx
print("rich" in sys.modules, "pygments" in sys.modules, callable(httpx.main))
"""

# Runs the app as ``python -m ocoya_desktop`` would and prints the watched packages loaded by
# the time the process exits, so everything the demo start and shutdown import is counted.
# An audit hook also prints "first import: NAME" when a watched package starts loading; stdout
# keeps the order of these lines and the app's start-up marker line.
DEMO_RUN_PROBE = """
import atexit
import gc
import json
import runpy
import sys

first_imports = set()

def on_audit_event(event, args):
    if event != "import":
        return
    top_level = args[0].partition(".")[0]
    if top_level in {watched!r} and top_level not in first_imports:
        first_imports.add(top_level)
        print("first import:", top_level, flush=True)

sys.addaudithook(on_audit_event)

def report():
    loaded = sorted({{name.partition(".")[0] for name in sys.modules}} & set({watched!r}))
    print("watched:", json.dumps(loaded), flush=True)
    print("gc enabled:", gc.isenabled(), flush=True)

atexit.register(report)
sys.argv = ["ocoya-desktop", "--demo", "--exit-after-start", "--data-dir", {data_dir!r}]
runpy.run_module("ocoya_desktop", run_name="__main__", alter_sys=True)
"""


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_SECONDS,
        check=False,
    )


def run_demo(data_dir: Path) -> list[str]:
    """Run ``--demo --exit-after-start`` in a fresh interpreter and return its stdout lines."""
    code = DEMO_RUN_PROBE.format(watched=WATCHED_PACKAGES, data_dir=str(data_dir))
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def imported_before_marker(lines: list[str]) -> list[str]:
    """Return the watched packages whose first import comes before the start-up marker line."""
    marker_indexes = [i for i, line in enumerate(lines) if line.startswith("Start-up complete")]
    assert len(marker_indexes) == 1, lines
    return [
        line.removeprefix("first import: ")
        for line in lines[: marker_indexes[0]]
        if line.startswith("first import: ")
    ]


def loaded_after(*statements: str) -> list[str]:
    """Return the watched packages a fresh interpreter has loaded after ``statements``."""
    code = PROBE.format(statements="\n".join(statements), watched=WATCHED_PACKAGES)
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def test_httpx_cli_modules_not_imported() -> None:
    result = run_python(HTTPX_PROBE)

    assert result.returncode == 0, result.stderr
    rich_loaded, pygments_loaded, main_callable = result.stdout.split()
    assert rich_loaded == "False"
    assert pygments_loaded == "False"
    assert main_callable == "True"


def test_app_import_skips_keyring() -> None:
    loaded = loaded_after("import ocoya_desktop.app")

    assert "keyring" not in loaded


def test_app_import_skips_sandbox_server() -> None:
    loaded = loaded_after("import ocoya_desktop.app")

    assert "starlette" not in loaded
    assert "uvicorn" not in loaded


def test_secret_store_import_skips_keyring() -> None:
    loaded = loaded_after(
        "from ocoya_desktop.storage.secrets import SecretStore, SessionSecretStore"
    )

    assert loaded == []


def test_secret_store_loads_keyring_on_use() -> None:
    # The autouse keyring fixture points PYTHON_KEYRING_BACKEND at an in-memory backend,
    # so this reads no real keyring.
    loaded = loaded_after(
        "from ocoya_desktop.storage.secrets import SecretStore",
        "assert SecretStore().get_api_key() is None",
    )

    assert "keyring" in loaded


def test_media_pipeline_import_skips_pillow() -> None:
    loaded = loaded_after("import ocoya_desktop.services.media_pipeline")

    assert "PIL" not in loaded
    assert "pillow_heif" not in loaded


def test_app_import_skips_pillow() -> None:
    loaded = loaded_after("import ocoya_desktop.app")

    assert "PIL" not in loaded
    assert "pillow_heif" not in loaded


def test_media_package_import_skips_pillow() -> None:
    loaded = loaded_after(
        "from ocoya_desktop.domain.media import Finding, MediaError, Severity, check_media"
    )

    assert "PIL" not in loaded
    assert "pillow_heif" not in loaded


def test_media_names_load_pillow_on_access() -> None:
    loaded = loaded_after(
        "from ocoya_desktop.domain import media",
        "assert callable(media.make_thumbnail)",
    )

    assert "PIL" in loaded
    assert "pillow_heif" in loaded


@pytest.mark.parametrize("name", media.__all__)
def test_media_exports_resolve(name: str) -> None:
    assert getattr(media, name) is not None
    assert name in dir(media)


def test_media_unknown_name_raises() -> None:
    name = "no_such_name"

    with pytest.raises(AttributeError, match=name):
        getattr(media, name)


def test_media_from_import_matches_submodule() -> None:
    from ocoya_desktop.domain.media import make_thumbnail, planned_format
    from ocoya_desktop.domain.media.convert import planned_format as defined_format
    from ocoya_desktop.domain.media.thumbnails import make_thumbnail as defined_thumbnail

    assert make_thumbnail is defined_thumbnail
    assert planned_format is defined_format


def test_sandbox_import_skips_pillow() -> None:
    loaded = loaded_after("import ocoya_desktop.sandbox", "ocoya_desktop.sandbox.create_app()")

    assert "PIL" not in loaded
    assert "starlette" in loaded


def test_demo_start_never_imports_keyring(tmp_path: Path) -> None:
    lines = run_demo(tmp_path)

    assert any(line.startswith("Start-up complete") for line in lines), lines
    report = [line for line in lines if line.startswith("watched: ")]
    assert len(report) == 1, lines
    loaded = json.loads(report[0].removeprefix("watched: "))
    assert "keyring" not in loaded
    assert "gc enabled: True" in lines


def test_demo_start_skips_pillow(tmp_path: Path) -> None:
    lines = run_demo(tmp_path)

    imported = imported_before_marker(lines)
    assert "PIL" not in imported
    assert "pillow_heif" not in imported
    # The sandbox starts before the first window in demo mode, so this shows the hook reports.
    assert "starlette" in imported


@pytest.fixture
def collector_state() -> Iterator[None]:
    """Restore the garbage collector's state and unfreeze objects after the test."""
    was_enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collector_state")
def test_collector_paused_inside_block() -> None:
    gc.enable()

    with _garbage_collector_paused():
        paused = not gc.isenabled()

    assert paused
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


@pytest.mark.usefixtures("collector_state")
def test_collector_resumes_after_error() -> None:
    gc.enable()

    with pytest.raises(ImportError), _garbage_collector_paused():
        raise ImportError("no module named 'missing'")

    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collector_state")
def test_collector_stays_disabled_when_it_was() -> None:
    gc.disable()

    with _garbage_collector_paused():
        pass

    assert not gc.isenabled()
