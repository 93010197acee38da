"""Real HTTP with uvicorn on 127.0.0.1, the state file, and the ocoya-sandbox command."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from ocoya_desktop.sandbox import DEMO_API_KEY, build_demo_store, create_app
from ocoya_desktop.sandbox.cli import build_parser, is_loopback_host, main, open_store
from ocoya_desktop.sandbox.server import serve_in_thread
from ocoya_desktop.sandbox.state import StateFileError, load_state, save_state, store_to_json
from ocoya_desktop.sandbox.store import MediaObject, PostGroup

from .conftest import START, FakeClock, iso

API = "/api/_public/v1"
KEY = {"X-API-Key": DEMO_API_KEY}


def test_serves_real_http(clock: FakeClock) -> None:
    app = create_app(clock=clock)

    with serve_in_thread(app) as base_url, httpx.Client(base_url=base_url, headers=KEY) as client:
        me = client.get(f"{API}/me")
        workspaces = client.get(f"{API}/workspaces").json()
        profiles = client.get(f"{API}/social-profiles", params={"workspaceId": workspaces[0]["id"]})
        avatar = client.get(profiles.json()[0]["image"])

    assert base_url.startswith("http://127.0.0.1:")
    assert me.status_code == 200
    assert me.headers["X-RateLimit-Limit"] == "60"
    assert profiles.json()[0]["image"].startswith(base_url + "/_sandbox/files/")
    assert avatar.headers["content-type"] == "image/png"


def test_real_http_drop_loses_response(clock: FakeClock) -> None:
    app = create_app(clock=clock)
    app.state.faults.drop_after_create = True
    workspace_id = next(iter(app.state.store.workspaces))
    before = len(app.state.store.posts)

    with serve_in_thread(app) as base_url, httpx.Client(base_url=base_url, headers=KEY) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.post(f"{API}/post", params={"workspaceId": workspace_id}, json={"caption": "x"})
        app.state.faults.drop_after_create = False
        after = client.get(f"{API}/me")

    assert len(app.state.store.posts) == before + 1
    assert after.status_code == 200


def test_server_stops_on_exit(clock: FakeClock) -> None:
    with serve_in_thread(create_app(clock=clock)) as base_url:
        pass

    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}{API}/me", headers=KEY)


# State file


def test_state_round_trip(tmp_path: Path) -> None:
    store = build_demo_store(START)
    workspace_id = next(iter(store.workspaces))
    store.add_post(
        PostGroup(
            id=store.new_id(),
            workspace_id=workspace_id,
            status="SCHEDULED",
            caption="Round trip 😀",
            created_at=START,
            scheduled_at=START + timedelta(days=1),
        )
    )
    store.put_media("clip.mp4", "video/mp4", b"\x00\x01binary")
    path = tmp_path / "state.json"

    save_state(store, path)
    loaded = load_state(path)

    assert store_to_json(loaded) == store_to_json(store)
    assert loaded.media["clip.mp4"] == MediaObject("clip.mp4", "video/mp4", b"\x00\x01binary")


def test_state_rejects_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text('{"version": 1, "accounts": [{"api_key": 3}]}', encoding="utf-8")

    with pytest.raises(StateFileError, match=r"state\.json"):
        load_state(path)


def test_open_store_saves_every_change(tmp_path: Path) -> None:
    path = tmp_path / "demo" / "state.json"

    store = open_store(path)
    post_id = next(iter(store.posts))
    store.delete_post(post_id)
    reopened = open_store(path)

    assert path.exists()
    assert post_id not in reopened.posts
    assert len(reopened.posts) == len(store.posts)
    assert not [p for p in path.parent.iterdir() if p.name != "state.json"]


async def test_state_keeps_api_changes(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "state.json"
    app = create_app(store=open_store(path), clock=clock)
    workspace_id = next(iter(app.state.store.workspaces))

    with serve_in_thread(app) as base_url:
        async with httpx.AsyncClient(base_url=base_url, headers=KEY) as client:
            response = await client.post(
                f"{API}/post",
                params={"workspaceId": workspace_id},
                json={"caption": "kept", "scheduledAt": iso(START + timedelta(hours=1))},
            )

    saved = json.loads(path.read_text(encoding="utf-8"))
    assert response.json()["postGroupId"] in {post["id"] for post in saved["posts"]}


# The command line


def test_cli_rejects_remote_host(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--host", "0.0.0.0"])

    assert exit_info.value.code == 2
    assert "--allow-remote" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--port", "70000"], "--port"),
        (["--latency", "-1"], "--latency"),
        (["--ai-delay", "-2"], "--ai-delay"),
    ],
)
def test_cli_rejects_bad_values(
    capsys: pytest.CaptureFixture[str], argv: list[str], option: str
) -> None:
    with pytest.raises(SystemExit):
        main(argv)

    assert option in capsys.readouterr().err


def test_cli_reports_broken_state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "state.json"
    path.write_text("not json", encoding="utf-8")

    assert main(["--state", str(path)]) == 1
    assert str(path) in capsys.readouterr().err


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.4", False),
        ("example.org", False),
    ],
)
def test_loopback_detection(host: str, expected: bool) -> None:
    assert is_loopback_host(host) is expected


def test_cli_defaults() -> None:
    args = build_parser().parse_args([])

    assert args.host == "127.0.0.1"
    assert args.port == 8765
    assert args.allow_remote is False


def test_command_serves_demo_key(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "ocoya_desktop.sandbox.cli", "--port", "0", "--ai-delay", "0"]
    command += ["--state", str(tmp_path / "state.json")]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        key_line = process.stdout.readline()
        base_url = banner.split()[3]
        response = httpx.get(f"{base_url}{API}/me", headers=KEY)
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()

    assert base_url.startswith("http://127.0.0.1:")
    assert DEMO_API_KEY in key_line
    assert response.status_code == 200
    assert response.json()["name"] == "Dana Demo"
