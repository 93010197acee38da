"""Thumbnails per second for 24-megapixel JPEGs: ``make_thumbnail`` against plain Pillow.

Both sides get the same files and make the same 256-pixel thumbnails, and both decode each
JPEG at 1/8 scale (``draft``):

- plain Pillow: ``Image.open`` on the path, ``draft`` and ``thumbnail`` with Pillow's
  defaults (bicubic, ``reducing_gap`` 2.0), keeping the result in memory. It writes nothing
  and computes no cache key.
- the app: ``make_thumbnail`` keys its cache by the file's identity (path, size and
  modification time, one ``stat``). It decodes the file at 1/8 scale, turns it upright
  per EXIF and shrinks it (a box filter, then Lanczos). It writes the result to the cache
  as a JPEG, or as a PNG when it has transparency.

Each round uses an empty cache folder, so every thumbnail is made, never read back. Rounds
alternate between the sides, and the medians are compared.

The app does not make thumbnails strictly one after another: ``ui.thumbnails`` runs them
in a pool of ``DECODER_THREADS`` threads (one fewer than the CPUs, at least one), and Pillow
releases the GIL while it decodes. The script also prints that rate against plain Pillow
run in a pool of the same size. On a 2-CPU machine the pool has one thread.

Target: at least 1.0x the plain loop's rate, one file after another.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: import from the repository root rather than from this folder, where
    # requests.py would shadow the requests package.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from benchmarks._common import median, write_test_photos

PHOTO_COUNT = 10
ROUNDS = 5
THUMBNAIL_SIZE = 256
TARGET_RATIO = 1.0


def plain_pillow(paths: list[Path]) -> float:
    """Make every thumbnail with plain Pillow; return the seconds taken."""
    from PIL import Image

    started = time.perf_counter()
    for path in paths:
        with Image.open(path) as image:
            image.draft("RGB", (THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            image.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    return time.perf_counter() - started


def plain_pillow_concurrently(paths: list[Path]) -> float:
    """Make every thumbnail with plain Pillow in a pool as large as the app's."""
    from ocoya_desktop.ui.thumbnails import DECODER_THREADS

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=DECODER_THREADS) as pool:
        for _ in pool.map(lambda path: plain_pillow([path]), paths):
            pass
    return time.perf_counter() - started


def app_thumbnails(paths: list[Path], cache_dir: Path) -> float:
    """Make every thumbnail with the app's ``make_thumbnail``; return the seconds taken."""
    from ocoya_desktop.domain.media import make_thumbnail

    started = time.perf_counter()
    for path in paths:
        make_thumbnail(path, cache_dir, size=THUMBNAIL_SIZE)
    return time.perf_counter() - started


def app_thumbnails_concurrently(paths: list[Path], cache_dir: Path) -> float:
    """Make every thumbnail in a pool as large as the app's; return the seconds taken."""
    from ocoya_desktop.domain.media import make_thumbnail
    from ocoya_desktop.ui.thumbnails import DECODER_THREADS

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=DECODER_THREADS) as pool:
        futures = [
            pool.submit(make_thumbnail, path, cache_dir, size=THUMBNAIL_SIZE) for path in paths
        ]
        for future in futures:
            future.result()
    return time.perf_counter() - started


def main() -> int:
    """Run the benchmark, print the figures and return 0 when the target is met."""
    with tempfile.TemporaryDirectory(prefix="ocoya-bench-thumbnails-") as temp:
        root = Path(temp)
        paths = write_test_photos(root / "photos", PHOTO_COUNT)
        # One untimed pass of each warms the file cache and imports the modules.
        plain_pillow(paths[:1])
        app_thumbnails(paths[:1], root / "warm-up")

        plain_times: list[float] = []
        app_times: list[float] = []
        concurrent_times: list[float] = []
        plain_concurrent_times: list[float] = []
        for round_number in range(ROUNDS):
            plain_times.append(plain_pillow(paths))
            app_times.append(app_thumbnails(paths, root / f"cache-{round_number}"))
            plain_concurrent_times.append(plain_pillow_concurrently(paths))
            concurrent_times.append(
                app_thumbnails_concurrently(paths, root / f"concurrent-{round_number}")
            )

    plain_rate = PHOTO_COUNT / median(plain_times)
    app_rate = PHOTO_COUNT / median(app_times)
    from ocoya_desktop.ui.thumbnails import DECODER_THREADS

    concurrent_rate = PHOTO_COUNT / median(concurrent_times)
    plain_concurrent_rate = PHOTO_COUNT / median(plain_concurrent_times)
    ratio = app_rate / plain_rate
    print(f"plain Pillow draft+thumbnail: {plain_rate:.1f} thumbnails/s (median of {ROUNDS})")
    print(f"make_thumbnail, one by one:   {app_rate:.1f} thumbnails/s (median of {ROUNDS})")
    print(
        f"thread pool ({os.cpu_count()} CPUs, pool of {DECODER_THREADS}): make_thumbnail "
        f"{concurrent_rate:.1f}/s, plain Pillow {plain_concurrent_rate:.1f}/s "
        f"({concurrent_rate / plain_concurrent_rate:.2f}x)"
    )
    verdict = "meets" if ratio >= TARGET_RATIO else "misses"
    print(
        f"thumbnails: {ratio:.2f}x plain Pillow (app {app_rate:.1f}/s, "
        f"Pillow {plain_rate:.1f}/s; {verdict} the {TARGET_RATIO:.1f}x target)"
    )
    return 0 if ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
