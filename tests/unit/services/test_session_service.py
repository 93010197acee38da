"""Signing in with a key, storing it, and signing out."""

from __future__ import annotations

import pytest

from ocoya_desktop.api import OcoyaClient, PermissionDeniedError
from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.services.session import (
    ClientFactory,
    load_api_key,
    sign_in,
    sign_out,
    store_api_key,
)
from ocoya_desktop.storage.secrets import SecretStore

BASE_URL = "http://sandbox.invalid/api/_public/v1"


@pytest.fixture
def factory() -> ClientFactory:
    transport = SandboxTransport(create_app(rate_limit=100_000))

    def build(key: str) -> OcoyaClient:
        return OcoyaClient(key, base_url=BASE_URL, transport=transport, max_retries=0)

    return build


async def test_sign_in_returns_key_owner(factory: ClientFactory) -> None:
    me = await sign_in(factory, f" {DEMO_API_KEY} ")

    assert me.id
    assert me.email


async def test_sign_in_rejects_unknown_key(factory: ClientFactory) -> None:
    with pytest.raises(PermissionDeniedError):
        await sign_in(factory, "unknown-key")


async def test_sign_in_rejects_empty_key(factory: ClientFactory) -> None:
    with pytest.raises(ValueError, match="API key is empty"):
        await sign_in(factory, "   ")


async def test_store_then_sign_out_removes_key() -> None:
    store = SecretStore()
    await store_api_key(store, f"{DEMO_API_KEY}\n")
    assert await load_api_key(store) == DEMO_API_KEY

    await sign_out(store)

    assert await load_api_key(store) is None
