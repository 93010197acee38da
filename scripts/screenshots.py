"""Save screenshots of the main window in demo mode, for the documentation.

Run it on a real display (or under Xvfb) from the repository root:

    uv run python scripts/screenshots.py --output docs/screenshots/main-window.png \
        --composer-output docs/screenshots/composer.png

It builds the window as the app does, on the in-process sandbox, waits until the first
workspace, its avatars and the Studio template thumbnails have loaded, and saves
``QWidget.grab()`` of the window as PNG.
With ``--composer-output`` it then types a caption, attaches a generated photo (uploaded to
the sandbox) and saves a second picture of the composer at work. With ``--calendar-output``
and ``--calendar-week-output`` it also saves the Calendar tab in its month and week views.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import httpx
import qasync
from PIL import Image, ImageDraw
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ocoya_desktop.api import OcoyaClient
from ocoya_desktop.app import DEMO_BASE_URL, DEMO_ROOT_URL, build_main_window
from ocoya_desktop.media_hosts import SandboxMediaHost
from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.ui.ai_controller import AiController
from ocoya_desktop.ui.errors import ErrorPresenter
from ocoya_desktop.ui.icons import app_icon
from ocoya_desktop.ui.main_window import MainWindow
from ocoya_desktop.ui.models.profile_list_model import ProfileListModel
from ocoya_desktop.ui.tasks import TaskRunner

WINDOW_SIZE = (1560, 900)
CALENDAR_WINDOW_SIZE = (1600, 900)
CAPTION = "Summer collection drops Friday ☀️ Which colour is your favourite? #newin #summer"
# Upper bound on waiting for the sandbox's responses; it only stops a hung run.
LOAD_TIMEOUT_SECONDS = 30.0
SETTLE_ROUNDS = 10


async def capture(
    output: Path,
    data_dir: Path,
    composer_output: Path | None = None,
    calendar_outputs: tuple[Path | None, Path | None] = (None, None),
) -> None:
    """Show the demo main window, wait for its data, and save it to ``output``.

    With ``composer_output``, also fill in the editor and save a second picture there.
    """
    transport = SandboxTransport(create_app())
    client = OcoyaClient(DEMO_API_KEY, base_url=DEMO_BASE_URL, transport=transport)
    image_http = httpx.AsyncClient(transport=transport)
    errors = ErrorPresenter()
    runner = TaskRunner(asyncio.get_running_loop(), errors)
    try:
        me = await client.me()
        window = build_main_window(
            client=client,
            image_http=image_http,
            cache_dir=data_dir / "cache",
            settings=Settings.load(data_dir / "settings.json"),
            me=me,
            errors=errors,
            runner=runner,
            demo=True,
            host_provider=lambda: SandboxMediaHost(
                image_http, api_key=DEMO_API_KEY, base_url=DEMO_ROOT_URL
            ),
        )
        window.resize(*WINDOW_SIZE)
        window.show()
        window.start()
        await asyncio.wait_for(_until_loaded(window, runner), LOAD_TIMEOUT_SECONDS)
        _check_two_profiles(window)
        _show_template_thumbnails(window)

        _save(window, output)
        if composer_output is not None:
            await _fill_composer(window, data_dir)
            _save(window, composer_output)
        await _save_calendar(window, *calendar_outputs)
        window.close()
    finally:
        await runner.shutdown()
        await client.aclose()
        await image_http.aclose()


async def _until_loaded(window: MainWindow, runner: TaskRunner) -> None:
    loop = asyncio.get_running_loop()
    loaded: asyncio.Future[None] = loop.create_future()
    idle: asyncio.Future[None] = loop.create_future()

    def on_loaded(_data: object) -> None:
        if not loaded.done():
            loaded.set_result(None)

    def on_busy_changed(busy: bool) -> None:
        # The runner is idle for a moment between the workspace list and the workspace
        # itself, so only an idle runner after the load counts.
        if not busy and loaded.done() and not idle.done():
            idle.set_result(None)

    window.controller.workspace_loaded.connect(on_loaded)
    runner.busy_changed.connect(on_busy_changed)
    await loaded
    # The load started the avatar and template thumbnail downloads before ``workspace_loaded``
    # reached this function; wait until they have finished too.
    if runner.is_busy():
        await idle
    model = window.sidebar.profile_view.model()
    assert isinstance(model, ProfileListModel)
    missing = [p.name for p in model.profiles() if p.image and not model.has_avatar(p.id)]
    if missing:
        raise RuntimeError(f"the avatars of {', '.join(missing)} did not load from the sandbox")


def _save(window: MainWindow, output: Path) -> None:
    # A changed label requests a new layout from its parent, which requests one from its own
    # parent in a later event, and new child widgets are shown by a queued call. A few rounds
    # of events let all of that settle before the picture is taken.
    for _ in range(SETTLE_ROUNDS):
        QApplication.processEvents()
    output.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(output), "PNG"):
        raise OSError(f"saving the screenshot to {output} failed")
    print(f"Saved {output}")


async def _fill_composer(window: MainWindow, data_dir: Path) -> None:
    """Type a caption and attach a photo, then wait until the upload and thumbnail are done."""
    window.editor.set_caption(CAPTION)
    photo = data_dir / "summer.jpg"
    _draw_photo(photo)
    zone = window.composer.media_zone
    zone.add_sources([photo])
    loop = asyncio.get_running_loop()
    deadline = loop.time() + LOAD_TIMEOUT_SECONDS
    while not (zone.media_urls() and not zone.is_busy() and _has_thumbnail(window)):
        if loop.time() > deadline:
            raise TimeoutError("the photo did not finish uploading to the sandbox")
        # Polling is fine in this script; it only waits for the upload before the picture.
        await asyncio.sleep(0.05)


async def _save_calendar(
    window: MainWindow, month_output: Path | None, week_output: Path | None
) -> None:
    """Show the Calendar tab and save its month view, then its week view."""
    if month_output is None and week_output is None:
        return
    # Imported here: only the calendar pictures need it.
    from ocoya_desktop.ui.widgets.calendar_grid import CalendarMode

    view = window.calendar_view
    window.schedule_tabs.setCurrentWidget(view)
    # A wider window and schedule area give the calendar's cells room for their chips.
    window.resize(CALENDAR_WINDOW_SIZE[0], CALENDAR_WINDOW_SIZE[1])
    window.splitter.setSizes([220, 1000, 380])
    view.grid.go_to_today()
    posts = [view.grid.posts_on(day) for day in view.grid.visible_days()]
    first = next((day[0] for day in posts if day), None)
    if first is not None:
        view.grid.select_post(first.id)
    await asyncio.sleep(0)
    if month_output is not None:
        view.set_mode(CalendarMode.MONTH)
        _save(window, month_output)
    if week_output is not None:
        view.set_mode(CalendarMode.WEEK)
        # The demo data has more posts next week than in the days left of this one.
        view.grid.step(1)
        _save(window, week_output)


def _has_thumbnail(window: MainWindow) -> bool:
    items = window.composer.media_zone.model.items()
    return bool(items) and all(item.thumbnail is not None for item in items)


def _draw_photo(path: Path) -> None:
    """Draw a simple landscape: sky, sun and sea, so the thumbnail reads as a photo."""
    image = Image.new("RGB", (960, 720), (120, 180, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 430, 960, 720), fill=(30, 110, 170))
    draw.rectangle((0, 560, 960, 720), fill=(235, 210, 150))
    draw.ellipse((620, 90, 800, 270), fill=(255, 214, 80))
    image.save(path, format="JPEG", quality=90)


def _show_template_thumbnails(window: MainWindow) -> None:
    """Turn on "Generate an image", which opens the Studio templates with their thumbnails."""
    ai = window.findChild(AiController)
    if ai is not None:
        ai.panel.generate_image_check.setChecked(True)


def _check_two_profiles(window: MainWindow) -> None:
    """Tick the first two profiles, as a user picking where to post would."""
    model = window.sidebar.profile_view.model()
    checked = Qt.CheckState.Checked.value
    for row in range(min(2, model.rowCount())):
        model.setData(model.index(row, 0), checked, Qt.ItemDataRole.CheckStateRole)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("docs/screenshots/main-window.png"),
        help="PNG file to write (default: docs/screenshots/main-window.png)",
    )
    parser.add_argument(
        "--composer-output",
        type=Path,
        default=None,
        help="also write a picture of the composer with a caption and a photo to this PNG",
    )
    parser.add_argument(
        "--calendar-output",
        type=Path,
        default=None,
        help="also write a picture of the Calendar tab's month view to this PNG",
    )
    parser.add_argument(
        "--calendar-week-output",
        type=Path,
        default=None,
        help="also write a picture of the Calendar tab's week view to this PNG",
    )
    args = parser.parse_args(argv)

    app = QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())
    # Closing the window must not end the Qt loop before the clean-up has run.
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory(prefix="ocoya-screenshot-") as folder, loop:
        calendar_outputs = (args.calendar_output, args.calendar_week_output)
        loop.run_until_complete(
            capture(args.output, Path(folder), args.composer_output, calendar_outputs)
        )
    asyncio.set_event_loop(None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
