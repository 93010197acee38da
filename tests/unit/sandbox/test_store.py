"""The store on its own: seed data, ids, publishing and waiting for changes."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

from ocoya_desktop.sandbox import DEMO_API_KEY, LIMITED_API_KEY, build_demo_store
from ocoya_desktop.sandbox.store import PostGroup, SandboxStore

from .conftest import START


def test_seed_has_about_forty_posts() -> None:
    store = build_demo_store(START)

    assert 35 <= len(store.posts) <= 45
    assert any(post.scheduled_at and post.scheduled_at < START for post in store.posts.values())
    assert any(post.scheduled_at and post.scheduled_at > START for post in store.posts.values())
    assert any(post.creatives for post in store.posts.values())
    assert any(not caption.isascii() for caption in (p.caption for p in store.posts.values()))


def test_seed_scheduled_posts_are_future() -> None:
    store = build_demo_store(START)

    scheduled = [post for post in store.posts.values() if post.status == "SCHEDULED"]

    assert scheduled
    assert all(post.scheduled_at and post.scheduled_at > START for post in scheduled)


def test_seed_keys_reach_workspaces() -> None:
    store = build_demo_store(START)
    first, second = store.workspaces

    demo = store.account_for_key(DEMO_API_KEY)
    limited = store.account_for_key(LIMITED_API_KEY)

    assert demo is not None
    assert limited is not None
    assert store.can_reach(demo, first)
    assert store.can_reach(demo, second)
    assert not store.can_reach(limited, first)
    assert store.can_reach(limited, second)


def test_new_ids_look_like_cuids() -> None:
    store = SandboxStore()

    ids = {store.new_id() for _ in range(200)}

    assert len(ids) == 200
    for new_id in ids:
        assert len(new_id) == 25
        assert new_id.startswith("c")
        assert new_id.isalnum()
        assert new_id == new_id.lower()


def test_publish_due_posts() -> None:
    store = build_demo_store(START)
    scheduled = sorted(
        (post for post in store.posts.values() if post.status == "SCHEDULED"),
        key=lambda post: post.scheduled_at or START,
    )
    first_time = scheduled[0].scheduled_at
    assert first_time is not None

    published = store.publish_due_posts(first_time)

    assert published == 1
    assert scheduled[0].status == "POSTED"
    assert scheduled[1].status == "SCHEDULED"


async def test_wait_for_change_from_thread() -> None:
    store = SandboxStore()
    workspace_id = "cworkspace000000000000000"

    def add_post() -> None:
        store.add_post(
            PostGroup(
                id=store.new_id(),
                workspace_id=workspace_id,
                status="DRAFT",
                caption="from a thread",
                created_at=START + timedelta(minutes=1),
            )
        )

    waiter = asyncio.create_task(store.wait_for(lambda: len(store.posts) == 1))
    thread = threading.Thread(target=add_post)
    thread.start()
    await asyncio.wait_for(waiter, timeout=30)
    thread.join()

    assert [post.caption for post in store.posts.values()] == ["from a thread"]


def test_listeners_run_after_changes() -> None:
    store = SandboxStore()
    calls: list[int] = []
    store.add_listener(lambda: calls.append(len(store.media)))

    store.put_media("a.png", "image/png", b"x")
    store.delete_media("a.png")
    store.delete_media("a.png")

    assert calls == [1, 0]
