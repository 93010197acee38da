"""Handlers for Ocoya's public API paths, run after the API middleware has authenticated."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from .context import SandboxContext, account_of, context_of
from .faults import ConnectionDropped
from .generation import (
    LENGTHS,
    TONES,
    CampaignPlan,
    CaptionRequest,
    add_ai_image,
    compose_caption,
    generate_campaign,
)
from .store import POST_STATUSES, Campaign, Creative, PostGroup, SandboxStore
from .validation import (
    ApiError,
    bad_request,
    check_caption,
    check_media_url,
    check_prompt,
    check_public_url,
    format_datetime,
    optional_bool,
    optional_choice,
    optional_int,
    optional_string,
    optional_string_list,
    parse_future_datetime,
    parse_json_object,
    parse_query_int,
)

logger = logging.getLogger(__name__)

DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 50
MIN_AI_PROMPT_LENGTH = 10
MIN_CAMPAIGN_PROMPT_LENGTH = 3
MAX_CAMPAIGN_REFERENCES = 3

CONNECT_PROVIDERS = ("facebook", "instagram", "twitter", "linkedin", "pinterest", "tiktok")
CONNECT_PROVIDERS_POST_FORM = ("facebook", "instagram", "x", "linkedin", "pinterest")
FAKE_AUTH_BASE = "https://auth.sandbox.invalid"
_MEDIA_PATH = "/_sandbox/media/"


def routes(prefix: str) -> list[BaseRoute]:
    return [
        Route(f"{prefix}/me", me, methods=["GET"]),
        Route(f"{prefix}/workspaces", workspaces, methods=["GET"]),
        Route(f"{prefix}/social-profiles", social_profiles, methods=["GET"]),
        Route(
            f"{prefix}/social-profiles/connection-url",
            connection_url,
            methods=["GET", "POST"],
        ),
        Route(f"{prefix}/brand-kits", brand_kits, methods=["GET"]),
        Route(f"{prefix}/hashtag-libraries", hashtag_libraries, methods=["GET"]),
        Route(f"{prefix}/studio-templates", studio_templates, methods=["GET"]),
        Route(f"{prefix}/post", posts, methods=["GET", "POST"]),
        Route(f"{prefix}/post/ai", create_ai_draft, methods=["POST"]),
        Route(f"{prefix}/post/{{post_id}}", post_by_id, methods=["PATCH", "DELETE"]),
        Route(f"{prefix}/campaigns", create_campaign, methods=["POST"]),
    ]


# Helpers shared by the handlers


def absolute_url(request: Request, url: str) -> str:
    """Resolve a sandbox path such as ``/_sandbox/files/...`` against the request's base URL."""
    if url.startswith("/"):
        return str(request.base_url).rstrip("/") + url
    return url


def file_url(request: Request, path: str) -> str:
    return absolute_url(request, f"/_sandbox/files/{path}")


def required_workspace(request: Request) -> str:
    """Return the ``workspaceId`` query value after checking the key reaches that workspace."""
    workspace_id = request.query_params.get("workspaceId", "").strip()
    if not workspace_id:
        raise bad_request(
            "The query parameter workspaceId is missing; pass the id of one of your workspaces "
            "(GET /workspaces lists them)."
        )
    if not context_of(request).store.can_reach(account_of(request), workspace_id):
        raise ApiError(
            403, f"This API key cannot access workspace {workspace_id!r}; check the workspace id."
        )
    return workspace_id


async def json_body(request: Request) -> dict[str, Any]:
    return parse_json_object(await request.body())


def check_profile_ids(store: SandboxStore, workspace_id: str, ids: list[str], name: str) -> None:
    known = {profile.id for profile in store.profiles_in(workspace_id)}
    for profile_id in ids:
        if profile_id not in known:
            raise bad_request(
                f"{name} contains {profile_id!r}, which is not a social profile in workspace "
                f"{workspace_id!r}; GET /social-profiles lists them."
            )


def check_template_ids(store: SandboxStore, workspace_id: str, ids: list[str], name: str) -> None:
    known = {template.id for template in store.studio_templates_in(workspace_id)}
    for template_id in ids:
        if template_id not in known:
            raise bad_request(
                f"{name} contains {template_id!r}, which is not a studio template in workspace "
                f"{workspace_id!r}; GET /studio-templates lists them."
            )


def brand_voice(store: SandboxStore, workspace_id: str, brand_id: str | None) -> str | None:
    """Return the brand kit's description, checking that the kit is in the workspace."""
    if brand_id is None:
        return None
    for kit in store.brand_kits_in(workspace_id):
        if kit.id == brand_id:
            return kit.description
    raise bad_request(
        f"brandId {brand_id!r} is not a brand kit in workspace {workspace_id!r}; "
        "GET /brand-kits lists them."
    )


def library_hashtags(
    store: SandboxStore, workspace_id: str, library_id: str | None
) -> tuple[str, ...]:
    if library_id is None:
        return ()
    for library in store.hashtag_libraries_in(workspace_id):
        if library.id == library_id:
            return tuple(library.hashtags)
    raise bad_request(
        f"hashtagLibraryId {library_id!r} is not a hashtag library in workspace "
        f"{workspace_id!r}; GET /hashtag-libraries lists them."
    )


def profile_json(request: Request, store: SandboxStore, profile_id: str) -> dict[str, Any] | None:
    profile = store.social_profiles.get(profile_id)
    if profile is None:
        return None
    return {
        "id": profile.id,
        "provider": profile.provider,
        "name": profile.name,
        "image": file_url(request, profile.image),
    }


def post_json(request: Request, store: SandboxStore, post: PostGroup) -> dict[str, Any]:
    with store.lock:
        profiles = [profile_json(request, store, pid) for pid in post.social_profile_ids]
        creatives = [
            {"url": absolute_url(request, creative.url), "type": creative.type}
            for creative in post.creatives
        ]
        return {
            "id": post.id,
            "postType": post.post_type,
            "status": post.status,
            "scheduledAt": format_datetime(post.scheduled_at) if post.scheduled_at else None,
            "createdAt": format_datetime(post.created_at),
            "posts": [{"provider": "GENERAL", "caption": post.caption, "creatives": creatives}],
            "socialProfiles": [{"socialProfile": profile} for profile in profiles if profile],
        }


def created(post_id: str) -> Response:
    return JSONResponse({"postGroupId": post_id}, status_code=201)


# Account and workspace data


async def me(request: Request) -> Response:
    account = account_of(request)
    return JSONResponse({"id": account.user_id, "name": account.name, "email": account.email})


async def workspaces(request: Request) -> Response:
    account = account_of(request)
    store = context_of(request).store
    with store.lock:
        reachable = [store.workspaces[wid] for wid in account.workspace_ids]
    return JSONResponse([{"id": ws.id, "name": ws.name} for ws in reachable])


async def social_profiles(request: Request) -> Response:
    workspace_id = required_workspace(request)
    store = context_of(request).store
    profiles = [profile_json(request, store, p.id) for p in store.profiles_in(workspace_id)]
    return JSONResponse(profiles)


async def brand_kits(request: Request) -> Response:
    workspace_id = required_workspace(request)
    kits = context_of(request).store.brand_kits_in(workspace_id)
    return JSONResponse(
        [{"id": kit.id, "name": kit.name, "description": kit.description} for kit in kits]
    )


async def hashtag_libraries(request: Request) -> Response:
    workspace_id = required_workspace(request)
    libraries = context_of(request).store.hashtag_libraries_in(workspace_id)
    return JSONResponse(
        [{"id": lib.id, "name": lib.name, "hashtags": list(lib.hashtags)} for lib in libraries]
    )


async def studio_templates(request: Request) -> Response:
    workspace_id = required_workspace(request)
    templates = context_of(request).store.studio_templates_in(workspace_id)
    return JSONResponse(
        [
            {"id": t.id, "name": t.name, "thumbnailUrl": file_url(request, t.thumbnail)}
            for t in templates
        ]
    )


async def connection_url(request: Request) -> Response:
    """Serve both documented forms: GET with ``provider`` in the query, POST with a body."""
    workspace_id = required_workspace(request)
    state = context_of(request).store.new_id()

    if request.method == "POST":
        body = await json_body(request)
        provider = optional_choice(body, "provider", CONNECT_PROVIDERS_POST_FORM)
        if provider is None:
            raise bad_request(
                "provider is missing; send one of: " + ", ".join(CONNECT_PROVIDERS_POST_FORM) + "."
            )
        url = f"{FAKE_AUTH_BASE}/connect/{provider}?workspaceId={quote(workspace_id)}&state={state}"
        return JSONResponse({"url": url})

    provider = request.query_params.get("provider", "")
    if not provider.strip():
        raise bad_request(
            f"The query parameter provider is missing; pass one of: {', '.join(CONNECT_PROVIDERS)}."
        )
    if provider not in CONNECT_PROVIDERS:
        raise bad_request(
            f"Query parameter provider {provider!r} is not one of: {', '.join(CONNECT_PROVIDERS)}."
        )
    # Instagram Business profiles connect through Facebook Pages.
    auth_provider = "facebook" if provider == "instagram" else provider
    return JSONResponse(
        {
            "provider": provider,
            "authProvider": auth_provider,
            "authUrl": (
                f"{FAKE_AUTH_BASE}/connect/{auth_provider}"
                f"?workspaceId={quote(workspace_id)}&state={state}"
            ),
            "callbackUrl": f"{FAKE_AUTH_BASE}/callback/{auth_provider}",
            "instructions": (
                f"Open the link in a browser and sign in to {auth_provider} to connect a "
                f"{provider} profile. This is the sandbox, so the link leads nowhere."
            ),
        }
    )


# Posts


async def posts(request: Request) -> Response:
    if request.method == "POST":
        return await create_post(request)
    return await list_posts(request)


async def list_posts(request: Request) -> Response:
    workspace_id = required_workspace(request)
    context = context_of(request)
    context.now()

    page = parse_query_int(request.query_params.get("page"), "page", default=0, low=0)
    per_page = parse_query_int(
        request.query_params.get("perPage"), "perPage", default=DEFAULT_PER_PAGE, low=1
    )
    per_page = min(per_page, MAX_PER_PAGE)
    statuses = _status_filter(request.query_params.getlist("statuses"))

    matching = context.store.posts_in(workspace_id, statuses)
    page_items = matching[page * per_page : (page + 1) * per_page]
    return JSONResponse([post_json(request, context.store, post) for post in page_items])


def _status_filter(raw_values: list[str]) -> list[str] | None:
    """Accept ``statuses`` as repeated keys, one comma-separated value, or a mix of both."""
    statuses = [part.strip() for raw in raw_values for part in raw.split(",") if part.strip()]
    for status in statuses:
        if status not in POST_STATUSES:
            raise bad_request(
                f"Query parameter statuses contains {status!r}, which is not one of: "
                f"{', '.join(POST_STATUSES)}."
            )
    return statuses or None


async def create_post(request: Request) -> Response:
    workspace_id = required_workspace(request)
    context = context_of(request)
    store = context.store
    body = await json_body(request)
    now = context.now()

    caption = optional_string(body, "caption")
    if caption is not None:
        check_caption(caption)
    media_urls = optional_string_list(body, "mediaUrls")
    creatives = [
        Creative(url=url, type=_creative_type(store, url, f"mediaUrls[{index}]"))
        for index, url in enumerate(media_urls)
    ]
    if not caption and not creatives:
        raise bad_request("Send a caption, mediaUrls or both; the post would be empty.")

    profile_ids = optional_string_list(body, "socialProfileIds")
    check_profile_ids(store, workspace_id, profile_ids, "socialProfileIds")

    scheduled_at = None
    if body.get("scheduledAt") is not None:
        scheduled_at = parse_future_datetime(body["scheduledAt"], "scheduledAt", now)

    post = PostGroup(
        id=store.new_id(),
        workspace_id=workspace_id,
        status="SCHEDULED" if scheduled_at and profile_ids else "DRAFT",
        caption=caption or "",
        created_at=now,
        scheduled_at=scheduled_at,
        creatives=creatives,
        social_profile_ids=profile_ids,
    )
    store.add_post(post)
    logger.info("Created post %s (%s) in workspace %s", post.id, post.status, workspace_id)
    _drop_connection_if_enabled(context, post.id)
    return created(post.id)


def _creative_type(store: SandboxStore, url: str, name: str) -> str:
    """Return ``IMAGE`` or ``VIDEO`` from the URL's extension or, for media uploaded to this
    sandbox, from its stored content type; a URL of unknown type counts as an image.
    """
    creative_type = check_media_url(url, name)
    path = urlsplit(url).path
    if path.startswith(_MEDIA_PATH):
        with store.lock:
            uploaded = store.media.get(path.removeprefix(_MEDIA_PATH))
        if uploaded is not None and uploaded.content_type.startswith("video/"):
            creative_type = "VIDEO"
    return creative_type


def _drop_connection_if_enabled(context: SandboxContext, post_id: str) -> None:
    if context.faults.drop_after_create:
        logger.info("Dropping the connection after creating post %s (fault switch)", post_id)
        raise ConnectionDropped


async def post_by_id(request: Request) -> Response:
    context = context_of(request)
    now = context.now()
    post_id = request.path_params["post_id"]
    # A post in a workspace the key cannot reach is reported as missing, not forbidden.
    post = context.store.post_for_account(account_of(request), post_id)
    if post is None:
        raise ApiError(404, f"Post {post_id!r} was not found; it may have been deleted.")

    if request.method == "DELETE":
        context.store.delete_post(post_id)
        logger.info("Deleted post %s", post_id)
        return JSONResponse({})

    body = await json_body(request)
    # Every other field is rejected rather than ignored, so a client that tries to change the
    # caption or the status learns that nothing but the time changed.
    other_fields = sorted(name for name in body if name != "scheduledAt")
    if other_fields:
        raise bad_request(
            f"{', '.join(other_fields)} cannot be changed; send only scheduledAt to reschedule "
            "a post."
        )
    if "scheduledAt" not in body:
        raise bad_request("scheduledAt is missing; send the new time as YYYY-MM-DDTHH:MM:SSZ.")
    scheduled_at = parse_future_datetime(body["scheduledAt"], "scheduledAt", now)
    if post.status == "POSTED":
        raise bad_request(f"Post {post_id!r} is already posted and cannot be rescheduled.")

    context.store.reschedule_post(post_id, scheduled_at)
    logger.info("Rescheduled post %s to %s", post_id, format_datetime(scheduled_at))
    return JSONResponse({})


async def create_ai_draft(request: Request) -> Response:
    workspace_id = required_workspace(request)
    context = context_of(request)
    store = context.store
    body = await json_body(request)

    prompt = check_prompt(optional_string(body, "prompt"), "prompt", MIN_AI_PROMPT_LENGTH)
    tone = optional_choice(body, "tone", TONES) or "professional"
    length = optional_choice(body, "length", LENGTHS) or "medium"
    profile_ids = optional_string_list(body, "socialProfileIds")
    check_profile_ids(store, workspace_id, profile_ids, "socialProfileIds")
    voice = brand_voice(store, workspace_id, optional_string(body, "brandId"))
    hashtags = library_hashtags(store, workspace_id, optional_string(body, "hashtagLibraryId"))
    generate_image = optional_bool(body, "generateImage")
    for index, url in enumerate(optional_string_list(body, "referenceUrls")):
        check_public_url(url, f"referenceUrls[{index}]")
    design_ids = optional_string_list(body, "referenceDesignIds")
    check_template_ids(store, workspace_id, design_ids, "referenceDesignIds")

    # Real generation takes seconds. An asyncio sleep lets the server handle other requests
    # meanwhile.
    await context.sleep(context.ai_delay_seconds)

    caption = compose_caption(CaptionRequest(prompt, tone, length, voice, hashtags))
    creatives = [add_ai_image(context, prompt)] if generate_image else []
    post = PostGroup(
        id=store.new_id(),
        workspace_id=workspace_id,
        status="DRAFT",
        caption=caption,
        created_at=context.now(),
        creatives=creatives,
        social_profile_ids=profile_ids,
    )
    store.add_post(post)
    logger.info("Created AI draft %s in workspace %s", post.id, workspace_id)
    _drop_connection_if_enabled(context, post.id)
    return created(post.id)


async def create_campaign(request: Request) -> Response:
    workspace_id = required_workspace(request)
    context = context_of(request)
    plan = _campaign_plan(context, workspace_id, await json_body(request))

    context.store.add_campaign(
        Campaign(
            id=plan.campaign_id, workspace_id=workspace_id, status="GENERATING", count=plan.count
        )
    )
    context.start_background(generate_campaign(context, plan), name=f"campaign {plan.campaign_id}")
    return JSONResponse(
        {"campaignId": plan.campaign_id, "status": "GENERATING", "queued": True, "generation": {}},
        status_code=201,
    )


def _campaign_plan(
    context: SandboxContext, workspace_id: str, body: dict[str, Any]
) -> CampaignPlan:
    store = context.store
    # Older documentation calls the prompt "topic"; either name is accepted.
    topic = optional_string(body, "prompt")
    if topic is None:
        topic = optional_string(body, "topic")
    topic = check_prompt(topic, "prompt (or topic)", MIN_CAMPAIGN_PROMPT_LENGTH)

    profile_ids = optional_string_list(body, "socialProfileIds")
    check_profile_ids(store, workspace_id, profile_ids, "socialProfileIds")
    urls = optional_string_list(body, "referenceUrls", max_items=MAX_CAMPAIGN_REFERENCES)
    for index, url in enumerate(urls):
        check_public_url(url, f"referenceUrls[{index}]")
    design_ids = optional_string_list(body, "referenceDesignIds", max_items=MAX_CAMPAIGN_REFERENCES)
    check_template_ids(store, workspace_id, design_ids, "referenceDesignIds")

    hashtags = library_hashtags(store, workspace_id, optional_string(body, "hashtagLibraryId"))
    library_name = optional_string(body, "hashtagLibraryName")
    if library_name is not None:
        hashtags = _hashtags_by_library_name(store, workspace_id, library_name)

    return CampaignPlan(
        campaign_id=store.new_id(),
        workspace_id=workspace_id,
        topic=topic,
        goal=optional_string(body, "goal"),
        audience=optional_string(body, "audience"),
        duration_days=optional_int(body, "duration", low=1, high=30, default=7),
        count=optional_int(body, "count", low=3, high=30, default=5),
        caption_length=optional_choice(body, "postLength", LENGTHS) or "medium",
        tone=optional_choice(body, "tone", TONES) or "professional",
        brand_voice=brand_voice(store, workspace_id, optional_string(body, "brandId")),
        hashtags=hashtags,
        social_profile_ids=tuple(profile_ids),
        generate_media=optional_bool(body, "generateMedia"),
    )


def _hashtags_by_library_name(store: SandboxStore, workspace_id: str, name: str) -> tuple[str, ...]:
    for library in store.hashtag_libraries_in(workspace_id):
        if library.name.casefold() == name.strip().casefold():
            return tuple(library.hashtags)
    raise bad_request(
        f"hashtagLibraryName {name!r} is not a hashtag library in workspace {workspace_id!r}; "
        "GET /hashtag-libraries lists them."
    )
