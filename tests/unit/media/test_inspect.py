"""Inspection reads the type from the content and reports broken files clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocoya_desktop.domain.media import (
    MediaKind,
    UnreadableMediaError,
    UnsupportedMediaError,
    inspect_file,
)
from tests.helpers import media_files


def test_jpeg_with_orientation_and_gps(tmp_path: Path) -> None:
    path = media_files.make_jpeg(tmp_path / "photo.jpg", (64, 48), exif_orientation=6, gps=True)

    info = inspect_file(path)

    assert info.kind is MediaKind.IMAGE
    assert info.format == "jpeg"
    assert info.mime_type == "image/jpeg"
    assert (info.width, info.height) == (64, 48)
    assert info.display_size == (48, 64)
    assert info.orientation == 6
    assert info.has_location
    assert info.has_metadata
    assert info.size_bytes == path.stat().st_size


def test_plain_jpeg_has_no_metadata(tmp_path: Path) -> None:
    info = inspect_file(media_files.make_jpeg(tmp_path / "plain.jpg"))

    assert info.orientation is None
    assert not info.has_location
    assert not info.has_metadata


def test_heic_named_png_is_heic(tmp_path: Path) -> None:
    info = inspect_file(media_files.make_heic(tmp_path / "disguised.png", (40, 30)))

    assert info.format == "heic"
    assert info.mime_type == "image/heic"
    assert (info.width, info.height) == (40, 30)


def test_cmyk_sixteen_bit_and_alpha_modes(tmp_path: Path) -> None:
    cmyk = inspect_file(media_files.make_jpeg(tmp_path / "print.jpg", cmyk=True))
    deep = inspect_file(media_files.make_png(tmp_path / "deep.png", bit_depth=16))
    clear = inspect_file(media_files.make_png(tmp_path / "clear.png", alpha=True))

    assert cmyk.color_mode == "CMYK"
    assert deep.bit_depth == 16
    assert clear.has_alpha
    assert not cmyk.has_alpha


def test_animated_gif_and_webp_frames(tmp_path: Path) -> None:
    gif = inspect_file(media_files.make_animated_gif(tmp_path / "loop.gif", frames=5))
    webp = inspect_file(media_files.make_webp(tmp_path / "loop.webp", animated=True, frames=3))
    still = inspect_file(media_files.make_gif(tmp_path / "still.gif"))

    assert gif.is_animated
    assert gif.frame_count == 5
    assert webp.is_animated
    assert webp.frame_count == 3
    assert not still.is_animated


def test_tiff_bmp_and_webp_formats(tmp_path: Path) -> None:
    assert inspect_file(media_files.make_tiff(tmp_path / "scan.tif")).format == "tiff"
    assert inspect_file(media_files.make_bmp(tmp_path / "paint.bmp")).format == "bmp"
    assert inspect_file(media_files.make_webp(tmp_path / "web.webp")).format == "webp"


def test_mp4_container_facts(tmp_path: Path) -> None:
    path = media_files.make_mp4(tmp_path / "clip.mp4", seconds=1.0, size=(64, 48), fps=25)

    info = inspect_file(path)

    assert info.kind is MediaKind.VIDEO
    assert info.format == "mp4"
    assert info.mime_type == "video/mp4"
    assert (info.width, info.height) == (64, 48)
    assert info.video is not None
    assert info.video.codec == "avc1"
    assert info.video.duration_seconds == pytest.approx(1.0, abs=0.05)
    assert info.video.frame_rate == pytest.approx(25.0, abs=0.01)


def test_mov_named_mp4_is_mov(tmp_path: Path) -> None:
    path = media_files.make_mp4(tmp_path / "clip.mp4", seconds=0.5, container="mov")

    info = inspect_file(path)

    assert info.format == "mov"
    assert info.mime_type == "video/quicktime"


def test_webm_rejected_with_fix(tmp_path: Path) -> None:
    path = media_files.make_webm_header(tmp_path / "clip.mp4")

    with pytest.raises(UnsupportedMediaError) as caught:
        inspect_file(path)

    assert "clip.mp4 is a WebM video" in caught.value.message
    assert "MP4" in caught.value.message


def test_text_named_jpg_is_not_an_image(tmp_path: Path) -> None:
    path = media_files.make_text_file(tmp_path / "notes.jpg")

    with pytest.raises(UnsupportedMediaError) as caught:
        inspect_file(path)

    assert "notes.jpg is not an image or a video" in caught.value.message


def test_empty_file_unreadable(tmp_path: Path) -> None:
    path = media_files.make_empty_file(tmp_path / "empty.png")

    with pytest.raises(UnreadableMediaError) as caught:
        inspect_file(path)

    assert "empty.png is empty" in caught.value.message


@pytest.mark.parametrize(
    "factory", [media_files.make_truncated_jpeg, media_files.make_truncated_png]
)
def test_truncated_image_unreadable(tmp_path: Path, factory: object) -> None:
    assert callable(factory)
    path = factory(tmp_path / "cut.img")

    with pytest.raises(UnreadableMediaError) as caught:
        inspect_file(path)

    assert "cut.img is damaged or incomplete" in caught.value.message


def test_missing_file_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableMediaError) as caught:
        inspect_file(tmp_path / "gone.jpg")

    assert "gone.jpg was not found" in caught.value.message


def test_mp4_without_movie_header(tmp_path: Path) -> None:
    path = media_files.make_mp4(tmp_path / "clip.mp4")
    data = path.read_bytes()
    moov_at = data.index(b"moov") - 4
    path.write_bytes(data[:moov_at])

    with pytest.raises(UnreadableMediaError) as caught:
        inspect_file(path)

    assert "no movie header" in caught.value.message
