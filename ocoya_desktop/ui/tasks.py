"""Run service coroutines from the UI with a managed lifecycle.

Every task started here is kept until it ends, keeps the control that started it disabled
meanwhile, replaces (cancels) an earlier task started under the same key, and routes its
error to the ``ErrorPresenter``. A superseded task never delivers its result, so a slow
response for the previous workspace cannot overwrite the current one.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStatusBar, QWidget

from ocoya_desktop.ui.errors import ErrorPresenter

_log = logging.getLogger(__name__)

T = TypeVar("T")

Control = QWidget | QAction

SLOW_TASK_SECONDS = 2.0
"""A task still running after this long is reported through ``slow_task_started``, so the
window can offer to cancel it."""


class TaskRunner(QObject):
    """Start and track the UI's asyncio tasks on the qasync loop.

    Signals:
        busy_changed(bool): True when the first task that does work starts, False when the
            last one ends. Tasks that only wait for the user (not ``cancellable``) do not
            count, so that the window does not say it is loading while a question is open.
        slow_task_started(str, str): the cancellable task ``key`` (the payload's first
            item) doing ``action`` (the second) has run for ``slow_after_seconds``.
        slow_task_finished(str): the slow task ``key`` ended (done, failed or cancelled).
        task_cancelled(str): the current task ``key`` ended by cancellation (not because a
            newer task replaced it), so its ``on_success``/``on_failure`` never run.
    """

    busy_changed = Signal(bool)
    slow_task_started = Signal(str, str)
    slow_task_finished = Signal(str)
    task_cancelled = Signal(str)

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        errors: ErrorPresenter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._loop = loop
        self._errors = errors
        self._tasks: dict[str, asyncio.Task[Any]] = {}
        # How many running tasks hold each control disabled; it is enabled again at zero.
        self._holds: dict[Control, int] = {}
        self._busy = False
        self.slow_after_seconds = SLOW_TASK_SECONDS
        """How long a cancellable task runs before it is reported as slow."""
        self._slow_timers: dict[asyncio.Task[Any], asyncio.TimerHandle] = {}
        # Tasks started as not cancellable, which wait until the user closes a dialog.
        self._waiting_for_user: set[asyncio.Task[Any]] = set()
        # The slow task reported for each key, so a superseded task cannot end the report
        # of the task that replaced it.
        self._slow_tasks: dict[str, asyncio.Task[Any]] = {}

    def start(
        self,
        key: str,
        coro: Coroutine[Any, Any, T],
        *,
        action: str,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        control: Control | None = None,
        checks_key: bool = False,
        cancellable: bool = True,
        shows_own_errors: bool = False,
    ) -> asyncio.Task[T]:
        """Run ``coro`` as the current task for ``key``, cancelling the one it replaces.

        ``on_success`` receives the result and ``on_failure`` the exception (after the error
        is shown); neither runs for a task that was cancelled or superseded. ``action`` names
        the work in error messages. A ``cancellable`` task that runs longer than
        ``slow_after_seconds`` is reported through ``slow_task_started``; a task that only
        waits for the user (an open dialog) passes False. With ``shows_own_errors`` the
        error is logged but not posted to the message bar, because ``on_failure`` shows it in
        the caller's own panel, which offers Retry. A rejected key still requests sign-in.
        """
        previous = self._tasks.get(key)
        if previous is not None and not previous.done():
            _log.debug("Cancelling the superseded task %r", key)
            previous.cancel()

        task: asyncio.Task[T] = self._loop.create_task(coro, name=key)
        self._tasks[key] = task
        if control is not None:
            self._hold(control)
        if cancellable:
            self._slow_timers[task] = self._loop.call_later(
                self.slow_after_seconds, self._on_task_slow, key, task, action
            )
        else:
            self._waiting_for_user.add(task)
        task.add_done_callback(
            lambda done: self._on_task_done(
                key, done, action, on_success, on_failure, control, checks_key, shows_own_errors
            )
        )
        self._update_busy()
        return task

    def is_busy(self) -> bool:
        """Return whether any task started here is still running."""
        return any(not task.done() for task in self._tasks.values())

    def is_running(self, key: str) -> bool:
        """Return whether the current task for ``key`` is still running."""
        task = self._tasks.get(key)
        return task is not None and not task.done()

    def cancel(self, key: str) -> None:
        """Cancel the current task for ``key``, if any."""
        task = self._tasks.get(key)
        if task is not None:
            task.cancel()

    def cancel_all(self) -> None:
        """Cancel every running task, for example when the window that started them closes."""
        for task in self._tasks.values():
            task.cancel()

    async def shutdown(self) -> None:
        """Cancel every running task and wait until each has finished."""
        running = [task for task in self._tasks.values() if not task.done()]
        for task in running:
            task.cancel()
        if running:
            _log.info("Cancelling %d running task(s)", len(running))
            await asyncio.gather(*running, return_exceptions=True)

    def _on_task_slow(self, key: str, task: asyncio.Task[Any], action: str) -> None:
        self._slow_timers.pop(task, None)
        if task.done() or not shiboken6.isValid(self):
            return
        _log.info("The task %r is still running after %.1f s", key, self.slow_after_seconds)
        self._slow_tasks[key] = task
        self.slow_task_started.emit(key, action)

    def _end_slow_report(self, key: str, task: asyncio.Task[Any]) -> None:
        timer = self._slow_timers.pop(task, None)
        if timer is not None:
            timer.cancel()
        if self._slow_tasks.get(key) is task:
            del self._slow_tasks[key]
            self.slow_task_finished.emit(key)

    def _update_busy(self) -> None:
        busy = any(
            not task.done() and task not in self._waiting_for_user for task in self._tasks.values()
        )
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    def _hold(self, control: Control) -> None:
        self._holds[control] = self._holds.get(control, 0) + 1
        control.setEnabled(False)

    def _release(self, control: Control) -> None:
        count = self._holds.get(control, 0) - 1
        if count > 0:
            self._holds[control] = count
            return
        self._holds.pop(control, None)
        try:
            control.setEnabled(True)
        except RuntimeError:  # the control's window was destroyed while the task ran
            _log.debug("The control of a finished task no longer exists")

    def _on_task_done(
        self,
        key: str,
        task: asyncio.Task[Any],
        action: str,
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], None] | None,
        control: Control | None,
        checks_key: bool,
        shows_own_errors: bool,
    ) -> None:
        if not shiboken6.isValid(self):
            # The window that owned this runner was destroyed, so its signals cannot be emitted.
            return
        is_current = self._tasks.get(key) is task
        if is_current:
            del self._tasks[key]
        self._waiting_for_user.discard(task)
        self._end_slow_report(key, task)
        if control is not None:
            self._release(control)
        self._update_busy()

        if task.cancelled():
            if is_current:
                self.task_cancelled.emit(key)
            return
        error = task.exception()
        if not is_current:
            # The user has moved on; the result or error of the replaced work is stale.
            _log.debug("Dropping the outcome of the superseded task %r (error: %r)", key, error)
            return
        if error is not None:
            self._errors.handle(error, action, checks_key=checks_key, show=not shows_own_errors)
            if on_failure is not None:
                on_failure(error)
            return
        if on_success is not None:
            on_success(task.result())


def cancel_when_destroyed(owner: QObject, task: asyncio.Task[Any]) -> None:
    """Cancel ``task`` when Qt destroys ``owner``.

    For a task a widget starts on its own rather than through a ``TaskRunner``. A widget dies
    with its window, and the window can close without the user, as when a rejected API key
    signs the user out. The task must then end too, instead of waiting forever or touching
    the deleted widget. Code that runs when the task is cancelled must check
    ``shiboken6.isValid`` before it touches ``owner``.
    """

    def cancel() -> None:
        task.cancel()

    def disconnect(_task: asyncio.Task[Any]) -> None:
        if shiboken6.isValid(owner):
            owner.destroyed.disconnect(cancel)

    owner.destroyed.connect(cancel)
    task.add_done_callback(disconnect)


class RateLimitCountdown(QObject):
    """Shows in a status bar how long requests wait for Ocoya's rate-limit window.

    Pass ``on_wait`` to ``OcoyaClient.add_rate_limit_listener``. While a wait runs, the status
    bar counts down once a second. The message is cleared when the wait ends, unless
    something else replaced it meanwhile.
    """

    def __init__(
        self,
        status_bar: QStatusBar,
        *,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._status_bar = status_bar
        self._clock = clock
        self._resume_at: float | None = None
        self._message = ""
        self.timer = QTimer(self)
        """Updates the seconds left once a second while a wait runs."""
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._show)

    def message(self) -> str:
        """Return the countdown text shown now, or "" when no request waits."""
        return self._message

    def on_wait(self, seconds: float) -> None:
        """Start (``seconds`` > 0) or end (0) the countdown; the client's listener."""
        if not shiboken6.isValid(self) or not shiboken6.isValid(self._status_bar):
            return
        if seconds <= 0:
            self._end()
            return
        _log.info("Waiting %.1f s for Ocoya's rate-limit window", seconds)
        self._resume_at = self._clock() + seconds
        self._show()
        self.timer.start()

    def _show(self) -> None:
        if self._resume_at is None:
            return
        # Rounded up, so the count never reads 0 while requests still wait.
        left = max(math.ceil(self._resume_at - self._clock()), 1)
        text = self.tr("Ocoya's rate limit is reached; continuing in {seconds} s")
        self._message = text.format(seconds=left)
        self._status_bar.showMessage(self._message)

    def _end(self) -> None:
        self.timer.stop()
        if self._message and self._status_bar.currentMessage() == self._message:
            self._status_bar.clearMessage()
        self._message = ""
        self._resume_at = None
