"""Locations of the app's settings file and its log, cache and data folders."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Ocoya Desktop"

# Environment variable naming one folder for everything, like the --data-dir option.
DATA_DIR_VARIABLE = "OCOYA_DESKTOP_DATA_DIR"

SETTINGS_FILE_NAME = "settings.json"


@dataclass(frozen=True)
class AppPaths:
    """The files and folders the app writes to."""

    settings_file: Path
    log_dir: Path
    cache_dir: Path
    # Contains the drafts database.
    data_dir: Path

    @classmethod
    def from_environment(cls, data_dir: Path | None = None) -> AppPaths:
        """Build the paths from ``data_dir``, else ``OCOYA_DESKTOP_DATA_DIR``, else the OS.

        With an explicit folder, everything lives inside it: ``settings.json``, ``logs/``,
        ``cache/`` and ``data/``. Otherwise each kind goes to the operating system's usual
        per-user folder for an app named "Ocoya Desktop", as platformdirs reports it.
        """
        if data_dir is None:
            from_variable = os.environ.get(DATA_DIR_VARIABLE, "").strip()
            data_dir = Path(from_variable) if from_variable else None
        if data_dir is not None:
            return cls.in_folder(data_dir)
        return cls.for_user()

    @classmethod
    def in_folder(cls, folder: Path) -> AppPaths:
        """Keep everything inside one folder."""
        root = folder.expanduser().absolute()
        return cls(
            settings_file=root / SETTINGS_FILE_NAME,
            log_dir=root / "logs",
            cache_dir=root / "cache",
            data_dir=root / "data",
        )

    @classmethod
    def for_user(cls) -> AppPaths:
        """Use the operating system's per-user folders for the app."""
        dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
        return cls(
            settings_file=dirs.user_config_path / SETTINGS_FILE_NAME,
            log_dir=dirs.user_log_path,
            cache_dir=dirs.user_cache_path,
            data_dir=dirs.user_data_path,
        )

    def ensure(self) -> None:
        """Create every folder that does not exist yet."""
        for folder in (self.settings_file.parent, self.log_dir, self.cache_dir, self.data_dir):
            folder.mkdir(parents=True, exist_ok=True)
