"""A small reader for ISO base media files (MP4, QuickTime MOV, HEIF) in pure Python.

It reads only what the app checks: the `ftyp` brands, the movie duration (`moov/mvhd`), and
for each track its handler type (`mdia/hdlr`), size (`tkhd`), codec (`stbl/stsd`) and frame
rate (`mdhd` timescale with `stts` sample durations). No sample data is decoded.

Malformed input raises nothing but `UnreadableMediaError` (for I/O failures), which a
hypothesis test on random bytes checks. Box sizes are checked against their parent, box
counts are bounded, and a field that does not fit its box is treated as missing.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ocoya_desktop.domain.media.errors import UnreadableMediaError

# A `moov` box of a ten-minute phone video is a few MB; larger ones are not worth reading.
_MAX_MOOV_BYTES = 64 * 1024 * 1024
_MAX_TOP_LEVEL_BOXES = 10_000
_MAX_CHILD_BOXES = 4_096
_HEADER = struct.Struct(">I4s")


@dataclass
class TrackFacts:
    """Facts read from one `trak` box, with None where a box is missing or broken."""

    handler: str | None = None
    width: int | None = None
    height: int | None = None
    codec: str | None = None
    timescale: int | None = None
    duration: int | None = None
    sample_count: int | None = None
    sample_duration_total: int | None = None
    rotation_degrees: int = 0

    @property
    def frame_rate(self) -> float | None:
        """Samples per second from `stts`, or None when the counts are missing or zero."""
        if not self.timescale or not self.sample_count or not self.sample_duration_total:
            return None
        return self.sample_count * self.timescale / self.sample_duration_total


@dataclass
class MovieFacts:
    """Facts read from the top-level `ftyp` and `moov` boxes of an ISO base media file."""

    major_brand: str | None = None
    compatible_brands: tuple[str, ...] = ()
    top_level_types: tuple[str, ...] = ()
    timescale: int | None = None
    duration: int | None = None
    tracks: list[TrackFacts] = field(default_factory=list)

    @property
    def duration_seconds(self) -> float | None:
        """The movie duration from `mvhd`, or None when it is missing or unknown."""
        if not self.timescale or self.duration is None:
            return None
        # All ones means "unknown" in mvhd.
        if self.duration in (0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF):
            return None
        return self.duration / self.timescale

    def first_track(self, handler: str) -> TrackFacts | None:
        """Return the first track of a handler type ("vide", "soun"), if any."""
        return next((track for track in self.tracks if track.handler == handler), None)


def _fourcc(raw: bytes) -> str:
    return raw.decode("latin-1")


def read_movie(path: Path) -> MovieFacts:
    """Read the `ftyp` and `moov` boxes of the file at `path`.

    Raises UnreadableMediaError when the file cannot be opened or read.
    """
    try:
        with path.open("rb") as stream:
            return _read_top_level(stream, path.stat().st_size)
    except OSError as error:
        raise UnreadableMediaError(
            f"{path.name} could not be read: {error.strerror or error}. "
            "Check that the file exists and is readable."
        ) from None


def _read_top_level(stream: BinaryIO, file_size: int) -> MovieFacts:
    facts = MovieFacts()
    types: list[str] = []
    offset = 0
    while offset + _HEADER.size <= file_size and len(types) < _MAX_TOP_LEVEL_BOXES:
        stream.seek(offset)
        header = stream.read(16)
        parsed = _parse_header(header, file_size - offset)
        if parsed is None:
            break
        box_type, header_size, box_size = parsed
        types.append(box_type)

        stream.seek(offset + header_size)
        if box_type == "ftyp":
            _read_ftyp(stream.read(min(box_size - header_size, 4096)), facts)
        elif box_type == "moov" and box_size - header_size <= _MAX_MOOV_BYTES:
            _read_moov(memoryview(stream.read(box_size - header_size)), facts)
        offset += box_size
    facts.top_level_types = tuple(types)
    return facts


def _parse_header(header: bytes, available: int) -> tuple[str, int, int] | None:
    """Return (type, header size, box size), or None when the header is invalid.

    `available` is how many bytes the enclosing box or file has left from this header on.
    """
    if len(header) < _HEADER.size:
        return None
    size, raw_type = _HEADER.unpack_from(header)
    header_size = _HEADER.size
    if size == 1:
        if len(header) < 16:
            return None
        size = struct.unpack_from(">Q", header, 8)[0]
        header_size = 16
    elif size == 0:
        size = available
    if size < header_size or size > available:
        return None
    return _fourcc(raw_type), header_size, size


def _children(data: memoryview) -> list[tuple[str, memoryview]]:
    """Split a container box's payload into (type, payload) pairs, stopping at damage."""
    children: list[tuple[str, memoryview]] = []
    offset = 0
    while offset < len(data) and len(children) < _MAX_CHILD_BOXES:
        parsed = _parse_header(bytes(data[offset : offset + 16]), len(data) - offset)
        if parsed is None:
            break
        box_type, header_size, box_size = parsed
        children.append((box_type, data[offset + header_size : offset + box_size]))
        offset += box_size
    return children


def _child(data: memoryview, *path: str) -> memoryview | None:
    """Return the payload of the first box along `path` inside `data`, or None."""
    current: memoryview | None = data
    for box_type in path:
        if current is None:
            return None
        current = next((body for kind, body in _children(current) if kind == box_type), None)
    return current


def _read_ftyp(payload: bytes, facts: MovieFacts) -> None:
    if len(payload) < 8:
        return
    facts.major_brand = _fourcc(payload[:4])
    brands = [_fourcc(payload[i : i + 4]) for i in range(8, len(payload) - 3, 4)]
    facts.compatible_brands = tuple(brands)


def _read_moov(moov: memoryview, facts: MovieFacts) -> None:
    for box_type, body in _children(moov):
        if box_type == "mvhd":
            timing = _read_timing(body)
            if timing is not None:
                facts.timescale, facts.duration = timing
        elif box_type == "trak":
            facts.tracks.append(_read_trak(body))


def _read_timing(body: memoryview) -> tuple[int, int] | None:
    """Read (timescale, duration) from an `mvhd` or `mdhd` full box of version 0 or 1."""
    try:
        version = body[0]
        if version == 1:
            timescale, duration = struct.unpack_from(">IQ", body, 4 + 16)
        else:
            timescale, duration = struct.unpack_from(">II", body, 4 + 8)
    except (IndexError, struct.error):
        return None
    return int(timescale), int(duration)


def _read_trak(trak: memoryview) -> TrackFacts:
    track = TrackFacts()
    tkhd = _child(trak, "tkhd")
    if tkhd is not None:
        _read_tkhd(tkhd, track)
    mdia = _child(trak, "mdia")
    if mdia is None:
        return track

    mdhd = _child(mdia, "mdhd")
    timing = _read_timing(mdhd) if mdhd is not None else None
    if timing is not None:
        track.timescale, track.duration = timing
    hdlr = _child(mdia, "hdlr")
    if hdlr is not None and len(hdlr) >= 12:
        track.handler = _fourcc(bytes(hdlr[8:12]))

    stbl = _child(mdia, "minf", "stbl")
    if stbl is not None:
        _read_stbl(stbl, track)
    return track


def _read_tkhd(body: memoryview, track: TrackFacts) -> None:
    try:
        version = body[0]
        # Fields before the matrix: times, track id, reserved, duration, reserved, layer...
        matrix_offset = 4 + (32 if version == 1 else 20) + 16
        matrix = struct.unpack_from(">9i", body, matrix_offset)
        width, height = struct.unpack_from(">II", body, matrix_offset + 36)
    except (IndexError, struct.error):
        return
    # Width and height are 16.16 fixed point.
    track.width = width >> 16
    track.height = height >> 16
    track.rotation_degrees = _rotation_from_matrix(matrix)


def _rotation_from_matrix(matrix: tuple[int, ...]) -> int:
    """Return 0, 90, 180 or 270 for a pure rotation matrix (a, b, c, d in 16.16), else 0."""
    one = 1 << 16
    a, b, _, c, d = matrix[0], matrix[1], matrix[2], matrix[3], matrix[4]
    rotations = {
        (one, 0, 0, one): 0,
        (0, one, -one, 0): 90,
        (-one, 0, 0, -one): 180,
        (0, -one, one, 0): 270,
    }
    return rotations.get((a, b, c, d), 0)


def _read_stbl(stbl: memoryview, track: TrackFacts) -> None:
    stsd = _child(stbl, "stsd")
    # stsd: version and flags, entry count, then sample entries that start like boxes.
    if stsd is not None and len(stsd) >= 16:
        track.codec = _fourcc(bytes(stsd[12:16]))

    stts = _child(stbl, "stts")
    if stts is None:
        return
    try:
        (entry_count,) = struct.unpack_from(">I", stts, 4)
        entry_count = min(entry_count, (len(stts) - 8) // 8)
        sample_count = 0
        duration_total = 0
        for index in range(entry_count):
            count, delta = struct.unpack_from(">II", stts, 8 + index * 8)
            sample_count += count
            duration_total += count * delta
    except struct.error:
        return
    track.sample_count = sample_count
    track.sample_duration_total = duration_total
