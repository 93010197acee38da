"""File helpers shared by the media modules: hashing, cache paths and atomic writes."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ocoya_desktop.domain.media.errors import UnreadableMediaError

_CHUNK_BYTES = 1024 * 1024


def content_hash(path: Path) -> str:
    """Return the SHA-256 hex digest of the file's bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK_BYTES):
                digest.update(chunk)
    except FileNotFoundError:
        raise UnreadableMediaError(
            f"{path.name} was not found at {path.parent}. It may have been moved or deleted; "
            "add the file again."
        ) from None
    except IsADirectoryError:
        raise UnreadableMediaError(f"{path} is a folder, not a media file.") from None
    except OSError as error:
        raise UnreadableMediaError(
            f"{path.name} could not be read: {error.strerror or error}. "
            "Check that the file is readable and add it again."
        ) from None
    return digest.hexdigest()


@contextmanager
def atomic_output(target: Path) -> Iterator[BinaryIO]:
    """Open a temporary file beside `target` and move it into place only on success.

    Two threads writing the same cache entry each write their own temporary file, and the
    last `os.replace` wins with identical content, so readers never see a partial file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    temp_path = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.replace(temp_path, target)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise


def write_atomically(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Call `write` with a temporary file that replaces `target` once it returns."""
    with atomic_output(target) as stream:
        write(stream)
