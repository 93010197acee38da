"""The settings dialog's "Media hosting" page: saving, validation, and the connection test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from ocoya_desktop.media_hosts import MediaHost, SandboxMediaHost
from ocoya_desktop.storage.secrets import BaseSecretStore, KeyringUnavailableError, SecretStore
from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.ui.dialogs.settings_dialog import (
    KIND_NONE,
    KIND_S3,
    KIND_SANDBOX,
    MediaHostingChoice,
    SettingsDialog,
    public_url_problem,
)
from tests.gui.media.conftest import SANDBOX_URL, BlockingHost
from tests.helpers.env_fixtures import InMemoryKeyring

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.load(tmp_path / "settings.json")


class UnavailableSecretStore(BaseSecretStore):
    """A secret store on a machine without a keyring: every call raises."""

    def get_secret(self, name: str) -> str | None:
        raise KeyringUnavailableError("no keyring backend is available")

    def set_secret(self, name: str, value: str) -> None:
        raise KeyringUnavailableError("no keyring backend is available")

    def delete_secret(self, name: str) -> None:
        raise KeyringUnavailableError("no keyring backend is available")


HostFactory = Callable[[MediaHostingChoice], MediaHost]


@pytest.fixture
def make_dialog(
    qtbot: QtBot, qloop: Any, settings: Settings
) -> Iterator[Callable[..., SettingsDialog]]:
    dialogs: list[SettingsDialog] = []

    def make(
        factory: HostFactory | None = None, secrets: BaseSecretStore | None = None
    ) -> SettingsDialog:
        def refuse(choice: MediaHostingChoice) -> MediaHost:
            raise AssertionError(f"no host expected for {choice!r}")

        dialog = SettingsDialog(settings, secrets or SecretStore(), factory or refuse)
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
        return dialog

    yield make
    for dialog in dialogs:
        dialog.media_hosting_page.cancel_connection_test()


def _fill_s3(dialog: SettingsDialog, *, public_url: str = "https://cdn.example.test") -> None:
    page = dialog.media_hosting_page
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(KIND_S3))
    page.bucket_edit.setText("media-bucket")
    page.region_edit.setText("eu-central-1")
    page.endpoint_url_edit.setText("https://s3.eu-central-1.amazonaws.com")
    page.public_base_url_edit.setText(public_url)
    page.key_prefix_edit.setText("posts/")
    page.access_key_id_edit.setText("AKIAEXAMPLE")
    page.secret_access_key_edit.setText(SECRET)


def test_save_writes_settings_and_keyring(
    make_dialog: Callable[..., SettingsDialog],
    settings: Settings,
    memory_keyring: InMemoryKeyring,
    tmp_path: Path,
) -> None:
    dialog = make_dialog()
    _fill_s3(dialog)

    dialog.accept()

    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    reloaded = Settings.load(tmp_path / "settings.json")
    assert reloaded.get("media_host.kind") == KIND_S3
    assert reloaded.get("media_host.s3.bucket") == "media-bucket"
    assert reloaded.get("media_host.s3.region") == "eu-central-1"
    assert reloaded.get("media_host.s3.public_base_url") == "https://cdn.example.test"
    assert reloaded.get("media_host.s3.key_prefix") == "posts/"
    stored = set(memory_keyring.passwords.values())
    assert SECRET in stored
    assert "AKIAEXAMPLE" in stored
    settings_text = (tmp_path / "settings.json").read_text(encoding="utf-8")
    assert SECRET not in settings_text
    assert "AKIAEXAMPLE" not in settings_text


def test_stored_secret_is_kept_and_never_shown(
    make_dialog: Callable[..., SettingsDialog], memory_keyring: InMemoryKeyring
) -> None:
    first = make_dialog()
    _fill_s3(first)
    first.accept()

    second = make_dialog()
    page = second.media_hosting_page

    assert page.access_key_id_edit.text() == "AKIAEXAMPLE"
    assert page.secret_access_key_edit.text() == ""
    assert page.choice().secret_access_key == SECRET
    second.accept()
    assert second.result() == SettingsDialog.DialogCode.Accepted
    assert SECRET in memory_keyring.passwords.values()


def test_plain_http_public_url_is_rejected_with_reason(
    make_dialog: Callable[..., SettingsDialog], settings: Settings
) -> None:
    dialog = make_dialog()
    _fill_s3(dialog, public_url="http://cdn.example.test")

    dialog.accept()

    page = dialog.media_hosting_page
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert "https://" in page.error_label.text()
    assert "http://cdn.example.test" in page.error_label.text()
    assert settings.get("media_host.kind") == KIND_NONE


def test_public_url_rules() -> None:
    assert public_url_problem("") is None
    assert public_url_problem("https://cdn.example.test/media") is None
    assert public_url_problem("http://127.0.0.1:9000/bucket") is None
    assert public_url_problem("http://localhost:9000") is None
    assert public_url_problem("http://cdn.example.test") is not None
    assert public_url_problem("ftp://cdn.example.test") is not None


def test_missing_secret_is_reported(make_dialog: Callable[..., SettingsDialog]) -> None:
    dialog = make_dialog()
    _fill_s3(dialog)
    dialog.media_hosting_page.secret_access_key_edit.clear()

    dialog.accept()

    assert "secret access key" in dialog.media_hosting_page.error_label.text()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted


def test_keyring_unavailable_saves_nothing(
    make_dialog: Callable[..., SettingsDialog], settings: Settings
) -> None:
    dialog = make_dialog(secrets=UnavailableSecretStore())
    _fill_s3(dialog)

    dialog.accept()

    page = dialog.media_hosting_page
    assert "keyring" in page.error_label.text()
    assert "Nothing was saved" in page.error_label.text()
    # The API key's "session only" way out does not apply to the media host's keys.
    assert "session only" not in page.error_label.text()
    assert settings.get("media_host.kind") == KIND_NONE


def test_connection_test_success_message(
    qtbot: QtBot,
    make_dialog: Callable[..., SettingsDialog],
    sandbox_host: SandboxMediaHost,
) -> None:
    chosen: list[MediaHostingChoice] = []

    def factory(choice: MediaHostingChoice) -> MediaHost:
        chosen.append(choice)
        return sandbox_host

    dialog = make_dialog(factory)
    page = dialog.media_hosting_page
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(KIND_SANDBOX))

    with qtbot.waitSignal(page.test_finished, timeout=15_000) as finished:
        page.test_button.click()

    passed, message = finished.args
    assert passed
    assert message
    assert page.result_label.text() == message
    assert chosen[0].kind == KIND_SANDBOX
    assert page.test_button.isEnabled()


def test_connection_test_failure_message(
    qtbot: QtBot,
    make_dialog: Callable[..., SettingsDialog],
    sandbox_client: httpx.AsyncClient,
) -> None:
    wrong_key_host = SandboxMediaHost(sandbox_client, api_key="wrong-key", base_url=SANDBOX_URL)
    dialog = make_dialog(lambda _choice: wrong_key_host)
    page = dialog.media_hosting_page
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(KIND_SANDBOX))

    with qtbot.waitSignal(page.test_finished, timeout=15_000) as finished:
        page.test_button.click()

    passed, message = finished.args
    assert not passed
    assert message.startswith("The connection test failed:")
    assert page.result_label.text() == message


def test_connection_test_can_be_cancelled(
    qtbot: QtBot, make_dialog: Callable[..., SettingsDialog]
) -> None:
    host = BlockingHost()
    dialog = make_dialog(lambda _choice: host)
    page = dialog.media_hosting_page
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(KIND_SANDBOX))

    page.test_button.click()
    assert page.is_testing()
    assert not page.test_button.isEnabled()
    assert not page.cancel_test_button.isHidden()
    with qtbot.waitSignal(page.test_finished, timeout=5_000) as finished:
        page.cancel_test_button.click()

    assert finished.args == [False, "The connection test was cancelled."]
    assert not page.is_testing()
    assert page.cancel_test_button.isHidden()
    assert page.test_button.isEnabled()


def test_no_host_disables_connection_test(make_dialog: Callable[..., SettingsDialog]) -> None:
    dialog = make_dialog()
    page = dialog.media_hosting_page

    page.kind_combo.setCurrentIndex(page.kind_combo.findData(KIND_NONE))

    assert not page.test_button.isEnabled()
    assert not page.s3_group.isEnabled()
