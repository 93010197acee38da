"""Error messages: one readable message per api error kind, none for cancellation."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import (
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
from ocoya_desktop.ui.errors import ErrorPresenter, UserMessage, describe_error

ACTION = "Loading the workspace"

CASES: list[tuple[OcoyaError, str]] = [
    (AuthenticationError("Missing API token.", status_code=401), "rejected the API key"),
    (PermissionDeniedError("no access", status_code=403), "this API key has no access to it."),
    (NotFoundError("Post not found.", status_code=404), "Ocoya no longer has it."),
    (ValidationError("caption is too long"), "did not accept the request: caption is too long"),
    (
        RateLimitedError("limit", reset_at=datetime(2030, 1, 1, 12, 0, tzinfo=UTC)),
        "too many requests",
    ),
    (ServerError("Internal server error.", status_code=500), "server had an error"),
    (NetworkError("connection refused"), "Ocoya could not be reached."),
    (InvalidResponseError("not JSON"), "cannot read"),
    (OutcomeUnknownError("POST", "/post"), "may or may not have happened"),
]


@pytest.mark.parametrize(("error", "expected"), CASES, ids=lambda v: type(v).__name__)
def test_each_kind_has_own_message(error: OcoyaError, expected: str) -> None:
    report = describe_error(error, ACTION)

    assert report is not None
    assert report.message.text.startswith(ACTION)
    assert expected in report.message.text
    assert "Traceback" not in report.message.text
    assert type(error).__name__ in report.message.details


def test_only_authentication_requires_sign_in() -> None:
    required = [
        error
        for error, _ in CASES
        if describe_error(error, ACTION).requires_sign_in  # type: ignore[union-attr]
    ]

    assert [type(error) for error in required] == [AuthenticationError]


def test_permission_error_on_key_check_requires_sign_in() -> None:
    error = PermissionDeniedError("Invalid API token.", status_code=403)

    report = describe_error(error, "Checking the API key", checks_key=True)

    assert report is not None
    assert report.requires_sign_in
    assert "rejected the API key" in report.message.text


def test_cancellation_is_silent(qtbot: QtBot) -> None:
    presenter = ErrorPresenter()
    posted: list[UserMessage] = []
    presenter.message_posted.connect(posted.append)

    presenter.handle(asyncio.CancelledError(), ACTION)

    assert describe_error(asyncio.CancelledError(), ACTION) is None
    assert posted == []


def test_unexpected_exception_names_its_kind() -> None:
    report = describe_error(KeyError("missing"), ACTION)

    assert report is not None
    assert "internal error (KeyError)" in report.message.text
    assert not report.requires_sign_in


def test_presenter_requests_sign_in_on_rejected_key(qtbot: QtBot) -> None:
    presenter = ErrorPresenter()

    with qtbot.waitSignal(presenter.sign_in_requested, timeout=1_000):
        presenter.handle(AuthenticationError("Missing API token.", status_code=401), ACTION)
