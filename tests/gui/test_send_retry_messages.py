"""How send and connection errors read, and where they show.

Messages are plain sentences: what failed, what happened and what to do. Request paths,
status codes and server texts go to the details and the log. An error that a panel with a
Retry shows is not repeated in the message bar, and a server other than Ocoya's is named
when it cannot be reached.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ocoya_desktop import app
from ocoya_desktop.api import (
    DEFAULT_BASE_URL,
    AuthenticationError,
    NetworkError,
    NetworkTimeoutError,
    OcoyaClient,
    ServerError,
)
from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
from ocoya_desktop.sandbox.server import serve_in_thread
from ocoya_desktop.services.delivery import DeliveryFailedError, DeliveryUncertainError
from ocoya_desktop.storage.paths import AppPaths
from ocoya_desktop.storage.secrets import SecretStore
from ocoya_desktop.ui.dialogs.sign_in_dialog import SignInDialog
from ocoya_desktop.ui.errors import ErrorPresenter, UserMessage, describe_error, server_label
from ocoya_desktop.ui.tasks import TaskRunner
from ocoya_desktop.ui.widgets.message_bar import MessageBar
from tests.helpers.sandbox_support import API_PATH

ACTION = "Saving the post"
WAIT_MS = 10_000
HTML_500 = ServerError(
    "Internal Server Error (the server returned an HTML page instead of JSON)",
    status_code=500,
    method="GET",
    path="/post",
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def closed_api_base() -> str:
    """Return the API address of a sandbox that has stopped, whose port refuses connections."""
    with serve_in_thread(create_app()) as url:
        pass
    return url + API_PATH


def text_of(error: BaseException, *, server: str = "") -> str:
    report = describe_error(error, ACTION, server=server)
    assert report is not None
    return report.message.text


# --- naming the server ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        (DEFAULT_BASE_URL, ""),
        ("http://127.0.0.1:9/api/_public/v1", "127.0.0.1:9"),
        ("http://localhost/api/_public/v1", "localhost:80"),
        ("https://ocoya.example/api/_public/v1", "ocoya.example:443"),
        ("http://[::1]:8765/api/_public/v1", "[::1]:8765"),
    ],
)
def test_server_label(base_url: str, expected: str) -> None:
    assert server_label(base_url) == expected


def test_unreachable_server_is_named() -> None:
    error = NetworkError("GET /me failed: All connection attempts failed")

    text = text_of(error, server="127.0.0.1:9")

    assert "The server at 127.0.0.1:9 could not be reached." in text
    assert "Check that it is running, or the address in --api-base." in text
    assert "All connection attempts failed" not in text


def test_unreachable_ocoya_is_not_named() -> None:
    text = text_of(NetworkError("GET /me failed: All connection attempts failed"))

    assert "Ocoya could not be reached." in text
    assert "Check the internet connection" in text
    assert "--api-base" not in text


def test_slow_server_is_named() -> None:
    text = text_of(NetworkTimeoutError("GET /me timed out"), server="127.0.0.1:9")

    assert "The server at 127.0.0.1:9 did not respond in time." in text


def test_sign_in_names_closed_port(
    qtbot: QtBot, qloop: qasync.QEventLoop, run_async: Callable[..., Any]
) -> None:
    base_url = closed_api_base()
    clients: list[OcoyaClient] = []

    def factory(key: str) -> OcoyaClient:
        clients.append(OcoyaClient(key, base_url=base_url, max_retries=0))
        return clients[-1]

    dialog = SignInDialog(factory, SecretStore(), qloop, server=server_label(base_url))
    qtbot.addWidget(dialog)
    dialog.key_field.setText(DEMO_API_KEY)

    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: "could not be reached" in dialog.message(), timeout=WAIT_MS)

    assert f"The server at {server_label(base_url)} could not be reached." in dialog.message()
    assert "--api-base" in dialog.message()
    for client in clients:
        run_async(client.aclose())


def test_app_names_closed_port(qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path) -> None:
    base_url = closed_api_base()
    SecretStore().set_api_key(DEMO_API_KEY)
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    options = app.AppOptions(api_base=base_url)

    task = qloop.create_task(app.run(options, qt_app, AppPaths.in_folder(tmp_path)))

    def open_dialogs() -> list[SignInDialog]:
        widgets = QApplication.topLevelWidgets()
        return [w for w in widgets if isinstance(w, SignInDialog) and w.isVisible()]

    qtbot.waitUntil(lambda: len(open_dialogs()) == 1, timeout=WAIT_MS)
    dialog = open_dialogs()[0]
    message = dialog.message()
    dialog.reject()
    qtbot.waitUntil(task.done, timeout=WAIT_MS)

    assert f"The server at {server_label(base_url)} could not be reached." in message
    assert "All connection attempts failed" not in message


# --- plain sentences --------------------------------------------------------------------


def test_html_error_page_reads_plainly() -> None:
    report = describe_error(HTML_500, ACTION)

    assert report is not None
    assert report.message.text == (
        "Saving the post failed. Ocoya's server had an error. Wait a moment and try again."
    )
    assert "HTML page instead of JSON" in report.message.details


def test_uncertain_delivery_reads_plainly() -> None:
    report = describe_error(DeliveryUncertainError(HTML_500), ACTION)

    assert report is not None
    text = report.message.text
    assert text.startswith("Saving the post did not finish. Ocoya may have received the post")
    assert "Ocoya's server had an error." in text
    assert "look for the post before sending it again" in text
    for detail in ("GET /post", "HTTP 500", "HTML"):
        assert detail not in text
    assert "GET /post failed with HTTP 500" in report.message.details


def test_failed_delivery_reads_plainly() -> None:
    text = text_of(DeliveryFailedError(2, NetworkError("POST /post failed: reset")))

    assert text.startswith("Saving the post failed. The post was sent 2 times")
    assert "POST /post" not in text
    assert "(" not in text


# --- where errors show ------------------------------------------------------------------


def test_handle_without_show_posts_nothing(qtbot: QtBot) -> None:
    presenter = ErrorPresenter()
    posted: list[UserMessage] = []
    presenter.message_posted.connect(posted.append)

    with qtbot.waitSignal(presenter.sign_in_requested, timeout=1_000):
        presenter.handle(
            AuthenticationError("Missing API token.", status_code=401), ACTION, show=False
        )

    presenter.handle(HTML_500, ACTION, show=False)
    assert posted == []


def test_runner_leaves_own_errors_to_caller(
    qtbot: QtBot, qloop: qasync.QEventLoop, run_async: Callable[..., Any]
) -> None:
    presenter = ErrorPresenter()
    runner = TaskRunner(qloop, presenter)
    posted: list[UserMessage] = []
    failures: list[BaseException] = []
    presenter.message_posted.connect(posted.append)

    async def fail() -> None:
        raise HTML_500

    task = runner.start(
        "save", fail(), action=ACTION, on_failure=failures.append, shows_own_errors=True
    )
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    reported = runner.start("load", fail(), action="Loading the posts")
    qtbot.waitUntil(reported.done, timeout=WAIT_MS)

    assert failures == [HTML_500]
    assert [message.text.split(".")[0] for message in posted] == ["Loading the posts failed"]
    run_async(runner.shutdown())


def test_withdrawn_message_is_hidden(qtbot: QtBot) -> None:
    bar = MessageBar()
    qtbot.addWidget(bar)
    checking = UserMessage("Checking whether Ocoya received the post…", is_error=False)

    bar.show_message(checking)
    bar.withdraw(checking)

    assert bar.text() == ""


def test_newer_message_is_not_withdrawn(qtbot: QtBot) -> None:
    bar = MessageBar()
    qtbot.addWidget(bar)
    checking = UserMessage("Checking whether Ocoya received the post…", is_error=False)
    newer = UserMessage("Post moved to 09:00.", is_error=False)

    bar.show_message(checking)
    bar.show_message(newer)
    bar.withdraw(checking)

    assert bar.text() == newer.text


def test_presenter_withdraws_through_bar(qtbot: QtBot) -> None:
    presenter = ErrorPresenter()
    bar = MessageBar()
    qtbot.addWidget(bar)
    presenter.message_posted.connect(bar.show_message)
    presenter.message_withdrawn.connect(bar.withdraw)

    notice = presenter.show_info("Checking whether Ocoya received the post…")
    presenter.withdraw(notice)

    assert bar.text() == ""
