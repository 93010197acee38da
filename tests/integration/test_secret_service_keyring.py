"""The API key through the real Secret Service (gnome-keyring) on a private D-Bus session."""

from __future__ import annotations

import keyring
import secretstorage
from keyring.backends import SecretService

from ocoya_desktop.storage.secrets import SERVICE_NAME, SecretStore
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
