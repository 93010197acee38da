"""Last-resort handlers for exceptions that no code caught.

qasync sends exceptions raised in Qt slots to ``sys.excepthook``. Exceptions in asyncio
callbacks and never-awaited tasks reach the loop's exception handler, and those in worker
threads reach ``threading.excepthook``. Each handler logs first, then posts one short
message with the traceback as details. While a message is being posted, a further
exception is only logged, so a failure inside the message bar cannot recurse.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication

from ocoya_desktop.ui.errors import UserMessage

_log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


class LastResortHandlers:
    """Installs the three hooks and restores the previous ones on ``uninstall``."""

    def __init__(
        self, loop: asyncio.AbstractEventLoop, post: Callable[[UserMessage], None]
    ) -> None:
        self._loop = loop
        self._post = post
        self._posting = False
        self._previous_excepthook: ExceptHook | None = None
        self._previous_threading_hook: Callable[[threading.ExceptHookArgs], Any] | None = None
        self._previous_loop_handler: Any = None

    def install(self) -> None:
        """Replace ``sys.excepthook``, ``threading.excepthook`` and the loop's handler."""
        self._previous_excepthook = sys.excepthook
        self._previous_threading_hook = threading.excepthook
        self._previous_loop_handler = self._loop.get_exception_handler()
        sys.excepthook = self._on_sys_exception
        threading.excepthook = self._on_thread_exception
        self._loop.set_exception_handler(self._on_loop_exception)

    def uninstall(self) -> None:
        """Put the previous handlers back."""
        if self._previous_excepthook is not None:
            sys.excepthook = self._previous_excepthook
        if self._previous_threading_hook is not None:
            threading.excepthook = self._previous_threading_hook
        if not self._loop.is_closed():
            self._loop.set_exception_handler(self._previous_loop_handler)

    def _on_sys_exception(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        _log.critical("Unhandled exception", exc_info=(kind, error, trace))
        self._present(kind, error, trace)

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        thread = args.thread.name if args.thread is not None else "unknown"
        _log.critical(
            "Unhandled exception in thread %s",
            thread,
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )
        # Qt widgets belong to the main thread, so the message is posted from there.
        self._loop.call_soon_threadsafe(
            self._present, args.exc_type, args.exc_value, args.exc_traceback
        )

    def _on_loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        message = context.get("message", "")
        if error is None:
            _log.error("asyncio loop error: %s", message)
            return
        _log.critical("Unhandled exception in the asyncio loop: %s", message, exc_info=error)
        self._present(type(error), error, error.__traceback__)

    def _present(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if self._posting:
            _log.error("Another error occurred while an error was being shown; logged only")
            return
        self._posting = True
        try:
            details = "".join(traceback.format_exception(kind, error, trace)).rstrip()
            text = QCoreApplication.translate(
                "Errors",
                "An unexpected error occurred ({kind}). The app may not work as expected: "
                "save your work and restart it. Details has the text for a bug report.",
            ).format(kind=kind.__name__)
            self._post(UserMessage(text, details))
        except Exception:
            _log.exception("Showing an unhandled exception failed")
        finally:
            self._posting = False
