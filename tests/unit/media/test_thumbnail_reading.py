"""make_thumbnail finds a cached preview from the file's identity, without reading the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ocoya_desktop.domain.media import UnreadableMediaError, make_thumbnail
from ocoya_desktop.domain.media._files import file_identity
from tests.helpers import media_files


def test_cached_preview_found_without_reading_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = media_files.make_jpeg(tmp_path / "photo.jpg", (640, 480))
    first = make_thumbnail(source, tmp_path / "cache", size=100)

    def fail_on_open(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the source file was opened")

    monkeypatch.setattr(Path, "open", fail_on_open)
    second = make_thumbnail(source, tmp_path / "cache", size=100)

    assert second == first
    assert first.name == f"{file_identity(source)}-100.jpg"


def test_identity_follows_size_and_time(tmp_path: Path) -> None:
    source = media_files.make_jpeg(tmp_path / "photo.jpg", (64, 48))
    before = file_identity(source)
    stat = source.stat()

    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    assert file_identity(source) != before


def test_missing_file_names_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableMediaError, match=r"gone\.jpg was not found"):
        make_thumbnail(tmp_path / "gone.jpg", tmp_path / "cache")
