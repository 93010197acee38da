"""How error statuses, odd bodies and transport failures reach the caller."""

from __future__ import annotations

import httpx
import pytest

from ocoya_desktop.api import (
    ApiStatusError,
    AuthenticationError,
    InvalidResponseError,
    NetworkError,
    NetworkTimeoutError,
    NotFoundError,
    OcoyaError,
    OutcomeUnknownError,
    PermissionDeniedError,
    ServerError,
    ValidationError,
)

from .conftest import ClientFactory, Recorder, json_response

WORKSPACE = "cworkspace000000000000001"


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, ValidationError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (405, ApiStatusError),
        (422, ValidationError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
    ],
)
async def test_error_status_maps_to_class_with_message(
    make_client: ClientFactory, status: int, error_class: type[ApiStatusError]
) -> None:
    client = make_client(Recorder([json_response(status, {"message": "Server says no."})]))

    with pytest.raises(error_class) as caught:
        await client.create_post(WORKSPACE, caption="x")

    assert type(caught.value) is error_class
    assert caught.value.status_code == status
    assert caught.value.message == "Server says no."
    assert "POST /post" in str(caught.value)
    assert "Server says no." in str(caught.value)


@pytest.mark.parametrize("status", [500, 502])
async def test_html_error_page_becomes_short_server_error(
    make_client: ClientFactory, status: int
) -> None:
    page = "<!DOCTYPE html><html><body><h1>Bad Gateway</h1>" + "x" * 5000 + "</body></html>"
    response = httpx.Response(status, text=page, headers={"Content-Type": "text/html"})
    client = make_client(Recorder([response]), max_retries=0)

    with pytest.raises(ServerError) as caught:
        await client.workspaces()

    assert caught.value.status_code == status
    assert "HTML page" in caught.value.message
    assert len(str(caught.value)) < 200


async def test_plain_text_error_body_is_quoted(make_client: ClientFactory) -> None:
    response = httpx.Response(403, text="Forbidden by proxy")
    client = make_client(Recorder([response]))

    with pytest.raises(PermissionDeniedError) as caught:
        await client.me()

    assert "Forbidden by proxy" in caught.value.message


async def test_malformed_json_success_is_invalid_response(make_client: ClientFactory) -> None:
    response = httpx.Response(
        200, content=b'[{"id": "a", ', headers={"Content-Type": "application/json"}
    )
    client = make_client(Recorder([response]))

    with pytest.raises(InvalidResponseError, match="not JSON"):
        await client.workspaces()


@pytest.mark.parametrize(
    "body",
    [
        {"id": "w1"},
        [1, 2],
        [{"name": "no id"}],
        [{"id": 7, "name": "numeric id"}],
        [{"id": "w1", "name": ["not", "a", "string"]}],
        "text",
        None,
    ],
)
async def test_wrong_shape_is_invalid_response(make_client: ClientFactory, body: object) -> None:
    client = make_client(Recorder([json_response(200, body)]))

    with pytest.raises(InvalidResponseError, match="GET /workspaces"):
        await client.workspaces()


async def test_created_post_without_id_is_invalid_response(make_client: ClientFactory) -> None:
    client = make_client(Recorder([json_response(201, {"id": "wrong-field"})]))

    with pytest.raises(InvalidResponseError, match="postGroupId"):
        await client.create_post(WORKSPACE, caption="x")


async def test_read_error_on_create_post_is_outcome_unknown(make_client: ClientFactory) -> None:
    recorder = Recorder(
        [httpx.ReadError("connection reset"), json_response(201, {"postGroupId": "p"})]
    )
    client = make_client(recorder)

    with pytest.raises(OutcomeUnknownError) as caught:
        await client.create_post(WORKSPACE, caption="x")

    assert caught.value.method == "POST"
    assert caught.value.path == "/post"
    assert len(recorder.requests) == 1


@pytest.mark.parametrize(
    "failure",
    [
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadTimeout("timed out"),
        httpx.WriteError("broken pipe"),
    ],
)
async def test_ai_draft_and_campaign_not_retried_after_send(
    make_client: ClientFactory, failure: Exception
) -> None:
    from ocoya_desktop.api import AiDraftRequest, CampaignRequest

    recorder = Recorder([failure])
    client = make_client(recorder)

    with pytest.raises(OutcomeUnknownError, match="POST /post/ai"):
        await client.create_ai_draft(WORKSPACE, AiDraftRequest(prompt="A long enough prompt"))
    with pytest.raises(OutcomeUnknownError, match="POST /campaigns"):
        await client.create_campaign(WORKSPACE, CampaignRequest(prompt="Sale"))
    assert len(recorder.requests) == 2


@pytest.mark.parametrize(
    ("failure", "error_class"),
    [
        (httpx.ConnectError("connection refused"), NetworkError),
        (httpx.ConnectTimeout("connect timed out"), NetworkTimeoutError),
    ],
)
async def test_connect_failure_on_create_post_is_network_error(
    make_client: ClientFactory, failure: Exception, error_class: type[NetworkError]
) -> None:
    recorder = Recorder([failure, json_response(201, {"postGroupId": "p"})])
    client = make_client(recorder)

    with pytest.raises(error_class) as caught:
        await client.create_post(WORKSPACE, caption="x")

    assert not isinstance(caught.value, OutcomeUnknownError)
    assert len(recorder.requests) == 1


async def test_server_error_on_create_post_not_retried(make_client: ClientFactory) -> None:
    recorder = Recorder(
        [json_response(503, {"message": "down"}), json_response(201, {"postGroupId": "p"})]
    )
    client = make_client(recorder)

    with pytest.raises(ServerError):
        await client.create_post(WORKSPACE, caption="x")
    assert len(recorder.requests) == 1


async def test_get_read_timeout_after_retries_is_timeout_error(
    make_client: ClientFactory,
) -> None:
    recorder = Recorder([httpx.ReadTimeout("timed out")])
    client = make_client(recorder, max_retries=2)

    with pytest.raises(NetworkTimeoutError, match="GET /me timed out"):
        await client.me()
    assert len(recorder.requests) == 3


async def test_httpx_errors_never_leave_package(make_client: ClientFactory) -> None:
    failures: list[Exception] = [
        httpx.ConnectError("x"),
        httpx.ReadError("x"),
        httpx.RemoteProtocolError("x"),
        httpx.PoolTimeout("x"),
        httpx.DecodingError("x"),
        httpx.TooManyRedirects("x"),
        httpx.UnsupportedProtocol("x"),
    ]
    for failure in failures:
        client = make_client(Recorder([failure]), max_retries=0)
        for call in (client.me(), client.create_post(WORKSPACE, caption="x")):
            with pytest.raises(OcoyaError) as caught:
                await call
            assert not isinstance(caught.value, httpx.HTTPError)
