"""The ``ocoya-sandbox`` command: serve the sandbox over HTTP for demos and manual testing."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from .app import API_PREFIX, create_app
from .faults import Faults
from .seed import DEMO_API_KEY, LIMITED_API_KEY, build_demo_store
from .server import AnnouncingServer, make_config
from .state import StateFileError, load_state, save_state
from .store import SandboxStore

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8765


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ocoya-sandbox",
        description="Serve a local stand-in of the Ocoya public API with sample data.",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1); only loopback unless --allow-remote",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"TCP port (default: {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host that other machines can reach",
    )
    parser.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="JSON file to load at start and save after every change (created if missing)",
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="delay added to every API request, in seconds (default: 0)",
    )
    parser.add_argument(
        "--ai-delay",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="time that AI generation takes, in seconds (default: 2)",
    )
    parser.add_argument(
        "--seed", type=int, help="seed for the random errors of the error_rate fault switch"
    )
    return parser


def is_loopback_host(host: str) -> bool:
    """Return whether ``host`` is ``localhost`` or a loopback IP address."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _validate(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if not is_loopback_host(args.host) and not args.allow_remote:
        parser.error(
            f"--host {args.host} is not a loopback address, so other machines could reach the "
            "sandbox; pass --allow-remote to do that on purpose, or use --host 127.0.0.1"
        )
    if not 0 <= args.port <= 65535:
        parser.error(f"--port {args.port} is not a TCP port; use 0 to 65535")
    if not 0 <= args.latency <= 60:
        parser.error(f"--latency {args.latency} is out of range; use 0 to 60 seconds")
    if args.ai_delay < 0:
        parser.error(f"--ai-delay {args.ai_delay} is negative; use 0 or more seconds")


def open_store(state_path: Path | None) -> SandboxStore:
    """Load the state file, or seed a new store (saved at once when a path is given)."""
    if state_path is not None and state_path.exists():
        store = load_state(state_path)
        logger.info("Loaded sandbox state from %s", state_path)
    else:
        store = build_demo_store(datetime.now(UTC))
        if state_path is not None:
            save_state(store, state_path)
            logger.info("Created sandbox state file %s", state_path)

    if state_path is not None:
        store.add_listener(lambda: save_state(store, state_path))
    return store


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _validate(parser, args)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    try:
        store = open_store(args.state)
    except (StateFileError, OSError) as exc:
        print(f"ocoya-sandbox: {exc}; fix or delete the state file.", file=sys.stderr)
        return 1

    app = create_app(
        store=store,
        faults=Faults(latency_seconds=args.latency, seed=args.seed),
        ai_delay_seconds=args.ai_delay,
    )

    def announce(base_url: str) -> None:
        print(f"Ocoya sandbox at {base_url}  (API base: {base_url}{API_PREFIX})", flush=True)
        print(
            f"Demo API key: {DEMO_API_KEY}  (second workspace only: {LIMITED_API_KEY})", flush=True
        )

    AnnouncingServer(make_config(app, host=args.host, port=args.port), announce).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
