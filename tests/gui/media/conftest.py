"""Fixtures for the media UI tests: an in-process sandbox, its media host and the drop zone."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from ocoya_desktop.media_hosts import MediaHost, SandboxMediaHost
from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
from ocoya_desktop.sandbox.transport import SandboxTransport

if TYPE_CHECKING:
    from ocoya_desktop.ui.widgets.media_drop_zone import MediaDropZone
    from ocoya_desktop.ui.widgets.post_editor import PostEditor

# The in-process transport never opens a socket; the host name only appears in the URLs.
SANDBOX_URL = "http://127.0.0.1:8765"


@pytest.fixture
def sandbox_client(run_async: Callable[..., Any]) -> Iterator[httpx.AsyncClient]:
    """An httpx client wired to a fresh in-process sandbox app."""
    client = httpx.AsyncClient(transport=SandboxTransport(create_app()), base_url=SANDBOX_URL)
    yield client
    run_async(client.aclose())


@pytest.fixture
def sandbox_host(sandbox_client: httpx.AsyncClient) -> SandboxMediaHost:
    """The sandbox media host that demo mode uses, over the in-process client."""
    return SandboxMediaHost(sandbox_client, api_key=DEMO_API_KEY, base_url=SANDBOX_URL)


class BlockingHost:
    """A media host whose uploads wait until cancelled, recording that they were."""

    def __init__(self) -> None:
        self.started = False
        self.cancelled = False

    async def upload(self, path: Path, content_type: str, *, progress: Any = None) -> str:
        self.started = True
        if progress is not None:
            progress(0, 100)
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        raise AssertionError("unreachable: the event is never set")

    async def delete(self, url: str) -> None:
        raise AssertionError(f"delete({url!r}) was not expected")

    async def test_connection(self) -> str:
        await asyncio.Event().wait()
        return "unreachable"


ZoneFactory = Callable[..., "MediaDropZone"]


@pytest.fixture
def make_zone(
    qtbot: QtBot, qloop: Any, tmp_path: Path, sandbox_client: httpx.AsyncClient
) -> Iterator[ZoneFactory]:
    """Return ``make(host)``, which builds a shown drop zone uploading to ``host``.

    ``host`` may be None (no media host set up) or a callable returning the current host.
    Links are checked through the sandbox client. Every zone's tasks are cancelled after the
    test, before pytest-qt deletes the widget.
    """
    # Imported here so that the settings tests do not depend on the media pipeline.
    from ocoya_desktop.services import media_pipeline
    from ocoya_desktop.ui.widgets.media_drop_zone import MediaDropZone

    zones: list[MediaDropZone] = []

    def make(host: MediaHost | Callable[[], MediaHost | None] | None) -> MediaDropZone:
        provider = host if callable(host) else lambda: host
        zone = MediaDropZone(
            tmp_path / "cache",
            host_provider=provider,
            link_checker=partial(media_pipeline.check_link, client=sandbox_client),
        )
        qtbot.addWidget(zone)
        zone.resize(800, 500)
        zone.show()
        zones.append(zone)
        return zone

    yield make
    for zone in zones:
        zone.cancel_all()


@pytest.fixture
def editor_with_zone(
    qtbot: QtBot,
    qloop: Any,
    tmp_path: Path,
    sandbox_client: httpx.AsyncClient,
    sandbox_host: SandboxMediaHost,
) -> Iterator[tuple[PostEditor, MediaDropZone]]:
    """A shown editor whose media area uploads to the in-process sandbox, with a date set."""
    import datetime as dt

    from ocoya_desktop.services import media_pipeline
    from ocoya_desktop.ui.widgets.media_drop_zone import MediaDropZone
    from ocoya_desktop.ui.widgets.post_editor import PostEditor
    from tests.gui.media.media_support import NOW

    zone = MediaDropZone(
        tmp_path / "cache",
        host_provider=lambda: sandbox_host,
        link_checker=partial(media_pipeline.check_link, client=sandbox_client),
    )
    editor = PostEditor(zone, time_zone="UTC", now=lambda: NOW)
    qtbot.addWidget(editor)
    editor.resize(900, 700)
    editor.show()
    editor.schedule_picker.set_local_datetime(dt.date(2030, 3, 2), dt.time(9, 0))
    yield editor, zone
    zone.cancel_all()
