"""Self-test: run the app's main job without a window, against the in-process sandbox.

``run_self_test`` backs ``ocoya-desktop --self-test``, which checks an installed or frozen
build: the app starts, loads a workspace, composes a caption with an AI image, schedules
it for tomorrow at 09:00 and finds it in the schedule. It also uploads a local JPEG through
the media pipeline and checks what a frozen build most often loses: TLS certificates,
keyring backends, time zone data and the Qt-free modules.

Each step prints one line, such as ``self-test: start ... ok (12 ms)``. A failing step
does not stop the others, but steps that need its result are reported as skipped. Nothing
leaves the process: requests go through ``SandboxTransport``, never a socket.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import importlib.metadata
import logging
import secrets
import ssl
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import httpx

from ocoya_desktop.api import (
    DEFAULT_TIMEOUT,
    AiDraftRequest,
    OcoyaClient,
    PostGroup,
    PostStatus,
)
from ocoya_desktop.domain.scheduling import resolve_local_time, system_time_zone
from ocoya_desktop.media_hosts.sandbox import SandboxMediaHost
from ocoya_desktop.sandbox import DEMO_API_KEY, Faults, create_app
from ocoya_desktop.sandbox.transport import SandboxTransport
from ocoya_desktop.services.compose import Composition, send_composition
from ocoya_desktop.services.media_pipeline import prepare_local_file
from ocoya_desktop.services.workspace import WorkspaceData, load_workspace
from ocoya_desktop.storage.secrets import SecretStore

__all__ = ["SELF_TEST_SERVICE_NAME", "SelfTestFailure", "SelfTestWarning", "run_self_test"]

_log = logging.getLogger(__name__)

SANDBOX_ROOT = "http://sandbox.test"
"""Root URL of the in-process sandbox; the ``.test`` domain never resolves to a real host."""

SELF_TEST_SERVICE_NAME = "Ocoya Desktop self-test"
"""Keyring service of the round-trip check, apart from the app's own, so a stored API key
is never read or overwritten."""

SCHEDULE_TIME = dt.time(9, 0)

# Modules without Qt that a frozen build must contain. The app imports some of them only
# in demo mode or when a feature is first used, so a missing one shows up late otherwise.
QT_FREE_MODULES = (
    "ocoya_desktop.api",
    "ocoya_desktop.domain.captions",
    "ocoya_desktop.domain.caption_rules",
    "ocoya_desktop.domain.media",
    "ocoya_desktop.domain.networks",
    "ocoya_desktop.domain.scheduling",
    "ocoya_desktop.media_hosts.s3",
    "ocoya_desktop.media_hosts.sandbox",
    "ocoya_desktop.sandbox.server",
    "ocoya_desktop.services.compose",
    "ocoya_desktop.services.media_pipeline",
    "ocoya_desktop.services.session",
    "ocoya_desktop.services.workspace",
    "ocoya_desktop.storage.paths",
    "ocoya_desktop.storage.settings",
    "pillow_heif",
    "regex",
    "uvicorn",
)

# A zone with daylight saving time, so a build that has only UTC fails.
ZONE_WITH_DST = "America/New_York"

# The keyring backend module each platform needs; keyring finds backends through its
# entry-point metadata, which a frozen build must carry as well.
_PLATFORM_KEYRING_MODULES = {
    "linux": "keyring.backends.SecretService",
    "darwin": "keyring.backends.macOS",
    "win32": "keyring.backends.Windows",
}

# CA bundle files of the common distributions, in the order truststore 0.10 tries them
# when OpenSSL's default paths contain no certificates (as in some frozen builds).
_LINUX_CA_BUNDLES = (
    "/etc/ssl/cert.pem",  # Alpine, Arch, Fedora 34 to 43, BSD
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  # Fedora 44 and later, RHEL 11
    "/etc/pki/tls/cert.pem",  # older Fedora, RHEL and CentOS
    "/etc/ssl/certs/ca-certificates.crt",  # Debian, Ubuntu (the ca-certificates package)
    "/etc/ssl/ca-bundle.pem",  # SUSE
)

Write = Callable[[str], None]
_T = TypeVar("_T")


class SelfTestFailure(Exception):
    """A self-test step found a problem, which the message describes."""


class SelfTestWarning(Exception):
    """A self-test step found that the build works but this machine lacks something.

    The step's line reads ``WARNING`` instead of ``ok``. A warning does not make the
    self-test fail, but steps that need the warned step are skipped.
    """


@dataclasses.dataclass
class _Runner:
    """Runs steps, prints one line for each and counts the results."""

    write: Write
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    warned: int = 0
    _not_passed: set[str] = dataclasses.field(default_factory=set)

    async def step(
        self,
        name: str,
        action: Callable[[], Awaitable[str | None]],
        *,
        needs: Sequence[str] = (),
    ) -> bool:
        """Run ``action`` unless a step in ``needs`` did not pass; return whether it passed.

        ``action`` returns an optional detail for the output line. Every exception except
        cancellation counts as a failure, because the point is to report them all.
        """
        missing = [need for need in needs if need in self._not_passed]
        if missing:
            self.skipped += 1
            self._not_passed.add(name)
            self.write(f"self-test: {name} ... skipped: needs {', '.join(missing)}")
            return False

        started = time.perf_counter()
        try:
            detail = await action()
        except SelfTestWarning as warning:
            self.warned += 1
            self._not_passed.add(name)
            _log.warning("Self-test step %r warned: %s", name, warning)
            self.write(f"self-test: {name} ... WARNING: {_describe(warning)}")
            return False
        except Exception as error:
            self.failed += 1
            self._not_passed.add(name)
            _log.exception("Self-test step %r failed", name)
            self.write(f"self-test: {name} ... FAILED: {_describe(error)}")
            return False

        elapsed_ms = (time.perf_counter() - started) * 1000
        self.passed += 1
        suffix = f": {detail}" if detail else ""
        self.write(f"self-test: {name} ... ok ({elapsed_ms:.0f} ms){suffix}")
        return True

    def summary(self) -> str:
        line = f"self-test: {self.passed} passed, {self.failed} failed"
        if self.skipped:
            line += f", {self.skipped} skipped"
        if self.warned:
            line += f", {self.warned} warned"
        return line


@dataclasses.dataclass
class _Session:
    """Results that later steps use; a field is None until its step has passed."""

    client: OcoyaClient
    http: httpx.AsyncClient
    workspace_id: str | None = None
    profile_ids: tuple[str, ...] = ()
    caption: str | None = None
    image_url: str | None = None
    scheduled_id: str | None = None
    scheduled_utc: dt.datetime | None = None


async def run_self_test(
    *,
    data_dir: Path,
    write: Write = print,
    faults: Faults | None = None,
    keyring_round_trip: bool = False,
) -> bool:
    """Run every self-test step, print a line for each, and return whether all passed.

    ``data_dir`` receives the test JPEG and the media cache. ``faults`` makes the sandbox
    misbehave, to test the self-test itself. ``keyring_round_trip`` also stores, reads and
    deletes a secret in the OS keyring under ``SELF_TEST_SERVICE_NAME``. It is off by
    default because it needs an unlocked keyring.
    """
    work_dir = data_dir / "self-test"
    work_dir.mkdir(parents=True, exist_ok=True)
    runner = _Runner(write)

    transport = SandboxTransport(create_app(faults=faults))
    session = _Session(
        client=OcoyaClient(
            DEMO_API_KEY, base_url=SANDBOX_ROOT + "/api/_public/v1", transport=transport
        ),
        http=httpx.AsyncClient(transport=transport, timeout=DEFAULT_TIMEOUT),
    )
    try:
        await _run_steps(runner, session, work_dir, keyring_round_trip=keyring_round_trip)
    finally:
        await runner.step("quit", lambda: _quit(session))

    write(runner.summary())
    return runner.failed == 0 and runner.skipped == 0


async def _run_steps(
    runner: _Runner, session: _Session, work_dir: Path, *, keyring_round_trip: bool
) -> None:
    await runner.step("start", lambda: _start(session))
    await runner.step("load workspace", lambda: _load_workspace(session), needs=["start"])
    await runner.step("compose with AI image", lambda: _compose(session), needs=["load workspace"])
    await runner.step(
        "schedule for tomorrow 09:00", lambda: _schedule(session), needs=["compose with AI image"]
    )
    await runner.step(
        "find scheduled post",
        lambda: _find_scheduled(session),
        needs=["schedule for tomorrow 09:00"],
    )
    await runner.step(
        "upload local media", lambda: _upload_media(session, work_dir), needs=["load workspace"]
    )
    await runner.step("HTTPS certificates", _check_certificates)
    await runner.step("keyring backends", _check_keyring_backends)
    if keyring_round_trip:
        await runner.step("keyring round trip", _keyring_round_trip, needs=["keyring backends"])
    await runner.step("time zone data", _check_zone_data)
    await runner.step("Qt-free imports", _check_imports)


# Steps of the app's main job


async def _start(session: _Session) -> str:
    me = await session.client.me()
    return f"signed in as {me.email or me.name or me.id}"


async def _load_workspace(session: _Session) -> str:
    workspaces = await session.client.workspaces()
    if not workspaces:
        raise SelfTestFailure("the sandbox returned no workspace for the demo API key")
    workspace = workspaces[0]

    data: WorkspaceData = await load_workspace(session.client, workspace.id)
    if len(data.social_profiles) < 2:
        raise SelfTestFailure(
            f"workspace {workspace.id} has {len(data.social_profiles)} social profiles; "
            "the schedule step needs 2"
        )
    session.workspace_id = workspace.id
    session.profile_ids = tuple(profile.id for profile in data.social_profiles[:2])
    return (
        f"{len(data.social_profiles)} profiles, {len(data.brand_kits)} brand kits, "
        f"{len(data.hashtag_libraries)} hashtag libraries, "
        f"{len(data.studio_templates)} templates, {len(data.first_page.posts)} posts"
    )


async def _compose(session: _Session) -> str:
    workspace_id = _require(session.workspace_id, "workspace id")
    request = AiDraftRequest(
        prompt="A short post announcing our new autumn opening hours",
        social_profile_ids=session.profile_ids,
        generate_image=True,
    )
    draft_id = await session.client.create_ai_draft(workspace_id, request)

    draft = await _find_post_group(session.client, workspace_id, draft_id, PostStatus.DRAFT)
    caption, urls = _content_of(draft)
    if not caption:
        raise SelfTestFailure(f"AI draft {draft_id} has no caption")
    if not urls:
        raise SelfTestFailure(f"AI draft {draft_id} has no generated image")
    session.caption = caption
    session.image_url = urls[0]
    return f"draft {draft_id}, {len(caption)} characters, image {urls[0]}"


async def _schedule(session: _Session) -> str:
    workspace_id = _require(session.workspace_id, "workspace id")
    caption = _require(session.caption, "caption")
    image_url = _require(session.image_url, "image URL")

    zone = system_time_zone()
    tomorrow = dt.datetime.now(zone).date() + dt.timedelta(days=1)
    resolved = resolve_local_time(tomorrow, SCHEDULE_TIME, zone)
    composition = Composition(
        caption=caption,
        media_urls=(image_url,),
        social_profile_ids=session.profile_ids,
        scheduled_at=resolved.utc,
    )
    result = await send_composition(session.client, workspace_id, composition)
    if result.status is not PostStatus.SCHEDULED:
        raise SelfTestFailure(f"post {result.post_group_id} was created as {result.status}")

    session.scheduled_id = result.post_group_id
    session.scheduled_utc = resolved.utc
    return f"post {result.post_group_id} at {resolved.local:%Y-%m-%d %H:%M} {zone.key}"


async def _find_scheduled(session: _Session) -> str:
    workspace_id = _require(session.workspace_id, "workspace id")
    post_id = _require(session.scheduled_id, "scheduled post id")
    expected_utc = _require(session.scheduled_utc, "scheduled time")

    group = await _find_post_group(session.client, workspace_id, post_id, PostStatus.SCHEDULED)
    caption, urls = _content_of(group)
    problems: list[str] = []
    if group.scheduled_at != expected_utc:
        problems.append(f"scheduled at {group.scheduled_at}, expected {expected_utc}")
    if caption != session.caption:
        problems.append("its caption differs from the one sent")
    if urls != (session.image_url,):
        problems.append(f"its media are {list(urls)}, expected [{session.image_url}]")
    profile_ids = {profile.id for profile in group.social_profiles}
    if profile_ids != set(session.profile_ids):
        problems.append(
            f"its profiles are {sorted(profile_ids)}, expected {list(session.profile_ids)}"
        )
    if problems:
        raise SelfTestFailure(f"post {post_id}: " + "; ".join(problems))
    return f"{group.status} at {expected_utc:%Y-%m-%d %H:%M} UTC"


async def _upload_media(session: _Session, work_dir: Path) -> str:
    workspace_id = _require(session.workspace_id, "workspace id")
    jpeg = work_dir / "self-test.jpg"
    _write_test_jpeg(jpeg)

    host = SandboxMediaHost(session.http, api_key=DEMO_API_KEY, base_url=SANDBOX_ROOT)
    prepared = await prepare_local_file(jpeg, host=host, cache_dir=work_dir / "cache")
    post_id = await session.client.create_post(
        workspace_id, caption="Self-test media check", media_urls=(prepared.public_url,)
    )
    # The draft is only a check that Ocoya's POST /post accepts the URL; it is not kept.
    await session.client.delete_post(post_id)
    return f"{prepared.content_type} at {prepared.public_url}, accepted by POST /post"


async def _quit(session: _Session) -> None:
    await session.client.aclose()
    await session.http.aclose()


# Checks of what a frozen build must contain


async def _check_certificates() -> str:
    """Build the TLS context the API client uses and make it load the OS certificate store.

    No connection is made. ``truststore`` configures its context when a connection starts,
    so wrapping two memory buffers runs that configuration offline. On Linux it reads the
    first CA bundle or folder OpenSSL or the usual distribution paths name. The bundle is
    then loaded into a plain context to count its certificates, because truststore's context
    does not report them. On macOS and Windows the OS verifies each connection itself, so
    building the context is the whole check there.
    """
    import truststore

    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname="app.ocoya.com")
    if sys.platform != "linux":
        return f"truststore {truststore.__version__} uses the OS store on {sys.platform}"

    count, source = _count_linux_ca_certificates()
    if count == 0:
        raise SelfTestFailure(
            "no CA certificates found in the OpenSSL default paths or the usual bundle "
            "files; install the ca-certificates package"
        )
    return f"{count} CA certificates in {source}"


def _count_linux_ca_certificates() -> tuple[int, str]:
    defaults = ssl.get_default_verify_paths()
    candidates = [path for path in (defaults.cafile, *_LINUX_CA_BUNDLES) if path]
    for candidate in candidates:
        if Path(candidate).is_file():
            plain = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            plain.load_verify_locations(cafile=candidate)
            return plain.cert_store_stats()["x509_ca"], candidate
    if defaults.capath and Path(defaults.capath).is_dir():
        hashed = [name for name in Path(defaults.capath).iterdir() if name.suffix == ".0"]
        return len(hashed), defaults.capath
    return 0, ""


async def _check_keyring_backends() -> str:
    import keyring

    module_name = _PLATFORM_KEYRING_MODULES.get(sys.platform)
    if module_name is not None:
        importlib.import_module(module_name)
    entry_points = importlib.metadata.entry_points(group="keyring.backends")
    if not entry_points:
        raise SelfTestFailure(
            "keyring has no backend entry points, so its package metadata is missing from "
            "this build; the OS keyring cannot be found without it"
        )

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if not _can_store_secrets(backend):
        # The build is fine, but no keyring service runs right now (for example in a
        # headless session), so this is a warning rather than a failure.
        raise SelfTestWarning(
            f"no usable keyring: the active backend {name} cannot store secrets, so the "
            "API key can be kept for this session only. Start the desktop's keyring "
            "service (GNOME Keyring or KWallet on Linux) and run the self-test again"
        )
    return f"active backend {name}; {len(entry_points)} backend entry points"


def _can_store_secrets(backend: object) -> bool:
    """Return whether ``backend`` is a keyring that stores secrets.

    keyring picks its ``fail`` backend (every call raises) when no OS keyring is found, and
    its ``null`` backend stores nothing. A chainer with no backends behind it is no better.
    """
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(_can_store_secrets(inner) for inner in backend.backends)
    return True


async def _keyring_round_trip() -> str:
    store = SecretStore(service=SELF_TEST_SERVICE_NAME)
    name = "round_trip"
    value = secrets.token_urlsafe(16)
    store.set_secret(name, value)
    try:
        read_back = store.get_secret(name)
    finally:
        store.delete_secret(name)
    if read_back != value:
        raise SelfTestFailure(
            f"the keyring returned a different value for {name!r} under service "
            f"{SELF_TEST_SERVICE_NAME!r} than was stored"
        )
    if store.get_secret(name) is not None:
        raise SelfTestFailure(f"the keyring still has {name!r} after deleting it")
    return f"stored, read and deleted {name!r} under {SELF_TEST_SERVICE_NAME!r}"


async def _check_zone_data() -> str:
    zone = ZoneInfo(ZONE_WITH_DST)
    winter = dt.datetime(2026, 1, 15, 12, tzinfo=zone).utcoffset()
    summer = dt.datetime(2026, 7, 15, 12, tzinfo=zone).utcoffset()
    if winter == summer:
        raise SelfTestFailure(
            f"time zone {ZONE_WITH_DST} has the same UTC offset in January and July "
            f"({winter}); the zone data is broken"
        )
    return f"{ZONE_WITH_DST} loaded; system zone {system_time_zone().key}"


async def _check_imports() -> str:
    missing: list[str] = []
    for name in QT_FREE_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as error:
            missing.append(f"{name} ({error})")
    if missing:
        raise SelfTestFailure("cannot import " + ", ".join(missing))
    return f"{len(QT_FREE_MODULES)} modules"


# Helpers


async def _find_post_group(
    client: OcoyaClient, workspace_id: str, post_id: str, status: PostStatus
) -> PostGroup:
    async for group in client.iter_posts(workspace_id, statuses=[status]):
        if group.id == post_id:
            return group
    raise SelfTestFailure(
        f"post {post_id} is missing from the {status.value} posts of workspace {workspace_id}"
    )


def _content_of(group: PostGroup) -> tuple[str | None, tuple[str, ...]]:
    """Return the caption and media URLs of the group's first post (the general one)."""
    if not group.posts:
        raise SelfTestFailure(f"post group {group.id} has no posts")
    post = group.posts[0]
    return post.caption, tuple(creative.url for creative in post.creatives)


def _write_test_jpeg(path: Path) -> None:
    from PIL import Image

    image = Image.new("RGB", (64, 48), (43, 108, 176))
    image.save(path, format="JPEG", quality=85)


def _require(value: _T | None, what: str) -> _T:
    if value is None:
        raise SelfTestFailure(f"the {what} from an earlier step is missing")
    return value


def _describe(error: BaseException) -> str:
    text = str(error).strip() or "no message"
    if isinstance(error, SelfTestFailure | SelfTestWarning):
        return text
    return f"{type(error).__name__}: {text}"
