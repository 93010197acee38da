"""Thumbnails are made in the thumbnail pool, which leaves a core for the UI thread."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import qasync

from ocoya_desktop.domain.media import make_thumbnail
from ocoya_desktop.ui import thumbnails
from tests.helpers import media_files


def test_thumbnail_made_off_ui_thread(
    qloop: qasync.QEventLoop, run_async: Callable[..., Any], tmp_path: Path
) -> None:
    source = media_files.make_png(tmp_path / "pic.png", (300, 200))
    threads: list[str] = []

    def recording_make_thumbnail(path: Path, cache_dir: Path, *, size: int) -> Path:
        threads.append(threading.current_thread().name)
        return make_thumbnail(path, cache_dir, size=size)

    pixmap = run_async(
        thumbnails.load_thumbnail(
            source, tmp_path / "cache", size=64, make_thumbnail=recording_make_thumbnail
        )
    )

    assert not pixmap.isNull()
    assert max(pixmap.width(), pixmap.height()) == 64
    assert len(threads) == 1
    assert threads[0].startswith("ocoya-thumbnails")


def test_thumbnail_pool_leaves_core_free() -> None:
    pool = thumbnails._decoder_pool()

    assert max(1, (os.cpu_count() or 1) - 1) == thumbnails.DECODER_THREADS
    assert pool._max_workers == thumbnails.DECODER_THREADS
