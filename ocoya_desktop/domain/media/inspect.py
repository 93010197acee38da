"""Find out what a media file really is, from its content and never from its name.

Videos are recognised by their magic bytes and read with the pure-Python box reader in
`isobmff`. Everything else goes to Pillow, with pillow-heif registered for HEIC/HEIF. Each
image is decoded once here (JPEG at 1/8 scale) so a truncated file is caught before upload.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PIL import Image, TiffImagePlugin

from ocoya_desktop.domain.media import isobmff
from ocoya_desktop.domain.media._files import missing_file_error
from ocoya_desktop.domain.media._pillow import (
    MAX_IMAGE_PIXELS,
    PILLOW_FAILURES,
    pillow_errors,
    too_many_pixels_error,
)
from ocoya_desktop.domain.media.errors import UnreadableMediaError, UnsupportedMediaError
from ocoya_desktop.domain.media.model import MediaInfo, MediaKind, VideoInfo

_log = logging.getLogger(__name__)

_EXIF_ORIENTATION = 0x0112
_EXIF_GPS_IFD = 0x8825
_TIFF_BITS_PER_SAMPLE = 258

_HEIC_BRANDS = frozenset({"heic", "heix", "heim", "heis", "hevc", "hevx"})
_HEIF_BRANDS = frozenset({"mif1", "msf1", "mif2", "miaf"})
_AVIF_BRANDS = frozenset({"avif", "avis"})
# Top-level box types that start QuickTime files written without an `ftyp` box.
_QUICKTIME_FIRST_BOXES = frozenset({b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"})

_PILLOW_FORMATS = {
    "JPEG": "jpeg",
    "MPO": "jpeg",  # Multi-picture JPEG from some cameras: the first picture is a plain JPEG.
    "PNG": "png",
    "GIF": "gif",
    "WEBP": "webp",
    "TIFF": "tiff",
    "BMP": "bmp",
    "DIB": "bmp",
    "AVIF": "avif",
}
MIME_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
    "heif": "image/heif",
    "avif": "image/avif",
    "tiff": "image/tiff",
    "bmp": "image/bmp",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
}
# Keys Pillow puts in `Image.info` for data that is metadata rather than how to draw pixels.
_METADATA_INFO_KEYS = frozenset(
    {"exif", "xmp", "XML:com.adobe.xmp", "photoshop", "iptc", "comment", "Comment"}
)
# PNG keys that describe the pixels; any other PNG key is a text chunk (tEXt, iTXt, zTXt).
_PNG_TECHNICAL_KEYS = frozenset(
    {
        "dpi",
        "gamma",
        "transparency",
        "icc_profile",
        "srgb",
        "chromaticity",
        "aspect",
        "interlace",
        "duration",
        "loop",
        "default_image",
        "disposal",
        "blend",
        "bbox",
        "exif",
        "xmp",
        "XML:com.adobe.xmp",
    }
)
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})


def inspect_file(path: Path) -> MediaInfo:
    """Inspect the image or video at `path`.

    Raises UnreadableMediaError for a missing, empty, truncated or corrupt file, and
    UnsupportedMediaError for content the app cannot send (WebM, AVI, text, ...).
    """
    size_bytes = _file_size(path)
    header = _read_header(path)
    video_kind = sniff_video(header)
    if video_kind is not None:
        return _inspect_video(path, size_bytes, video_kind)
    return _inspect_image(path, size_bytes, header)


def _file_size(path: Path) -> int:
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise missing_file_error(path) from None
    except OSError as error:
        raise UnreadableMediaError(
            f"{path.name} could not be read: {error.strerror or error}."
        ) from None
    if not path.is_file():
        raise UnreadableMediaError(f"{path} is not a file. Choose an image or a video file.")
    if stat.st_size == 0:
        raise UnreadableMediaError(
            f"{path.name} is empty (0 bytes). The copy or download may have failed; "
            "get the file again."
        )
    return stat.st_size


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(64)
    except OSError as error:
        raise UnreadableMediaError(
            f"{path.name} could not be read: {error.strerror or error}. "
            "Check that the file exists and is readable."
        ) from None


def sniff_video(header: bytes) -> str | None:
    """Return "mp4", "mov" or a description of an unsupported video, or None for images."""
    box_type = header[4:8]
    if box_type == b"ftyp":
        brand = header[8:12].decode("latin-1")
        if brand in _HEIC_BRANDS | _HEIF_BRANDS | _AVIF_BRANDS:
            return None
        if brand == "qt  ":
            return "mov"
        if brand.startswith("3g"):
            return "a 3GP video"
        if brand in ("M4A ", "M4B ", "M4P "):
            return "an MPEG-4 audio file"
        return "mp4"
    if box_type in _QUICKTIME_FIRST_BOXES:
        return "mov"
    if header.startswith(b"\x1a\x45\xdf\xa3"):
        return "a WebM video" if b"webm" in header else "a Matroska (MKV) video"
    if header.startswith(b"RIFF") and header[8:12] == b"AVI ":
        return "an AVI video"
    if header.startswith(b"FLV"):
        return "a Flash (FLV) video"
    if header.startswith((b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3")):
        return "an MPEG video"
    if header.startswith(b"0&\xb2u\x8e\x66\xcf\x11"):
        return "a Windows Media video"
    return None


def _inspect_video(path: Path, size_bytes: int, kind: str) -> MediaInfo:
    if kind not in ("mp4", "mov"):
        raise UnsupportedMediaError(
            f"{path.name} is {kind}. Ocoya accepts video only as MP4: export it as MP4 "
            "(H.264), for example with HandBrake, and add it again."
        )
    movie = isobmff.read_movie(path)
    if "moov" not in movie.top_level_types:
        raise UnreadableMediaError(
            f"{path.name} looks like an {kind.upper()} video but has no movie header "
            "(moov box), so it is incomplete or damaged. Export or download it again."
        )
    track = movie.first_track("vide")
    if track is None:
        raise UnsupportedMediaError(
            f"{path.name} has no video track (it may be audio only). Choose a video or an image."
        )

    duration = movie.duration_seconds
    if duration is None and track.timescale and track.duration is not None:
        duration = track.duration / track.timescale
    audio = movie.first_track("soun")
    video = VideoInfo(
        container=kind,
        codec=track.codec,
        duration_seconds=duration,
        frame_rate=track.frame_rate,
        audio_codec=audio.codec if audio is not None else None,
        rotation_degrees=track.rotation_degrees,
    )
    _log.debug("Inspected video %s: %s", path.name, video)
    return MediaInfo(
        kind=MediaKind.VIDEO,
        format=kind,
        mime_type=MIME_TYPES[kind],
        size_bytes=size_bytes,
        width=track.width or 0,
        height=track.height or 0,
        video=video,
    )


def _inspect_image(path: Path, size_bytes: int, header: bytes) -> MediaInfo:
    with pillow_errors(path), Image.open(path) as image:
        image_format = _format_name(path, image, header)
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise too_many_pixels_error(path, image.size)
        info = _describe_image(image, image_format, size_bytes, header)
        _decode_once(image)
    _log.debug("Inspected image %s: %s", path.name, info)
    return info


def _format_name(path: Path, image: Image.Image, header: bytes) -> str:
    pillow_format = image.format or ""
    if pillow_format == "HEIF":
        brand = header[8:12].decode("latin-1")
        return "heic" if brand in _HEIC_BRANDS else "heif"
    name = _PILLOW_FORMATS.get(pillow_format)
    if name is None:
        raise UnsupportedMediaError(
            f"{path.name} is a {pillow_format or 'kind of'} image, which the app does not "
            "convert. Save it as JPEG or PNG and add it again."
        )
    return name


def _describe_image(
    image: Image.Image, image_format: str, size_bytes: int, header: bytes
) -> MediaInfo:
    exif = _read_exif(image)
    orientation = exif.get(_EXIF_ORIENTATION)
    frame_count = int(getattr(image, "n_frames", 1))
    return MediaInfo(
        kind=MediaKind.IMAGE,
        format=image_format,
        mime_type=MIME_TYPES[image_format],
        size_bytes=size_bytes,
        width=image.width,
        height=image.height,
        orientation=orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else None,
        color_mode=image.mode,
        bit_depth=_bit_depth(image, image_format, header),
        frame_count=frame_count,
        is_animated=bool(getattr(image, "is_animated", False)) and frame_count > 1,
        has_alpha=image.mode in _ALPHA_MODES or "transparency" in image.info,
        has_location=_has_location(image, exif),
        has_metadata=_has_metadata(image, image_format, exif),
    )


def _read_exif(image: Image.Image) -> Image.Exif:
    try:
        return image.getexif()
    except PILLOW_FAILURES as error:
        # Broken EXIF should not hide a good picture; conversion drops the EXIF anyway.
        _log.debug("Ignoring unreadable EXIF: %r", error)
        return Image.Exif()


def _has_location(image: Image.Image, exif: Image.Exif) -> bool:
    try:
        if exif.get_ifd(_EXIF_GPS_IFD):
            return True
    except PILLOW_FAILURES:
        if _EXIF_GPS_IFD in exif:
            return True
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "replace")
    return isinstance(xmp, bytes) and b"GPSLatitude" in xmp


def _has_metadata(image: Image.Image, image_format: str, exif: Image.Exif) -> bool:
    if len(exif) > 0 or any(image.info.get(key) for key in _METADATA_INFO_KEYS):
        return True
    if image_format == "png":
        return any(key not in _PNG_TECHNICAL_KEYS for key in image.info)
    return False


def _bit_depth(image: Image.Image, image_format: str, header: bytes) -> int:
    # Pillow reads 16-bit RGB PNGs as 8-bit "RGB", so the header is the only reliable source.
    if image_format == "png" and header[12:16] == b"IHDR" and len(header) > 24:
        return header[24]
    if isinstance(image, TiffImagePlugin.TiffImageFile):
        bits = image.tag_v2.get(_TIFF_BITS_PER_SAMPLE)
        if isinstance(bits, tuple) and bits and all(isinstance(bit, int) for bit in bits):
            return int(max(bits))
        if isinstance(bits, int):
            return bits
    # pillow-heif reports 10- and 12-bit HEIC/AVIF here.
    heif_depth = image.info.get("bit_depth")
    if isinstance(heif_depth, int) and image_format in ("heic", "heif", "avif"):
        return heif_depth
    if image.mode.startswith("I;16"):
        return 16
    if image.mode in ("I", "F"):
        return 32
    if image.mode == "1":
        return 1
    return 8


def _decode_once(image: Image.Image) -> None:
    """Decode the first frame so truncated or corrupt data fails here, not on upload."""
    if image.format in ("JPEG", "MPO"):
        # Scaled decoding still reads every byte of the entropy-coded data.
        image.draft(None, (max(1, image.width // 8), max(1, image.height // 8)))
    image.load()
