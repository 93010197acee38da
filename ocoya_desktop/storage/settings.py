"""The settings file: load with migrations, validate every change, write atomically.

The file is JSON: ``{"version": <int>, "values": {<setting name>: <value>}}``. Only values
that were set are stored; every other setting reads as its schema default. Each ``set``
writes the whole file through a temporary file in the same folder, ``fsync`` and
``os.replace``, so a crash leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import os
import tempfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ocoya_desktop.storage.settings_schema import MIGRATIONS, SCHEMA, Migration, SettingSpec

_log = logging.getLogger(__name__)


class SettingsError(Exception):
    """A settings operation failed."""


class UnknownSettingError(SettingsError, KeyError):
    """The name is not a setting in the schema."""

    def __str__(self) -> str:
        # KeyError's own __str__ shows the repr of its argument, quotes included.
        return str(self.args[0])


class InvalidSettingError(SettingsError, ValueError):
    """The value does not fit the setting's type, choices or check."""


class SettingsWriteError(SettingsError):
    """The settings file could not be written; the previous file is unchanged."""


class _CorruptSettingsError(Exception):
    """The settings file exists but cannot be used."""


class Settings:
    """The app's settings, backed by one JSON file."""

    def __init__(
        self,
        path: Path,
        *,
        schema: Sequence[SettingSpec] = SCHEMA,
        version: int = len(MIGRATIONS) + 1,
    ) -> None:
        """Create settings with every value at its default; ``load`` reads an existing file."""
        self.path = path
        self.version = version
        self._specs = {spec.name: spec for spec in schema}
        self._values: dict[str, Any] = {}
        # Values this version does not know (from a newer app version), written back unchanged.
        self._unknown_values: dict[str, Any] = {}
        self.load_problem: str | None = None

    @classmethod
    def load(
        cls,
        path: Path,
        *,
        schema: Sequence[SettingSpec] = SCHEMA,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> Settings:
        """Read the settings file at ``path``, migrating it from an older version.

        A missing file gives the defaults. A file that cannot be read or parsed is renamed to
        ``<name>.corrupt-<timestamp>``, the settings start from the defaults, and
        ``load_problem`` describes what happened so the UI can tell the user.
        """
        settings = cls(path, schema=schema, version=len(migrations) + 1)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            _log.info("No settings file at %s; using the defaults", path)
            return settings
        except (OSError, UnicodeDecodeError) as error:
            settings._start_over(f"reading it failed ({error})")
            return settings

        try:
            file_version, values = _parse(text)
            values = _migrate(values, file_version, migrations)
        except _CorruptSettingsError as error:
            settings._start_over(str(error))
            return settings

        settings.version = max(file_version, settings.version)
        settings._take_values(values)
        _log.info("Loaded settings from %s (version %s)", path, file_version)
        return settings

    def get(self, name: str) -> Any:
        """Return the value of setting ``name``, or its default when it was never set."""
        spec = self.spec(name)
        value = self._values.get(name, spec.default)
        # A copy, so that changing a returned list or dict cannot bypass set().
        return copy.deepcopy(value)

    def set(self, name: str, value: Any) -> None:
        """Validate ``value`` for setting ``name`` and write the settings file.

        Raises ``UnknownSettingError``, ``InvalidSettingError``, or ``SettingsWriteError``
        (the value is then not changed, in memory or on disk).
        """
        spec = self.spec(name)
        checked = _validated(spec, value)

        missing = object()
        previous = self._values.get(name, missing)
        self._values[name] = checked
        try:
            self._write()
        except SettingsWriteError:
            if previous is missing:
                del self._values[name]
            else:
                self._values[name] = previous
            raise
        _log.debug("Setting %s changed", name)

    def reset(self, name: str) -> None:
        """Return setting ``name`` to its default and write the settings file."""
        self.spec(name)
        if name not in self._values:
            return
        previous = self._values.pop(name)
        try:
            self._write()
        except SettingsWriteError:
            self._values[name] = previous
            raise

    def spec(self, name: str) -> SettingSpec:
        """Return the schema entry for ``name``."""
        try:
            return self._specs[name]
        except KeyError:
            raise UnknownSettingError(
                f"unknown setting {name!r}; the known settings are: {', '.join(self._specs)}"
            ) from None

    def _take_values(self, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            spec = self._specs.get(name)
            if spec is None:
                self._unknown_values[name] = value
                continue
            try:
                self._values[name] = _validated(spec, value)
            except InvalidSettingError as error:
                _log.warning("Ignoring the stored value of setting %s: %s", name, error)

    def _start_over(self, reason: str) -> None:
        """Move an unusable settings file aside and record why, keeping the defaults."""
        target = _corrupt_file_name(self.path)
        try:
            self.path.rename(target)
        except OSError as error:
            self.load_problem = (
                f"The settings file {self.path} could not be used: {reason}. The app started "
                f"with default settings. Moving the file aside as {target.name} also failed "
                f"({error}), so the next settings change will replace it."
            )
        else:
            self.load_problem = (
                f"The settings file {self.path} could not be used: {reason}. The app started "
                f"with default settings; the old file was kept as {target}."
            )
        _log.warning("%s", self.load_problem)

    def _write(self) -> None:
        document = {
            # A newer app version's file keeps its version number, so that the newer app does
            # not run its migrations again over the values it wrote.
            "version": self.version,
            "values": {**self._unknown_values, **self._values},
        }
        text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        try:
            write_atomically(self.path, text)
        except OSError as error:
            raise SettingsWriteError(
                f"writing the settings file {self.path} failed ({error}); check that the "
                "folder exists, is writable and the disk is not full"
            ) from error


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The temporary file must be in the same folder: os.replace is atomic only within one
    # file system.
    descriptor, temporary_name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary_name)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows cannot open a folder this way)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _parse(text: str) -> tuple[int, dict[str, Any]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise _CorruptSettingsError(f"it is not valid JSON ({error})") from error
    if not isinstance(document, dict):
        raise _CorruptSettingsError("it does not contain a JSON object")

    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _CorruptSettingsError(f"its version {version!r} is not a positive integer")
    values = document.get("values", {})
    if not isinstance(values, dict):
        raise _CorruptSettingsError("its 'values' entry is not a JSON object")
    return version, values


def _migrate(
    values: dict[str, Any], file_version: int, migrations: Sequence[Migration]
) -> dict[str, Any]:
    for index in range(file_version - 1, len(migrations)):
        _log.info("Migrating settings from version %s to %s", index + 1, index + 2)
        try:
            values = migrations[index](values)
        except Exception as error:
            # Any failure here is a bug in a migration or a file it cannot handle. The caller
            # moves the file aside, so the user or a fixed version can still recover it.
            raise _CorruptSettingsError(
                f"migrating it from version {index + 1} to {index + 2} failed ({error!r})"
            ) from error
    return values


def _corrupt_file_name(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    return target


def _validated(spec: SettingSpec, value: Any) -> Any:
    """Return ``value`` checked against ``spec`` (ints become floats for float settings)."""
    problem = _type_problem(spec, value)
    if problem is None and spec.choices and value not in spec.choices:
        problem = f"must be one of {', '.join(repr(choice) for choice in spec.choices)}"
    if problem is None and spec.validate is not None:
        problem = spec.validate(value)
    if problem is not None:
        raise InvalidSettingError(f"setting {spec.name!r}: {value!r} {problem}")
    if spec.type is float:
        return float(value)
    return copy.deepcopy(value)


def _type_problem(spec: SettingSpec, value: Any) -> str | None:
    expected = spec.type
    # bool is a subclass of int, but True is no valid count and 1 is no valid flag.
    if expected is bool:
        ok = isinstance(value, bool)
    elif expected is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif expected is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif expected is list:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return "is not a list of strings"
        ok = True
    elif expected is dict:
        return _dict_problem(value)
    else:
        ok = isinstance(value, expected)
    return None if ok else f"is not of type {expected.__name__}"


def _dict_problem(value: Any) -> str | None:
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        return "is not a dict with string keys"
    try:
        json.dumps(value)
    except (TypeError, ValueError) as error:
        return f"cannot be stored as JSON ({error})"
    return None
