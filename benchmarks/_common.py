"""Helpers shared by the benchmark scripts: medians, ratios, test photos and child processes.

Every benchmark compares the app with a baseline measured in the same run, because the
machines these run on are shared and noisy: absolute times move from run to run, ratios much
less.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ocoya_desktop.api import PostGroup
    from ocoya_desktop.sandbox import SandboxStore

REPO_ROOT = Path(__file__).resolve().parents[1]

START_MARKER = "Start-up complete"
"""Start of the stdout line ``--exit-after-start`` prints once the first workspace is shown."""

CHILD_TIMEOUT_SECONDS = 60.0
"""Upper bound for one child process; it only stops a hung run."""

PHOTO_SIZE = (6000, 4000)
"""Width and height of the generated test photos: 24 megapixels, like a phone camera's."""


def median(values: Sequence[float]) -> float:
    """Return the median of ``values``; raises ``ValueError`` when there are none."""
    if not values:
        raise ValueError("median of no values: the benchmark collected no samples")
    return statistics.median(values)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Return the value below which ``fraction`` (0 to 1) of ``values`` lie (nearest rank)."""
    if not values:
        raise ValueError("percentile of no values: the benchmark collected no samples")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[rank]


BYTECODE_CACHE = Path(tempfile.gettempdir()) / "ocoya-benchmarks-bytecode"
"""Folder for the compiled bytecode of child processes (``PYTHONPYCACHEPREFIX``), outside
the repository and the virtual environment."""


def offscreen_environment() -> dict[str, str]:
    """Return the environment for child processes: Qt's offscreen platform, no display, and
    bytecode caching on.

    An installed app imports compiled bytecode. With ``PYTHONDONTWRITEBYTECODE`` set (as in
    some containers), every start compiles each module from source again, which measures
    the compiler rather than the app. Children therefore write their bytecode to
    ``BYTECODE_CACHE``, and the first, untimed run of each benchmark fills it.
    """
    environment = dict(os.environ)
    environment["QT_QPA_PLATFORM"] = "offscreen"
    environment.pop("DISPLAY", None)
    environment.pop("WAYLAND_DISPLAY", None)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
    return environment


def time_until_marker(command: Sequence[str], marker: str) -> tuple[float, str]:
    """Start ``command`` and return the seconds until it printed a line starting with
    ``marker``, with that line. The child is left to exit on its own and then reaped.

    Raises ``RuntimeError`` when the child exits or times out without the marker.
    """
    started = time.perf_counter()
    child = subprocess.Popen(
        list(command),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=offscreen_environment(),
        cwd=REPO_ROOT,
    )
    assert child.stdout is not None
    found: str | None = None
    elapsed = 0.0
    for line in child.stdout:
        if line.startswith(marker):
            elapsed = time.perf_counter() - started
            found = line.strip()
            break
    try:
        _, stderr = child.communicate(timeout=CHILD_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as error:
        child.kill()
        child.communicate()
        raise RuntimeError(
            f"{command[0]} did not exit within {CHILD_TIMEOUT_SECONDS:.0f} s"
        ) from error
    if found is None:
        raise RuntimeError(
            f"{' '.join(command)} exited with code {child.returncode} without printing "
            f"{marker!r}; stderr:\n{stderr}"
        )
    return elapsed, found


BARE_WINDOW_SOURCE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("bare window"))
window.resize(1200, 720)
window.show()
window.repaint()
"""
"""Python source of the baseline the start-up benchmarks compare with: a ``QApplication``
and a ``QMainWindow`` of the app's size, shown and painted. Callers append the statements
that print the ``START_MARKER`` line."""


def run_demo_app(data_dir: Path) -> tuple[float, str]:
    """Start the app once as ``--demo --exit-after-start`` with its data in ``data_dir``.

    Returns the seconds to its ``START_MARKER`` line and that line.
    """
    command = python_command(
        "-m", "ocoya_desktop", "--demo", "--exit-after-start", "--data-dir", str(data_dir)
    )
    return time_until_marker(command, START_MARKER)


def run_bare_window(report_source: str) -> tuple[float, str]:
    """Run ``BARE_WINDOW_SOURCE`` followed by ``report_source`` in a child process.

    ``report_source`` must print a line starting with ``START_MARKER``. Returns the seconds
    to that line and the line.
    """
    command = python_command("-c", BARE_WINDOW_SOURCE + report_source)
    return time_until_marker(command, START_MARKER)


def write_test_photos(folder: Path, count: int) -> list[Path]:
    """Write ``count`` distinct 24-megapixel JPEGs to ``folder`` and return their paths.

    One photo is encoded and copied with a different trailing comment after the end-of-image
    marker, so each file has its own content hash (no cache hit) while decoding the same.
    """
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    template = folder / "template.jpg"
    if not template.exists():
        # Noise over a gradient compresses like a real photo, unlike a flat colour.
        width, height = PHOTO_SIZE
        noise = Image.effect_noise((width, height), 40).convert("RGB")
        gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
        Image.blend(noise, gradient, 0.5).save(template, format="JPEG", quality=90)
    data = template.read_bytes()
    paths = []
    for number in range(count):
        path = folder / f"photo-{number:03d}.jpg"
        path.write_bytes(data + f"copy {number}".encode("ascii"))
        paths.append(path)
    return paths


def python_command(*arguments: str) -> list[str]:
    """Return a command that runs this interpreter with ``arguments``."""
    return [sys.executable, *arguments]


def demo_store_with_posts(count: int) -> tuple[SandboxStore, str]:
    """Return the sandbox's demo store with ``count`` extra posts in its first workspace,
    and that workspace's id.

    The extra posts copy the seeded ones (captions, profiles, media) with their own ids and
    creation times one minute apart, so they list after the seeded posts.
    """
    from datetime import UTC, datetime, timedelta

    from ocoya_desktop.sandbox import DEMO_API_KEY, build_demo_store
    from ocoya_desktop.sandbox.store import PostGroup

    store = build_demo_store(datetime.now(UTC))
    account = store.accounts[DEMO_API_KEY]
    workspace_id = next(w for w in store.workspaces if store.can_reach(account, w))
    seeded = store.posts_in(workspace_id)
    oldest = min(post.created_at for post in seeded)
    with store.lock:
        for number in range(count):
            model = seeded[number % len(seeded)]
            post_id = store.new_id()
            store.posts[post_id] = PostGroup(
                id=post_id,
                workspace_id=workspace_id,
                status=model.status,
                caption=f"{model.caption} (copy {number})",
                created_at=oldest - timedelta(minutes=number + 1),
                scheduled_at=(
                    model.scheduled_at + timedelta(hours=number)
                    if model.scheduled_at is not None
                    else None
                ),
                creatives=list(model.creatives),
                social_profile_ids=list(model.social_profile_ids),
            )
    return store, workspace_id


async def fetch_all_posts(store: SandboxStore, workspace_id: str) -> list[PostGroup]:
    """Fetch every post of the workspace through ``OcoyaClient`` over the in-process sandbox."""
    from ocoya_desktop.api import OcoyaClient
    from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
    from ocoya_desktop.sandbox.transport import SandboxTransport

    transport = SandboxTransport(create_app(store=store, rate_limit=1_000_000))
    async with OcoyaClient(DEMO_API_KEY, base_url=SANDBOX_BASE_URL, transport=transport) as client:
        return [post async for post in client.iter_posts(workspace_id)]


SANDBOX_BASE_URL = "http://sandbox.invalid/api/_public/v1"
"""API base for the in-process sandbox; the reserved .invalid name never resolves, so no
request can leave the process."""


def use_bytecode_cache() -> None:
    """Make this process read and write compiled bytecode in ``BYTECODE_CACHE``.

    For the benchmarks that run the app in their own process: a module imported for the
    first time during a measurement would otherwise be compiled from source when
    ``PYTHONDONTWRITEBYTECODE`` is set, which an installed app never does.
    """
    sys.dont_write_bytecode = False
    sys.pycache_prefix = str(BYTECODE_CACHE)
