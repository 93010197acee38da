"""Per-test isolation: temporary app folders and an in-memory keyring.

Loaded for every test by the root ``conftest.py``. No test may read or write the developer's
real settings, logs, drafts or keychain, so each test gets:

- ``OCOYA_DESKTOP_DATA_DIR`` pointing at a fresh temporary folder, which ``AppPaths`` honours,
  and every ``XDG_*_HOME`` pointing at temporary folders too, for code that calls
  platformdirs directly;
- an :class:`InMemoryKeyring` installed with ``keyring.set_keyring`` and removed afterwards;
- ``PYTHON_KEYRING_BACKEND`` naming that same class, so that a subprocess a test starts (the
  app in an end-to-end test) also gets an empty in-memory keyring instead of the real one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

REPO_ROOT = Path(__file__).resolve().parents[2]

_XDG_VARIABLES = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


class InMemoryKeyring(KeyringBackend):
    """A keyring backend that keeps passwords in a dict for the life of the object."""

    # keyring only uses this when it picks a backend by itself; tests install it explicitly.
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.passwords[(service, username)]
        except KeyError:
            raise PasswordDeleteError(
                f"no password stored for {username!r} in {service!r}"
            ) from None


@pytest.fixture(autouse=True)
def isolated_app_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point the app's data folder and the XDG base folders at empty temporary folders."""
    root = tmp_path_factory.mktemp("app-dirs")
    data_dir = root / "ocoya-data"
    monkeypatch.setenv("OCOYA_DESKTOP_DATA_DIR", str(data_dir))
    for variable in _XDG_VARIABLES:
        monkeypatch.setenv(variable, str(root / variable.lower()))
    return data_dir


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[InMemoryKeyring]:
    """Install an empty in-memory keyring for the test and restore the previous one after."""
    # Reading the module attribute does not start keyring's backend discovery, which
    # keyring.get_keyring() would do (and which may talk to the real Secret Service).
    previous = keyring.core._keyring_backend
    backend = InMemoryKeyring()
    keyring.set_keyring(backend)

    backend_class = f"{__name__}.{InMemoryKeyring.__name__}"
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", backend_class)
    # The class lives in the test tree, so a subprocess needs the repository on its path.
    python_path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv(
        "PYTHONPATH", str(REPO_ROOT) if not python_path else f"{REPO_ROOT}{os.pathsep}{python_path}"
    )

    yield backend
    keyring.core._keyring_backend = previous
