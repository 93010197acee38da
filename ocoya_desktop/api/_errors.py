"""Errors raised by the Ocoya client.

Every failure leaves the package as one of these classes; httpx exceptions never do.

OcoyaError
├── ApiStatusError .............. the service returned an error status
│   ├── AuthenticationError ..... 401: the API key is missing
│   ├── PermissionDeniedError ... 403: the key is invalid or cannot reach the workspace
│   ├── NotFoundError ........... 404: no such post, workspace or endpoint
│   ├── ValidationError ......... 400/422: the service rejected the request's values,
│   │                             or the client rejected them before sending
│   ├── RateLimitedError ........ 429 that persisted after the client waited and retried
│   └── ServerError ............. 5xx, including HTML error pages from a proxy
├── TransportError .............. no usable HTTP response arrived
│   ├── NetworkError ............ connecting, sending or reading failed
│   │   └── NetworkTimeoutError . a connect, write, read or pool timeout
│   └── OutcomeUnknownError ..... a request that is not safe to repeat was sent, and no
│                                 response came back: it may or may not have taken effect
└── InvalidResponseError ........ a success response whose body is not the documented shape
"""

from __future__ import annotations

from datetime import datetime

__all__ = [
    "ApiStatusError",
    "AuthenticationError",
    "InvalidResponseError",
    "NetworkError",
    "NetworkTimeoutError",
    "NotFoundError",
    "OcoyaError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "RateLimitedError",
    "ServerError",
    "TransportError",
    "ValidationError",
]


class OcoyaError(Exception):
    """Base class of every error the Ocoya client raises."""


class ApiStatusError(OcoyaError):
    """The service returned an error status.

    `message` is the service's own explanation (the `message` field of its JSON body), or a
    short description when the body was not JSON. `status_code` is None only for a
    `ValidationError` that the client raised before sending anything.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.message = message
        self.status_code = status_code
        self.method = method
        self.path = path
        super().__init__(self._describe())

    def _describe(self) -> str:
        if self.status_code is None:
            return self.message
        if self.method is None or self.path is None:
            return f"HTTP {self.status_code}: {self.message}"
        return f"{self.method} {self.path} failed with HTTP {self.status_code}: {self.message}"


class AuthenticationError(ApiStatusError):
    """401: the request carried no API key the service accepts."""


class PermissionDeniedError(ApiStatusError):
    """403: the API key is invalid, or it cannot reach the requested workspace."""


class NotFoundError(ApiStatusError):
    """404: the post, workspace or endpoint does not exist."""


class ValidationError(ApiStatusError):
    """400 or 422: the request's values were rejected, by the service or by the client."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message, status_code=status_code, method=method, path=path)


class RateLimitedError(ApiStatusError):
    """429 that persisted after the client waited for the rate-limit window to reset.

    `reset_at` is when the service reported that the window resets (aware UTC), or None when the
    response had no usable `X-RateLimit-Reset` header.
    """

    def __init__(
        self,
        message: str,
        *,
        reset_at: datetime | None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.reset_at = reset_at
        super().__init__(message, status_code=429, method=method, path=path)


class ServerError(ApiStatusError):
    """5xx: the service or a proxy in front of it failed."""


class TransportError(OcoyaError):
    """No usable HTTP response arrived for a request."""


class NetworkError(TransportError):
    """Connecting to the service, sending the request or reading the response failed."""


class NetworkTimeoutError(NetworkError):
    """A connect, write, read or connection-pool timeout expired."""


class OutcomeUnknownError(TransportError):
    """A request that is not safe to repeat was sent, but no response came back.

    The service may have carried it out (a post may exist now) or not. The client does not
    retry such a request, because a retry could create a duplicate. The caller should check
    first, for example by listing the posts, before sending it again.
    """

    def __init__(self, method: str, path: str, reason: str = "") -> None:
        self.method = method
        self.path = path
        self.reason = reason
        detail = f" ({reason})" if reason else ""
        super().__init__(
            f"{method} {path} was sent but no response came back{detail}; "
            "it may or may not have taken effect, so check before sending it again"
        )


class InvalidResponseError(OcoyaError):
    """A response body that is not JSON, or not of the documented shape."""
