"""The settings dialog: a list of pages on the left, the chosen page on the right.

The "Media hosting" page chooses where local files are uploaded so that Ocoya can download
them: nowhere (links only), the built-in sandbox (demo mode), or an S3-compatible bucket. The
bucket's access keys are stored only in the OS keyring through the secret store, never in the
settings file. "Test connection" builds a host from the fields as they are (saved or not)
through an injected factory, so this module contains no HTTP code.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ocoya_desktop.media_hosts import MediaHost
from ocoya_desktop.storage.secrets import BaseSecretStore, SecretStoreError
from ocoya_desktop.storage.settings import SettingsError
from ocoya_desktop.ui.settings_store import SettingsStore
from ocoya_desktop.ui.tasks import cancel_when_destroyed

_log = logging.getLogger(__name__)

KIND_NONE = "none"
KIND_SANDBOX = "sandbox"
KIND_S3 = "s3"

ACCESS_KEY_ID_SECRET = "s3.access_key_id"
SECRET_ACCESS_KEY_SECRET = "s3.secret_access_key"

_S3_TEXT_SETTINGS = ("bucket", "region", "endpoint_url", "public_base_url", "key_prefix")
_PATH_STYLE_SETTING = "media_host.s3.path_style"
_LOOPBACK_NAMES = {"localhost"}
_CONTEXT = "MediaHostingPage"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


@dataclass(frozen=True)
class MediaHostingChoice:
    """The media host as set on the page, including keys not yet saved.

    ``kind`` is ``"none"``, ``"sandbox"`` or ``"s3"``; the other fields matter for ``"s3"``.
    Empty ``endpoint_url`` means Amazon S3 itself; empty ``public_base_url`` means the bucket's
    own URL.
    """

    kind: str
    bucket: str = ""
    region: str = ""
    endpoint_url: str = ""
    public_base_url: str = ""
    key_prefix: str = ""
    path_style: bool = False
    access_key_id: str = ""
    secret_access_key: str = field(default="", repr=False)


HostFactory = Callable[[MediaHostingChoice], MediaHost]
"""Builds the media host for a choice; raises ``ValueError`` or ``MediaHostError`` if it cannot."""


def public_url_problem(url: str) -> str | None:
    """Return why ``url`` cannot be the public base URL of uploads, or None if it can.

    Ocoya's servers download each file from this address, so it must be ``https``. Plain
    ``http`` is accepted only for a loopback host (127.0.0.1, ::1, localhost), which serves
    local testing against the sandbox.
    """
    if not url:
        return None
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return _tr("{0} is not a web address. Enter one that starts with https://.").format(url)
    if scheme == "http" and not _is_loopback(parts.hostname):
        return _tr(
            "{0} uses plain http. Ocoya downloads your media from this address over the "
            "internet, where http can be read or altered on the way, so it must start with "
            "https://. Plain http is accepted only for 127.0.0.1 and localhost, for testing."
        ).format(url)
    return None


def endpoint_url_problem(url: str) -> str | None:
    """Return why ``url`` cannot be an S3 endpoint URL, or None if it can (empty is AWS)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return _tr(
            "The endpoint URL {0} is not a web address. Enter the service's address, such as "
            "https://<account>.r2.cloudflarestorage.com, or leave it empty for Amazon S3."
        ).format(url)
    return None


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class MediaHostingPage(QWidget):
    """Settings page for the media host and the S3 bucket's fields and keys.

    Signals:
        test_finished(bool, str): a connection test ended; whether it worked, and the message.
    """

    test_finished = Signal(bool, str)

    def __init__(
        self,
        settings: SettingsStore,
        secrets: BaseSecretStore,
        host_factory: HostFactory,
        parent: QWidget | None = None,
        *,
        demo: bool = False,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._secrets = secrets
        self._host_factory = host_factory
        self._demo = demo
        self._test_task: asyncio.Task[None] | None = None
        self._has_stored_secret = False

        self._build_widgets()
        self._load()
        self._on_kind_changed()

    # Public interface

    def choice(self) -> MediaHostingChoice:
        """Return the host as set on the page, filling an empty secret from the keyring."""
        secret = self.secret_access_key_edit.text()
        if not secret and self._has_stored_secret:
            secret = self._read_secret(SECRET_ACCESS_KEY_SECRET)
        return MediaHostingChoice(
            kind=str(self.kind_combo.currentData()),
            bucket=self.bucket_edit.text().strip(),
            region=self.region_edit.text().strip(),
            endpoint_url=self.endpoint_url_edit.text().strip(),
            public_base_url=self.public_base_url_edit.text().strip(),
            key_prefix=self.key_prefix_edit.text().strip(),
            path_style=self.path_style_check.isChecked(),
            access_key_id=self.access_key_id_edit.text().strip(),
            secret_access_key=secret,
        )

    def validate(self) -> str | None:
        """Show and return the first problem with the fields, or None when they can be saved."""
        problem, widget = self._first_problem()
        self._show_error(problem or "")
        if widget is not None:
            widget.setFocus()
        return problem

    def save(self) -> bool:
        """Validate, then store the keys in the keyring and the rest in the settings.

        Returns False, with the reason shown on the page, when nothing could be saved.
        """
        if self.validate() is not None:
            return False
        choice = self.choice()
        if choice.kind == KIND_S3 and not self._save_secrets(choice):
            return False

        try:
            self._write_settings(choice)
        except SettingsError as error:
            _log.warning("Saving the media hosting settings failed: %s", error)
            self._show_error(
                self.tr(
                    "The settings could not be saved: {0}. Check that the settings folder "
                    "is writable and try again."
                ).format(error)
            )
            return False
        _log.info("Media hosting saved: %s", choice.kind)
        return True

    def _write_settings(self, choice: MediaHostingChoice) -> None:
        self._settings.set("media_host.kind", choice.kind)
        for name in _S3_TEXT_SETTINGS:
            self._settings.set(f"media_host.s3.{name}", getattr(choice, name))
        self._settings.set(_PATH_STYLE_SETTING, choice.path_style)

    def start_connection_test(self) -> None:
        """Build a host from the fields and test it without blocking; the result shows below."""
        if self._test_task is not None and not self._test_task.done():
            return
        if self.validate() is not None:
            return
        try:
            host = self._host_factory(self.choice())
        except Exception as error:  # the factory reports bad fields with any exception type
            _log.info("Building the media host for a test failed: %s", error)
            self._show_result(False, _tr("The media host could not be set up: {0}").format(error))
            return

        self._set_testing(True)
        self._test_task = asyncio.get_running_loop().create_task(self._run_test(host))
        cancel_when_destroyed(self, self._test_task)

    def cancel_connection_test(self) -> None:
        """Cancel a running connection test and show that it was cancelled."""
        if self._test_task is None or self._test_task.done():
            return
        self._test_task.cancel()
        _log.info("Media host connection test cancelled")
        self._end_test(False, self.tr("The connection test was cancelled."))

    def is_testing(self) -> bool:
        """Return whether a connection test is running."""
        return self._test_task is not None and not self._test_task.done()

    # Building and loading

    def _build_widgets(self) -> None:
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(self.tr("None (add media by link only)"), KIND_NONE)
        self.kind_combo.addItem(self.tr("Sandbox (demo)"), KIND_SANDBOX)
        self.kind_combo.addItem(self.tr("S3-compatible storage"), KIND_S3)
        self.kind_combo.setAccessibleName(self.tr("Media host"))
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)

        explanation = QLabel(
            self.tr(
                "Ocoya downloads media from public web addresses. Local files you add are "
                "uploaded to the host chosen here first."
            ),
            self,
        )
        explanation.setWordWrap(True)

        # Demo mode always uploads to the in-process sandbox, whatever the saved choice.
        self.demo_note_label = QLabel(
            self.tr(
                "Demo mode: the built-in sandbox hosts the media, so local files upload "
                "without any setup. The choice below is saved for when you sign in with an "
                "Ocoya API key."
            ),
            self,
        )
        self.demo_note_label.setObjectName("DemoMediaHostNote")
        self.demo_note_label.setWordWrap(True)
        self.demo_note_label.setAccessibleName(self.tr("Media hosting in demo mode"))
        self.demo_note_label.setVisible(self._demo)

        self.bucket_edit = self._line_edit(self.tr("Bucket"), "my-media")
        self.region_edit = self._line_edit(self.tr("Region"), "us-east-1")
        self.endpoint_url_edit = self._line_edit(
            self.tr("Endpoint URL"), self.tr("Empty for Amazon S3")
        )
        self.public_base_url_edit = self._line_edit(
            self.tr("Public base URL"), self.tr("https://media.example.com (empty: bucket URL)")
        )
        self.key_prefix_edit = self._line_edit(self.tr("Key prefix"), "ocoya-desktop/")
        self.path_style_check = QCheckBox(
            self.tr("Bucket name in the path (path-style URLs)"), self
        )
        self.path_style_check.setAccessibleName(self.tr("Path-style URLs"))
        self.access_key_id_edit = self._line_edit(self.tr("Access key ID"), "")
        self.secret_access_key_edit = self._line_edit(self.tr("Secret access key"), "")
        self.secret_access_key_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.s3_group = QGroupBox(self.tr("S3-compatible storage"), self)
        form = QFormLayout(self.s3_group)
        form.addRow(self.tr("&Bucket:"), self.bucket_edit)
        form.addRow(self.tr("&Region:"), self.region_edit)
        form.addRow(self.tr("&Endpoint URL:"), self.endpoint_url_edit)
        form.addRow(self.tr("&Public base URL:"), self.public_base_url_edit)
        form.addRow(self.tr("Key &prefix:"), self.key_prefix_edit)
        form.addRow("", self.path_style_check)
        form.addRow(self.tr("&Access key ID:"), self.access_key_id_edit)
        form.addRow(self.tr("&Secret access key:"), self.secret_access_key_edit)
        keyring_note = QLabel(self.tr("The access keys are stored in the system keyring."), self)
        keyring_note.setWordWrap(True)
        form.addRow("", keyring_note)

        self.test_button = QPushButton(self.tr("Test connection"), self)
        self.test_button.setAccessibleName(self.tr("Test connection"))
        self.test_button.clicked.connect(self.start_connection_test)
        self.cancel_test_button = QPushButton(self.tr("Cancel test"), self)
        self.cancel_test_button.setAccessibleName(self.tr("Cancel connection test"))
        self.cancel_test_button.clicked.connect(self.cancel_connection_test)
        self.cancel_test_button.hide()

        self.result_label = self._message_label(self.tr("Connection test result"))
        self.error_label = self._message_label(self.tr("Problem with the settings"))
        self.error_label.setStyleSheet("color: #c62828;")

        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.cancel_test_button)
        test_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.demo_note_label)
        host_row = QFormLayout()
        host_row.addRow(self.tr("&Media host:"), self.kind_combo)
        layout.addLayout(host_row)
        layout.addWidget(explanation)
        layout.addWidget(self.s3_group)
        layout.addLayout(test_row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def _line_edit(self, accessible_name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(accessible_name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _message_label(self, accessible_name: str) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName(accessible_name)
        label.hide()
        return label

    def _load(self) -> None:
        kind = str(self._settings.get("media_host.kind"))
        index = self.kind_combo.findData(kind)
        self.kind_combo.setCurrentIndex(max(index, 0))
        for name in _S3_TEXT_SETTINGS:
            edit: QLineEdit = getattr(self, f"{name}_edit")
            edit.setText(str(self._settings.get(f"media_host.s3.{name}") or ""))
        self.path_style_check.setChecked(bool(self._settings.get(_PATH_STYLE_SETTING)))

        self.access_key_id_edit.setText(self._read_secret(ACCESS_KEY_ID_SECRET))
        self._has_stored_secret = bool(self._read_secret(SECRET_ACCESS_KEY_SECRET))
        if self._has_stored_secret:
            # The stored secret is never shown; an empty field keeps it.
            self.secret_access_key_edit.setPlaceholderText(
                self.tr("Stored in the keyring; leave empty to keep it")
            )

    def _read_secret(self, name: str) -> str:
        try:
            return self._secrets.get_secret(name) or ""
        except SecretStoreError as error:
            _log.warning("Reading %s from the keyring failed: %s", name, error)
            self._show_error(
                self.tr(
                    "The system keyring could not be read, so the stored keys are not shown: "
                    "{0}. Unlock the keyring and open Settings again."
                ).format(error.reason)
            )
            return ""

    # Validation and saving

    def _first_problem(self) -> tuple[str | None, QWidget | None]:
        choice_kind = self.kind_combo.currentData()
        if choice_kind != KIND_S3:
            return None, None

        required = (
            (self.bucket_edit, self.tr("Enter the bucket name.")),
            (
                self.region_edit,
                self.tr("Enter the bucket's region, such as us-east-1 (Cloudflare R2 uses auto)."),
            ),
            (self.access_key_id_edit, self.tr("Enter the access key ID for the bucket.")),
        )
        for edit, message in required:
            if not edit.text().strip():
                return message, edit
        if not self.secret_access_key_edit.text() and not self._has_stored_secret:
            return self.tr(
                "Enter the secret access key for the bucket."
            ), self.secret_access_key_edit

        endpoint_problem = endpoint_url_problem(self.endpoint_url_edit.text().strip())
        if endpoint_problem:
            return endpoint_problem, self.endpoint_url_edit
        url_problem = public_url_problem(self.public_base_url_edit.text().strip())
        if url_problem:
            return url_problem, self.public_base_url_edit
        return None, None

    def _save_secrets(self, choice: MediaHostingChoice) -> bool:
        try:
            self._secrets.set_secret(ACCESS_KEY_ID_SECRET, choice.access_key_id)
            if self.secret_access_key_edit.text():
                self._secrets.set_secret(
                    SECRET_ACCESS_KEY_SECRET, self.secret_access_key_edit.text()
                )
        except SecretStoreError as error:
            _log.warning("Storing the S3 keys in the keyring failed: %s", error)
            self._show_error(
                self.tr(
                    "The access keys could not be stored in the system keyring: {0}. Nothing was "
                    "saved. Unlock or set up the keyring, or choose another media host."
                ).format(error.reason)
            )
            return False
        self._has_stored_secret = True
        self.secret_access_key_edit.clear()
        return True

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    # Connection test

    async def _run_test(self, host: MediaHost) -> None:
        # A cancelled test ends without touching the page: cancel_connection_test() has
        # updated it already, and the page may be gone by the time the cancellation lands.
        try:
            message = await host.test_connection()
        except asyncio.CancelledError:
            raise
        except Exception as error:
            # MediaHostError carries a message for the user; other errors are shown as they are.
            _log.info("Media host connection test failed: %s", error)
            self._end_test(False, self.tr("The connection test failed: {0}").format(error))
        else:
            _log.info("Media host connection test passed")
            self._end_test(True, message)

    def _end_test(self, passed: bool, message: str) -> None:
        self._test_task = None
        self._set_testing(False)
        self._show_result(passed, message)

    def _show_result(self, passed: bool, message: str) -> None:
        self.result_label.setStyleSheet("color: #2e7d32;" if passed else "color: #c62828;")
        self.result_label.setText(message)
        self.result_label.show()
        self.test_finished.emit(passed, message)

    def _set_testing(self, testing: bool) -> None:
        self.test_button.setEnabled(not testing and self.kind_combo.currentData() != KIND_NONE)
        self.cancel_test_button.setVisible(testing)
        if testing:
            self.result_label.setStyleSheet("")
            self.result_label.setText(self.tr("Testing the connection…"))
            self.result_label.show()

    @Slot()
    def _on_kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        self.s3_group.setEnabled(kind == KIND_S3)
        self.test_button.setEnabled(kind != KIND_NONE and not self.is_testing())
        self._show_error("")


class SettingsDialog(QDialog):
    """The app's settings, one page per topic; OK saves every page.

    Open it with ``open()`` (never ``exec()``, which would nest an event loop).

    Signals:
        settings_saved(): the pages were saved; the owner rebuilds what depends on them,
            such as the media host.
    """

    settings_saved = Signal()

    def __init__(
        self,
        settings: SettingsStore,
        secrets: BaseSecretStore,
        host_factory: HostFactory,
        parent: QWidget | None = None,
        *,
        demo: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))

        self._page_list = QListWidget(self)
        self._page_list.setAccessibleName(self.tr("Settings pages"))
        self._page_list.setMaximumWidth(180)
        self._pages = QStackedWidget(self)
        self._page_list.currentRowChanged.connect(self._pages.setCurrentIndex)

        self.media_hosting_page = MediaHostingPage(settings, secrets, host_factory, self, demo=demo)
        self.add_page(self.tr("Media hosting"), self.media_hosting_page)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        body = QHBoxLayout()
        body.addWidget(self._page_list)
        body.addWidget(self._pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(buttons)

    def add_page(self, title: str, page: QWidget) -> None:
        """Add a page with its title in the list; the first page added is shown first."""
        self._page_list.addItem(title)
        self._pages.addWidget(page)
        if self._page_list.currentRow() < 0:
            self._page_list.setCurrentRow(0)

    def accept(self) -> None:
        if not self.media_hosting_page.save():
            self._page_list.setCurrentRow(self._pages.indexOf(self.media_hosting_page))
            return
        self.media_hosting_page.cancel_connection_test()
        self.settings_saved.emit()
        super().accept()

    def reject(self) -> None:
        self.media_hosting_page.cancel_connection_test()
        super().reject()
