import logging

import keyring
import keyring.backends.fail
import keyring.errors
import pytest

from ocoya_desktop.storage.secrets import (
    SERVICE_NAME,
    BaseSecretStore,
    KeyringUnavailableError,
    SecretStore,
    SecretStoreError,
    SessionSecretStore,
)
from tests.helpers.env_fixtures import InMemoryKeyring


def test_api_key_round_trip(memory_keyring: InMemoryKeyring) -> None:
    store = SecretStore()

    store.set_api_key("ocy_live_123")

    assert store.get_api_key() == "ocy_live_123"
    assert memory_keyring.passwords == {(SERVICE_NAME, "api_key"): "ocy_live_123"}


def test_missing_api_key_is_none() -> None:
    assert SecretStore().get_api_key() is None


def test_delete_api_key_twice() -> None:
    store = SecretStore()
    store.set_api_key("ocy_live_123")

    store.delete_api_key()
    store.delete_api_key()

    assert store.get_api_key() is None


def test_named_secrets_are_separate() -> None:
    store = SecretStore()

    store.set_secret("s3.access_key_id", "AKIA1")
    store.set_secret("s3.secret_access_key", "shh")
    store.delete_secret("s3.access_key_id")

    assert store.get_secret("s3.access_key_id") is None
    assert store.get_secret("s3.secret_access_key") == "shh"


def test_empty_name_and_value_rejected() -> None:
    store = SecretStore()

    with pytest.raises(ValueError, match="name is empty"):
        store.get_secret(" ")
    with pytest.raises(ValueError, match="'api_key' is empty"):
        store.set_api_key("")


def test_fail_backend_raises_unavailable() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = SecretStore()

    with pytest.raises(KeyringUnavailableError, match="session only"):
        store.get_api_key()
    with pytest.raises(KeyringUnavailableError):
        store.set_api_key("ocy_live_123")
    with pytest.raises(KeyringUnavailableError):
        store.delete_api_key()


class _LockedKeyring(InMemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the collection is locked")


class _BrokenKeyring(InMemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("the backend rejected the item")


def test_locked_keyring_raises_unavailable() -> None:
    keyring.set_keyring(_LockedKeyring())

    with pytest.raises(KeyringUnavailableError, match="locked"):
        SecretStore().get_api_key()


def test_other_keyring_failure_keeps_value_out(caplog: pytest.LogCaptureFixture) -> None:
    keyring.set_keyring(_BrokenKeyring())
    caplog.set_level(logging.DEBUG, logger="ocoya_desktop")

    with pytest.raises(SecretStoreError) as raised:
        SecretStore().set_api_key("ocy_live_secret_value")

    assert not isinstance(raised.value, KeyringUnavailableError)
    assert "rejected the item" in str(raised.value)
    assert "ocy_live_secret_value" not in str(raised.value)
    assert "ocy_live_secret_value" not in caplog.text


def test_values_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ocoya_desktop")
    store = SecretStore()

    store.set_api_key("ocy_live_secret_value")
    store.get_api_key()
    store.delete_api_key()

    assert "api_key" in caplog.text
    assert "ocy_live_secret_value" not in caplog.text


def test_custom_service_name(memory_keyring: InMemoryKeyring) -> None:
    SecretStore(service="Ocoya Desktop (test)").set_api_key("k")

    assert memory_keyring.passwords == {("Ocoya Desktop (test)", "api_key"): "k"}


def test_session_store_keeps_secrets_in_memory(memory_keyring: InMemoryKeyring) -> None:
    store: BaseSecretStore = SessionSecretStore()

    store.set_api_key("ocy_live_123")
    store.set_secret("s3.secret_access_key", "shh")

    assert store.get_api_key() == "ocy_live_123"
    assert store.get_secret("s3.secret_access_key") == "shh"
    assert memory_keyring.passwords == {}


def test_session_store_delete() -> None:
    store = SessionSecretStore()
    store.set_api_key("ocy_live_123")

    store.delete_api_key()
    store.delete_api_key()

    assert store.get_api_key() is None
    assert SessionSecretStore().get_api_key() is None
