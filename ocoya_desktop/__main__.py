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
from collections.abc import Iterator, Sequence
from pathlib import Path

from ocoya_desktop import __version__
from ocoya_desktop.logging_setup import LEVEL_NAMES, configure_logging, parse_level

_log = logging.getLogger(__name__)


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app and return its exit code."""
    options = build_parser().parse_args(argv)
    if options.self_test:
        return _run_self_test(options.data_dir)

    _skip_httpx_command_line()
    # Imported after parsing, so that --help and --version do not load Qt.
    with _garbage_collector_paused():
        import asyncio

        import qasync
        from PySide6.QtWidgets import QApplication

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
    # NOTE: if Qt quits on its own (the desktop session ends), the loop stops before app.run
    # returns. run_until_complete then raises RuntimeError, so the shutdown steps are skipped.
    with loop:
        exit_code: int = loop.run_until_complete(app.run(app_options, qt_app, paths, redactor))
    asyncio.set_event_loop(None)
    _log.info("Exiting with code %d", exit_code)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
