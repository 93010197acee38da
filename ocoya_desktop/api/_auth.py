"""The one place where the API key is added to requests."""

from __future__ import annotations

from collections.abc import Generator

import httpx


class ApiKeyAuth(httpx.Auth):
    """Sends the Ocoya API key in the `X-API-Key` header of every request."""

    def __init__(self, api_key: str) -> None:
        for position, character in enumerate(api_key, start=1):
            if not "!" <= character <= "~":
                # Whitespace or non-ASCII would corrupt the header or fail deep inside httpx.
                raise ValueError(
                    f"The API key has a space, line break or non-ASCII character at position "
                    f"{position}; copy the key again from Ocoya's settings without extra text."
                )
        self._api_key = api_key

    def __repr__(self) -> str:
        # The key must not appear in tracebacks or debug output.
        return "ApiKeyAuth(api_key=<hidden>)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-API-Key"] = self._api_key
        yield request
