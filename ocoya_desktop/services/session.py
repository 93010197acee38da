"""Signing in and out: check an API key against Ocoya and keep it in the secret store."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Protocol

from ocoya_desktop.api import Me, OcoyaClient

_log = logging.getLogger(__name__)

ClientFactory = Callable[[str], OcoyaClient]
"""Build an unopened ``OcoyaClient`` for an API key (the base URL and transport are fixed)."""


class ApiKeyStore(Protocol):
    """The part of ``SecretStore`` (or ``SessionSecretStore``) that stores the API key."""

    def get_api_key(self) -> str | None: ...

    def set_api_key(self, key: str) -> None: ...

    def delete_api_key(self) -> None: ...


async def sign_in(client_factory: ClientFactory, key: str) -> Me:
    """Check ``key`` with ``GET /me`` on a client of its own and return the key's owner.

    Raises the api error for a rejected key (``AuthenticationError``, or
    ``PermissionDeniedError`` because Ocoya responds to an unknown key with 403) or a failed
    request. Surrounding whitespace, which pasting often adds, is removed first.
    """
    key = key.strip()
    if not key:
        raise ValueError("the API key is empty; paste the key from Ocoya → Settings → API")
    async with client_factory(key) as client:
        me = await client.me()
    _log.info("API key accepted for user %s", me.id)
    return me


async def store_api_key(store: ApiKeyStore, key: str) -> None:
    """Save ``key`` in ``store``; the keyring may block on D-Bus, so it runs in a thread.

    Raises ``KeyringUnavailableError`` when the system has no usable keyring.
    """
    await asyncio.to_thread(store.set_api_key, key.strip())
    _log.info("API key stored")


async def load_api_key(store: ApiKeyStore) -> str | None:
    """Return the stored API key, or None when none is stored."""
    return await asyncio.to_thread(store.get_api_key)


async def sign_out(store: ApiKeyStore) -> None:
    """Remove the stored API key, so the next start requests one."""
    await asyncio.to_thread(store.delete_api_key)
    _log.info("Signed out; the stored API key was removed")
