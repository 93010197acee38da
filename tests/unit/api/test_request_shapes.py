"""What each client method sends: method, path, query, JSON body and the key header."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from ocoya_desktop.api import AiDraftRequest, CampaignRequest, OcoyaClient, PostLength, Tone

from .conftest import API_PATH, TEST_KEY, ClientFactory, Recorder, body_of, json_response

WORKSPACE = "cworkspace000000000000001"
PROFILE = {
    "id": "cprofile00000000000000001",
    "provider": "instagram",
    "name": "Shop",
    "image": None,
}


@pytest.mark.parametrize(
    ("call", "path", "query", "answer"),
    [
        (lambda c: c.me(), "/me", {}, {"id": "u1", "name": "Ann", "email": "a@example.com"}),
        (lambda c: c.workspaces(), "/workspaces", {}, [{"id": WORKSPACE, "name": "Main"}]),
        (
            lambda c: c.social_profiles(WORKSPACE),
            "/social-profiles",
            {"workspaceId": WORKSPACE},
            [PROFILE],
        ),
        (
            lambda c: c.brand_kits(WORKSPACE),
            "/brand-kits",
            {"workspaceId": WORKSPACE},
            [{"id": "b1", "name": "Brand"}],
        ),
        (
            lambda c: c.hashtag_libraries(WORKSPACE),
            "/hashtag-libraries",
            {"workspaceId": WORKSPACE},
            [{"id": "h1", "name": "Tags", "hashtags": ["#a"]}],
        ),
        (
            lambda c: c.studio_templates(WORKSPACE),
            "/studio-templates",
            {"workspaceId": WORKSPACE},
            [{"id": "t1", "name": "Template"}],
        ),
        (
            lambda c: c.connection_url(WORKSPACE, "x"),
            "/social-profiles/connection-url",
            {"workspaceId": WORKSPACE, "provider": "twitter"},
            {"provider": "twitter", "authUrl": "https://auth.example/x"},
        ),
    ],
)
async def test_get_endpoints_send_path_query_and_key(
    make_client: ClientFactory,
    call: Callable[[OcoyaClient], Awaitable[object]],
    path: str,
    query: dict[str, str],
    answer: object,
) -> None:
    recorder = Recorder([json_response(200, answer)])
    client = make_client(recorder)

    await call(client)

    request = recorder.last
    assert request.method == "GET"
    assert request.url.path == API_PATH + path
    assert dict(request.url.params) == query
    assert request.headers["X-API-Key"] == TEST_KEY
    assert request.headers["Accept"] == "application/json"


async def test_list_posts_sends_repeated_statuses_and_paging(make_client: ClientFactory) -> None:
    recorder = Recorder([json_response(200, [])])
    client = make_client(recorder)

    await client.list_posts(WORKSPACE, statuses=["DRAFT", "SCHEDULED"], page=2, per_page=20)

    params = recorder.last.url.params
    assert recorder.last.url.path == API_PATH + "/post"
    assert params.get_list("statuses") == ["DRAFT", "SCHEDULED"]
    assert params["page"] == "2"
    assert params["perPage"] == "20"
    assert params["workspaceId"] == WORKSPACE


@pytest.mark.parametrize("per_page", [0, 51, 100])
async def test_list_posts_per_page_out_of_range(make_client: ClientFactory, per_page: int) -> None:
    recorder = Recorder([json_response(200, [])])
    client = make_client(recorder)

    with pytest.raises(ValueError, match="per_page"):
        await client.list_posts(WORKSPACE, per_page=per_page)
    assert recorder.requests == []


async def test_list_posts_rejects_negative_page(make_client: ClientFactory) -> None:
    client = make_client(Recorder([json_response(200, [])]))

    with pytest.raises(ValueError, match="page"):
        await client.list_posts(WORKSPACE, page=-1)


async def test_create_post_sends_full_body(make_client: ClientFactory) -> None:
    recorder = Recorder([json_response(201, {"postGroupId": "cpost"})])
    client = make_client(recorder)
    paris_summer = timezone(timedelta(hours=2))

    post_id = await client.create_post(
        WORKSPACE,
        caption="Hello",
        media_urls=["https://cdn.example/a.png"],
        social_profile_ids=["p1", "p2"],
        scheduled_at=datetime(2030, 6, 1, 14, 30, 15, 999_999, tzinfo=paris_summer),
    )

    request = recorder.last
    assert post_id == "cpost"
    assert request.method == "POST"
    assert request.url.path == API_PATH + "/post"
    assert dict(request.url.params) == {"workspaceId": WORKSPACE}
    assert request.headers["Content-Type"] == "application/json"
    assert body_of(request) == {
        "caption": "Hello",
        "mediaUrls": ["https://cdn.example/a.png"],
        "socialProfileIds": ["p1", "p2"],
        "scheduledAt": "2030-06-01T12:30:15Z",
    }


async def test_create_post_leaves_out_unset_fields(make_client: ClientFactory) -> None:
    recorder = Recorder([json_response(201, {"postGroupId": "cpost"})])
    client = make_client(recorder)

    await client.create_post(WORKSPACE, caption="Only text")

    assert body_of(recorder.last) == {"caption": "Only text"}


async def test_create_post_rejects_naive_datetime(make_client: ClientFactory) -> None:
    recorder = Recorder([json_response(201, {"postGroupId": "cpost"})])
    client = make_client(recorder)

    with pytest.raises(ValueError, match="naive datetime"):
        await client.create_post(WORKSPACE, caption="x", scheduled_at=datetime(2030, 1, 1))
    assert recorder.requests == []


async def test_create_ai_draft_sends_references_with_image(make_client: ClientFactory) -> None:
    recorder = Recorder([json_response(201, {"postGroupId": "cdraft"})])
    client = make_client(recorder)
    request = AiDraftRequest(
        prompt="Launch of our autumn menu",
        tone=Tone.FRIENDLY,
        length=PostLength.SHORT,
        social_profile_ids=("p1",),
        brand_id="b1",
        hashtag_library_id="h1",
        generate_image=True,
        reference_urls=("https://cdn.example/ref.png",),
        reference_design_ids=("t1",),
    )

    draft_id = await client.create_ai_draft(WORKSPACE, request)

    assert draft_id == "cdraft"
    assert recorder.last.url.path == API_PATH + "/post/ai"
    assert recorder.last.url.params["workspaceId"] == WORKSPACE
    assert body_of(recorder.last) == {
        "prompt": "Launch of our autumn menu",
        "tone": "friendly",
        "length": "short",
        "socialProfileIds": ["p1"],
        "brandId": "b1",
        "hashtagLibraryId": "h1",
        "generateImage": True,
        "referenceUrls": ["https://cdn.example/ref.png"],
        "referenceDesignIds": ["t1"],
    }


async def test_create_ai_draft_drops_references_without_image(make_client: ClientFactory) -> None:
    recorder = Recorder([json_response(201, {"postGroupId": "cdraft"})])
    client = make_client(recorder)
    request = AiDraftRequest(
        prompt="Launch of our autumn menu",
        reference_urls=("https://cdn.example/ref.png",),
        reference_design_ids=("t1",),
    )

    await client.create_ai_draft(WORKSPACE, request)

    assert body_of(recorder.last) == {"prompt": "Launch of our autumn menu"}


async def test_reschedule_post_sends_patch_in_utc(make_client: ClientFactory) -> None:
    recorder = Recorder([json_response(200, {})])
    client = make_client(recorder)

    await client.reschedule_post("cpost/1", datetime(2031, 1, 2, 3, 4, 5, tzinfo=UTC))

    assert recorder.last.method == "PATCH"
    assert recorder.last.url.raw_path.decode() == API_PATH + "/post/cpost%2F1"
    assert body_of(recorder.last) == {"scheduledAt": "2031-01-02T03:04:05Z"}


async def test_delete_post_sends_delete(make_client: ClientFactory) -> None:
    recorder = Recorder([json_response(200, {})])
    client = make_client(recorder)

    await client.delete_post("cpost")

    assert recorder.last.method == "DELETE"
    assert recorder.last.url.path == API_PATH + "/post/cpost"
    assert recorder.last.headers["X-API-Key"] == TEST_KEY


async def test_create_campaign_sends_body_and_parses(make_client: ClientFactory) -> None:
    answer = {"campaignId": "ccamp", "status": "GENERATING", "queued": True, "generation": {}}
    recorder = Recorder([json_response(200, answer)])
    client = make_client(recorder)
    request = CampaignRequest(
        prompt="Spring sale",
        goal="sales",
        audience="students",
        duration_days=14,
        count=6,
        post_length=PostLength.MEDIUM,
        tone=Tone.BOLD,
        brand_id="b1",
        hashtag_library_id="h1",
        hashtag_library_name="Sale tags",
        social_profile_ids=("p1",),
        generate_media=True,
        reference_urls=("https://cdn.example/1.png",),
        reference_design_ids=("t1", "t2"),
    )

    campaign = await client.create_campaign(WORKSPACE, request)

    assert (campaign.id, campaign.status, campaign.queued) == ("ccamp", "GENERATING", True)
    assert recorder.last.url.path == API_PATH + "/campaigns"
    assert body_of(recorder.last) == {
        "prompt": "Spring sale",
        "goal": "sales",
        "audience": "students",
        "duration": 14,
        "count": 6,
        "postLength": "medium",
        "tone": "bold",
        "brandId": "b1",
        "hashtagLibraryId": "h1",
        "hashtagLibraryName": "Sale tags",
        "socialProfileIds": ["p1"],
        "generateMedia": True,
        "referenceUrls": ["https://cdn.example/1.png"],
        "referenceDesignIds": ["t1", "t2"],
    }


async def test_iter_posts_pages_until_short_page(make_client: ClientFactory) -> None:
    def page_of(request_page: int) -> list[dict[str, object]]:
        count = {0: 2, 1: 2, 2: 1}[request_page]
        return [{"id": f"p{request_page}-{n}"} for n in range(count)]

    recorder = Recorder([lambda r: json_response(200, page_of(int(r.url.params["page"])))])
    client = make_client(recorder)

    ids = [group.id async for group in client.iter_posts(WORKSPACE, statuses=["DRAFT"], per_page=2)]

    assert ids == ["p0-0", "p0-1", "p1-0", "p1-1", "p2-0"]
    assert [r.url.params["page"] for r in recorder.requests] == ["0", "1", "2"]
    assert all(r.url.params.get_list("statuses") == ["DRAFT"] for r in recorder.requests)


async def test_iter_posts_stops_when_page_repeats(make_client: ClientFactory) -> None:
    same_page = [{"id": "a"}, {"id": "b"}]
    recorder = Recorder([json_response(200, same_page)])
    client = make_client(recorder)

    ids = [group.id async for group in client.iter_posts(WORKSPACE, per_page=2)]

    assert ids == ["a", "b"]
    assert len(recorder.requests) == 2


async def test_iter_posts_skips_groups_shifted_to_next_page(make_client: ClientFactory) -> None:
    pages = {"0": [{"id": "a"}, {"id": "b"}], "1": [{"id": "b"}, {"id": "c"}], "2": []}
    recorder = Recorder([lambda r: json_response(200, pages[r.url.params["page"]])])
    client = make_client(recorder)

    ids = [group.id async for group in client.iter_posts(WORKSPACE, per_page=2)]

    assert ids == ["a", "b", "c"]


@pytest.mark.parametrize("key", ["key with space", "key\n", "kéy"])
def test_key_with_unsendable_character_rejected(key: str) -> None:
    with pytest.raises(ValueError, match="position"):
        OcoyaClient(key, base_url="https://ocoya.test/api/_public/v1")
