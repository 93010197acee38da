from pathlib import Path

import pytest

from ocoya_desktop.storage.paths import DATA_DIR_VARIABLE, AppPaths


def test_explicit_folder_holds_everything(tmp_path: Path) -> None:
    paths = AppPaths.from_environment(tmp_path / "mine")

    assert paths.settings_file == tmp_path / "mine" / "settings.json"
    assert paths.log_dir == tmp_path / "mine" / "logs"
    assert paths.cache_dir == tmp_path / "mine" / "cache"
    assert paths.data_dir == tmp_path / "mine" / "data"


def test_environment_variable_names_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path / "from-env"))

    paths = AppPaths.from_environment()

    assert paths.settings_file == tmp_path / "from-env" / "settings.json"


def test_explicit_folder_beats_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path / "from-env"))

    paths = AppPaths.from_environment(tmp_path / "explicit")

    assert paths.data_dir == tmp_path / "explicit" / "data"


def test_user_folders_follow_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_DIR_VARIABLE)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    paths = AppPaths.from_environment()

    assert paths.settings_file == tmp_path / "config" / "Ocoya Desktop" / "settings.json"
    assert paths.data_dir == tmp_path / "data" / "Ocoya Desktop"
    assert paths.cache_dir == tmp_path / "cache" / "Ocoya Desktop"


def test_ensure_creates_folders(tmp_path: Path) -> None:
    paths = AppPaths.from_environment(tmp_path / "new")

    paths.ensure()

    assert paths.settings_file.parent.is_dir()
    assert paths.log_dir.is_dir()
    assert paths.cache_dir.is_dir()
    assert paths.data_dir.is_dir()
    assert not paths.settings_file.exists()


def test_isolated_dirs_fixture_sets_variable(isolated_app_dirs: Path) -> None:
    paths = AppPaths.from_environment()

    assert paths.data_dir == isolated_app_dirs / "data"
    assert not str(paths.settings_file).startswith(str(Path.home()))
