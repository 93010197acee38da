"""Turn exceptions from the service and api layers into messages for the message bar.

This is the one place that defines how each kind of ``OcoyaError`` reads to a user. Every
message says what failed, why, and what to do next; the exception text and traceback go to
the "Details" view only. Cancelled tasks produce no message.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ocoya_desktop.api import (
    DEFAULT_BASE_URL,
    ApiStatusError,
    AuthenticationError,
    InvalidResponseError,
    NetworkError,
    NetworkTimeoutError,
    NotFoundError,
    OcoyaError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    ValidationError,
)
from ocoya_desktop.services.delivery import DeliveryFailedError, DeliveryUncertainError

_log = logging.getLogger(__name__)

# Context for Qt's translation tables; every message in this module uses it.
_CONTEXT = "Errors"

_DEFAULT_PORTS = {"https": 443, "http": 80}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


@dataclass(frozen=True)
class UserMessage:
    """A message for the message bar: a short text and optional copyable details."""

    text: str
    details: str = ""
    is_error: bool = True


@dataclass(frozen=True)
class ErrorReport:
    """The handling of one exception: its message, and whether to ask for a new key."""

    message: UserMessage
    requires_sign_in: bool = False


def format_details(error: BaseException) -> str:
    """Return the exception type, text and traceback as plain text for the details view."""
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    return "".join(lines).rstrip()


def server_label(base_url: str) -> str:
    """Return "host:port" of the API at ``base_url``, or "" for Ocoya's own service.

    Messages name a server other than Ocoya's, such as a sandbox chosen with ``--api-base``,
    so that a user who mistyped the address can tell which one failed.
    """
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if not host or host == urlsplit(DEFAULT_BASE_URL).hostname:
        return ""
    try:
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:  # a port outside 0-65535
        port = None
    # An IPv6 address is written in brackets, as in a URL, so its colons stay apart from the port.
    host_text = f"[{host}]" if ":" in host else host
    return f"{host_text}:{port}" if port is not None else host_text


def describe_error(
    error: BaseException, action: str, *, checks_key: bool = False, server: str = ""
) -> ErrorReport | None:
    """Describe ``error`` raised while doing ``action``; return None for a cancellation.

    ``action`` is a translated phrase such as "Loading the workspace". ``checks_key`` marks a
    request to ``/me``: Ocoya responds to an unknown key there with 403, so on that request a
    permission error means the key itself is wrong and the user must sign in again.
    ``server`` is the ``server_label`` of the API, named when it cannot be reached.

    The text is plain sentences: what failed, what happened and what to do. The exception's
    own text, with request paths and status codes, goes to the details only.
    """
    if isinstance(error, asyncio.CancelledError):
        return None

    details = format_details(error)
    if isinstance(error, OcoyaError):
        text, requires_sign_in = _describe_api_error(error, action, checks_key, server)
    else:
        text = _tr(
            "{action} failed because of an internal error ({kind}). "
            "Try again, and if it keeps happening, copy the details into a bug report."
        )
        text = text.format(action=action, kind=type(error).__name__)
        requires_sign_in = False
    return ErrorReport(UserMessage(text, details), requires_sign_in)


def describe_cause(error: BaseException, *, server: str = "") -> str:
    """Return one or two plain sentences saying what went wrong, without the action or a fix.

    For a message that wraps ``error``, such as a failed check for a sent post.
    """
    if isinstance(error, ServerError):
        if server:
            return _tr("The server at {server} had an error.").format(server=server)
        return _tr("Ocoya's server had an error.")
    if isinstance(error, NetworkTimeoutError):
        if server:
            return _tr("The server at {server} did not respond in time.").format(server=server)
        return _tr("Ocoya did not respond in time.")
    if isinstance(error, NetworkError):
        if server:
            return _tr("The server at {server} could not be reached.").format(server=server)
        return _tr("Ocoya could not be reached.")
    if isinstance(error, OutcomeUnknownError):
        return _tr("The connection dropped before Ocoya responded.")
    if isinstance(error, InvalidResponseError):
        return _tr("Ocoya sent a response the app cannot read.")
    if isinstance(error, RateLimitedError):
        return _tr("Ocoya received too many requests, and it allows 60 a minute for each key.")
    if isinstance(error, ApiStatusError):
        return _tr("Ocoya responded with an error: {reason}.").format(reason=_reason(error))
    return _tr("An internal error ({kind}) stopped it.").format(kind=type(error).__name__)


def _describe_api_error(
    error: OcoyaError, action: str, checks_key: bool, server: str
) -> tuple[str, bool]:
    rejected_key = isinstance(error, AuthenticationError) or (
        checks_key and isinstance(error, PermissionDeniedError)
    )
    if rejected_key:
        text = _tr(
            "{action} failed because Ocoya rejected the API key. Sign in again with a valid "
            "key, which you create in Ocoya under Settings → API."
        )
        return text.format(action=action), True
    if isinstance(error, DeliveryUncertainError):
        text = _tr(
            "{action} did not finish. Ocoya may have received the post, but checking for it "
            "failed. {cause} Refresh the schedule (F5) and look for the post before sending "
            "it again."
        )
        return text.format(action=action, cause=describe_cause(error.cause, server=server)), False
    if isinstance(error, DeliveryFailedError):
        text = _tr(
            "{action} failed. The post was sent {sends} times without an answer from Ocoya, "
            "and it is not among the workspace's recent posts. Check the connection and try "
            "again."
        )
        return text.format(action=action, sends=error.sends), False
    if isinstance(error, PermissionDeniedError):
        text = _tr(
            "{action} failed because this API key has no access to it. "
            "Choose another workspace, or sign in with a key that can reach it."
        )
        return text.format(action=action), False
    if isinstance(error, NotFoundError):
        text = _tr("{action} failed because Ocoya no longer has it. Press F5 to refresh the lists.")
        return text.format(action=action), False
    if isinstance(error, ValidationError):
        text = _tr(
            "{action} failed. Ocoya did not accept the request: {reason}. "
            "Correct the value and try again."
        )
        return text.format(action=action, reason=_reason(error)), False
    if isinstance(error, RateLimitedError):
        text = _tr("{action} failed. {cause} Try again after {time}.")
        cause = describe_cause(error, server=server)
        return text.format(action=action, cause=cause, time=_reset_time(error)), False
    if isinstance(error, OutcomeUnknownError):
        text = _tr(
            "{action} did not finish. The connection dropped before Ocoya responded, so it "
            "may or may not have happened. Refresh the schedule (F5) and check before trying "
            "again."
        )
        return text.format(action=action), False
    if isinstance(error, ServerError):
        text = _tr("{action} failed. {cause} Wait a moment and try again.")
        return text.format(action=action, cause=describe_cause(error, server=server)), False
    if isinstance(error, NetworkError):
        cause = describe_cause(error, server=server)
        if server:
            text = _tr(
                "{action} failed. {cause} Check that it is running, or the address in --api-base."
            )
        else:
            text = _tr("{action} failed. {cause} Check the internet connection and try again.")
        return text.format(action=action, cause=cause), False
    if isinstance(error, InvalidResponseError):
        text = _tr(
            "{action} failed. {cause} Try again later, and if it keeps happening, copy the "
            "details into a bug report."
        )
        return text.format(action=action, cause=describe_cause(error, server=server)), False

    text = _tr("{action} failed: {reason}.")
    return text.format(action=action, reason=_reason(error)), False


def _reason(error: BaseException) -> str:
    # The service's own message reads better than the method-and-path summary in str().
    message = error.message if isinstance(error, ApiStatusError) else str(error)
    reason = message.strip().rstrip(".")
    return reason or type(error).__name__


def _reset_time(error: RateLimitedError) -> str:
    reset_at = getattr(error, "reset_at", None)
    if not isinstance(reset_at, datetime):
        return _tr("a minute")
    if reset_at.tzinfo is None:
        reset_at = reset_at.replace(tzinfo=UTC)
    return reset_at.astimezone().strftime("%H:%M:%S")


class ErrorPresenter(QObject):
    """Route exceptions to the message bar and, for a rejected key, to sign-in.

    ``server`` is the ``server_label`` of the API that messages name when it cannot be
    reached ("" for Ocoya's own service).

    Signals:
        message_posted(UserMessage): a message to show in the message bar.
        message_withdrawn(UserMessage): a message that no longer applies; the message bar
            hides it if it still shows it.
        sign_in_requested(): the API key was rejected; the app should ask for a new one.
    """

    message_posted = Signal(object)
    message_withdrawn = Signal(object)
    sign_in_requested = Signal()

    def __init__(self, parent: QObject | None = None, *, server: str = "") -> None:
        super().__init__(parent)
        self._server = server

    @property
    def server(self) -> str:
        """The ``server_label`` of the API that messages name, or "" for Ocoya's own."""
        return self._server

    def describe(
        self, error: BaseException, action: str, *, checks_key: bool = False
    ) -> ErrorReport | None:
        """Return ``describe_error`` for ``error``, naming this presenter's server."""
        return describe_error(error, action, checks_key=checks_key, server=self._server)

    def handle(
        self, error: BaseException, action: str, *, checks_key: bool = False, show: bool = True
    ) -> None:
        """Log ``error`` and show it in the message bar, or do nothing for a cancellation.

        With ``show`` False the message bar is left alone, for an error that the caller shows
        in a panel of its own. A rejected key still requests sign-in.
        """
        report = self.describe(error, action, checks_key=checks_key)
        if report is None:
            _log.debug("%s was cancelled", action)
            return

        if isinstance(error, OcoyaError):
            _log.warning("%s failed: %s: %s", action, type(error).__name__, error)
        else:
            _log.error("%s failed", action, exc_info=error)
        if show:
            self.message_posted.emit(report.message)
        if report.requires_sign_in:
            self.sign_in_requested.emit()

    def show_info(self, text: str) -> UserMessage:
        """Show an informational message (no error) in the message bar and return it."""
        message = UserMessage(text, is_error=False)
        self.message_posted.emit(message)
        return message

    def withdraw(self, message: UserMessage) -> None:
        """Hide ``message`` from the message bar if the bar still shows it."""
        self.message_withdrawn.emit(message)
