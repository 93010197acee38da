"""A media host on the local sandbox server, for demo mode and tests.

The sandbox stores media under `/_sandbox/media/<name>`: PUT (with the API key) stores the
raw body and returns `{"url": ...}`; GET and HEAD are public; DELETE needs the key.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from urllib.parse import quote

import httpx

from ocoya_desktop.media_hosts.base import (
    MediaHostError,
    UploadProgress,
    object_name,
    read_local_file,
    stream_file,
    tiny_png,
)

logger = logging.getLogger(__name__)

_MEDIA_PATH = "/_sandbox/media/"


class SandboxMediaHost:
    """Uploads media to the sandbox; `base_url` is the sandbox root, not the API base."""

    def __init__(self, client: httpx.AsyncClient, *, api_key: str, base_url: str) -> None:
        self._client = client
        self._api_key = api_key
        self._media_base = base_url.rstrip("/") + _MEDIA_PATH

    def __repr__(self) -> str:
        return f"SandboxMediaHost(media_base={self._media_base!r})"

    async def upload(
        self, path: Path, content_type: str, *, progress: UploadProgress | None = None
    ) -> str:
        """Upload the file unless the sandbox has its content already; return its URL."""
        local_file = await read_local_file(path)
        name = object_name("", local_file.sha256, content_type)
        url = self._media_base + quote(name)

        response = await self._request("HEAD", url)
        if response.status_code == 200 and _content_length(response) == local_file.size:
            logger.debug("Sandbox has %s already; upload skipped", name)
            if progress is not None:
                progress(local_file.size, local_file.size)
            return url

        logger.info("Uploading %s (%d bytes) to the sandbox as %s", path, local_file.size, name)
        return await self._put(
            url,
            stream_file(local_file, progress),
            size=local_file.size,
            content_type=content_type,
        )

    async def delete(self, url: str) -> None:
        """Delete media that `upload` stored; a URL that is already gone is not an error."""
        if not url.startswith(self._media_base):
            raise MediaHostError(
                f"Cannot delete {url}: it is not sandbox media under {self._media_base}. "
                "Only media uploaded to this sandbox can be deleted here."
            )
        response = await self._request("DELETE", url)
        if response.status_code not in (200, 204, 404):
            raise self._error_for(response, f"Deleting {url}")
        logger.info("Deleted %s from the sandbox", url)

    async def test_connection(self) -> str:
        """Upload and delete a tiny PNG on the sandbox."""
        data = tiny_png(uuid.uuid4().hex)
        url = f"{self._media_base}connection-test-{uuid.uuid4().hex}.png"

        async def body() -> AsyncIterator[bytes]:
            yield data

        public_url = await self._put(url, body(), size=len(data), content_type="image/png")
        await self.delete(public_url)
        return f"Uploaded and deleted a test image on the sandbox at {self._media_base}."

    async def _put(
        self, url: str, body: AsyncIterator[bytes], *, size: int, content_type: str
    ) -> str:
        headers = {"Content-Type": content_type, "Content-Length": str(size)}
        response = await self._request("PUT", url, headers=headers, content=body)
        if response.status_code not in (200, 201):
            raise self._error_for(response, f"Uploading to {url}")
        try:
            public_url = response.json()["url"]
        except (ValueError, KeyError, TypeError):
            public_url = None
        if not isinstance(public_url, str):
            raise MediaHostError(
                f"The sandbox stored {url} but its response has no media URL. "
                "Restart the sandbox; if this persists, the sandbox version does not match "
                "the app."
            )
        logger.info("Uploaded %s to the sandbox", public_url)
        return public_url

    async def _request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        content: AsyncIterator[bytes] | None = None,
    ) -> httpx.Response:
        all_headers = {"X-API-Key": self._api_key, **(headers or {})}
        try:
            return await self._client.request(method, url, headers=all_headers, content=content)
        except httpx.TimeoutException as error:
            raise MediaHostError(
                f"{method} {url} timed out. Check that the sandbox is still running."
            ) from error
        except httpx.HTTPError as error:
            raise MediaHostError(
                f"Could not reach the sandbox at {self._media_base} ({error}). "
                "Start the sandbox (the ocoya-sandbox command) or check its address."
            ) from error

    def _error_for(self, response: httpx.Response, action: str) -> MediaHostError:
        try:
            detail = str(response.json()["message"])
        except (ValueError, KeyError, TypeError):
            detail = response.reason_phrase
        logger.warning("%s failed: HTTP %d %s", action, response.status_code, detail)
        if response.status_code in (401, 403):
            fix = "Use the sandbox's demo API key in the sign-in dialog."
        else:
            fix = "Check that the sandbox is running, then try again."
        return MediaHostError(
            f"{action} failed: HTTP {response.status_code} ({detail}). {fix}",
            code=str(response.status_code),
        )


def _content_length(response: httpx.Response) -> int | None:
    try:
        return int(response.headers["Content-Length"])
    except (KeyError, ValueError):
        return None
