"""The sign-in dialog: checking the key, wrong keys, and a missing keyring."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
import qasync
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import OcoyaClient
from ocoya_desktop.sandbox import DEMO_API_KEY, Faults, create_app
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.storage.secrets import (
    KeyringUnavailableError,
    SecretStore,
    SessionSecretStore,
)
from ocoya_desktop.ui.dialogs.sign_in_dialog import SignInDialog
from tests.gui.shell_support import BASE_URL, GatedTransport

WAIT_MS = 5_000


class NoKeyringStore(SessionSecretStore):
    """A store that behaves like a system without any keyring backend."""

    def set_secret(self, name: str, value: str) -> None:
        raise KeyringUnavailableError("no keyring backend is available on this system")


@pytest.fixture
def transport() -> httpx.AsyncBaseTransport:
    return SandboxTransport(create_app(faults=Faults(), rate_limit=100_000))


@pytest.fixture
def client_factory(transport: httpx.AsyncBaseTransport) -> Callable[[str], OcoyaClient]:
    def factory(key: str) -> OcoyaClient:
        return OcoyaClient(key, base_url=BASE_URL, transport=transport, max_retries=0)

    return factory


def make_dialog(
    qtbot: QtBot, loop: qasync.QEventLoop, factory: Callable[[str], OcoyaClient], store: Any
) -> SignInDialog:
    dialog = SignInDialog(factory, store, loop)
    qtbot.addWidget(dialog)
    return dialog


def test_valid_key_is_stored_and_accepted(
    qtbot: QtBot, qloop: qasync.QEventLoop, client_factory: Callable[[str], OcoyaClient]
) -> None:
    store = SecretStore()
    dialog = make_dialog(qtbot, qloop, client_factory, store)
    dialog.key_field.setText(f"  {DEMO_API_KEY}\n")

    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        dialog.sign_in_button.click()

    result = dialog.sign_in_result()
    assert result is not None
    assert result.api_key == DEMO_API_KEY
    assert result.me.name
    assert store.get_api_key() == DEMO_API_KEY


def test_wrong_key_shows_message_and_keeps_key(
    qtbot: QtBot, qloop: qasync.QEventLoop, client_factory: Callable[[str], OcoyaClient]
) -> None:
    store = SecretStore()
    dialog = make_dialog(qtbot, qloop, client_factory, store)
    dialog.key_field.setText("not-a-valid-key")

    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: "rejected the API key" in dialog.message(), timeout=WAIT_MS)

    assert dialog.key_field.text() == "not-a-valid-key"
    assert dialog.sign_in_button.isEnabled()
    assert dialog.sign_in_result() is None
    assert store.get_api_key() is None


def test_unreachable_server_says_so(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    def refusing(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    transport = httpx.MockTransport(refusing)

    def factory(key: str) -> OcoyaClient:
        return OcoyaClient(key, base_url=BASE_URL, transport=transport, max_retries=0)

    dialog = make_dialog(qtbot, qloop, factory, SecretStore())
    dialog.key_field.setText(DEMO_API_KEY)

    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: "could not be reached" in dialog.message(), timeout=WAIT_MS)

    assert dialog.key_field.text() == DEMO_API_KEY


def test_no_keyring_offers_session_only(
    qtbot: QtBot, qloop: qasync.QEventLoop, client_factory: Callable[[str], OcoyaClient]
) -> None:
    dialog = make_dialog(qtbot, qloop, client_factory, NoKeyringStore())
    dialog.key_field.setText(DEMO_API_KEY)

    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: not dialog.session_only_button.isHidden(), timeout=WAIT_MS)
    assert "cannot be saved" in dialog.message()
    assert "no keyring backend" in dialog.message()
    # The keyring's own advice is left out: the dialog gives it once, naming its button.
    assert dialog.message().count("session only") == 1

    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        dialog.session_only_button.click()

    result = dialog.sign_in_result()
    assert result is not None
    assert isinstance(result.store, SessionSecretStore)
    assert result.store.get_api_key() == DEMO_API_KEY


def test_empty_key_asks_for_one(
    qtbot: QtBot, qloop: qasync.QEventLoop, client_factory: Callable[[str], OcoyaClient]
) -> None:
    dialog = make_dialog(qtbot, qloop, client_factory, SecretStore())

    dialog.sign_in_button.click()

    assert dialog.message() == "Paste the API key first."


def test_key_field_is_masked_until_revealed(
    qtbot: QtBot, qloop: qasync.QEventLoop, client_factory: Callable[[str], OcoyaClient]
) -> None:
    dialog = make_dialog(qtbot, qloop, client_factory, SecretStore())
    assert dialog.key_field.echoMode() == QLineEdit.EchoMode.Password

    dialog.reveal_button.click()
    assert dialog.key_field.echoMode() == QLineEdit.EchoMode.Normal

    dialog.reveal_button.click()
    assert dialog.key_field.echoMode() == QLineEdit.EchoMode.Password


def test_cancel_during_check_stops_it(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
) -> None:
    app = create_app(faults=Faults(), rate_limit=100_000)
    gate = GatedTransport(SandboxTransport(app))
    gate.close_gate("/me")

    def factory(key: str) -> OcoyaClient:
        return OcoyaClient(key, base_url=BASE_URL, transport=gate, max_retries=0)

    dialog = make_dialog(qtbot, qloop, factory, SecretStore())
    dialog.key_field.setText(DEMO_API_KEY)
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: len(gate.held) == 1, timeout=WAIT_MS)
    assert not dialog.sign_in_button.isEnabled()

    rejected: list[bool] = []
    dialog.rejected.connect(lambda: rejected.append(True))

    dialog.cancel_button.click()

    qtbot.waitUntil(lambda: dialog.message() == "Sign-in cancelled.", timeout=WAIT_MS)
    assert dialog.sign_in_button.isEnabled()
    assert rejected == [], "the first Cancel stops the check and keeps the dialog open"
    assert dialog.sign_in_result() is None
    gate.open_gate("/me")
