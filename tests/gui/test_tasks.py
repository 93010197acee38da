"""The task runner: superseded tasks, disabled controls and error routing."""

from __future__ import annotations

import asyncio

import qasync
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import ServerError
from ocoya_desktop.ui.errors import ErrorPresenter, UserMessage
from ocoya_desktop.ui.tasks import TaskRunner

WAIT_MS = 5_000


async def wait_then_return(event: asyncio.Event, value: str) -> str:
    await event.wait()
    return value


async def fail() -> None:
    raise ServerError("Internal server error.", status_code=500)


def make_runner(loop: qasync.QEventLoop) -> tuple[TaskRunner, list[UserMessage]]:
    presenter = ErrorPresenter()
    runner = TaskRunner(loop, presenter)
    runner.setParent(presenter)
    posted: list[UserMessage] = []
    presenter.message_posted.connect(posted.append)
    # Keep the presenter alive as long as the runner: the runner is its child.
    runner._test_presenter = presenter  # type: ignore[attr-defined]
    return runner, posted


def test_superseded_result_is_dropped(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    runner, _ = make_runner(qloop)
    slow, fast = asyncio.Event(), asyncio.Event()
    results: list[str] = []

    first = runner.start(
        "load", wait_then_return(slow, "old"), action="Load", on_success=results.append
    )
    runner.start("load", wait_then_return(fast, "new"), action="Load", on_success=results.append)
    fast.set()
    slow.set()
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=WAIT_MS)

    assert results == ["new"]
    assert first.cancelled()


def test_control_disabled_until_done(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    runner, _ = make_runner(qloop)
    button = QPushButton()
    qtbot.addWidget(button)
    release = asyncio.Event()

    runner.start("save", wait_then_return(release, "ok"), action="Save", control=button)
    assert not button.isEnabled()

    release.set()
    qtbot.waitUntil(button.isEnabled, timeout=WAIT_MS)


def test_control_reenabled_after_failure(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    runner, posted = make_runner(qloop)
    button = QPushButton()
    qtbot.addWidget(button)
    failures: list[BaseException] = []

    runner.start("save", fail(), action="Saving", control=button, on_failure=failures.append)
    qtbot.waitUntil(lambda: len(posted) == 1, timeout=WAIT_MS)

    assert button.isEnabled()
    assert posted[0].text.startswith("Saving failed")
    assert isinstance(failures[0], ServerError)


def test_cancelled_task_posts_nothing(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    runner, posted = make_runner(qloop)
    never = asyncio.Event()

    task = runner.start("load", wait_then_return(never, "x"), action="Load")
    runner.cancel("load")
    qtbot.waitUntil(task.done, timeout=WAIT_MS)

    assert task.cancelled()
    assert posted == []


def test_busy_changed_reports_start_and_end(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    runner, _ = make_runner(qloop)
    states: list[bool] = []
    runner.busy_changed.connect(states.append)
    release = asyncio.Event()

    runner.start("a", wait_then_return(release, "a"), action="A")
    runner.start("b", wait_then_return(release, "b"), action="B")
    release.set()
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=WAIT_MS)

    assert states == [True, False]


def test_waiting_for_user_is_not_busy(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    runner, _ = make_runner(qloop)
    states: list[bool] = []
    runner.busy_changed.connect(states.append)
    answered = asyncio.Event()

    # A question is open: the window must not say that it is loading.
    runner.start("question", wait_then_return(answered, "yes"), action="Q", cancellable=False)
    assert states == []

    runner.start("work", wait_then_return(answered, "done"), action="W")
    answered.set()
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=WAIT_MS)

    assert states == [True, False]


def test_shutdown_cancels_running_tasks(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    runner, _ = make_runner(qloop)
    never = asyncio.Event()
    task = runner.start("load", wait_then_return(never, "x"), action="Load")

    done = qloop.create_task(runner.shutdown())
    qtbot.waitUntil(done.done, timeout=WAIT_MS)

    assert task.cancelled()
