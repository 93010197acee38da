"""Plain helpers for tests that run the sandbox in-process: no Qt, no fixtures.

Unit and GUI tests alike use these to reach a sandbox app's live store and fault switches,
to seed drafts, and to put a client on a transport that can be switched off or run on
virtual time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
from starlette.applications import Starlette

from ocoya_desktop.api import OcoyaClient, PostStatus
from ocoya_desktop.sandbox import DEMO_API_KEY, Faults, SandboxStore
from ocoya_desktop.sandbox.store import PostGroup as StoredPostGroup
from ocoya_desktop.sandbox.transport import SandboxTransport
from tests.helpers.virtual_time import CountingTransport, VirtualTime

API_PATH = "/api/_public/v1"
# A host name that cannot resolve, for clients whose transport never leaves the process.
IN_PROCESS_BASE_URL = "http://sandbox.invalid" + API_PATH


async def no_wait(_seconds: float) -> None:
    """Stand in for a client's sleep, so a retry does not wait in real time."""


def store_of(app: Starlette) -> SandboxStore:
    """Return the live store of sandbox ``app``."""
    store: SandboxStore = app.state.store
    return store


def faults_of(app: Starlette) -> Faults:
    """Return the live fault switches of sandbox ``app``."""
    faults: Faults = app.state.faults
    return faults


def workspace_ids(store: SandboxStore) -> list[str]:
    """Return the ids of the workspaces the demo key reaches, in store order."""
    account = store.accounts[DEMO_API_KEY]
    return [w for w in store.workspaces if store.can_reach(account, w)]


def add_drafts(
    store: SandboxStore,
    workspace_id: str,
    count: int,
    *,
    caption: str,
    newest: datetime,
    step: timedelta = timedelta(seconds=1),
) -> list[str]:
    """Add ``count`` drafts captioned ``"<caption> <n>"`` and return their ids.

    Draft ``n`` is created at ``newest - n * step``, so the drafts list in number order
    wherever the list is sorted newest first.
    """
    ids = []
    for number in range(count):
        post_id = store.new_id()
        store.add_post(
            StoredPostGroup(
                id=post_id,
                workspace_id=workspace_id,
                status=PostStatus.DRAFT.value,
                caption=f"{caption} {number}",
                created_at=newest - number * step,
            )
        )
        ids.append(post_id)
    return ids


class SwitchableTransport(httpx.AsyncBaseTransport):
    """The in-process sandbox, with a switch that makes every request fail to connect.

    ``post_requests`` counts the POST requests that reached the sandbox.
    """

    def __init__(self, app: Starlette) -> None:
        self._inner = SandboxTransport(app)
        self.offline = False
        self.post_requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.offline:
            raise httpx.ConnectError("Network is unreachable", request=request)
        if request.method == "POST":
            self.post_requests += 1
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def virtual_time_client(app: Starlette, time: VirtualTime) -> tuple[CountingTransport, OcoyaClient]:
    """Return a counting transport to ``app`` and a demo-key client on it that waits on ``time``.

    Create ``app`` with ``clock=time.utc_now`` so the sandbox's rate-limit windows move with
    the client's waits.
    """
    transport = CountingTransport(SandboxTransport(app))
    client = OcoyaClient(
        DEMO_API_KEY,
        base_url=IN_PROCESS_BASE_URL,
        transport=transport,
        sleep=time.sleep,
        clock=time.clock,
    )
    return transport, client
