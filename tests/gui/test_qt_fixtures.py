"""Tests of the GUI test fixtures themselves: the qasync loop and the leak checks."""

from __future__ import annotations

import asyncio
import textwrap
import threading
from collections.abc import Callable
from typing import Any

import pytest
import qasync
from pytestqt.qtbot import QtBot


def test_run_async_returns_result(run_async: Callable[..., Any]) -> None:
    async def add_in_thread() -> int:
        await asyncio.sleep(0)
        worker_value = await asyncio.to_thread(lambda: 41)
        return worker_value + 1

    assert run_async(add_in_thread()) == 42


def test_run_async_raises_coroutine_error(run_async: Callable[..., Any]) -> None:
    async def fail() -> None:
        raise LookupError("workspace ws-9 not found")

    with pytest.raises(LookupError, match="ws-9"):
        run_async(fail())


def test_qloop_is_running_loop(qloop: qasync.QEventLoop, qtbot: QtBot) -> None:
    async def current_loop() -> asyncio.AbstractEventLoop:
        return asyncio.get_running_loop()

    task = asyncio.ensure_future(current_loop())
    qtbot.waitUntil(task.done)

    assert asyncio.get_event_loop() is qloop
    assert task.result() is qloop
    assert threading.current_thread() is threading.main_thread()


# Tests run in a child pytest, because the leak checks fail them on purpose.
_LEAKING_TESTS = """
import asyncio

import shiboken6

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

alive_objects = []
tasks = []
loops = []


def test_leaves_task_running(qloop):
    tasks.append(asyncio.ensure_future(asyncio.sleep(3600)))
    loops.append(qloop)


def test_left_task_was_cancelled(run_async):
    # The previous teardown must also leave Qt able to run nested event loops.
    assert tasks[0].cancelled()
    # The closed loop's timer object is gone, so none of its Qt timers can fire.
    assert not shiboken6.isValid(loops[0]._timer)
    assert run_async(asyncio.sleep(0.01, result="ok")) == "ok"


def test_leaks_widget(qtbot):
    widget = QWidget()
    widget.show()
    alive_objects.append(widget)


def test_added_widget_is_fine(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()


def test_leaks_timer(qtbot):
    timer = QTimer()
    timer.start(60_000)
    alive_objects.append(timer)


def test_stopped_timer_is_fine(qtbot):
    timer = QTimer()
    timer.start(60_000)
    timer.stop()
    alive_objects.append(timer)


def test_leaks_single_shot(qtbot):
    QTimer.singleShot(60_000, lambda: None)


def test_single_shot_with_deleted_context_is_fine(qtbot):
    context = QObject()
    QTimer.singleShot(60_000, context, lambda: None)
    del context


def test_fired_single_shot_is_fine(qtbot):
    fired = []
    QTimer.singleShot(0, lambda: fired.append(True))
    qtbot.waitUntil(lambda: bool(fired))


def test_task_error_never_retrieved(qloop, qtbot):
    async def fail():
        raise ValueError("bad caption")

    task = asyncio.ensure_future(fail())
    qtbot.waitUntil(task.done)
    del task
"""


def test_leak_checks_fail_tests(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nqt_api = pyside6\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makeconftest('pytest_plugins = ["tests.helpers.env_fixtures", "tests.gui.conftest"]')
    pytester.makepyfile(test_leaks=textwrap.dedent(_LEAKING_TESTS))

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA")

    result.assert_outcomes(passed=10, errors=4)
    result.stdout.fnmatch_lines_random(
        [
            "ERROR test_leaks.py::test_leaks_widget - Failed: test leaked Qt objects*",
            "ERROR test_leaks.py::test_leaks_timer - Failed: test leaked Qt objects*",
            "ERROR test_leaks.py::test_leaks_single_shot - Failed: test leaked Qt objects*",
            "ERROR test_leaks.py::test_task_error_never_retrieved - Failed: unhandled*",
            "top-level widget still alive: QWidget",
            "QTimer still running: QTimer",
            "QTimer.singleShot never fired: <function test_leaks_single_shot.<locals>.<lambda>*",
            "Task exception was never retrieved: ValueError('bad caption')",
        ]
    )
