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
    except OSError as error:
        raise unreadable_file_error(path, error) from None
    return digest.hexdigest()


def file_identity(path: Path) -> str:
    """Return a SHA-256 hex key of the file's resolved path, size and modification time.

    It changes whenever the file is replaced or written to, as a content hash would, but
    costs one ``stat`` instead of reading the file: a cache keyed by it finds a large file's
    entry at once. Two copies of one file get two keys.
    """
    try:
        resolved = path.resolve(strict=True)
        stat = resolved.stat()
    except OSError as error:
        raise unreadable_file_error(path, error) from None
    if resolved.is_dir():
        raise unreadable_file_error(path, IsADirectoryError(str(path)))
    identity = f"{resolved}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}"
    return hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()


def missing_file_error(path: Path) -> UnreadableMediaError:
    """Return the error for a file that no longer exists."""
    return UnreadableMediaError(
        f"{path.name} was not found at {path.parent}. It may have been moved or deleted; "
        "add the file again."
    )


def unreadable_file_error(path: Path, error: OSError) -> UnreadableMediaError:
    """Return the error to show for ``path`` when opening or reading it raised ``error``."""
    if isinstance(error, FileNotFoundError):
        return missing_file_error(path)
    if isinstance(error, IsADirectoryError):
        return UnreadableMediaError(f"{path} is a folder, not a media file.")
    return UnreadableMediaError(
        f"{path.name} could not be read: {error.strerror or error}. "
        "Check that the file is readable and add it again."
    )


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
