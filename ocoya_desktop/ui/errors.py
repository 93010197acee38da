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

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ocoya_desktop.api import (
    ApiStatusError,
    AuthenticationError,
    InvalidResponseError,
    NetworkError,
    NotFoundError,
    OcoyaError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    ValidationError,
)

_log = logging.getLogger(__name__)

# Context for Qt's translation tables; every message in this module uses it.
_CONTEXT = "Errors"


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


def describe_error(
    error: BaseException, action: str, *, checks_key: bool = False
) -> ErrorReport | None:
    """Describe ``error`` raised while doing ``action``; return None for a cancellation.

    ``action`` is a translated phrase such as "Loading the workspace". ``checks_key`` marks a
    request to ``/me``: Ocoya responds to an unknown key there with 403, so on that request a
    permission error means the key itself is wrong and the user must sign in again.
    """
    if isinstance(error, asyncio.CancelledError):
        return None

    details = format_details(error)
    if isinstance(error, OcoyaError):
        text, requires_sign_in = _describe_api_error(error, action, checks_key)
    else:
        text = _tr(
            "{action} failed because of an internal error ({kind}). "
            "Try again; if it keeps happening, copy the details into a bug report."
        )
        text = text.format(action=action, kind=type(error).__name__)
        requires_sign_in = False
    return ErrorReport(UserMessage(text, details), requires_sign_in)


def _describe_api_error(error: OcoyaError, action: str, checks_key: bool) -> tuple[str, bool]:
    rejected_key = isinstance(error, AuthenticationError) or (
        checks_key and isinstance(error, PermissionDeniedError)
    )
    if rejected_key:
        text = _tr(
            "{action} failed: Ocoya rejected the API key. Sign in again with a valid key "
            "(Ocoya → Settings → API)."
        )
        return text.format(action=action), True
    if isinstance(error, PermissionDeniedError):
        text = _tr(
            "{action} failed: this API key has no access to it ({reason}). "
            "Choose another workspace, or sign in with a key that can reach it."
        )
        return text.format(action=action, reason=_reason(error)), False
    if isinstance(error, NotFoundError):
        text = _tr(
            "{action} failed: Ocoya no longer has it ({reason}). Press F5 to refresh the lists."
        )
        return text.format(action=action, reason=_reason(error)), False
    if isinstance(error, ValidationError):
        text = _tr(
            "{action} failed: Ocoya did not accept the request: {reason}. "
            "Correct the value and try again."
        )
        return text.format(action=action, reason=_reason(error)), False
    if isinstance(error, RateLimitedError):
        text = _tr(
            "{action} failed: too many requests to Ocoya (60 per minute per key). "
            "Try again after {time}."
        )
        return text.format(action=action, time=_reset_time(error)), False
    if isinstance(error, OutcomeUnknownError):
        text = _tr(
            "{action}: the connection dropped before Ocoya responded, so it may or may "
            "not have happened. Refresh the schedule (F5) and check before trying again."
        )
        return text.format(action=action), False
    if isinstance(error, ServerError):
        text = _tr(
            "{action} failed: Ocoya's server had an error ({reason}). Wait a moment and try again."
        )
        return text.format(action=action, reason=_reason(error)), False
    if isinstance(error, NetworkError):
        text = _tr(
            "{action} failed: Ocoya could not be reached ({reason}). "
            "Check the internet connection and try again."
        )
        return text.format(action=action, reason=_reason(error)), False
    if isinstance(error, InvalidResponseError):
        text = _tr(
            "{action} failed: Ocoya sent a response the app cannot read. "
            "Try again later; if it keeps happening, copy the details into a bug report."
        )
        return text.format(action=action), False

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

    Signals:
        message_posted(UserMessage): a message to show in the message bar.
        sign_in_requested(): the API key was rejected; the app should ask for a new one.
    """

    message_posted = Signal(object)
    sign_in_requested = Signal()

    def handle(self, error: BaseException, action: str, *, checks_key: bool = False) -> None:
        """Log ``error`` and show it; silent for a cancellation."""
        report = describe_error(error, action, checks_key=checks_key)
        if report is None:
            _log.debug("%s was cancelled", action)
            return

        if isinstance(error, OcoyaError):
            _log.warning("%s failed: %s: %s", action, type(error).__name__, error)
        else:
            _log.error("%s failed", action, exc_info=error)
        self.message_posted.emit(report.message)
        if report.requires_sign_in:
            self.sign_in_requested.emit()

    def show_info(self, text: str) -> None:
        """Show an informational message (no error) in the message bar."""
        self.message_posted.emit(UserMessage(text, is_error=False))
