"""The sign-in dialog: paste an Ocoya API key, check it with ``GET /me``, store it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ocoya_desktop.api import Me
from ocoya_desktop.services.session import (
    ApiKeyStore,
    ClientFactory,
    sign_in,
    store_api_key,
)
from ocoya_desktop.storage.secrets import KeyringUnavailableError, SessionSecretStore
from ocoya_desktop.ui.errors import ErrorPresenter, UserMessage
from ocoya_desktop.ui.tasks import TaskRunner

_CHECK_TASK = "check-key"


@dataclass(frozen=True)
class _CheckResult:
    me: Me
    keyring_problem: str | None


@dataclass(frozen=True)
class SignInResult:
    """The accepted key, its owner, and the store that now contains the key."""

    api_key: str
    me: Me
    store: ApiKeyStore


class SignInDialog(QDialog):
    """Asks for the API key, checks it, and stores it in the keyring.

    When the system has no keyring, the dialog offers to keep the key in memory for this
    session only. The typed key stays in the field after any failure. ``server`` is the API's
    ``server_label`` ("" for Ocoya's own), which the message names when it cannot be reached.
    """

    def __init__(
        self,
        client_factory: ClientFactory,
        store: ApiKeyStore,
        loop: asyncio.AbstractEventLoop,
        parent: QWidget | None = None,
        *,
        server: str = "",
    ) -> None:
        super().__init__(parent)
        self._client_factory = client_factory
        self._store = store
        self._result: SignInResult | None = None
        self._pending: _CheckResult | None = None

        presenter = ErrorPresenter(self, server=server)
        presenter.message_posted.connect(self._on_presenter_message_posted)
        self._runner = TaskRunner(loop, presenter, self)

        self.setWindowTitle(self.tr("Sign in to Ocoya"))
        self._build()
        self._set_busy(False)

    @property
    def key_field(self) -> QLineEdit:
        """The API key field."""
        return self._key

    @property
    def sign_in_button(self) -> QPushButton:
        """The button that checks the key."""
        return self._sign_in

    @property
    def cancel_button(self) -> QPushButton:
        """Stops a running key check; without one, closes the dialog."""
        return self._cancel

    @property
    def reveal_button(self) -> QPushButton:
        """The checkable button that shows or hides the key."""
        return self._reveal_button

    @property
    def session_only_button(self) -> QPushButton:
        """The button that keeps the key for this session only; shown without a keyring."""
        return self._session_only

    def message(self) -> str:
        """Return the message shown under the key field."""
        return self._message.text()

    def show_problem(self, text: str) -> None:
        """Show why sign-in is needed again (for example, the stored key was rejected)."""
        self._set_message(text)

    def sign_in_result(self) -> SignInResult | None:
        """Return the accepted key and its owner once the dialog was accepted."""
        return self._result

    def _build(self) -> None:
        intro = QLabel(
            self.tr(
                "Paste your Ocoya API key. You create keys in your Ocoya account settings. "
                "The key is kept in the system keyring, never in a file. Without a keyring, "
                "you can use it for this session only."
            ),
            self,
        )
        intro.setWordWrap(True)

        self._key = QLineEdit(self)
        self._key.setEchoMode(QLineEdit.EchoMode.Password)
        self._key.setPlaceholderText(self.tr("API key"))
        self._key.setAccessibleName(self.tr("API key"))
        self._reveal_button = QPushButton(self.tr("Show key"), self)
        self._reveal_button.setCheckable(True)
        self._reveal_button.setAccessibleName(self.tr("Show or hide the key"))
        self._reveal_button.toggled.connect(self._on_reveal_button_toggled)

        self._message = QLabel(self)
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message.setAccessibleName(self.tr("Sign-in message"))
        self._progress = QProgressBar(self)
        self._progress.setRange(0, 0)
        self._progress.setAccessibleName(self.tr("Checking the key"))

        self._buttons = QDialogButtonBox(self)
        self._sign_in = self._buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self._session_only = self._buttons.addButton(
            self.tr("Use for this session only"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self._cancel = self._buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._sign_in.setDefault(True)
        self._session_only.hide()

        self._sign_in.clicked.connect(self._on_sign_in_clicked)
        self._session_only.clicked.connect(self._on_session_only_clicked)
        self._cancel.clicked.connect(self._on_cancel_clicked)
        self._key.returnPressed.connect(self._on_sign_in_clicked)
        self._key.textEdited.connect(self._on_key_text_edited)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self._key)
        layout.addWidget(self._reveal_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self._progress)
        layout.addWidget(self._message)
        layout.addWidget(self._buttons)
        self.resize(440, self.sizeHint().height())
        self._fit_height()

    def _set_message(self, text: str) -> None:
        self._message.setText(text)
        self._fit_height()

    def _fit_height(self) -> None:
        # A shown dialog keeps its size when a word-wrapped label gets a longer text, so the
        # label's last lines would be cut off. Grow the dialog to fit them.
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _set_busy(self, busy: bool) -> None:
        self._progress.setVisible(busy)
        self._key.setReadOnly(busy)
        self._sign_in.setEnabled(not busy)

    def _on_reveal_button_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self._key.setEchoMode(mode)
        self._reveal_button.setText(self.tr("Hide key") if shown else self.tr("Show key"))

    def _on_key_text_edited(self, _text: str) -> None:
        # A new key invalidates the keyring offer made for the previous one.
        self._pending = None
        self._session_only.hide()

    def _on_sign_in_clicked(self) -> None:
        key = self._key.text().strip()
        if not key:
            self._set_message(self.tr("Paste the API key first."))
            return
        if self._runner.is_running(_CHECK_TASK):
            return

        self._set_message(self.tr("Checking the key with Ocoya…"))
        self._session_only.hide()
        self._set_busy(True)
        self._runner.start(
            _CHECK_TASK,
            self._check_and_store(key),
            action=self.tr("Checking the API key"),
            on_success=lambda result: self._on_check_finished(key, result),
            on_failure=lambda _error: self._set_busy(False),
            checks_key=True,
        )

    async def _check_and_store(self, key: str) -> _CheckResult:
        try:
            me = await sign_in(self._client_factory, key)
            try:
                await store_api_key(self._store, key)
            except KeyringUnavailableError as error:
                return _CheckResult(me, error.reason)
            return _CheckResult(me, None)
        except asyncio.CancelledError:
            self._set_busy(False)
            self._set_message(self.tr("Sign-in cancelled."))
            raise

    def _on_check_finished(self, key: str, result: _CheckResult) -> None:
        self._set_busy(False)
        if result.keyring_problem is None:
            self._result = SignInResult(key, result.me, self._store)
            self.accept()
            return

        self._pending = result
        self._set_message(
            self.tr(
                "The key is valid, but it cannot be saved: {problem}.\n"
                "Unlock or install a keyring and sign in again, or choose “Use for this "
                "session only”: the key is then forgotten when the app quits."
            ).format(problem=result.keyring_problem)
        )
        self._session_only.show()
        self._session_only.setFocus()

    def _on_session_only_clicked(self) -> None:
        if self._pending is None:
            return
        store = SessionSecretStore()
        key = self._key.text().strip()
        store.set_api_key(key)
        self._result = SignInResult(key, self._pending.me, store)
        self.accept()

    def _on_cancel_clicked(self) -> None:
        if self._runner.is_running(_CHECK_TASK):
            self._runner.cancel(_CHECK_TASK)
        else:
            self.reject()

    def _on_presenter_message_posted(self, message: UserMessage) -> None:
        self._set_message(message.text)

    def done(self, result: int) -> None:
        """Close the dialog, cancelling a key check that is still running."""
        self._runner.cancel(_CHECK_TASK)
        super().done(result)
