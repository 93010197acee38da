"""Command-line entry point: ``ocoya-desktop`` or ``python -m ocoya_desktop``.

Parses the options, sets up logging, creates the ``QApplication`` and the qasync event loop,
and runs ``app.run`` on it. Heavier modules are imported only after the options are parsed,
so ``--help`` and ``--version`` return at once.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import sys
import time
from collections.abc import Coroutine, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ocoya_desktop import __version__
from ocoya_desktop.logging_setup import LEVEL_NAMES, configure_logging, parse_level

if TYPE_CHECKING:
    import asyncio

_log = logging.getLogger(__name__)

# Exit code when Qt left its event loop before the app finished, as when the X server goes away.
EXIT_QT_QUIT = 1
# Upper bound for the shutdown steps after Qt quit on its own, so that a hung step cannot keep
# the process alive after its display is gone.
_SHUTDOWN_TIMEOUT_SECONDS = 10.0


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for the command line; later features add their options here."""
    parser = argparse.ArgumentParser(
        prog="ocoya-desktop",
        description="Compose and schedule social-media posts with Ocoya.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--demo",
        action="store_true",
        help="run on the built-in sandbox with sample data; nothing is published",
    )
    source.add_argument(
        "--api-base",
        metavar="URL",
        help="base URL of an Ocoya-compatible API, such as a running ocoya-sandbox "
        "(http://127.0.0.1:PORT/api/_public/v1); the default is Ocoya's own service",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="keep settings, logs, cache and drafts in DIR instead of the user folders",
    )
    parser.add_argument(
        "--log-level",
        choices=LEVEL_NAMES,
        default="info",
        help="lowest level written to the log file (default: info); stderr shows warnings",
    )
    parser.add_argument(
        "--exit-after-start",
        action="store_true",
        help="quit once the first workspace has loaded, with exit code 0 (1 if loading "
        "failed); for start-up tests",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="run the main job without a window against the built-in sandbox, print one line "
        "per step and exit with 0 only if every step passed; with OCOYA_SELF_TEST_KEYRING=1 "
        "it also stores and reads a secret in the OS keyring",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _run_self_test(data_dir: Path | None) -> int:
    """Run the windowless self-test and return its exit code."""
    import asyncio
    import os
    import tempfile

    from ocoya_desktop.services.self_test import run_self_test

    if data_dir is None:
        data_dir = Path(tempfile.mkdtemp(prefix="ocoya-self-test-"))
    # Each step prints its own line, warnings included, so stderr shows only errors (with
    # their traceback); the log file in the data folder has everything.
    configure_logging(data_dir / "logs", stderr_level=logging.ERROR)
    keyring_round_trip = os.environ.get("OCOYA_SELF_TEST_KEYRING") == "1"
    passed = asyncio.run(run_self_test(data_dir=data_dir, keyring_round_trip=keyring_round_trip))
    return 0 if passed else 1


def _skip_httpx_command_line() -> None:
    """Keep ``import httpx`` from loading httpx's own command-line client.

    ``httpx/__init__.py`` imports ``httpx._main`` when click, rich and pygments are
    installed (rich and pygments come with the development tools), which adds about 150 ms to
    start-up. The app never runs that client, and httpx falls back to a stub ``httpx.main``
    when the import fails, which a ``None`` entry in ``sys.modules`` makes it do.
    """
    if "httpx" not in sys.modules and "httpx._main" not in sys.modules:
        sys.modules["httpx._main"] = None  # type: ignore[assignment]


@contextlib.contextmanager
def _garbage_collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, then freeze every tracked object.

    Once the app is imported, the collector tracks about 54,000 objects, almost all of them
    long-lived (functions, classes, Qt type wrappers). Creating them triggers about 100
    collections, which free next to nothing and took 30 ms in all on the benchmark machine.
    ``gc.freeze`` moves these objects to the permanent generation, so that later full
    collections skip them too.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()


def _run_app(loop: asyncio.AbstractEventLoop, app_run: Coroutine[Any, Any, int]) -> int:
    """Run ``app_run`` on ``loop`` and return its exit code.

    Qt can leave its event loop before ``app_run`` returns, for example when the X server
    goes away ("The X11 connection broke" in the log). ``app_run`` is then cancelled and the
    loop runs again, so that its shutdown steps (cancel the tasks, close the HTTP client and
    the drafts database) still run. The exit code is then ``EXIT_QT_QUIT``.
    """
    import asyncio

    task = loop.create_task(app_run)
    try:
        return loop.run_until_complete(task)
    except RuntimeError:
        # qasync raises RuntimeError when its loop stopped before the task was done.
        if task.done():
            raise
    _log.warning("Qt left its event loop while the app was running; shutting down")

    task.cancel()
    deadline = time.monotonic() + _SHUTDOWN_TIMEOUT_SECONDS
    while not task.done() and (remaining := deadline - time.monotonic()) > 0:
        try:
            loop.run_until_complete(asyncio.wait([task], timeout=remaining))
        except RuntimeError:
            # Qt can leave a restarted loop again while it still reports the broken display,
            # so the loop is restarted until the steps finish or the deadline passes.
            _log.debug("Qt left its event loop again during the shutdown steps")

    if not task.done():
        _log.warning("The shutdown steps did not finish; exiting without them")
    elif not task.cancelled() and task.exception() is not None:
        _log.error("The shutdown steps failed", exc_info=task.exception())
    return EXIT_QT_QUIT


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app and return its exit code."""
    options = build_parser().parse_args(argv)
    if options.self_test:
        return _run_self_test(options.data_dir)

    _skip_httpx_command_line()
    # Imported after parsing, so that --help and --version do not load Qt.
    with _garbage_collector_paused():
        from PySide6.QtWidgets import QApplication

        from ocoya_desktop.ui.pyside_imports import skip_feature_source_scan

        skip_feature_source_scan()
        import asyncio

        import qasync

        from ocoya_desktop import app
        from ocoya_desktop.storage.paths import APP_NAME, AppPaths
        from ocoya_desktop.ui.icons import app_icon
        from ocoya_desktop.ui.qt_messages import route_qt_messages

    paths = AppPaths.from_environment(options.data_dir)
    redactor = configure_logging(paths.log_dir, level=parse_level(options.log_level))
    _log.info("Ocoya Desktop %s starting; logs in %s", __version__, paths.log_dir)

    route_qt_messages()
    qt_app = QApplication(sys.argv[:1])
    qt_app.setApplicationName(APP_NAME)
    qt_app.setOrganizationName(APP_NAME)
    qt_app.setApplicationVersion(__version__)
    qt_app.setWindowIcon(app_icon())
    # The app decides when to quit: between sign-out and sign-in no window is open.
    qt_app.setQuitOnLastWindowClosed(False)

    app_options = app.AppOptions(
        demo=options.demo,
        api_base=options.api_base,
        data_dir=options.data_dir,
        exit_after_start=options.exit_after_start,
    )
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    with loop:
        exit_code = _run_app(loop, app.run(app_options, qt_app, paths, redactor))
    asyncio.set_event_loop(None)
    _log.info("Exiting with code %d", exit_code)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
