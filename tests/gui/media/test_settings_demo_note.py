"""The Media hosting page explains that demo mode always hosts media on the sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from ocoya_desktop.media_hosts import MediaHost
from ocoya_desktop.storage.secrets import SessionSecretStore
from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.ui.dialogs.settings_dialog import KIND_NONE, MediaHostingChoice, SettingsDialog


def _no_host(choice: MediaHostingChoice) -> MediaHost:
    raise AssertionError(f"no host expected for {choice!r}")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.load(tmp_path / "settings.json")


def test_demo_page_names_sandbox(qtbot: QtBot, qloop: Any, settings: Settings) -> None:
    dialog = SettingsDialog(settings, SessionSecretStore(), _no_host, demo=True)
    qtbot.addWidget(dialog)
    page = dialog.media_hosting_page

    assert page.kind_combo.currentData() == KIND_NONE
    assert not page.demo_note_label.isHidden()
    assert "sandbox hosts the media" in page.demo_note_label.text()
    assert "saved for when you sign in" in page.demo_note_label.text()


def test_signed_in_page_has_no_demo_note(qtbot: QtBot, qloop: Any, settings: Settings) -> None:
    dialog = SettingsDialog(settings, SessionSecretStore(), _no_host)
    qtbot.addWidget(dialog)

    assert dialog.media_hosting_page.demo_note_label.isHidden()
