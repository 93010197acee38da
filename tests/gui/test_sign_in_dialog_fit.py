"""The sign-in dialog grows to show a long message in full."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import qasync
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import OcoyaClient
from ocoya_desktop.sandbox import DEMO_API_KEY, Faults, create_app
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.storage.secrets import KeyringUnavailableError, SessionSecretStore
from ocoya_desktop.ui.dialogs.sign_in_dialog import SignInDialog
from tests.gui.shell_support import BASE_URL

# The offscreen platform used in tests cannot pass size hints to a window manager.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

WAIT_MS = 5_000


class _NoKeyringStore(SessionSecretStore):
    def set_secret(self, name: str, value: str) -> None:
        raise KeyringUnavailableError("No usable keyring was found")


@pytest.fixture
def client_factory() -> Callable[[str], OcoyaClient]:
    transport = SandboxTransport(create_app(faults=Faults(), rate_limit=100_000))

    def factory(key: str) -> OcoyaClient:
        return OcoyaClient(key, base_url=BASE_URL, transport=transport, max_retries=0)

    return factory


def _message_label(dialog: SignInDialog) -> QLabel:
    labels = [
        label
        for label in dialog.findChildren(QLabel)
        if label.accessibleName() == dialog.tr("Sign-in message")
    ]
    assert len(labels) == 1
    return labels[0]


def _label_fits(dialog: SignInDialog, label: QLabel) -> bool:
    needed = label.heightForWidth(label.width())
    inside = dialog.contentsRect().contains(label.geometry())
    return needed <= label.height() and inside


def test_no_keyring_message_fits(
    qtbot: QtBot, qloop: qasync.QEventLoop, client_factory: Callable[[str], OcoyaClient]
) -> None:
    dialog = SignInDialog(client_factory, _NoKeyringStore(), qloop)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.key_field.setText(DEMO_API_KEY)

    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: not dialog.session_only_button.isHidden(), timeout=WAIT_MS)
    label = _message_label(dialog)

    assert label.wordWrap()
    assert "forgotten when the app quits" in label.text()
    qtbot.waitUntil(lambda: _label_fits(dialog, label), timeout=WAIT_MS)
