"""The composition root: builds storage, the API client, services and the main window.

Dependencies pass through constructors in one place, here; nothing is looked up globally.
``run`` is the app's top-level coroutine on the qasync loop. It signs in, shows the main
window until it closes, and repeats from sign-in when the user signs out or the key stops
working. On the way out it cancels running tasks and closes the HTTP clients.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import truststore
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from ocoya_desktop.api import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, Me, OcoyaClient
from ocoya_desktop.logging_setup import SecretRedactingFilter
from ocoya_desktop.media_hosts import (
    LinkCheckError,
    MediaHost,
    S3Config,
    S3Credentials,
    S3MediaHost,
    SandboxMediaHost,
)
from ocoya_desktop.services.connectivity import ConnectionEvents, ReachabilityTransport
from ocoya_desktop.services.media_pipeline import PreparedMedia, check_link
from ocoya_desktop.services.session import (
    ApiKeyStore,
    ClientFactory,
    load_api_key,
    sign_in,
    sign_out,
)
from ocoya_desktop.services.workspace import ImageCache, WorkspaceLoader
from ocoya_desktop.storage.drafts_db import (
    DRAFTS_FILE_NAME,
    DraftsDatabase,
    DraftsDatabaseError,
    OpenedDatabase,
)
from ocoya_desktop.storage.paths import AppPaths
from ocoya_desktop.storage.secrets import (
    BaseSecretStore,
    KeyringUnavailableError,
    SecretStore,
    SecretStoreError,
    SessionSecretStore,
)
from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.storage.settings_schema import SCHEMA
from ocoya_desktop.ui.ai_controller import AiController
from ocoya_desktop.ui.async_dialogs import run_dialog
from ocoya_desktop.ui.bulk_controller import BulkController
from ocoya_desktop.ui.calendar_controller import CalendarController
from ocoya_desktop.ui.composer_controller import ComposerController, UrlOpener
from ocoya_desktop.ui.crash_handlers import LastResortHandlers
from ocoya_desktop.ui.dialogs.settings_dialog import MediaHostingChoice, SettingsDialog
from ocoya_desktop.ui.dialogs.sign_in_dialog import SignInDialog
from ocoya_desktop.ui.errors import ErrorPresenter, UserMessage, describe_error, server_label
from ocoya_desktop.ui.main_window import CloseReason, MainWindow
from ocoya_desktop.ui.models.profile_list_model import ProfileListModel
from ocoya_desktop.ui.models.schedule_model import ScheduleModel
from ocoya_desktop.ui.outbox_controller import install_reliability_tools, reliability_tools_of
from ocoya_desktop.ui.settings_store import SettingsStore
from ocoya_desktop.ui.tasks import RateLimitCountdown, TaskRunner
from ocoya_desktop.ui.widgets.ai_panel import AiPanel
from ocoya_desktop.ui.widgets.media_drop_zone import HostProvider, LinkChecker, MediaDropZone
from ocoya_desktop.ui.widgets.post_editor import PostEditor
from ocoya_desktop.ui.workspace_controller import WorkspaceController

_log = logging.getLogger(__name__)

DEMO_ROOT_URL = "http://demo.invalid"
DEMO_BASE_URL = DEMO_ROOT_URL + "/api/_public/v1"
"""Base URL in demo mode. Requests go to the in-process sandbox, never to a socket; the
reserved ``.invalid`` name could not resolve even if a request did leave the process."""

EXIT_OK = 0
EXIT_START_FAILED = 1


@dataclass(frozen=True)
class AppOptions:
    """Options chosen on the command line."""

    demo: bool = False
    api_base: str | None = None
    data_dir: Path | None = None
    exit_after_start: bool = False
    """Quit with code 0 once the first workspace has loaded (1 if it failed); for tests."""


@dataclass
class _Backend:
    """The HTTP side: how to build an ``OcoyaClient`` and how images are downloaded."""

    client_factory: ClientFactory
    image_http: httpx.AsyncClient
    transport: httpx.AsyncBaseTransport | None
    base_url: str
    # Whether each API request reached the server, for the offline indicator and outbox.
    connection_events: ConnectionEvents = field(default_factory=ConnectionEvents)
    server: str = ""
    """The API's ``server_label``, which messages name ("" for Ocoya's own and demo mode)."""

    async def aclose(self) -> None:
        await self.image_http.aclose()
        if self.transport is not None:
            await self.transport.aclose()


async def run(
    options: AppOptions,
    qt_app: QApplication,
    paths: AppPaths,
    redactor: SecretRedactingFilter | None = None,
) -> int:
    """Run the app until the user quits; return the process exit code."""
    _log.info("Starting (demo mode: %s)", options.demo)
    paths.ensure()
    settings = Settings.load(paths.settings_file)
    if settings.load_problem:
        _log.warning("Settings were reset: %s", settings.load_problem)
    _log.info("Settings loaded from %s", paths.settings_file)

    backend = _build_backend(options)
    store: ApiKeyStore = _build_secret_store(options)
    loop = asyncio.get_running_loop()
    try:
        return await _session_loop(options, qt_app, paths, settings, backend, store, loop, redactor)
    finally:
        await backend.aclose()
        _log.info("Stopped")


async def _session_loop(
    options: AppOptions,
    qt_app: QApplication,
    paths: AppPaths,
    settings: Settings,
    backend: _Backend,
    store: ApiKeyStore,
    loop: asyncio.AbstractEventLoop,
    redactor: SecretRedactingFilter | None,
) -> int:
    problem: str | None = None
    while True:
        signed_in = await _obtain_session(
            backend.client_factory, store, loop, problem, server=backend.server
        )
        if signed_in is None:
            _log.info("Sign-in cancelled; quitting")
            return EXIT_OK
        key, me, store = signed_in
        if redactor is not None:
            redactor.add_secret(key)

        session = _Session(options, paths, settings, backend, key, me, loop)
        reason, exit_code = await session.run()
        if reason == CloseReason.QUIT:
            return exit_code

        problem = None
        if reason == CloseReason.SIGN_IN_REQUIRED:
            problem = QCoreApplication.translate(
                "App", "Ocoya rejected the stored API key. Paste a valid key to continue."
            )
        await _forget_key(store)


async def _forget_key(store: ApiKeyStore) -> None:
    try:
        await sign_out(store)
    except KeyringUnavailableError as error:
        _log.warning("Removing the API key from the keyring failed: %s", error)


def _build_backend(options: AppOptions) -> _Backend:
    transport: httpx.AsyncBaseTransport | None = None
    base_url = options.api_base or DEFAULT_BASE_URL
    if options.demo:
        # Imported here: the sandbox and Starlette are needed only in demo mode.
        from ocoya_desktop.sandbox import create_app
        from ocoya_desktop.sandbox.transport import SandboxTransport

        transport = SandboxTransport(create_app())
        base_url = DEMO_BASE_URL
        _log.info("Demo mode: using the in-process sandbox")
    else:
        _log.info("Using the Ocoya API at %s", base_url)

    events = ConnectionEvents()

    def client_factory(key: str) -> OcoyaClient:
        inner = transport if transport is not None else _network_transport()
        reporting = ReachabilityTransport(inner, events)
        return OcoyaClient(key, base_url=base_url, transport=reporting)

    image_http = httpx.AsyncClient(transport=transport, timeout=DEFAULT_TIMEOUT)
    server = "" if options.demo else server_label(base_url)
    return _Backend(client_factory, image_http, transport, base_url, events, server)


def _network_transport() -> httpx.AsyncBaseTransport:
    # The same TLS verification OcoyaClient sets up without a transport: the operating
    # system's certificate store, through truststore.
    return httpx.AsyncHTTPTransport(verify=truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT))


def _build_secret_store(options: AppOptions) -> ApiKeyStore:
    if not options.demo:
        return SecretStore()
    from ocoya_desktop.sandbox import DEMO_API_KEY

    # Demo mode never touches the keyring: the sandbox key lives in memory only.
    store = SessionSecretStore()
    store.set_api_key(DEMO_API_KEY)
    return store


async def _obtain_session(
    client_factory: ClientFactory,
    store: ApiKeyStore,
    loop: asyncio.AbstractEventLoop,
    problem: str | None,
    *,
    server: str = "",
) -> tuple[str, Me, ApiKeyStore] | None:
    """Return a checked key, its owner and its store, asking the user when needed.

    ``server`` is the API's ``server_label``, which messages name when it cannot be reached.
    """
    key: str | None = None
    if problem is None:
        try:
            key = await load_api_key(store)
        except KeyringUnavailableError as error:
            _log.warning("The keyring is unavailable: %s", error)

    if key:
        # NOTE: sign-in needs a response to GET /me, so without a network the window does not
        # open, and Local Drafts and the outbox are out of reach until Ocoya can be reached.
        try:
            me = await sign_in(client_factory, key)
            return key, me, store
        except Exception as error:  # every failure leads to the dialog, which shows why
            report = describe_error(
                error, "Checking the stored API key", checks_key=True, server=server
            )
            problem = report.message.text if report is not None else None
            _log.warning("The stored API key could not be checked: %s", error)

    _log.info("Asking for an API key")
    dialog = SignInDialog(client_factory, store, loop, server=server)
    if key:
        dialog.key_field.setText(key)
    if problem:
        dialog.show_problem(problem)
    try:
        accepted = await run_dialog(dialog) == SignInDialog.DialogCode.Accepted
        result = dialog.sign_in_result()
    finally:
        dialog.deleteLater()
    if not accepted or result is None:
        return None
    return result.api_key, result.me, result.store


def build_main_window(
    *,
    client: OcoyaClient,
    image_http: httpx.AsyncClient | None,
    cache_dir: Path,
    settings: SettingsStore,
    me: Me,
    errors: ErrorPresenter,
    runner: TaskRunner,
    demo: bool,
    host_provider: HostProvider | None = None,
    link_checker: LinkChecker | None = None,
    url_opener: UrlOpener | None = None,
    settings_dialog_factory: Callable[[QWidget], QDialog] | None = None,
    drafts: DraftsDatabase | None = None,
    connection_events: ConnectionEvents | None = None,
) -> MainWindow:
    """Build the main window with its models, controllers and editor for a signed-in client.

    With ``drafts`` the editor autosaves into that database, and File → Local Drafts, the
    offline outbox (View → Outbox) and the offline indicator are added. ``connection_events``
    reports every API request's outcome to the offline indicator.

    ``image_http`` downloads profile avatars into ``cache_dir`` and checks pasted media links,
    downloading image links for their thumbnails; None leaves the network icons in their
    place and rejects links. ``host_provider`` returns the media host for local files (None,
    or a provider returning None, means local files cannot be attached). ``url_opener``
    opens a web page in the browser (the desktop's default browser unless given).
    ``settings_dialog_factory`` builds the Settings dialog for a parent; without it the
    Settings action is disabled. The window owns everything built.
    """
    loader = WorkspaceLoader(client)
    images = ImageCache(image_http, cache_dir / "avatars") if image_http is not None else None
    profiles = ProfileListModel()
    schedule = ScheduleModel()
    controller = WorkspaceController(loader, images, runner, profiles, schedule)

    if link_checker is None:
        link_checker = _link_checker_for(image_http, cache_dir / "media")
    media_zone = MediaDropZone(
        cache_dir / "media",
        host_provider=host_provider or _no_media_host,
        link_checker=link_checker,
    )
    time_zone = settings.get("composer.time_zone")
    editor = PostEditor(media_zone, time_zone=time_zone if isinstance(time_zone, str) else "")
    composer = ComposerController(
        client=client,
        runner=runner,
        errors=errors,
        workspace=controller,
        profiles=profiles,
        editor=editor,
        media_zone=media_zone,
        settings=settings,
        url_opener=url_opener or QDesktopServices.openUrl,
    )
    ai = AiController(
        client=client,
        runner=runner,
        errors=errors,
        workspace=controller,
        profiles=profiles,
        composer=composer,
        panel=AiPanel(),
        settings=settings,
        host_provider=host_provider or _no_media_host,
        cache_dir=cache_dir / "media",
        images=ImageCache(image_http, cache_dir / "templates") if image_http is not None else None,
    )
    window = MainWindow(
        me=me,
        controller=controller,
        composer=composer,
        editor=editor,
        profiles=profiles,
        schedule=schedule,
        errors=errors,
        runner=runner,
        settings=settings,
        demo=demo,
        settings_dialog_factory=settings_dialog_factory,
        ai=ai,
    )
    ai.setParent(window)
    errors.message_withdrawn.connect(window.message_bar.withdraw)
    calendar = CalendarController(
        client=client,
        runner=runner,
        errors=errors,
        schedule=schedule,
        view=window.calendar_view,
        composer=composer,
        settings=settings,
        images=ImageCache(image_http, cache_dir / "post-images") if image_http else None,
        parent=window,
    )
    window.set_undo_stack(calendar.undo_stack)
    bulk = BulkController(
        client=client,
        runner=runner,
        workspace=controller,
        schedule=schedule,
        panel=window.task_panel,
        dialog_parent=window,
        errors=errors,
        parent=window,
    )
    window.attach_bulk_controller(bulk)
    # The status bar counts down while the client waits for Ocoya's rate-limit window.
    countdown = RateLimitCountdown(window.statusBar(), parent=window)
    client.add_rate_limit_listener(countdown.on_wait)
    window.destroyed.connect(lambda: client.remove_rate_limit_listener(countdown.on_wait))
    for child in (profiles, schedule, controller, composer, errors, runner):
        child.setParent(window)
    if drafts is not None:
        install_reliability_tools(
            window,
            drafts,
            client=client,
            runner=runner,
            errors=errors,
            profiles=profiles,
            connection_events=connection_events,
        )
    return window


def _no_media_host() -> MediaHost | None:
    return None


def _link_checker_for(http: httpx.AsyncClient | None, cache_dir: Path) -> LinkChecker:
    if http is not None:
        # With a cache folder, image links also get a thumbnail drawn from a download.
        return partial(check_link, client=http, cache_dir=cache_dir)

    async def reject_link(url: str) -> PreparedMedia:
        raise LinkCheckError(
            url,
            f"{url} cannot be checked in this window. Download the file and attach it instead.",
            reason="unavailable",
        )

    return reject_link


def media_host_for_choice(
    choice: MediaHostingChoice, http: httpx.AsyncClient, *, api_key: str, sandbox_root: str
) -> MediaHost:
    """Build the media host ``choice`` describes; raises ``ValueError`` for "none"."""
    if choice.kind == "sandbox":
        return SandboxMediaHost(http, api_key=api_key, base_url=sandbox_root)
    if choice.kind == "s3":
        config = S3Config(
            bucket=choice.bucket,
            region=choice.region,
            endpoint_url=choice.endpoint_url or None,
            public_base_url=choice.public_base_url,
            key_prefix=choice.key_prefix,
            path_style=choice.path_style,
        )
        credentials = S3Credentials(choice.access_key_id, choice.secret_access_key)
        return S3MediaHost(http, config, credentials)
    raise ValueError(
        "No media host is chosen. Choose the sandbox or S3 storage in Settings → Media hosting."
    )


def configured_choice(settings: SettingsStore, secrets: BaseSecretStore) -> MediaHostingChoice:
    """Read the media host chosen in Settings, with the S3 keys from ``secrets``."""
    kind = settings.get("media_host.kind")
    if kind != "s3":
        return MediaHostingChoice(kind=str(kind))
    names = {spec.name for spec in SCHEMA}
    path_style = "media_host.s3.path_style" in names and bool(
        settings.get("media_host.s3.path_style")
    )
    return MediaHostingChoice(
        kind="s3",
        bucket=_text(settings.get("media_host.s3.bucket")),
        region=_text(settings.get("media_host.s3.region")),
        endpoint_url=_text(settings.get("media_host.s3.endpoint_url")),
        public_base_url=_text(settings.get("media_host.s3.public_base_url")),
        key_prefix=_text(settings.get("media_host.s3.key_prefix")),
        path_style=path_style,
        access_key_id=secrets.get_secret("s3.access_key_id") or "",
        secret_access_key=secrets.get_secret("s3.secret_access_key") or "",
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _api_root(base_url: str) -> str:
    """Return the server root of an API base URL such as ``http://host:1/api/_public/v1``."""
    suffix = "/api/_public/v1"
    trimmed = base_url.rstrip("/")
    return trimmed[: -len(suffix)] if trimmed.endswith(suffix) else trimmed


class _Session:
    """One signed-in stretch: a client for the key, the services and the main window."""

    def __init__(
        self,
        options: AppOptions,
        paths: AppPaths,
        settings: Settings,
        backend: _Backend,
        key: str,
        me: Me,
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        self._options = options
        self._paths = paths
        self._settings = settings
        self._backend = backend
        self._key = key
        self._me = me
        self._loop = loop

    async def run(self) -> tuple[CloseReason, int]:
        """Show the main window until it closes; return why, and the exit code."""
        client = self._backend.client_factory(self._key)
        errors = ErrorPresenter(server=self._backend.server)
        runner = TaskRunner(self._loop, errors)
        handlers = LastResortHandlers(self._loop, errors.message_posted.emit)
        secrets = self._secret_store()
        opened = _open_drafts(self._paths)
        window = build_main_window(
            client=client,
            image_http=self._backend.image_http,
            cache_dir=self._paths.cache_dir,
            settings=self._settings,
            me=self._me,
            errors=errors,
            runner=runner,
            demo=self._options.demo,
            host_provider=partial(self._media_host, secrets),
            settings_dialog_factory=partial(self._settings_dialog, secrets),
            drafts=opened.database if opened is not None else None,
            connection_events=self._backend.connection_events,
        )
        tools = reliability_tools_of(window)
        closed: asyncio.Future[str] = self._loop.create_future()
        window.closed.connect(lambda reason: _resolve(closed, reason))
        window.sign_out_requested.connect(lambda: window.close_with_reason(CloseReason.SIGNED_OUT))
        outcome = self._watch_first_load(window, errors) if self._options.exit_after_start else None

        handlers.install()
        _log.info("Main window shown")
        try:
            window.show()
            window.start()
            if tools is not None:
                tools.start()
            if opened is not None and opened.moved_aside_to is not None:
                errors.show_info(_moved_aside_message(opened.moved_aside_to))
            reason = CloseReason(await closed)
        finally:
            _log.info("Shutting down the session")
            handlers.uninstall()
            if tools is not None:
                tools.stop()
            await runner.shutdown()
            await client.aclose()
            if opened is not None:
                opened.database.close()
            window.deleteLater()
            _log.info("Session closed")

        exit_code = outcome() if outcome is not None else EXIT_OK
        return reason, exit_code

    def _secret_store(self) -> BaseSecretStore:
        # Demo mode keeps every secret in memory, like its API key.
        return SessionSecretStore() if self._options.demo else SecretStore()

    def _sandbox_root(self) -> str:
        return DEMO_ROOT_URL if self._options.demo else _api_root(self._backend.base_url)

    def _host_for_choice(self, choice: MediaHostingChoice) -> MediaHost:
        return media_host_for_choice(
            choice,
            self._backend.image_http,
            api_key=self._key,
            sandbox_root=self._sandbox_root(),
        )

    def _media_host(self, secrets: BaseSecretStore) -> MediaHost | None:
        """Return the media host for the next local file, read afresh from the settings."""
        if self._options.demo:
            return self._host_for_choice(MediaHostingChoice(kind="sandbox"))
        try:
            choice = configured_choice(self._settings, secrets)
        except SecretStoreError as error:
            _log.warning("The S3 keys could not be read from the keyring: %s", error)
            return None
        if choice.kind not in ("sandbox", "s3"):
            return None
        return self._host_for_choice(choice)

    def _settings_dialog(self, secrets: BaseSecretStore, parent: QWidget) -> QDialog:
        return SettingsDialog(
            self._settings, secrets, self._host_for_choice, parent, demo=self._options.demo
        )

    def _watch_first_load(self, window: MainWindow, errors: ErrorPresenter) -> Callable[[], int]:
        """Close the window after the first workspace load; return the exit code getter."""
        failures: list[UserMessage] = []

        def on_message(message: UserMessage) -> None:
            if message.is_error:
                failures.append(message)
                _log.error("Start-up check failed: %s", message.text)
                window.close_with_reason(CloseReason.QUIT)

        def on_workspace_loaded(_data: object) -> None:
            # Painting now puts drawing the loaded rows inside the measured start-up time.
            window.repaint()
            _print_start_complete()
            window.close_with_reason(CloseReason.QUIT)

        errors.message_posted.connect(on_message)
        window.controller.workspace_loaded.connect(on_workspace_loaded)
        return lambda: EXIT_START_FAILED if failures else EXIT_OK


START_COMPLETE_MARKER = "Start-up complete"
"""Start of the stdout line ``--exit-after-start`` prints once the first workspace is shown."""


def _print_start_complete() -> None:
    """Print the start-up marker line with the resident memory, for benchmarks and tests."""
    if sys.stdout is None:  # a windowed build on Windows has no stdout
        return
    memory = ""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    kibibytes = int(line.split()[1])
                    memory = f"; resident memory {kibibytes / 1024:.1f} MiB"
                    break
    except OSError:  # no /proc outside Linux: the line leaves the figure out
        pass
    print(f"{START_COMPLETE_MARKER}: first workspace shown{memory}", flush=True)


def _open_drafts(paths: AppPaths) -> OpenedDatabase | None:
    """Open the drafts database; None (no autosave, no outbox) when it cannot be opened."""
    path = paths.data_dir / DRAFTS_FILE_NAME
    try:
        return DraftsDatabase.open_or_recover(path)
    except (DraftsDatabaseError, OSError) as error:
        _log.error("The drafts database %s cannot be used; autosave is off: %s", path, error)
        return None


def _moved_aside_message(moved_to: Path) -> str:
    return QCoreApplication.translate(
        "App",
        "The local drafts database was damaged and could not be read. It was moved to {path} "
        "and a new, empty one was started; the old file is kept for recovery.",
    ).format(path=moved_to)


def _resolve(future: asyncio.Future[str], value: str) -> None:
    if not future.done():
        future.set_result(value)
