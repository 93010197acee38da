"""The Ocoya API key and media-host credentials, kept in the OS keyring.

``SecretStore`` wraps the ``keyring`` package (macOS Keychain, Windows Credential Locker,
the Secret Service on Linux). When no usable keyring exists it raises
``KeyringUnavailableError`` and never falls back to a file: the UI then offers
``SessionSecretStore``, which keeps secrets in memory until the app quits.

Values are never logged; log lines name the secret only. The ``keyring`` package is imported
on the first call that reads, stores or deletes a secret in the keyring, because importing it
looks up the installed backends (about 20 ms) and demo mode never uses it.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import keyring.errors

_log = logging.getLogger(__name__)

SERVICE_NAME = "Ocoya Desktop"

# The keyring "username" under which the Ocoya API key is stored.
API_KEY_NAME = "api_key"

_UNAVAILABLE_ADVICE = (
    "Unlock or install a keyring (the Secret Service from GNOME Keyring or KWallet on Linux, "
    "the Keychain on macOS, the Credential Locker on Windows) and try again, or use the key "
    "for this session only: it is then forgotten when the app quits."
)


class SecretStoreError(Exception):
    """Reading, storing or deleting a secret failed."""

    @property
    def reason(self) -> str:
        """What failed, without advice on how to fix it, for callers that give their own."""
        return str(self)


class KeyringUnavailableError(SecretStoreError):
    """No usable OS keyring exists, or it is locked.

    The message is the reason followed by advice on getting a keyring or doing without one.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"{reason}. {_UNAVAILABLE_ADVICE}")
        self._reason = reason

    @property
    def reason(self) -> str:
        return self._reason


class BaseSecretStore(ABC):
    """Secrets by name, plus shortcuts for the Ocoya API key."""

    @abstractmethod
    def get_secret(self, name: str) -> str | None:
        """Return the secret stored under ``name``, or None if there is none."""

    @abstractmethod
    def set_secret(self, name: str, value: str) -> None:
        """Store ``value`` under ``name``, replacing any earlier value."""

    @abstractmethod
    def delete_secret(self, name: str) -> None:
        """Delete the secret stored under ``name``; deleting a missing secret is no error."""

    def get_api_key(self) -> str | None:
        return self.get_secret(API_KEY_NAME)

    def set_api_key(self, key: str) -> None:
        self.set_secret(API_KEY_NAME, key)

    def delete_api_key(self) -> None:
        self.delete_secret(API_KEY_NAME)


def _check_name(name: str) -> None:
    if not name.strip():
        raise ValueError("secret name is empty; pass a name such as 'api_key'")


def _check_value(name: str, value: str) -> None:
    if not value:
        raise ValueError(f"secret {name!r} is empty; delete it instead of storing an empty value")


def _keyring() -> ModuleType:
    """Import and return the ``keyring`` package, with its ``errors`` and fail backend."""
    import keyring
    import keyring.backends.fail
    import keyring.errors

    return keyring


class SecretStore(BaseSecretStore):
    """Secrets in the OS keyring under one service name."""

    def __init__(self, service: str = SERVICE_NAME) -> None:
        self.service = service

    def get_secret(self, name: str) -> str | None:
        _check_name(name)
        keyring = self._check_backend()
        try:
            value: str | None = keyring.get_password(self.service, name)
        except keyring.errors.KeyringError as error:
            raise _translate(error, f"reading {name!r} from the keyring failed") from error
        return value

    def set_secret(self, name: str, value: str) -> None:
        _check_name(name)
        _check_value(name, value)
        keyring = self._check_backend()
        try:
            keyring.set_password(self.service, name, value)
        except keyring.errors.KeyringError as error:
            raise _translate(error, f"storing {name!r} in the keyring failed") from error
        _log.info("Stored secret %s in the keyring", name)

    def delete_secret(self, name: str) -> None:
        _check_name(name)
        keyring = self._check_backend()
        try:
            keyring.delete_password(self.service, name)
        except keyring.errors.PasswordDeleteError:
            _log.debug("Secret %s was not in the keyring; nothing to delete", name)
            return
        except keyring.errors.KeyringError as error:
            raise _translate(error, f"deleting {name!r} from the keyring failed") from error
        _log.info("Deleted secret %s from the keyring", name)

    def _check_backend(self) -> ModuleType:
        """Return the ``keyring`` package once a usable backend is known to exist."""
        keyring = _keyring()
        try:
            backend = keyring.get_keyring()
        except keyring.errors.KeyringError as error:
            raise _translate(error, "opening the keyring failed") from error
        if isinstance(backend, keyring.backends.fail.Keyring):
            raise KeyringUnavailableError("No usable keyring was found")
        return keyring


def _translate(error: keyring.errors.KeyringError, action: str) -> SecretStoreError:
    """Map a keyring error onto this module's errors, without any secret value in the text."""
    keyring = _keyring()
    unavailable = (
        keyring.errors.NoKeyringError,
        keyring.errors.KeyringLocked,
        keyring.errors.InitError,
    )
    if isinstance(error, unavailable):
        return KeyringUnavailableError(f"{action}: {error}")
    return SecretStoreError(f"{action}: {error}")


class SessionSecretStore(BaseSecretStore):
    """Secrets kept in memory for this session only, for when no keyring exists."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def get_secret(self, name: str) -> str | None:
        _check_name(name)
        return self._values.get(name)

    def set_secret(self, name: str, value: str) -> None:
        _check_name(name)
        _check_value(name, value)
        self._values[name] = value
        _log.info("Keeping secret %s in memory for this session only", name)

    def delete_secret(self, name: str) -> None:
        _check_name(name)
        self._values.pop(name, None)
