"""Factories that write real media files for tests: plain functions, each returning its path.

Images are drawn with Pillow, HEIC with pillow-heif and MP4/MOV with PyAV. Every picture has
a red 1/8-size block in the top-left corner of its stored pixels, so a test can tell where the
stored top-left ended up after orientation is applied.
"""

from __future__ import annotations

import struct
from fractions import Fraction
from pathlib import Path

import av
import pillow_heif
from PIL import ExifTags, Image, ImageDraw, PngImagePlugin

MARKER_COLOR = (255, 0, 0)
_BACKGROUND = (40, 90, 200)
_GPS_TAGS = {
    1: "N",  # GPSLatitudeRef
    2: (52.0, 22.0, 30.5),  # GPSLatitude
    3: "E",  # GPSLongitudeRef
    4: (4.0, 53.0, 12.0),  # GPSLongitude
}


def draw_picture(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Draw a blue picture with a red block in its top-left corner, in `mode`."""
    image = Image.new("RGB", size, _BACKGROUND)
    block = (max(1, size[0] // 8), max(1, size[1] // 8))
    ImageDraw.Draw(image).rectangle((0, 0, block[0] - 1, block[1] - 1), fill=MARKER_COLOR)
    return image if mode == "RGB" else image.convert(mode)


def draw_noise(size: tuple[int, int], *, sigma: float = 64.0) -> Image.Image:
    """Draw a colour picture of Gaussian noise, which compresses badly in any format.

    Large pictures repeat a 512-pixel noise tile, which is much faster to make and still
    defeats PNG's 32 KB compression window.
    """
    tile_size = (min(size[0], 512), min(size[1], 512))
    tile = Image.merge("RGB", [Image.effect_noise(tile_size, sigma) for _ in range(3)])
    if tile_size == size:
        return tile
    image = Image.new("RGB", size)
    for left in range(0, size[0], tile_size[0]):
        for top in range(0, size[1], tile_size[1]):
            image.paste(tile, (left, top))
    return image


def build_exif(*, orientation: int | None = None, gps: bool = False) -> Image.Exif:
    """Build EXIF data with an orientation tag and a GPS position in Amsterdam."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Test Camera"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.IFD.GPSInfo] = _GPS_TAGS
    return exif


def make_jpeg(
    path: Path,
    size: tuple[int, int] = (64, 48),
    *,
    exif_orientation: int | None = None,
    gps: bool = False,
    cmyk: bool = False,
    quality: int = 90,
    noise: bool = False,
) -> Path:
    """Write a JPEG; EXIF is included only when an orientation or GPS is requested."""
    image = draw_noise(size) if noise else draw_picture(size)
    if cmyk:
        image = image.convert("CMYK")
    options: dict[str, object] = {"quality": quality}
    if exif_orientation is not None or gps:
        options["exif"] = build_exif(orientation=exif_orientation, gps=gps).tobytes()
    image.save(path, format="JPEG", **options)
    return path


def make_png(
    path: Path,
    size: tuple[int, int] = (64, 48),
    *,
    alpha: bool = False,
    bit_depth: int = 8,
    noise: bool = False,
    text: dict[str, str] | None = None,
    compress_level: int = 6,
) -> Path:
    """Write a PNG: RGB, RGBA (transparent right half), 16-bit grey, or noisy RGB.

    `compress_level=0` stores the pixels uncompressed: the fastest way to make a big file.
    `bit_depth=16` writes 16-bit greyscale (Pillow's "I;16"), the 16-bit PNG it can write.
    """
    if bit_depth == 16:
        grey = draw_picture(size, "L")
        wide = grey.convert("I").point(lambda value: value * 257)
        wide.convert("I;16").save(path, format="PNG")
        return path
    image = draw_noise(size) if noise else draw_picture(size)
    if alpha:
        image = image.convert("RGBA")
        transparent = Image.new("RGBA", (size[0] - size[0] // 2, size[1]), (0, 0, 0, 0))
        image.paste(transparent, (size[0] // 2, 0))
    options: dict[str, object] = {"compress_level": compress_level}
    if text:
        info = PngImagePlugin.PngInfo()
        for key, value in text.items():
            info.add_text(key, value)
        options["pnginfo"] = info
    image.save(path, format="PNG", **options)
    return path


def make_heic(
    path: Path,
    size: tuple[int, int] = (64, 48),
    *,
    quality: int = 80,
    gps: bool = False,
) -> Path:
    """Write an HEIC image with pillow-heif (the name's suffix does not matter)."""
    image = draw_picture(size)
    heif = pillow_heif.from_pillow(image)
    options: dict[str, object] = {"quality": quality, "format": "HEIF"}
    if gps:
        options["exif"] = build_exif(gps=True).tobytes()
    heif.save(path, **options)
    return path


def make_animated_gif(
    path: Path, size: tuple[int, int] = (48, 32), *, frames: int = 4, duration_ms: int = 100
) -> Path:
    """Write a looping animated GIF whose frames differ in colour."""
    images = [
        Image.new("RGB", size, (60 * index % 256, 120, 255 - 50 * index % 256))
        for index in range(frames)
    ]
    images[0].save(
        path, format="GIF", save_all=True, append_images=images[1:], duration=duration_ms, loop=0
    )
    return path


def make_gif(path: Path, size: tuple[int, int] = (48, 32)) -> Path:
    """Write a still (single-frame) GIF."""
    draw_picture(size).convert("P").save(path, format="GIF")
    return path


def make_webp(
    path: Path,
    size: tuple[int, int] = (64, 48),
    *,
    alpha: bool = False,
    animated: bool = False,
    frames: int = 3,
) -> Path:
    """Write a WebP: still or animated, with or without transparency."""
    if animated:
        images = [Image.new("RGB", size, (80 * index % 256, 40, 200)) for index in range(frames)]
        images[0].save(
            path, format="WEBP", save_all=True, append_images=images[1:], duration=100, loop=0
        )
        return path
    image = draw_picture(size, "RGBA" if alpha else "RGB")
    if alpha:
        transparent = Image.new("RGBA", (size[0] - size[0] // 2, size[1]), (0, 0, 0, 0))
        image.paste(transparent, (size[0] // 2, 0))
    image.save(path, format="WEBP", lossless=True)
    return path


def make_tiff(path: Path, size: tuple[int, int] = (64, 48)) -> Path:
    """Write an uncompressed RGB TIFF."""
    draw_picture(size).save(path, format="TIFF")
    return path


def make_bmp(path: Path, size: tuple[int, int] = (64, 48)) -> Path:
    """Write a 24-bit BMP."""
    draw_picture(size).save(path, format="BMP")
    return path


def make_mp4(
    path: Path,
    seconds: float = 1.0,
    size: tuple[int, int] = (64, 48),
    fps: int = 30,
    *,
    container: str = "mp4",
    pad_to_bytes: int | None = None,
) -> Path:
    """Encode a short H.264 video with PyAV; `container="mov"` writes QuickTime instead.

    `pad_to_bytes` appends a `free` box so the file reaches that size and stays valid.
    """
    frame_count = max(1, round(seconds * fps))
    with av.open(str(path), mode="w", format=container) as output:
        stream = output.add_stream("libx264", rate=Fraction(fps))
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": "ultrafast"}
        for index in range(frame_count):
            image = Image.new("RGB", size, (index * 7 % 256, 100, 150))
            frame = av.VideoFrame.from_image(image)
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode():
            output.mux(packet)
    if pad_to_bytes is not None:
        missing = pad_to_bytes - path.stat().st_size
        if missing >= 8:
            with path.open("ab") as stream_file:
                stream_file.write(struct.pack(">I4s", missing, b"free") + bytes(missing - 8))
    return path


def make_webm_header(path: Path) -> Path:
    """Write the start of a WebM file (an EBML header with the "webm" doc type)."""
    path.write_bytes(
        b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04"
        b"\x42\xf3\x81\x08\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02" + bytes(64)
    )
    return path


def make_truncated_jpeg(path: Path, size: tuple[int, int] = (256, 192)) -> Path:
    """Write a noisy JPEG cut off at half its length."""
    make_jpeg(path, size, noise=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def make_truncated_png(path: Path, size: tuple[int, int] = (256, 192)) -> Path:
    """Write a noisy PNG cut off at half its length."""
    make_png(path, size, noise=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def make_text_file(path: Path, text: str = "This is not a picture.\n") -> Path:
    """Write a plain text file, whatever suffix `path` has."""
    path.write_text(text, encoding="utf-8")
    return path


def make_empty_file(path: Path) -> Path:
    """Write a file of 0 bytes."""
    path.write_bytes(b"")
    return path
