"""Requests to open a workspace: how many, whether they overlap, and a second visit.

The sandbox runs in-process with 100 ms of latency on every request (the
``latency_seconds`` fault), behind a transport that records each request. The script
opens the demo workspace with ``WorkspaceLoader.load``: social profiles, brand kits,
hashtag libraries, studio templates and the first page of posts. It compares the wall time
with the slowest of those five requests sent alone, measured in the same run. It then
switches back to the workspace within the minute the loader keeps data, and times how long
the cached data takes to arrive; the window shows it at once and refreshes behind it (the
refresh costs the same as the first load and is not counted).

Profile pictures are fetched after the workspace is shown, by another client, and are not
counted here.

Targets: the load takes at most 1.3x the slowest single request; a second visit within the
minute has data at once.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx

if __package__ in (None, ""):
    # Run as a script: import from the repository root rather than from this folder, where
    # requests.py would shadow the requests package.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from benchmarks._common import SANDBOX_BASE_URL, median

LATENCY_SECONDS = 0.1
RUNS = 5
TARGET_RATIO = 1.3


class CountingTransport(httpx.AsyncBaseTransport):
    """Passes requests to ``inner`` and records the path of each."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


async def seconds(action: Callable[[], Awaitable[object]]) -> float:
    """Await ``action()`` once and return the seconds it took."""
    started = time.perf_counter()
    await action()
    return time.perf_counter() - started


async def measure() -> tuple[int, list[str], float, float, float]:
    """Return the request count and paths of one load, and the medians of the load time,
    the slowest single request and the time to cached data on a second visit."""
    from ocoya_desktop.api import OcoyaClient
    from ocoya_desktop.sandbox import DEMO_API_KEY, Faults, build_demo_store, create_app
    from ocoya_desktop.sandbox.transport import SandboxTransport
    from ocoya_desktop.services.workspace import WorkspaceLoader, load_posts_page

    store = build_demo_store(datetime.now(UTC))
    account = store.accounts[DEMO_API_KEY]
    workspace_id = next(w for w in store.workspaces if store.can_reach(account, w))
    app = create_app(
        store=store, faults=Faults(latency_seconds=LATENCY_SECONDS), rate_limit=1_000_000
    )
    transport = CountingTransport(SandboxTransport(app))

    async with OcoyaClient(DEMO_API_KEY, base_url=SANDBOX_BASE_URL, transport=transport) as client:
        singles: dict[str, Callable[[], Awaitable[object]]] = {
            "social profiles": lambda: client.social_profiles(workspace_id),
            "brand kits": lambda: client.brand_kits(workspace_id),
            "hashtag libraries": lambda: client.hashtag_libraries(workspace_id),
            "studio templates": lambda: client.studio_templates(workspace_id),
            "first page of posts": lambda: load_posts_page(client, workspace_id, 0),
        }
        # One untimed load warms up the client's connection pool and the sandbox.
        await WorkspaceLoader(client).load(workspace_id)

        load_times: list[float] = []
        slowest_times: list[float] = []
        revisit_times: list[float] = []
        count = 0
        paths: list[str] = []
        for _ in range(RUNS):
            single_times = [await seconds(request) for request in singles.values()]
            slowest_times.append(max(single_times))

            loader = WorkspaceLoader(client)
            transport.paths.clear()
            load_times.append(await seconds(lambda: loader.load(workspace_id)))  # noqa: B023
            count, paths = len(transport.paths), list(transport.paths)

            started = time.perf_counter()
            cached = loader.cached(workspace_id)
            revisit_times.append(time.perf_counter() - started)
            if cached is None:
                raise RuntimeError("the loader kept no data for the workspace it just loaded")

    return count, paths, median(load_times), median(slowest_times), median(revisit_times)


def main() -> int:
    """Run the benchmark, print the figures and return 0 when the targets are met."""
    count, paths, load, slowest, revisit = asyncio.run(measure())
    ratio = load / slowest
    print(f"requests to open a workspace: {count} ({', '.join(sorted(paths))})")
    print(f"sandbox latency per request: {LATENCY_SECONDS * 1000:.0f} ms; medians of {RUNS}")
    print(f"slowest single request: {slowest * 1000:.0f} ms")
    print(f"whole workspace load: {load * 1000:.0f} ms")
    print(f"second visit, time to cached data: {revisit * 1e6:.0f} µs (then a refresh)")
    verdict = "meets" if ratio <= TARGET_RATIO else "misses"
    print(
        f"requests: {count} requests in {ratio:.2f}x the slowest one "
        f"(load {load * 1000:.0f} ms, slowest {slowest * 1000:.0f} ms; second visit "
        f"{revisit * 1000:.2f} ms; {verdict} the {TARGET_RATIO:.1f}x target)"
    )
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
