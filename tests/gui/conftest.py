"""Fixtures for GUI tests: a qasync loop, and checks for leaked widgets and timers.

GUI tests are plain ``def`` functions (not ``async def``, which pytest-asyncio would run on
its own loop). A test that drives async app code requests ``qloop``, which makes a qasync
loop the running asyncio loop while ``qtbot.waitUntil`` and ``qtbot.waitSignal`` spin Qt, and
``run_async`` to await a coroutine to the end::

    def test_sign_in_dialog_accepts_key(qtbot, qloop, run_async):
        dialog = SignInDialog(...)
        qtbot.addWidget(dialog)
        result = run_async(dialog.sign_in("demo-key"))
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock

import pytest
import qasync
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from ocoya_desktop.sandbox import Faults, SandboxStore, create_app
from ocoya_desktop.storage.drafts_db import DraftsDatabase
from tests.gui.shell_support import (
    GatedTransport,
    Shell,
    build_shell,
    make_shell,
    sandbox_transport,
)
from tests.helpers.sandbox_support import store_of, virtual_time_client
from tests.helpers.virtual_time import VirtualTime

T = TypeVar("T")

# Upper bound for waiting on a coroutine or on cancelled tasks. It only stops a hung test, and
# nothing asserts on how long the work took.
DEFAULT_ASYNC_TIMEOUT_MS = 10_000


# --- the qasync loop -------------------------------------------------------------------


@pytest.fixture
def qloop(qapp: QApplication, qtbot: QtBot) -> Iterator[qasync.QEventLoop]:
    """Make a qasync loop the running asyncio loop for this test, and close it after.

    The loop is created with ``already_running=True``: Qt's own event loop (spun by
    ``qtbot.waitUntil``/``waitSignal``/``qWait``) drives it, so app code can call
    ``asyncio.ensure_future`` and ``asyncio.get_running_loop`` while the test runs.
    Exceptions that reach the loop's exception handler (a task's exception never retrieved,
    a failing callback) fail the test at teardown.
    """
    loop = qasync.QEventLoop(qapp, already_running=True)
    errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: errors.append(context))

    yield loop

    _cancel_pending_tasks(loop, qtbot)
    _finish_async_generators(loop, qtbot)
    # qasync's stop() calls QApplication.exit(). Called while no exec() runs, Qt 6 keeps that
    # request, and every later nested event loop (qtbot.wait, waitUntil) returns at once
    # without delivering timers, which would break every following GUI test.
    with mock.patch.object(type(qapp), "exit"):
        loop.stop()
    asyncio.events._set_running_loop(None)
    loop.close()
    # qasync's close() only flags its timer object as stopped: the Qt timers it started for
    # callbacks far in the future (asyncio.sleep(3600)) stay registered until the garbage
    # collector frees the loop at some later point. Left to that, later tests crashed in
    # QTimerInfoList::activateTimers and at interpreter exit (qasync 0.28, PySide6 6.12), so
    # the object and its timers are deleted here, while the test's Qt state is still intact.
    shiboken6.delete(loop._timer)

    if errors:
        messages = "\n".join(_describe_loop_error(context) for context in errors)
        pytest.fail(f"unhandled errors reached the asyncio loop:\n{messages}", pytrace=False)


@pytest.fixture
def run_async(qloop: qasync.QEventLoop, qtbot: QtBot) -> Callable[..., Any]:
    """Return ``run(coro, *, timeout_ms=10_000)``, which runs a coroutine on ``qloop``.

    ``run`` spins the Qt event loop until the coroutine finishes and returns its result or
    raises its exception. If it has not finished after ``timeout_ms``, it is cancelled and
    the test fails with pytest-qt's ``TimeoutError``.
    """

    def run(coro: Coroutine[Any, Any, T], *, timeout_ms: int = DEFAULT_ASYNC_TIMEOUT_MS) -> T:
        task = qloop.create_task(coro)
        try:
            qtbot.waitUntil(task.done, timeout=timeout_ms)
        except BaseException:
            task.cancel()
            raise
        return task.result()

    return run


def _cancel_pending_tasks(loop: qasync.QEventLoop, qtbot: QtBot) -> None:
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        qtbot.waitUntil(
            lambda: all(task.done() for task in pending), timeout=DEFAULT_ASYNC_TIMEOUT_MS
        )
    for task in pending:
        # Retrieve each outcome, so that asyncio does not report "exception never retrieved".
        if not task.cancelled():
            task.exception()


def _finish_async_generators(loop: qasync.QEventLoop, qtbot: QtBot) -> None:
    shutdown = loop.create_task(loop.shutdown_asyncgens())
    qtbot.waitUntil(shutdown.done, timeout=DEFAULT_ASYNC_TIMEOUT_MS)
    shutdown.result()


def _describe_loop_error(context: dict[str, Any]) -> str:
    message = context.get("message", "")
    exception = context.get("exception")
    return f"{message}: {exception!r}" if exception is not None else str(message)


@pytest.fixture(autouse=True)
def clear_clipboard(qapp: QApplication) -> Iterator[None]:
    """Empty the clipboard after each GUI test.

    Each test then starts with an empty clipboard. It also keeps a QMimeData that a test put
    on the clipboard from outliving Python: Qt would otherwise delete it from its own exit
    handler after the interpreter has finalized, and the process crashes (PySide6 6.12).
    """
    yield
    qapp.clipboard().clear()


# --- leak checks -----------------------------------------------------------------------


@dataclass
class _SingleShot:
    """A ``QTimer.singleShot`` call with a Python callable, tracked until it fires."""

    description: str
    fired: bool = False
    # Qt drops a single shot whose context object was deleted, so it can never fire.
    context_destroyed: bool = False

    def mark_fired(self) -> None:
        self.fired = True

    def mark_context_destroyed(self) -> None:
        self.context_destroyed = True

    def is_pending(self) -> bool:
        return not self.fired and not self.context_destroyed


@dataclass
class _TimerTracker:
    """Every QTimer a test started from Python, and every pending single shot."""

    timers: list[QTimer] = field(default_factory=list)
    single_shots: list[_SingleShot] = field(default_factory=list)

    def active_timers(self) -> list[QTimer]:
        return [timer for timer in self.timers if shiboken6.isValid(timer) and timer.isActive()]

    def pending_single_shots(self) -> list[_SingleShot]:
        return [shot for shot in self.single_shots if shot.is_pending()]


def _track_timers(monkeypatch: pytest.MonkeyPatch) -> _TimerTracker:
    tracker = _TimerTracker()
    original_start = QTimer.start
    original_single_shot = QTimer.singleShot

    def start(self: QTimer, *args: Any) -> None:
        tracker.timers.append(self)
        original_start(self, *args)

    def single_shot(*args: Any) -> None:
        functor = args[-1]
        if not callable(functor) or isinstance(functor, QObject):
            original_single_shot(*args)
            return
        shot = _SingleShot(description=repr(functor))
        tracker.single_shots.append(shot)
        # Holding the context object here would keep it alive, so listen to its destroyed signal.
        context = next((arg for arg in args[:-1] if isinstance(arg, QObject)), None)
        if context is not None:
            context.destroyed.connect(shot.mark_context_destroyed)

        def fire() -> None:
            shot.mark_fired()
            functor()

        original_single_shot(*args[:-1], fire)

    monkeypatch.setattr(QTimer, "start", start)
    monkeypatch.setattr(QTimer, "singleShot", staticmethod(single_shot))
    return tracker


def _widget_id(widget: QWidget) -> int:
    address: int = shiboken6.getCppPointer(widget)[0]
    return address


@pytest.fixture(autouse=True)
def fail_on_leaked_widgets_and_timers(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Fail a GUI test that leaves a top-level widget alive or a timer running.

    Widgets registered with ``qtbot.addWidget`` are closed and deleted by pytest-qt before
    this check runs. Anything else the test made must be closed and deleted by the test (or
    by the app code it drives), because a leftover widget or timer keeps firing into the next
    test.
    """
    widgets_before = {_widget_id(widget) for widget in qapp.topLevelWidgets()}
    tracker = _track_timers(monkeypatch)

    yield

    # deleteLater() takes effect when control returns to an event loop, so deliver those events now.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    leaked_widgets = [
        widget for widget in qapp.topLevelWidgets() if _widget_id(widget) not in widgets_before
    ]
    active_timers = tracker.active_timers()
    problems = [f"top-level widget still alive: {_describe_object(w)}" for w in leaked_widgets]
    problems += [f"QTimer still running: {_describe_object(t)}" for t in active_timers]
    problems += [
        f"QTimer.singleShot never fired: {shot.description}"
        for shot in tracker.pending_single_shots()
    ]

    # Clean up first, so one leaking test does not make the following ones fail too.
    for widget in leaked_widgets:
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for timer in active_timers:
        timer.stop()

    if problems:
        pytest.fail("test leaked Qt objects:\n" + "\n".join(problems), pytrace=False)


def _describe_object(obj: QObject) -> str:
    name = obj.objectName()
    parent = obj.parent()
    parts = [type(obj).__name__]
    if name:
        parts.append(f"objectName={name!r}")
    if parent is not None:
        parts.append(f"parent={type(parent).__name__}")
    return " ".join(parts)


# --- the main window on an in-process sandbox ------------------------------------------
# Suites with their own sandbox (served over HTTP, recording, on a fixed clock) override
# these fixtures in their folder's conftest or their module.


@pytest.fixture
def sandbox() -> Starlette:
    """Return a fresh sandbox app per test, with a rate limit the tests never reach."""
    return create_app(faults=Faults(), rate_limit=100_000)


@pytest.fixture
def store(sandbox: Starlette) -> SandboxStore:
    return store_of(sandbox)


@pytest.fixture
def gate(sandbox: Starlette) -> GatedTransport:
    """Return the in-process transport to ``sandbox``, with gates a test can close."""
    return GatedTransport(sandbox_transport(sandbox))


@pytest.fixture
def database(tmp_path: Path) -> Iterator[DraftsDatabase]:
    """Return a Local Drafts database in the test's folder, closed afterwards."""
    db = DraftsDatabase.open(tmp_path / "data" / "drafts.sqlite3")
    yield db
    db.close()


@pytest.fixture
def shell(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    gate: GatedTransport,
    tmp_path: Path,
) -> Iterator[Shell]:
    """Return the main window on ``gate``, not shown yet, and close its client afterwards."""
    built = make_shell(qloop, gate, tmp_path)
    qtbot.addWidget(built.window)
    yield built
    run_async(built.aclose())


@pytest.fixture
def virtual_time() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def virtual_time_shell(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    run_async: Callable[..., Any],
    tmp_path: Path,
    virtual_time: VirtualTime,
) -> Iterator[tuple[SandboxStore, Shell]]:
    """Return a main window and the store of its own sandbox, both on ``virtual_time``.

    The client's waits move the clock instead of sleeping, so rate-limit resets and retries
    take no real time.
    """
    app = create_app(clock=virtual_time.utc_now, rate_limit=100_000)
    _transport, client = virtual_time_client(app, virtual_time)
    shell = build_shell(qloop, client, tmp_path)
    qtbot.addWidget(shell.window)
    yield store_of(app), shell

    run_async(shell.aclose())
