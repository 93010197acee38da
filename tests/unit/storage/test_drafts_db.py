"""The drafts database: saving editor states, the outbox table, and damaged files."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from ocoya_desktop.storage.drafts_db import (
    DamagedDatabaseError,
    DraftsDatabase,
    EditorState,
    MediaEntry,
    OutboxStatus,
    QueuedPost,
)

STATE = EditorState(
    caption="Spring menu 🌷",
    media=(
        MediaEntry("/home/u/a.jpg", is_local=True, public_url="https://h/a.jpg", state="ready"),
        MediaEntry("https://cdn.example.com/b.png", is_local=False, state="checking"),
    ),
    profile_ids=("cprofile1", "cprofile2"),
    workspace_id="cworkspace",
    local_date=date(2030, 3, 5),
    local_time=time(10, 30),
    time_zone="Europe/Berlin",
    ai_draft_id="caidraft",
)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[DraftsDatabase]:
    db = DraftsDatabase.open(tmp_path / "drafts.sqlite3")
    yield db
    db.close()


def test_state_round_trips_json() -> None:
    assert EditorState.from_json(STATE.to_json()) == STATE


def test_save_then_reopen(tmp_path: Path) -> None:
    path = tmp_path / "drafts.sqlite3"
    db = DraftsDatabase.open(path)
    draft_id = db.save_draft(None, STATE)
    db.close()

    reopened = DraftsDatabase.open(path)
    try:
        stored = reopened.get_draft(draft_id)
    finally:
        reopened.close()

    assert stored is not None
    assert stored.state == STATE


def test_save_updates_same_row(database: DraftsDatabase) -> None:
    draft_id = database.save_draft(None, STATE)

    again = database.save_draft(draft_id, EditorState(caption="changed"))

    assert again == draft_id
    assert [d.state.caption for d in database.list_drafts()] == ["changed"]


def test_save_after_delete_makes_new_row(database: DraftsDatabase) -> None:
    draft_id = database.save_draft(None, STATE)
    database.delete_draft(draft_id)

    new_id = database.save_draft(draft_id, STATE)

    assert new_id != draft_id
    assert len(database.list_drafts()) == 1


def test_list_newest_edit_first(database: DraftsDatabase) -> None:
    first = database.save_draft(None, EditorState(caption="first"))
    second = database.save_draft(None, EditorState(caption="second"))
    database.save_draft(first, EditorState(caption="first, edited"))

    ids = [d.draft_id for d in database.list_drafts()]

    assert ids == [first, second]


def test_wal_mode_on(database: DraftsDatabase) -> None:
    connection = sqlite3.connect(database.path)
    try:
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        connection.close()
    assert mode == "wal"


def test_unreadable_row_skipped(database: DraftsDatabase) -> None:
    database.save_draft(None, STATE)
    connection = sqlite3.connect(database.path)
    with connection:
        connection.execute(
            "INSERT INTO drafts (state, created_at, updated_at) VALUES ('{not json', ?, ?)",
            (datetime.now(UTC).isoformat(), datetime.now(UTC).isoformat()),
        )
    connection.close()

    assert [d.state for d in database.list_drafts()] == [STATE]


def test_damaged_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "drafts.sqlite3"
    path.write_bytes(b"this is not an sqlite database at all" * 100)

    with pytest.raises(DamagedDatabaseError):
        DraftsDatabase.open(path)


def test_damaged_file_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "drafts.sqlite3"
    garbage = b"this is not an sqlite database at all" * 100
    path.write_bytes(garbage)
    moment = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)

    opened = DraftsDatabase.open_or_recover(path, now=moment)
    try:
        assert opened.moved_aside_to == tmp_path / "drafts.sqlite3.damaged-20300102T030405Z"
        assert opened.moved_aside_to.read_bytes() == garbage
        assert opened.database.list_drafts() == []
        opened.database.save_draft(None, STATE)
    finally:
        opened.database.close()


def test_healthy_file_not_moved(tmp_path: Path) -> None:
    opened = DraftsDatabase.open_or_recover(tmp_path / "drafts.sqlite3")
    opened.database.close()

    assert opened.moved_aside_to is None


def test_outbox_order_and_updates(database: DraftsDatabase) -> None:
    post = QueuedPost(
        caption="Queued",
        media_urls=("https://h/a.jpg",),
        social_profile_ids=("cprofile1",),
        scheduled_at=datetime(2030, 3, 5, 9, 0, tzinfo=UTC),
        time_zone="Europe/Berlin",
    )
    first = database.enqueue("cworkspace", post, STATE)
    second = database.enqueue("cworkspace", post, STATE)

    database.update_outbox(first, OutboxStatus.FAILED, error="Ocoya said no", maybe_sent=True)
    database.update_outbox(second, OutboxStatus.SENT, post_group_id="cpostgroup")

    entries = database.outbox_entries()
    assert [e.entry_id for e in entries] == [first, second]
    assert entries[0].status is OutboxStatus.FAILED
    assert entries[0].error == "Ocoya said no"
    assert entries[0].maybe_sent is True
    assert entries[0].post == post
    assert entries[0].editor_state == STATE
    assert entries[1].post_group_id == "cpostgroup"


def test_sending_entry_requeued_on_open(tmp_path: Path) -> None:
    """Guarantee: an entry "sending" at a crash comes back queued and marked possibly sent."""
    path = tmp_path / "drafts.sqlite3"
    db = DraftsDatabase.open(path)
    entry_id = db.enqueue("cworkspace", QueuedPost(caption="x"), EditorState(caption="x"))
    db.update_outbox(entry_id, OutboxStatus.SENDING)
    db.close()

    reopened = DraftsDatabase.open(path)
    try:
        entry = reopened.outbox_entry(entry_id)
    finally:
        reopened.close()

    assert entry is not None
    assert entry.status is OutboxStatus.QUEUED
    assert entry.maybe_sent is True


def test_remove_outbox_entry(database: DraftsDatabase) -> None:
    entry_id = database.enqueue("cworkspace", QueuedPost(caption="x"), EditorState())

    database.remove_outbox(entry_id)

    assert database.outbox_entries() == []
