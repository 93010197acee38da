"""The composer in a real window on an X display: type, attach, schedule, and check the post.

The flow runs in a subprocess whose Qt uses the xcb platform on Xvfb, so keyboard and mouse
events go through a real window system. The subprocess uses the in-process sandbox and
prints what the sandbox stored as one JSON line.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.xvfb import run_python_on_display

REPO_ROOT = Path(__file__).resolve().parents[2]

FLOW = r"""
import asyncio, datetime as dt, json, sys
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx, qasync
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ocoya_desktop.api import OcoyaClient
from ocoya_desktop.app import DEMO_BASE_URL, DEMO_ROOT_URL, build_main_window
from ocoya_desktop.media_hosts import SandboxMediaHost
from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.ui.errors import ErrorPresenter
from ocoya_desktop.ui.tasks import TaskRunner
from tests.helpers.media_files import make_jpeg

WORK = Path(sys.argv[1])
CAPTION = "Real window test 🎉"
LIMIT = 30.0


async def until(check):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + LIMIT
    while not check():
        if loop.time() > deadline:
            raise TimeoutError("the window did not reach the expected state")
        await asyncio.sleep(0.02)


async def flow():
    sandbox = create_app(rate_limit=100_000)
    transport = SandboxTransport(sandbox)
    client = OcoyaClient(DEMO_API_KEY, base_url=DEMO_BASE_URL, transport=transport)
    http = httpx.AsyncClient(transport=transport)
    errors = ErrorPresenter()
    runner = TaskRunner(asyncio.get_running_loop(), errors)
    me = await client.me()
    window = build_main_window(
        client=client, image_http=http, cache_dir=WORK / "cache",
        settings=Settings.load(WORK / "settings.json"), me=me, errors=errors,
        runner=runner, demo=True,
        host_provider=lambda: SandboxMediaHost(http, api_key=DEMO_API_KEY, base_url=DEMO_ROOT_URL),
    )
    loaded = []
    window.controller.workspace_loaded.connect(loaded.append)
    window.show()
    window.activateWindow()
    window.start()
    await until(lambda: loaded)

    model = window.sidebar.profile_view.model()
    ids = [model.profiles()[0].id, model.profiles()[1].id]
    view = window.sidebar.profile_view
    view.setFocus()
    for row in range(2):
        # Space ticks the current profile, as a keyboard user does.
        view.setCurrentIndex(model.index(row, 0))
        QTest.keyClick(view, Qt.Key.Key_Space)
    await until(lambda: len(model.checked_ids()) == 2)

    editor = window.editor
    editor.caption_edit.setFocus()
    QTest.keyClicks(editor.caption_edit, "Real window test ")
    editor.caption_edit.insertPlainText("🎉")

    photo = make_jpeg(WORK / "photo.jpg", (320, 240))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(photo))])
    zone = window.composer.media_zone
    rest = (
        Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(zone, QDragEnterEvent(QPoint(20, 20), *rest))
    QApplication.sendEvent(zone, QDropEvent(QPointF(20, 20), *rest))
    await until(lambda: zone.media_urls() and not zone.is_busy())

    picker = editor.schedule_picker
    zone_info = ZoneInfo(picker.time_zone_name())
    day = dt.datetime.now(zone_info).date() + dt.timedelta(days=1)
    picker.set_local_datetime(day, dt.time(9, 0))
    expected = dt.datetime.combine(day, dt.time(9, 0), tzinfo=zone_info).astimezone(dt.UTC)

    QTest.mouseClick(editor.schedule_button, Qt.MouseButton.LeftButton)
    store = sandbox.state.store
    await until(lambda: any(p.caption == CAPTION for p in store.posts.values()))
    [post] = [p for p in store.posts.values() if p.caption == CAPTION]
    schedule = window.schedule_view.proxy.sourceModel()
    await until(lambda: any(schedule.post_at(r).id == post.id for r in range(schedule.rowCount())))
    print(json.dumps({
        "caption": post.caption,
        "profiles": sorted(post.social_profile_ids),
        "expected_profiles": sorted(ids),
        "media": [c.url for c in post.creatives],
        "media_urls": zone.media_urls() or [c.url for c in post.creatives],
        "scheduled_at": post.scheduled_at.isoformat(),
        "expected_at": expected.isoformat(),
        "status": post.status,
        "editor_caption": editor.caption(),
    }))
    window.close()
    await runner.shutdown()
    await client.aclose()
    await http.aclose()


app = QApplication(sys.argv[:1])
app.setQuitOnLastWindowClosed(False)
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
with loop:
    loop.run_until_complete(flow())
"""


def test_schedule_post_in_real_window(xvfb_display: str, tmp_path: Path) -> None:
    code = f"import sys; sys.path.insert(0, {str(REPO_ROOT)!r})\n" + FLOW

    result = run_python_on_display(xvfb_display, code, args=(str(tmp_path),))

    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["caption"] == "Real window test 🎉"
    assert outcome["profiles"] == outcome["expected_profiles"]
    assert len(outcome["media"]) == 1
    assert outcome["media"][0].startswith("http://demo.invalid/_sandbox/media/")
    assert outcome["scheduled_at"] == outcome["expected_at"]
    assert outcome["status"] == "SCHEDULED"
    assert outcome["editor_caption"] == ""
