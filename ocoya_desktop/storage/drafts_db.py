"""The local drafts database: autosaved editor states and the offline outbox (SQLite, no Qt).

One SQLite file in the data folder contains two tables. ``drafts`` has one row per unsent
composition, rewritten on every autosave, and ``outbox`` has the posts queued while offline
with their delivery state. The database runs in WAL mode with ``synchronous=NORMAL``: a commit
survives the app being killed (SIGKILL), though not necessarily a power cut. Every change is
one transaction.

The connection may be used from worker threads (``asyncio.to_thread``); a lock serialises
every statement. A file that SQLite cannot read is moved aside by ``open_or_recover`` rather
than stopping the app at start-up.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Any

_log = logging.getLogger(__name__)

DRAFTS_FILE_NAME = "drafts.sqlite3"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL,
    post TEXT NOT NULL,
    editor_state TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    maybe_sent INTEGER NOT NULL DEFAULT 0,
    post_group_id TEXT,
    queued_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


class DraftsDatabaseError(Exception):
    """The drafts database could not be opened, read or written."""


class DamagedDatabaseError(DraftsDatabaseError):
    """The file exists but SQLite cannot read it as a database of this app."""


@dataclass(frozen=True, slots=True)
class MediaEntry:
    """One media item of an editor state.

    ``source`` is the local path or web URL the user added. ``public_url`` is set once the
    item was uploaded or checked, and ``state`` is the item's stage when it was saved
    ("ready", "failed", "uploading" and so on).
    """

    source: str
    is_local: bool
    public_url: str | None = None
    state: str = ""


@dataclass(frozen=True, slots=True)
class EditorState:
    """Everything typed and chosen in the post editor, as plain values.

    ``local_date`` and ``local_time`` are the wall-clock date and time picked in
    ``time_zone`` (an IANA name, or "" for the system zone). ``no_date`` is the picker's
    "save as draft" choice. ``ai_draft_id`` is the post group id of the AI draft the text
    came from, if any.
    """

    caption: str = ""
    media: tuple[MediaEntry, ...] = ()
    profile_ids: tuple[str, ...] = ()
    workspace_id: str | None = None
    no_date: bool = False
    local_date: date | None = None
    local_time: time | None = None
    time_zone: str = ""
    ai_draft_id: str | None = None

    def is_empty(self) -> bool:
        """Return whether there is nothing worth keeping: no caption text and no media."""
        return not self.caption.strip() and not self.media

    def to_json(self) -> dict[str, Any]:
        """Return the state as a JSON object."""
        return {
            "caption": self.caption,
            "media": [
                {
                    "source": item.source,
                    "is_local": item.is_local,
                    "public_url": item.public_url,
                    "state": item.state,
                }
                for item in self.media
            ],
            "profile_ids": list(self.profile_ids),
            "workspace_id": self.workspace_id,
            "no_date": self.no_date,
            "local_date": self.local_date.isoformat() if self.local_date else None,
            "local_time": self.local_time.strftime("%H:%M") if self.local_time else None,
            "time_zone": self.time_zone,
            "ai_draft_id": self.ai_draft_id,
        }

    @classmethod
    def from_json(cls, data: object) -> EditorState:
        """Build a state from ``to_json`` output; raises ``ValueError`` for another shape."""
        if not isinstance(data, dict):
            raise ValueError(f"an editor state must be a JSON object, not {type(data).__name__}")
        media = tuple(
            MediaEntry(
                source=str(item["source"]),
                is_local=bool(item.get("is_local")),
                public_url=_optional_str(item.get("public_url")),
                state=str(item.get("state") or ""),
            )
            for item in data.get("media") or ()
            if isinstance(item, dict) and "source" in item
        )
        raw_date = data.get("local_date")
        raw_time = data.get("local_time")
        return cls(
            caption=str(data.get("caption") or ""),
            media=media,
            profile_ids=tuple(str(pid) for pid in data.get("profile_ids") or ()),
            workspace_id=_optional_str(data.get("workspace_id")),
            no_date=bool(data.get("no_date")),
            local_date=date.fromisoformat(raw_date) if isinstance(raw_date, str) else None,
            local_time=time.fromisoformat(raw_time) if isinstance(raw_time, str) else None,
            time_zone=str(data.get("time_zone") or ""),
            ai_draft_id=_optional_str(data.get("ai_draft_id")),
        )


@dataclass(frozen=True, slots=True)
class StoredDraft:
    """An editor state saved in the database, with its row id and times (aware UTC)."""

    draft_id: int
    state: EditorState
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class QueuedPost:
    """The request a queued post sends: what ``POST /post`` needs, as plain values.

    ``scheduled_at`` is aware UTC, or None for a draft.
    """

    caption: str
    media_urls: tuple[str, ...] = ()
    social_profile_ids: tuple[str, ...] = ()
    scheduled_at: datetime | None = None
    time_zone: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return the post as a JSON object."""
        return {
            "caption": self.caption,
            "media_urls": list(self.media_urls),
            "social_profile_ids": list(self.social_profile_ids),
            "scheduled_at": self.scheduled_at.isoformat() if self.scheduled_at else None,
            "time_zone": self.time_zone,
        }

    @classmethod
    def from_json(cls, data: object) -> QueuedPost:
        """Build a post from ``to_json`` output; raises ``ValueError`` for another shape."""
        if not isinstance(data, dict):
            raise ValueError(f"a queued post must be a JSON object, not {type(data).__name__}")
        raw_time = data.get("scheduled_at")
        return cls(
            caption=str(data.get("caption") or ""),
            media_urls=tuple(str(url) for url in data.get("media_urls") or ()),
            social_profile_ids=tuple(str(pid) for pid in data.get("social_profile_ids") or ()),
            scheduled_at=datetime.fromisoformat(raw_time) if isinstance(raw_time, str) else None,
            time_zone=str(data.get("time_zone") or ""),
        )


class OutboxStatus(StrEnum):
    """The stage a queued post has reached on its way to Ocoya."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One post in the outbox.

    ``maybe_sent`` is True once a request for it may have reached Ocoya without a response
    (a lost response, or the app stopping while it was sending), so the next attempt must
    look for the post before sending it again. ``error`` is the reason of the last failure.
    """

    entry_id: int
    workspace_id: str
    post: QueuedPost
    editor_state: EditorState
    status: OutboxStatus
    error: str = ""
    maybe_sent: bool = False
    post_group_id: str | None = None
    queued_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    updated_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True, slots=True)
class OpenedDatabase:
    """The database ``open_or_recover`` opened, and where a damaged file was moved, if any."""

    database: DraftsDatabase
    moved_aside_to: Path | None = None


class DraftsDatabase:
    """The drafts and outbox tables in one SQLite file."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self._path = path
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> DraftsDatabase:
        """Open (or create) the database at ``path``.

        Raises ``DamagedDatabaseError`` when the file is not a readable SQLite database or
        fails SQLite's quick integrity check, and ``DraftsDatabaseError`` when the folder
        cannot be written.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as error:
            raise DraftsDatabaseError(f"Opening {path} failed: {error}") from error
        try:
            _prepare(connection)
        except sqlite3.DatabaseError as error:
            connection.close()
            raise DamagedDatabaseError(f"{path} is damaged: {error}") from error
        _log.info("Drafts database opened at %s", path)
        database = cls(connection, path)
        interrupted = database._requeue_interrupted()
        if interrupted:
            _log.warning("%d outbox post(s) were being sent when the app stopped", interrupted)
        return database

    @classmethod
    def open_or_recover(cls, path: Path, *, now: datetime | None = None) -> OpenedDatabase:
        """Open the database, moving a damaged file aside and starting an empty one.

        The damaged file is renamed to ``<name>.damaged-<UTC timestamp>`` in the same folder
        (with its ``-wal`` and ``-shm`` companions), so nothing is deleted.
        """
        try:
            return OpenedDatabase(cls.open(path))
        except DamagedDatabaseError as error:
            moment = now or datetime.now(UTC)
            target = path.with_name(f"{path.name}.damaged-{moment:%Y%m%dT%H%M%SZ}")
            _log.warning("Moving the damaged drafts database to %s: %s", target, error)
            path.rename(target)
            for suffix in ("-wal", "-shm"):
                companion = path.with_name(path.name + suffix)
                if companion.exists():
                    companion.rename(target.with_name(target.name + suffix))
            return OpenedDatabase(cls.open(path), moved_aside_to=target)

    def close(self) -> None:
        """Close the connection; the object cannot be used afterwards."""
        with self._lock:
            self._connection.close()
        _log.info("Drafts database closed")

    # --- drafts -------------------------------------------------------------------------

    def save_draft(self, draft_id: int | None, state: EditorState) -> int:
        """Store ``state`` as draft ``draft_id`` (a new row when None); return the row id.

        Saving to an id whose row was deleted meanwhile creates a new row.
        """
        text = json.dumps(state.to_json(), ensure_ascii=False)
        stamp = _now_text()
        with self._transaction() as cursor:
            if draft_id is not None:
                cursor.execute(
                    "UPDATE drafts SET state = ?, updated_at = ? WHERE id = ?",
                    (text, stamp, draft_id),
                )
                if cursor.rowcount == 1:
                    return draft_id
            cursor.execute(
                "INSERT INTO drafts (state, created_at, updated_at) VALUES (?, ?, ?)",
                (text, stamp, stamp),
            )
            new_id = cursor.lastrowid
        assert new_id is not None  # an INSERT always sets it
        return new_id

    def delete_draft(self, draft_id: int) -> None:
        """Delete draft ``draft_id``; an id that is gone already is ignored."""
        with self._transaction() as cursor:
            cursor.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))

    def get_draft(self, draft_id: int) -> StoredDraft | None:
        """Return draft ``draft_id``, or None when it does not exist or cannot be read."""
        rows = self._query(
            "SELECT id, state, created_at, updated_at FROM drafts WHERE id = ?", (draft_id,)
        )
        drafts = _drafts_from_rows(rows)
        return drafts[0] if drafts else None

    def list_drafts(self) -> list[StoredDraft]:
        """Return every readable draft, the most recently edited first."""
        rows = self._query(
            "SELECT id, state, created_at, updated_at FROM drafts ORDER BY updated_at DESC, id DESC"
        )
        return _drafts_from_rows(rows)

    # --- outbox -------------------------------------------------------------------------

    def enqueue(self, workspace_id: str, post: QueuedPost, editor_state: EditorState) -> int:
        """Add ``post`` at the end of the outbox as queued; return its entry id."""
        stamp = _now_text()
        with self._transaction() as cursor:
            cursor.execute(
                "INSERT INTO outbox (workspace_id, post, editor_state, status, queued_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    workspace_id,
                    json.dumps(post.to_json(), ensure_ascii=False),
                    json.dumps(editor_state.to_json(), ensure_ascii=False),
                    OutboxStatus.QUEUED.value,
                    stamp,
                    stamp,
                ),
            )
            entry_id = cursor.lastrowid
        assert entry_id is not None
        _log.info("Post queued in the outbox as entry %s for workspace %s", entry_id, workspace_id)
        return entry_id

    def outbox_entries(self) -> list[OutboxEntry]:
        """Return every readable outbox entry in the order they were queued."""
        rows = self._query(
            "SELECT id, workspace_id, post, editor_state, status, error, maybe_sent, "
            "post_group_id, queued_at, updated_at FROM outbox ORDER BY id"
        )
        return [entry for row in rows if (entry := _entry_from_row(row)) is not None]

    def outbox_entry(self, entry_id: int) -> OutboxEntry | None:
        """Return outbox entry ``entry_id``, or None when it does not exist."""
        return next((e for e in self.outbox_entries() if e.entry_id == entry_id), None)

    def update_outbox(
        self,
        entry_id: int,
        status: OutboxStatus,
        *,
        error: str = "",
        maybe_sent: bool | None = None,
        post_group_id: str | None = None,
    ) -> None:
        """Set an entry's status and error; ``maybe_sent`` and ``post_group_id`` only if given."""
        assignments = ["status = ?", "error = ?", "updated_at = ?"]
        values: list[object] = [status.value, error, _now_text()]
        if maybe_sent is not None:
            assignments.append("maybe_sent = ?")
            values.append(int(maybe_sent))
        if post_group_id is not None:
            assignments.append("post_group_id = ?")
            values.append(post_group_id)
        values.append(entry_id)
        with self._transaction() as cursor:
            cursor.execute(f"UPDATE outbox SET {', '.join(assignments)} WHERE id = ?", values)

    def remove_outbox(self, entry_id: int) -> None:
        """Remove outbox entry ``entry_id``; an id that is gone already is ignored."""
        with self._transaction() as cursor:
            cursor.execute("DELETE FROM outbox WHERE id = ?", (entry_id,))

    # --- internals ----------------------------------------------------------------------

    def _requeue_interrupted(self) -> int:
        # An entry still "sending" means the app stopped during the request, which may have
        # reached Ocoya: it goes back to the queue, marked so that the next attempt checks.
        with self._transaction() as cursor:
            cursor.execute(
                "UPDATE outbox SET status = ?, maybe_sent = 1 WHERE status = ?",
                (OutboxStatus.QUEUED.value, OutboxStatus.SENDING.value),
            )
            return cursor.rowcount

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        with self._lock:
            cursor = self._connection.cursor()
            try:
                cursor.execute("BEGIN IMMEDIATE")
                yield cursor
                cursor.execute("COMMIT")
            except BaseException:
                if self._connection.in_transaction:
                    cursor.execute("ROLLBACK")
                raise
            finally:
                cursor.close()

    def _query(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._connection.execute(sql, parameters).fetchall())


def _prepare(connection: sqlite3.Connection) -> None:
    """Check the file, switch to WAL and create the tables; raises ``sqlite3.DatabaseError``."""
    result = connection.execute("PRAGMA quick_check").fetchone()
    if result is None or result[0] != "ok":
        raise sqlite3.DatabaseError(f"integrity check failed: {result[0] if result else None}")
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(
            f"schema version {version} is newer than this app's {SCHEMA_VERSION}"
        )
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.executescript(_SCHEMA)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _drafts_from_rows(rows: list[tuple[Any, ...]]) -> list[StoredDraft]:
    drafts: list[StoredDraft] = []
    for draft_id, text, created_at, updated_at in rows:
        try:
            state = EditorState.from_json(json.loads(text))
        except (ValueError, KeyError, TypeError) as error:
            _log.warning("Skipping unreadable draft %s: %s", draft_id, error)
            continue
        drafts.append(
            StoredDraft(
                draft_id=draft_id,
                state=state,
                created_at=datetime.fromisoformat(created_at),
                updated_at=datetime.fromisoformat(updated_at),
            )
        )
    return drafts


def _entry_from_row(row: tuple[Any, ...]) -> OutboxEntry | None:
    (entry_id, workspace_id, post, editor_state, status, error, maybe_sent, post_group_id,
     queued_at, updated_at) = row  # fmt: skip
    try:
        return OutboxEntry(
            entry_id=entry_id,
            workspace_id=workspace_id,
            post=QueuedPost.from_json(json.loads(post)),
            editor_state=EditorState.from_json(json.loads(editor_state)),
            status=OutboxStatus(status),
            error=error,
            maybe_sent=bool(maybe_sent),
            post_group_id=post_group_id,
            queued_at=datetime.fromisoformat(queued_at),
            updated_at=datetime.fromisoformat(updated_at),
        )
    except (ValueError, KeyError, TypeError) as failure:
        _log.warning("Skipping unreadable outbox entry %s: %s", entry_id, failure)
        return None


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _now_text() -> str:
    # Microseconds keep the "most recently edited" order exact for quick successive saves.
    return datetime.now(UTC).isoformat(timespec="microseconds")


__all__ = [
    "DRAFTS_FILE_NAME",
    "DamagedDatabaseError",
    "DraftsDatabase",
    "DraftsDatabaseError",
    "EditorState",
    "MediaEntry",
    "OpenedDatabase",
    "OutboxEntry",
    "OutboxStatus",
    "QueuedPost",
    "StoredDraft",
]
