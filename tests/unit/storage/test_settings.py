import json
import logging
import os
from pathlib import Path
from typing import Any

import pytest

from ocoya_desktop.storage.settings import (
    InvalidSettingError,
    Settings,
    SettingsWriteError,
    UnknownSettingError,
)
from ocoya_desktop.storage.settings_schema import (
    MIGRATIONS,
    NON_SECRET_NAMES_LIKE_SECRETS,
    SCHEMA,
    SettingSpec,
)


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_missing_file_gives_defaults(settings_file: Path) -> None:
    settings = Settings.load(settings_file)

    assert settings.load_problem is None
    assert not settings_file.exists()
    for spec in SCHEMA:
        assert settings.get(spec.name) == spec.default


def test_set_then_load_round_trip(settings_file: Path) -> None:
    settings = Settings.load(settings_file)

    settings.set("media_host.kind", "s3")
    settings.set("x.paid_profile_ids", ["p1", "p2"])
    settings.set("ai.last_choices", {"ws1": {"tone": "friendly", "count": 3}})
    settings.set("composer.time_zone", "Europe/Berlin")
    reloaded = Settings.load(settings_file)

    assert reloaded.get("media_host.kind") == "s3"
    assert reloaded.get("x.paid_profile_ids") == ["p1", "p2"]
    assert reloaded.get("ai.last_choices") == {"ws1": {"tone": "friendly", "count": 3}}
    assert reloaded.get("composer.time_zone") == "Europe/Berlin"
    assert reloaded.get("ui.last_workspace_id") == ""


def test_file_stores_version_and_set_values(settings_file: Path) -> None:
    settings = Settings.load(settings_file)

    settings.set("ui.last_workspace_id", "ws-2")

    assert _read(settings_file) == {
        "version": len(MIGRATIONS) + 1,
        "values": {"ui.last_workspace_id": "ws-2"},
    }


def test_returned_list_is_a_copy(settings_file: Path) -> None:
    settings = Settings.load(settings_file)
    settings.set("ai.prompt_history", ["first"])

    history = settings.get("ai.prompt_history")
    history.append("changed without set")

    assert settings.get("ai.prompt_history") == ["first"]


def test_reset_restores_default(settings_file: Path) -> None:
    settings = Settings.load(settings_file)
    settings.set("media_host.kind", "sandbox")

    settings.reset("media_host.kind")

    assert settings.get("media_host.kind") == "none"
    assert _read(settings_file)["values"] == {}


def test_unknown_setting_rejected(settings_file: Path) -> None:
    settings = Settings.load(settings_file)

    with pytest.raises(UnknownSettingError, match=r"unknown setting 'ui\.colour'"):
        settings.get("ui.colour")
    with pytest.raises(KeyError):
        settings.set("ui.colour", "red")
    assert not settings_file.exists()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("media_host.kind", 3, "is not of type str"),
        ("media_host.kind", "ftp", "must be one of 'sandbox', 's3', 'none'"),
        ("x.paid_profile_ids", "p1", "is not a list of strings"),
        ("x.paid_profile_ids", ["p1", 2], "is not a list of strings"),
        ("ai.last_choices", {1: "a"}, "is not a dict with string keys"),
        ("ai.last_choices", {"ws": {1, 2}}, "cannot be stored as JSON"),
        ("composer.time_zone", "Mars/Olympus", "is not an IANA time zone name"),
        ("media_host.s3.endpoint_url", "s3.example.com", "must start with https://"),
    ],
)
def test_invalid_value_rejected(settings_file: Path, name: str, value: Any, message: str) -> None:
    settings = Settings.load(settings_file)

    with pytest.raises(InvalidSettingError, match=message):
        settings.set(name, value)

    assert settings.get(name) == settings.spec(name).default
    assert not settings_file.exists()


def test_bool_and_int_kept_apart(tmp_path: Path) -> None:
    schema = (
        SettingSpec("a.flag", bool, False, "A flag."),
        SettingSpec("a.count", int, 0, "A count."),
        SettingSpec("a.ratio", float, 0.5, "A ratio."),
    )
    settings = Settings.load(tmp_path / "s.json", schema=schema)

    with pytest.raises(InvalidSettingError):
        settings.set("a.flag", 1)
    with pytest.raises(InvalidSettingError):
        settings.set("a.count", True)
    settings.set("a.ratio", 2)

    assert settings.get("a.ratio") == 2.0
    assert isinstance(settings.get("a.ratio"), float)


def test_invalid_stored_value_falls_back(
    settings_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings_file.parent.mkdir(parents=True)
    document = {"version": 1, "values": {"media_host.kind": "ftp", "ui.last_workspace_id": "w"}}
    settings_file.write_text(json.dumps(document), encoding="utf-8")

    settings = Settings.load(settings_file)

    assert settings.get("media_host.kind") == "none"
    assert settings.get("ui.last_workspace_id") == "w"
    assert settings.load_problem is None
    assert "media_host.kind" in caplog.text


def test_unknown_stored_values_kept(settings_file: Path) -> None:
    settings_file.parent.mkdir(parents=True)
    document = {"version": 1, "values": {"future.option": [1, 2]}}
    settings_file.write_text(json.dumps(document), encoding="utf-8")

    settings = Settings.load(settings_file)
    settings.set("ui.last_workspace_id", "w")

    assert _read(settings_file)["values"] == {"future.option": [1, 2], "ui.last_workspace_id": "w"}


def test_migrations_run_in_order(settings_file: Path) -> None:
    def rename_workspace(values: dict[str, Any]) -> dict[str, Any]:
        values["ui.last_workspace_id"] = values.pop("ui.workspace")
        return values

    def upper_case_workspace(values: dict[str, Any]) -> dict[str, Any]:
        values["ui.last_workspace_id"] = values["ui.last_workspace_id"].upper()
        return values

    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(
        json.dumps({"version": 1, "values": {"ui.workspace": "ws-1"}}), encoding="utf-8"
    )

    settings = Settings.load(settings_file, migrations=(rename_workspace, upper_case_workspace))
    settings.set("media_host.kind", "s3")

    assert settings.get("ui.last_workspace_id") == "WS-1"
    assert _read(settings_file)["version"] == 3
    assert _read(settings_file)["values"]["ui.last_workspace_id"] == "WS-1"


def test_migrations_start_at_file_version(settings_file: Path) -> None:
    calls: list[str] = []

    def first(values: dict[str, Any]) -> dict[str, Any]:
        calls.append("first")
        return values

    def second(values: dict[str, Any]) -> dict[str, Any]:
        calls.append("second")
        return values

    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"version": 2, "values": {}}), encoding="utf-8")

    Settings.load(settings_file, migrations=(first, second))

    assert calls == ["second"]


def test_failing_migration_moves_file_aside(settings_file: Path) -> None:
    def broken(values: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("cannot convert")

    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"version": 1, "values": {}}), encoding="utf-8")

    settings = Settings.load(settings_file, migrations=(broken,))

    assert settings.load_problem is not None
    assert "migrating it from version 1 to 2 failed" in settings.load_problem
    assert not settings_file.exists()
    assert len(list(settings_file.parent.glob("settings.json.corrupt-*"))) == 1


def test_newer_file_keeps_its_version(settings_file: Path) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"version": 7, "values": {}}), encoding="utf-8")

    settings = Settings.load(settings_file)
    settings.set("ui.last_workspace_id", "w")

    assert _read(settings_file)["version"] == 7


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "does not contain a JSON object"),
        ('{"version": "one", "values": {}}', "version 'one' is not a positive integer"),
        ('{"version": 1, "values": []}', "'values' entry is not a JSON object"),
    ],
)
def test_corrupt_file_moved_aside(
    settings_file: Path, caplog: pytest.LogCaptureFixture, content: str, reason: str
) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(content, encoding="utf-8")

    settings = Settings.load(settings_file)

    moved = list(settings_file.parent.glob("settings.json.corrupt-*"))
    assert len(moved) == 1
    assert moved[0].read_text(encoding="utf-8") == content
    assert not settings_file.exists()
    assert settings.load_problem is not None
    assert reason in settings.load_problem
    assert str(moved[0]) in settings.load_problem
    assert settings.get("media_host.kind") == "none"
    assert any(record.levelno == logging.WARNING for record in caplog.records)


def test_second_corrupt_file_gets_new_name(settings_file: Path) -> None:
    settings_file.parent.mkdir(parents=True)
    for _ in range(2):
        settings_file.write_text("{", encoding="utf-8")
        Settings.load(settings_file)

    assert len(list(settings_file.parent.glob("settings.json.corrupt-*"))) == 2


def test_non_utf8_file_moved_aside(settings_file: Path) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_bytes(b"\xff\xfe\x00garbage")

    settings = Settings.load(settings_file)

    assert settings.load_problem is not None
    assert "reading it failed" in settings.load_problem
    assert len(list(settings_file.parent.glob("settings.json.corrupt-*"))) == 1


def test_failed_write_keeps_old_file(settings_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings.load(settings_file)
    settings.set("media_host.kind", "sandbox")
    old_text = settings_file.read_text(encoding="utf-8")

    def fail_replace(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail_replace)

    with pytest.raises(SettingsWriteError, match="No space left on device"):
        settings.set("media_host.kind", "s3")

    assert settings_file.read_text(encoding="utf-8") == old_text
    assert settings.get("media_host.kind") == "sandbox"
    assert [path.name for path in settings_file.parent.iterdir()] == ["settings.json"]


def test_failed_first_write_leaves_no_file(
    settings_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings.load(settings_file)
    monkeypatch.setattr(os, "replace", _raise_os_error)

    with pytest.raises(SettingsWriteError):
        settings.set("ui.last_workspace_id", "w")

    assert settings.get("ui.last_workspace_id") == ""
    assert list(settings_file.parent.iterdir()) == []


def _raise_os_error(*args: object) -> None:
    raise OSError(13, "Permission denied")


def test_failed_reset_keeps_value(settings_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings.load(settings_file)
    settings.set("ui.last_workspace_id", "w")
    monkeypatch.setattr(os, "replace", _raise_os_error)

    with pytest.raises(SettingsWriteError):
        settings.reset("ui.last_workspace_id")

    assert settings.get("ui.last_workspace_id") == "w"


SECRET_WORDS = ("key", "secret", "password", "token", "credential")


def test_schema_holds_no_secrets() -> None:
    for spec in SCHEMA:
        if spec.name in NON_SECRET_NAMES_LIKE_SECRETS:
            continue
        for word in SECRET_WORDS:
            assert word not in spec.name.lower(), f"{spec.name} looks like a secret"


def test_schema_defaults_are_valid(settings_file: Path) -> None:
    settings = Settings.load(settings_file)

    for spec in SCHEMA:
        settings.set(spec.name, spec.default)
        assert spec.description.endswith(".")

    assert len({spec.name for spec in SCHEMA}) == len(SCHEMA)
