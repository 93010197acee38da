"""A real Secret Service (gnome-keyring) on a private D-Bus session bus, for keyring tests.

The fixture never touches the developer's own session: it starts its own ``dbus-daemon``
and ``gnome-keyring-daemon`` with HOME and the XDG folders in a temporary folder, points
``DBUS_SESSION_BUS_ADDRESS`` at that bus for the test, and stops both afterwards.

Tests that request ``secret_service`` get the ``secret_service`` marker automatically (see
the root ``conftest.py``). They skip when a tool is missing, but in CI such a skip fails them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
from jeepney import MatchRule, message_bus
from jeepney.io.blocking import Proxy, open_dbus_connection

# The login keyring is created with, and unlocked by, this password.
KEYRING_PASSWORD = "ocoya-test-password"

SECRETS_BUS_NAME = "org.freedesktop.secrets"

# Upper bounds that only stop a hung daemon from blocking the run.
_START_TIMEOUT_SECONDS = 30.0
_STOP_TIMEOUT_SECONDS = 10.0


class SecretServiceStartError(RuntimeError):
    """The private D-Bus session or gnome-keyring did not start."""


@dataclass(frozen=True)
class SecretServiceSession:
    """A running private Secret Service."""

    bus_address: str
    home: Path


@pytest.fixture
def secret_service(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SecretServiceSession]:
    """Start dbus-daemon and an unlocked gnome-keyring; set DBUS_SESSION_BUS_ADDRESS to it."""
    missing = [name for name in ("dbus-daemon", "gnome-keyring-daemon") if not shutil.which(name)]
    if missing:
        pytest.skip(
            f"{' and '.join(missing)} not installed "
            "(on Debian or Ubuntu: apt-get install dbus gnome-keyring)"
        )

    home = tmp_path_factory.mktemp("secret-service-home")
    environment = _private_environment(home)
    log = (home / "daemons.log").open("wb")
    processes: list[subprocess.Popen[bytes]] = []
    try:
        bus, address = _start_bus(environment, log)
        processes.append(bus)
        environment["DBUS_SESSION_BUS_ADDRESS"] = address
        processes.append(_start_keyring(environment, log))
        _wait_for_bus_name(address, SECRETS_BUS_NAME, processes[-1])
    except BaseException as error:
        _stop_all(processes)
        log.close()
        output = (home / "daemons.log").read_text(encoding="utf-8", errors="replace")
        raise SecretServiceStartError(f"{error}; daemon output:\n{output}") from error

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    try:
        yield SecretServiceSession(bus_address=address, home=home)
    finally:
        # The keyring first, so that it does not see its bus vanish under it.
        _stop_all(processes)
        log.close()


def _private_environment(home: Path) -> dict[str, str]:
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home)}
    for variable, folder in (
        ("XDG_RUNTIME_DIR", "run"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        path = home / folder
        # gnome-keyring refuses a runtime folder that other users can read.
        path.mkdir(mode=0o700)
        environment[variable] = str(path)
    return environment


def _start_bus(environment: dict[str, str], log: IO[bytes]) -> tuple[subprocess.Popen[bytes], str]:
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=log,
    )
    assert bus.stdout is not None
    # dbus-daemon prints its address once it listens; an empty line means it exited.
    address = bus.stdout.readline().decode().strip()
    bus.stdout.close()
    if not address:
        bus.wait()
        raise SecretServiceStartError(f"dbus-daemon exited with status {bus.returncode}")
    return bus, address


def _start_keyring(environment: dict[str, str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    # --unlock reads the password from stdin and, in a new HOME, creates the login keyring
    # with it, so the keyring is unlocked without any prompt.
    keyring_daemon = subprocess.Popen(
        ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
        env=environment,
        stdin=subprocess.PIPE,
        stdout=log,
        stderr=log,
    )
    assert keyring_daemon.stdin is not None
    keyring_daemon.stdin.write(KEYRING_PASSWORD.encode())
    keyring_daemon.stdin.close()
    return keyring_daemon


def _wait_for_bus_name(address: str, name: str, owner: subprocess.Popen[bytes]) -> None:
    """Block until ``name`` has an owner on the bus, without polling."""
    with open_dbus_connection(bus=address) as connection:
        bus_proxy = Proxy(message_bus, connection)
        rule = MatchRule(
            type="signal",
            sender=message_bus.bus_name,
            interface=message_bus.interface,
            member="NameOwnerChanged",
            path=message_bus.object_path,
        )
        rule.add_arg_condition(0, name)
        bus_proxy.AddMatch(rule)
        with connection.filter(rule) as queue:
            # Checked after subscribing, so that a registration in between is not missed.
            (has_owner,) = bus_proxy.NameHasOwner(name)
            if has_owner:
                return
            try:
                connection.recv_until_filtered(queue, timeout=_START_TIMEOUT_SECONDS)
            except TimeoutError:
                status = owner.poll()
                state = "is still running" if status is None else f"exited with status {status}"
                raise SecretServiceStartError(
                    f"{name} did not appear on the bus within {_START_TIMEOUT_SECONDS} s; "
                    f"gnome-keyring-daemon {state}"
                ) from None


def _stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in reversed(processes):
        process.terminate()
        try:
            process.wait(timeout=_STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
