"""Last-resort handlers: uncaught exceptions are logged and shown once, without recursion."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
import qasync
from pytestqt.qtbot import QtBot

from ocoya_desktop.ui.crash_handlers import LastResortHandlers
from ocoya_desktop.ui.errors import UserMessage

WAIT_MS = 5_000


def raise_and_capture() -> tuple[type[BaseException], BaseException, object]:
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        kind, error, trace = sys.exc_info()
        assert kind is not None and error is not None
        return kind, error, trace


def test_excepthook_logs_then_posts(
    qtbot: QtBot, qloop: qasync.QEventLoop, caplog: pytest.LogCaptureFixture
) -> None:
    posted: list[UserMessage] = []
    handlers = LastResortHandlers(qloop, posted.append)
    handlers.install()
    try:
        kind, error, trace = raise_and_capture()
        with caplog.at_level(logging.CRITICAL, logger="ocoya_desktop"):
            sys.excepthook(kind, error, trace)  # type: ignore[arg-type]
    finally:
        handlers.uninstall()

    assert "Unhandled exception" in caplog.text
    assert len(posted) == 1
    assert "RuntimeError" in posted[0].text
    assert "Traceback" not in posted[0].text
    assert "boom in a slot" in posted[0].details


def test_failure_while_posting_does_not_recurse(
    qtbot: QtBot, qloop: qasync.QEventLoop, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[UserMessage] = []

    def broken_post(message: UserMessage) -> None:
        calls.append(message)
        kind, error, trace = raise_and_capture()
        sys.excepthook(kind, error, trace)  # type: ignore[arg-type]

    handlers = LastResortHandlers(qloop, broken_post)
    handlers.install()
    try:
        kind, error, trace = raise_and_capture()
        with caplog.at_level(logging.ERROR, logger="ocoya_desktop"):
            sys.excepthook(kind, error, trace)  # type: ignore[arg-type]
    finally:
        handlers.uninstall()

    assert len(calls) == 1
    assert "while an error was being shown" in caplog.text


def test_thread_exception_posted_on_loop(
    qtbot: QtBot, qloop: qasync.QEventLoop, caplog: pytest.LogCaptureFixture
) -> None:
    posted: list[UserMessage] = []
    handlers = LastResortHandlers(qloop, posted.append)
    handlers.install()
    try:

        def worker() -> None:
            raise ValueError("boom in a thread")

        with caplog.at_level(logging.CRITICAL, logger="ocoya_desktop"):
            thread = threading.Thread(target=worker, name="test-worker")
            thread.start()
            thread.join()
            qtbot.waitUntil(lambda: len(posted) == 1, timeout=WAIT_MS)
    finally:
        handlers.uninstall()

    assert "test-worker" in caplog.text
    assert "ValueError" in posted[0].text


def test_uninstall_restores_previous_hooks(qloop: qasync.QEventLoop) -> None:
    before = (sys.excepthook, threading.excepthook)
    handlers = LastResortHandlers(qloop, lambda message: None)

    handlers.install()
    assert sys.excepthook != before[0]
    handlers.uninstall()

    assert (sys.excepthook, threading.excepthook) == before
