"""make_thumbnail reads a small file once; a file over the in-memory limit is streamed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from ocoya_desktop.domain.media import UnreadableMediaError, content_hash, make_thumbnail
from ocoya_desktop.domain.media import thumbnails as thumbnail_module
from tests.helpers import media_files


def test_small_file_named_by_content_hash(tmp_path: Path) -> None:
    source = media_files.make_jpeg(tmp_path / "photo.jpg", (640, 480))

    thumbnail = make_thumbnail(source, tmp_path / "cache", size=100)

    assert thumbnail.name == f"{content_hash(source)}-100.jpg"
    with Image.open(thumbnail) as image:
        assert image.size == (100, 75)


def test_file_over_limit_is_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = media_files.make_jpeg(tmp_path / "photo.jpg", (640, 480))
    monkeypatch.setattr(thumbnail_module, "IN_MEMORY_LIMIT_BYTES", 1024)
    assert source.stat().st_size > 1024

    thumbnail = make_thumbnail(source, tmp_path / "cache", size=100)

    assert thumbnail.name == f"{content_hash(source)}-100.jpg"
    with Image.open(thumbnail) as image:
        assert image.size == (100, 75)


def test_missing_file_names_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableMediaError, match=r"gone\.jpg was not found"):
        make_thumbnail(tmp_path / "gone.jpg", tmp_path / "cache")
