"""The API key through the real Secret Service (gnome-keyring) on a private D-Bus session."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
import secretstorage
from keyring.backends import SecretService, fail

from ocoya_desktop.storage.secrets import SERVICE_NAME, KeyringUnavailableError, SecretStore
from tests.helpers.secret_service import SecretServiceSession


def test_api_key_stored_in_secret_service(secret_service: SecretServiceSession) -> None:
    keyring.set_keyring(SecretService.Keyring())
    store = SecretStore()

    store.set_api_key("ocy_live_from_secret_service")

    assert store.get_api_key() == "ocy_live_from_secret_service"
    connection = secretstorage.dbus_init()
    try:
        collection = secretstorage.get_default_collection(connection)
        items = list(collection.search_items({"service": SERVICE_NAME, "username": "api_key"}))
        assert len(items) == 1
        assert items[0].get_secret() == b"ocy_live_from_secret_service"
    finally:
        connection.close()


def test_api_key_deleted_from_secret_service(secret_service: SecretServiceSession) -> None:
    keyring.set_keyring(SecretService.Keyring())
    store = SecretStore()
    store.set_api_key("ocy_live_to_delete")

    store.delete_api_key()
    store.delete_api_key()

    assert store.get_api_key() is None


def test_media_host_secret_stored_in_secret_service(
    secret_service: SecretServiceSession,
) -> None:
    keyring.set_keyring(SecretService.Keyring())
    SecretStore().set_secret("s3.secret_access_key", "s3-secret-from-secret-service")

    connection = secretstorage.dbus_init()
    try:
        collection = secretstorage.get_default_collection(connection)
        attributes = {"service": SERVICE_NAME, "username": "s3.secret_access_key"}
        items = list(collection.search_items(attributes))
        assert len(items) == 1
        assert items[0].get_secret() == b"s3-secret-from-secret-service"
    finally:
        connection.close()


def test_key_read_by_new_backend_instance(secret_service: SecretServiceSession) -> None:
    keyring.set_keyring(SecretService.Keyring())
    SecretStore().set_api_key("ocy_live_survives_restart")

    # A fresh backend opens its own D-Bus connection, as the app does after a restart.
    keyring.set_keyring(SecretService.Keyring())

    assert SecretStore().get_api_key() == "ocy_live_survives_restart"


def test_no_backend_raises_and_writes_no_file(
    secret_service: SecretServiceSession, isolated_app_dirs: Path
) -> None:
    keyring.set_keyring(fail.Keyring())
    store = SecretStore()

    with pytest.raises(KeyringUnavailableError):
        store.set_api_key("ocy_live_without_keyring")
    with pytest.raises(KeyringUnavailableError):
        store.get_api_key()

    # No plain-file fallback anywhere the app or the keyring could write.
    for root in (secret_service.home, isolated_app_dirs.parent):
        for path in root.rglob("*"):
            if path.is_file():
                assert b"ocy_live_without_keyring" not in path.read_bytes(), path
