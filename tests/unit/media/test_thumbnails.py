"""Thumbnails are small, upright, decoded at reduced scale and cached."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, JpegImagePlugin

from ocoya_desktop.domain.media import ThumbnailUnavailable, content_hash, make_thumbnail
from ocoya_desktop.domain.media._files import file_identity
from tests.helpers import media_files


@pytest.fixture(scope="module")
def big_rotated_jpeg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("thumbs")
    return media_files.make_jpeg(folder / "24mp.jpg", (6000, 4000), exif_orientation=6)


def test_big_jpeg_thumbnail_upright(
    big_rotated_jpeg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded_sizes: list[tuple[int, int]] = []
    original_draft = JpegImagePlugin.JpegImageFile.draft

    def spy(self: JpegImagePlugin.JpegImageFile, mode: str | None, size: object) -> object:
        result = original_draft(self, mode, size)  # type: ignore[arg-type]
        # draft() returns None once the picture is decoded: such calls change nothing.
        if result is not None:
            decoded_sizes.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)

    thumbnail = make_thumbnail(big_rotated_jpeg, tmp_path)

    assert decoded_sizes == [(750, 500)]
    with Image.open(thumbnail) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 256
        assert image.width < image.height
        # The stored top-left marker shows at the top-right once upright.
        assert image.convert("RGB").getpixel((image.width - 3, 3))[0] > 200  # type: ignore[index]


def test_thumbnail_cached_by_identity_and_size(tmp_path: Path) -> None:
    source = media_files.make_png(tmp_path / "pic.png", (300, 200))

    first = make_thumbnail(source, tmp_path / "cache", size=64)
    stamp = first.stat().st_mtime_ns
    second = make_thumbnail(source, tmp_path / "cache", size=64)
    larger = make_thumbnail(source, tmp_path / "cache", size=128)

    assert first == second
    assert first.name == f"{file_identity(source)}-64.jpg"
    assert first.stat().st_mtime_ns == stamp
    assert larger != first


def test_cached_alpha_thumbnail_reused(tmp_path: Path) -> None:
    source = media_files.make_png(tmp_path / "clear.png", (300, 200), alpha=True)

    first = make_thumbnail(source, tmp_path / "cache", size=64)
    stamp = first.stat().st_mtime_ns
    second = make_thumbnail(source, tmp_path / "cache", size=64)

    assert first.name == f"{file_identity(source)}-64.png"
    assert second == first
    assert second.stat().st_mtime_ns == stamp


def test_changed_file_gets_new_thumbnail(tmp_path: Path) -> None:
    source = media_files.make_jpeg(tmp_path / "photo.jpg", (320, 240))
    first = make_thumbnail(source, tmp_path / "cache", size=64)

    media_files.make_png(tmp_path / "other.png", (100, 300)).replace(source)
    second = make_thumbnail(source, tmp_path / "cache", size=64)

    assert second != first
    with Image.open(second) as image:
        assert image.size == (21, 64)


def test_given_key_shares_thumbnail(tmp_path: Path) -> None:
    source = media_files.make_jpeg(tmp_path / "photo.jpg", (320, 240))
    copy = tmp_path / "renamed copy.jpeg"
    copy.write_bytes(source.read_bytes())

    first = make_thumbnail(source, tmp_path / "cache", size=64, key="same-bytes")
    stamp = first.stat().st_mtime_ns

    assert make_thumbnail(copy, tmp_path / "cache", size=64, key="same-bytes") == first
    assert first.name == "same-bytes-64.jpg"
    assert first.stat().st_mtime_ns == stamp


def test_gif_thumbnail_first_frame_with_alpha(tmp_path: Path) -> None:
    gif = media_files.make_animated_gif(tmp_path / "loop.gif", (100, 50))
    clear = media_files.make_png(tmp_path / "clear.png", (100, 50), alpha=True)

    with Image.open(make_thumbnail(gif, tmp_path / "cache", size=32)) as image:
        assert image.size == (32, 16)
    with Image.open(make_thumbnail(clear, tmp_path / "cache", size=32)) as image:
        assert image.format == "PNG"
        assert image.mode == "RGBA"
        assert image.getpixel((30, 8))[3] == 0  # type: ignore[index]


def test_video_has_no_thumbnail(tmp_path: Path) -> None:
    video = media_files.make_mp4(tmp_path / "clip.mp4", seconds=0.2)

    with pytest.raises(ThumbnailUnavailable):
        make_thumbnail(video, tmp_path / "cache")


def test_content_hash_matches_sha256(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "data.bin"
    path.write_bytes(b"x" * 3_000_000)

    assert content_hash(path) == hashlib.sha256(b"x" * 3_000_000).hexdigest()
