"""Async client for the Ocoya public REST API (httpx, no Qt).

`OcoyaClient` has one coroutine per endpoint and returns frozen dataclasses. Failures leave
the package only as subclasses of `OcoyaError` (the tree is drawn in `_errors.py`).
"""

from ._client import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, MAX_PER_PAGE, OcoyaClient
from ._dates import format_api_datetime, parse_api_datetime
from ._errors import (
    ApiStatusError,
    AuthenticationError,
    InvalidResponseError,
    NetworkError,
    NetworkTimeoutError,
    NotFoundError,
    OcoyaError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TransportError,
    ValidationError,
)
from ._models import (
    BrandKit,
    Campaign,
    ConnectionUrl,
    Creative,
    HashtagLibrary,
    Me,
    Post,
    PostGroup,
    PostStatus,
    SocialProfile,
    StudioTemplate,
    Workspace,
)
from ._pacing import Backoff, RateLimitState
from ._requests import AiDraftRequest, CampaignRequest, PostLength, Tone, utf16_length
from ._sender import RateLimitWaitListener

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "MAX_PER_PAGE",
    "AiDraftRequest",
    "ApiStatusError",
    "AuthenticationError",
    "Backoff",
    "BrandKit",
    "Campaign",
    "CampaignRequest",
    "ConnectionUrl",
    "Creative",
    "HashtagLibrary",
    "InvalidResponseError",
    "Me",
    "NetworkError",
    "NetworkTimeoutError",
    "NotFoundError",
    "OcoyaClient",
    "OcoyaError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "Post",
    "PostGroup",
    "PostLength",
    "PostStatus",
    "RateLimitState",
    "RateLimitWaitListener",
    "RateLimitedError",
    "ServerError",
    "SocialProfile",
    "StudioTemplate",
    "Tone",
    "TransportError",
    "ValidationError",
    "Workspace",
    "format_api_datetime",
    "parse_api_datetime",
    "utf16_length",
]
