"""MediaDropZone.clear: every item goes, running uploads are cancelled, one change signal."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ocoya_desktop.domain.networks import Network
from ocoya_desktop.media_hosts import MediaHost, SandboxMediaHost
from ocoya_desktop.ui.models.media_list_model import MediaState
from tests.gui.media.conftest import BlockingHost, ZoneFactory
from tests.helpers import media_files

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def test_clear_removes_ready_and_uploading(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    blocking = BlockingHost()
    hosts: list[MediaHost] = [sandbox_host, blocking]
    zone = make_zone(lambda: hosts.pop(0))
    ready = media_files.make_jpeg(tmp_path / "ready.jpg")
    slow = media_files.make_png(tmp_path / "slow.png")

    zone.add_sources([ready])
    qtbot.waitUntil(lambda: zone.media_urls() != [] and not zone.is_busy(), timeout=15_000)
    zone.add_sources([slow])
    qtbot.waitUntil(lambda: blocking.started, timeout=15_000)
    assert zone.model.item_at(0).state is MediaState.READY
    assert zone.is_busy()
    changes: list[None] = []
    zone.media_changed.connect(lambda: changes.append(None))

    with qtbot.waitSignal(zone.busy_changed, timeout=5_000) as busy:
        zone.clear()
    qtbot.waitUntil(lambda: blocking.cancelled, timeout=5_000)

    assert changes == [None]
    assert busy.args == [False]
    assert zone.model.rowCount() == 0
    assert zone.media_urls() == []
    assert not zone.is_busy()


def test_clear_on_empty_zone_emits_nothing(make_zone: ZoneFactory) -> None:
    zone = make_zone(None)
    changes: list[None] = []
    zone.media_changed.connect(lambda: changes.append(None))

    zone.clear()

    assert changes == []
    assert zone.model.rowCount() == 0


def test_clear_updates_findings(
    qtbot: QtBot, make_zone: ZoneFactory, sandbox_host: SandboxMediaHost, tmp_path: Path
) -> None:
    zone = make_zone(sandbox_host)
    zone.set_networks([Network.INSTAGRAM])
    assert [finding.code for finding in zone.findings()] == ["instagram.media_required"]
    zone.add_sources([media_files.make_jpeg(tmp_path / "photo.jpg", (1080, 1080))])
    qtbot.waitUntil(lambda: zone.media_urls() != [] and not zone.is_busy(), timeout=15_000)
    assert zone.findings() == []

    with qtbot.waitSignal(zone.findings_changed, timeout=5_000):
        zone.clear()

    assert [finding.code for finding in zone.findings()] == ["instagram.media_required"]
