"""The MP4 box reader survives any input and reads rotation from the track matrix."""

from __future__ import annotations

import contextlib
import struct
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ocoya_desktop.domain.media import MediaError, inspect_file
from ocoya_desktop.domain.media.isobmff import read_movie
from tests.helpers import media_files


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=512))
def test_random_bytes_raise_only_media_errors(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.mp4"
        path.write_bytes(b"\x00\x00\x00\x18ftypisom" + data)
        with contextlib.suppress(MediaError):
            inspect_file(path)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.integers(min_value=0, max_value=2**32 - 1))
def test_damaged_moov_reads_without_error(payload: bytes, size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.mp4"
        nested = struct.pack(">I4s", size, b"trak") + payload
        path.write_bytes(_box(b"ftyp", b"isom\x00\x00\x02\x00") + _box(b"moov", nested))

        facts = read_movie(path)

        assert facts.major_brand == "isom"


def test_rotated_track_swaps_display_size(tmp_path: Path) -> None:
    path = media_files.make_mp4(tmp_path / "portrait.mp4", seconds=0.2, size=(64, 48))
    data = bytearray(path.read_bytes())
    tkhd = data.index(b"tkhd")
    version = data[tkhd + 4]
    matrix_at = tkhd + 4 + 4 + (32 if version == 1 else 20) + 16
    one = 1 << 16
    data[matrix_at : matrix_at + 20] = struct.pack(">5i", 0, one, 0, -one, 0)
    path.write_bytes(bytes(data))

    info = inspect_file(path)

    assert info.video is not None
    assert info.video.rotation_degrees == 90
    assert info.display_size == (48, 64)
