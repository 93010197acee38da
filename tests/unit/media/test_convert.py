"""Conversion produces files Ocoya accepts and never touches the original."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from ocoya_desktop.domain.media import (
    OCOYA_MAX_FILE_BYTES,
    ConvertedMedia,
    MediaError,
    UnreadableMediaError,
    UnsupportedMediaError,
    convert_for_ocoya,
    inspect_file,
)
from ocoya_desktop.domain.media import convert as convert_module
from tests.helpers import media_files


def _convert(path: Path, cache_dir: Path) -> ConvertedMedia:
    return convert_for_ocoya(path, inspect_file(path), cache_dir)


def _is_red(pixel: object) -> bool:
    assert isinstance(pixel, tuple)
    red, green, blue = pixel[:3]
    return bool(red > 200 and green < 60 and blue < 60)


@pytest.fixture(scope="module")
def big_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    return media_files.make_png(folder / "big.png", (6400, 4700), noise=True, compress_level=0)


def test_rotated_jpeg_becomes_upright(tmp_path: Path) -> None:
    source = media_files.make_jpeg(tmp_path / "phone.jpg", (80, 40), exif_orientation=6, gps=True)

    result = _convert(source, tmp_path / "cache")

    with Image.open(result.path) as image:
        assert image.size == (40, 80)
        # Orientation 6 means the stored top-left shows at the top-right.
        assert _is_red(image.convert("RGB").getpixel((37, 2)))
        assert not _is_red(image.convert("RGB").getpixel((2, 2)))
        assert len(image.getexif()) == 0
        assert "exif" not in image.info
    assert result.location_removed
    assert "turned upright" in result.changes
    assert not result.info.has_location
    assert result.info.orientation is None


def test_original_left_unchanged(tmp_path: Path) -> None:
    source = media_files.make_jpeg(tmp_path / "phone.jpg", exif_orientation=3, gps=True)
    before = source.read_bytes()
    mtime = source.stat().st_mtime_ns

    result = _convert(source, tmp_path / "cache")

    assert result.path != source
    assert source.read_bytes() == before
    assert source.stat().st_mtime_ns == mtime


def test_clean_jpeg_passes_through(tmp_path: Path) -> None:
    source = media_files.make_jpeg(tmp_path / "clean.jpg")

    result = _convert(source, tmp_path / "cache")

    assert result.path == source
    assert result.changes == ()
    assert result.content_type == "image/jpeg"


def test_heic_becomes_jpeg(tmp_path: Path) -> None:
    source = media_files.make_heic(tmp_path / "photo.heic", (64, 48))

    result = _convert(source, tmp_path / "cache")

    assert result.info.format == "jpeg"
    assert result.content_type == "image/jpeg"
    assert result.path.parent == tmp_path / "cache" / "converted"
    assert result.path.suffix == ".jpg"
    assert (result.info.width, result.info.height) == (64, 48)


def test_big_noisy_png_fits_limit(big_png: Path, tmp_path: Path) -> None:
    result = _convert(big_png, tmp_path / "cache")

    assert big_png.stat().st_size > OCOYA_MAX_FILE_BYTES
    assert result.info.size_bytes <= OCOYA_MAX_FILE_BYTES
    assert result.path.stat().st_size <= OCOYA_MAX_FILE_BYTES
    assert result.info.format in ("jpeg", "png")
    ratio = result.info.width / result.info.height
    assert ratio == pytest.approx(6400 / 4700, rel=0.01)


def test_cached_result_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = media_files.make_jpeg(tmp_path / "photo.jpg", exif_orientation=6)
    first = _convert(source, tmp_path / "cache")
    copy = tmp_path / "copy-with-other-name.jpg"
    copy.write_bytes(source.read_bytes())

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("re-encoded although a cached result exists")

    monkeypatch.setattr(convert_module, "_encode_still", fail)
    second = _convert(copy, tmp_path / "cache")

    assert second.path == first.path
    assert second.changes == first.changes
    assert second.location_removed == first.location_removed


def test_cmyk_jpeg_becomes_rgb(tmp_path: Path) -> None:
    source = media_files.make_jpeg(tmp_path / "print.jpg", cmyk=True)

    result = _convert(source, tmp_path / "cache")

    assert result.info.format == "jpeg"
    assert result.info.color_mode == "RGB"


def test_animated_gif_stays_animated(tmp_path: Path) -> None:
    source = media_files.make_animated_gif(tmp_path / "loop.gif", frames=4)

    result = _convert(source, tmp_path / "cache")

    assert result.path == source
    assert result.info.is_animated
    assert result.info.frame_count == 4


def test_animated_webp_becomes_gif(tmp_path: Path) -> None:
    source = media_files.make_webp(tmp_path / "loop.webp", animated=True, frames=3)

    result = _convert(source, tmp_path / "cache")

    assert result.info.format == "gif"
    assert result.info.is_animated
    assert result.info.frame_count == 3


def test_webp_with_alpha_becomes_png(tmp_path: Path) -> None:
    source = media_files.make_webp(tmp_path / "sticker.webp", alpha=True)

    result = _convert(source, tmp_path / "cache")

    assert result.info.format == "png"
    assert result.info.has_alpha
    with Image.open(result.path) as image:
        assert image.convert("RGBA").getpixel((60, 10)) == (0, 0, 0, 0)


def test_sixteen_bit_png_becomes_eight_bit(tmp_path: Path) -> None:
    source = media_files.make_png(tmp_path / "deep.png", bit_depth=16)

    result = _convert(source, tmp_path / "cache")

    assert result.info.format == "png"
    assert result.info.bit_depth == 8
    with Image.open(result.path) as image:
        # The grey of the blue background survives scaling from 16 to 8 bits.
        assert 60 < image.convert("L").getpixel((40, 40)) < 120  # type: ignore[operator]


@pytest.mark.parametrize("factory", [media_files.make_tiff, media_files.make_bmp])
def test_tiff_and_bmp_become_jpeg(tmp_path: Path, factory: object) -> None:
    assert callable(factory)
    source = factory(tmp_path / "picture.img")

    result = _convert(source, tmp_path / "cache")

    assert result.info.format == "jpeg"
    assert result.path.suffix == ".jpg"


def test_png_text_chunks_removed(tmp_path: Path) -> None:
    source = media_files.make_png(tmp_path / "notes.png", text={"Author": "Someone"})

    result = _convert(source, tmp_path / "cache")

    assert result.info.format == "png"
    assert "metadata removed" in result.changes
    assert not result.info.has_metadata


def test_short_mp4_passes_as_is(tmp_path: Path) -> None:
    source = media_files.make_mp4(tmp_path / "clip.mp4", seconds=0.5)

    result = _convert(source, tmp_path / "cache")

    assert result.path == source
    assert result.content_type == "video/mp4"


def test_mp4_over_limit_rejected(tmp_path: Path) -> None:
    source = media_files.make_mp4(tmp_path / "long.mp4", seconds=0.2, pad_to_bytes=6_000_000)

    with pytest.raises(UnsupportedMediaError) as caught:
        _convert(source, tmp_path / "cache")

    message = caught.value.message
    assert "long.mp4 is 6.0 MB" in message
    assert "up to 5.0 MB" in message
    assert "HandBrake" in message


def test_mov_rejected_with_fix(tmp_path: Path) -> None:
    source = media_files.make_mp4(tmp_path / "clip.mov", seconds=0.2, container="mov")

    with pytest.raises(UnsupportedMediaError) as caught:
        _convert(source, tmp_path / "cache")

    assert "export it as MP4" in caught.value.message


def test_file_deleted_before_conversion(tmp_path: Path) -> None:
    source = media_files.make_jpeg(tmp_path / "photo.jpg", exif_orientation=6)
    info = inspect_file(source)
    source.unlink()

    with pytest.raises(UnreadableMediaError) as caught:
        convert_for_ocoya(source, info, tmp_path / "cache")

    assert "photo.jpg was not found" in caught.value.message


def test_big_animated_gif_rejected(tmp_path: Path) -> None:
    source = media_files.make_animated_gif(tmp_path / "loop.gif")
    info = inspect_file(source)
    claimed = type(info)(**{**info.__dict__, "size_bytes": OCOYA_MAX_FILE_BYTES + 1})

    with pytest.raises(MediaError) as caught:
        convert_for_ocoya(source, claimed, tmp_path / "cache")

    assert "animated GIF" in caught.value.message
    assert "export it as an MP4" in caught.value.message
