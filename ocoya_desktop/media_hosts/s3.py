"""A media host on S3-compatible storage: AWS S3, Cloudflare R2, Backblaze B2, MinIO.

Requests are signed with SigV4 (see `sigv4`) and sent with the caller's `httpx.AsyncClient`.
The bucket must serve its objects publicly under `public_base_url`, because Ocoya downloads
media from the URL without credentials.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree

import httpx

from ocoya_desktop.media_hosts.base import (
    MediaHostError,
    UploadProgress,
    object_name,
    read_local_file,
    stream_file,
    tiny_png,
)
from ocoya_desktop.media_hosts.sigv4 import EMPTY_PAYLOAD_SHA256, Credentials, sign_request

logger = logging.getLogger(__name__)

S3Credentials = Credentials
"""The access key pair for the bucket, read from the keyring by the caller."""


@dataclass(frozen=True, slots=True)
class S3Config:
    """Bucket, endpoint and URL settings for storing objects.

    `endpoint_url` is None for AWS S3 itself (`https://s3.<region>.amazonaws.com`); other
    services give theirs, e.g. `https://<account>.r2.cloudflarestorage.com`. `path_style`
    puts the bucket in the path (`<endpoint>/<bucket>/<key>`) instead of the host name
    (`<bucket>.<endpoint host>/<key>`); MinIO and most local servers need it.
    `public_base_url` is the URL under which the bucket's keys are readable without
    credentials (a public bucket URL, an R2 public domain or a CDN).
    """

    bucket: str
    region: str
    endpoint_url: str | None
    public_base_url: str
    key_prefix: str = "ocoya-desktop/"
    path_style: bool = False


class S3MediaHost:
    """Uploads media to an S3-compatible bucket and returns the objects' public URLs."""

    def __init__(
        self, client: httpx.AsyncClient, config: S3Config, credentials: S3Credentials
    ) -> None:
        self._client = client
        self._config = config
        self._credentials = credentials

    def __repr__(self) -> str:
        return f"S3MediaHost(bucket={self._config.bucket!r}, endpoint={self._endpoint()!r})"

    # Public interface

    async def upload(
        self, path: Path, content_type: str, *, progress: UploadProgress | None = None
    ) -> str:
        """Upload the file unless an object with its content exists; return its public URL."""
        local_file = await read_local_file(path)
        key = object_name(self._config.key_prefix, local_file.sha256, content_type)

        existing_size = await self._object_size(key)
        if existing_size == local_file.size:
            logger.debug("Object %s already in bucket %s; upload skipped", key, self._config.bucket)
            if progress is not None:
                progress(local_file.size, local_file.size)
            return self.public_url(key)

        logger.info("Uploading %s (%d bytes) as %s", path, local_file.size, key)
        await self._put(
            key,
            stream_file(local_file, progress),
            size=local_file.size,
            sha256=local_file.sha256,
            content_type=content_type,
        )
        return self.public_url(key)

    async def delete(self, url: str) -> None:
        """Delete the object behind a public URL from this bucket."""
        key = self._key_for_public_url(url)
        response = await self._send("DELETE", key)
        # S3 returns 204 whether or not the key existed.
        if response.status_code not in (200, 204):
            raise self._error_for(response, f"Deleting {key}")
        logger.info("Deleted %s from bucket %s", key, self._config.bucket)

    async def test_connection(self) -> str:
        """Upload and delete a tiny PNG, returning a message naming the bucket and endpoint.

        NOTE: this does not check that `public_base_url` serves the objects, so a private
        bucket passes even though Ocoya could not download its media.
        """
        data = tiny_png(uuid.uuid4().hex)
        key = f"{self._config.key_prefix}connection-test-{uuid.uuid4().hex}.png"

        async def body() -> AsyncIterator[bytes]:
            yield data

        await self._put(
            key,
            body(),
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            content_type="image/png",
        )
        await self.delete(self.public_url(key))
        return (
            f"Uploaded and deleted a test file in bucket {self._config.bucket!r} "
            f"at {self._endpoint()}. New media will be published under "
            f"{self._config.public_base_url.rstrip('/')}/{self._config.key_prefix}."
        )

    def public_url(self, key: str) -> str:
        """Return the URL under which Ocoya downloads the object `key`."""
        return self._config.public_base_url.rstrip("/") + "/" + quote(key, safe="/-_.~")

    # Requests

    async def _object_size(self, key: str) -> int | None:
        response = await self._send("HEAD", key)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise self._error_for(response, f"Checking for {key}")
        try:
            return int(response.headers["Content-Length"])
        except (KeyError, ValueError):
            return None

    async def _put(
        self,
        key: str,
        body: AsyncIterator[bytes],
        *,
        size: int,
        sha256: str,
        content_type: str,
    ) -> None:
        headers = {
            "Content-Type": content_type,
            "Content-Length": str(size),
            "X-Amz-Content-SHA256": sha256,
        }
        response = await self._send("PUT", key, headers=headers, content=body, sha256=sha256)
        if response.status_code != 200:
            raise self._error_for(response, f"Uploading {key}")
        logger.info("Uploaded %s to bucket %s", key, self._config.bucket)

    async def _send(
        self,
        method: str,
        key: str,
        *,
        headers: Mapping[str, str] | None = None,
        content: AsyncIterator[bytes] | None = None,
        sha256: str = EMPTY_PAYLOAD_SHA256,
    ) -> httpx.Response:
        url = self._object_url(key)
        all_headers = {"X-Amz-Content-SHA256": sha256, **(headers or {})}
        signed = sign_request(
            method,
            url,
            all_headers,
            payload_sha256=sha256,
            credentials=self._credentials,
            region=self._config.region,
            service="s3",
            now=datetime.now(UTC),
        )
        try:
            return await self._client.request(method, url, headers=signed, content=content)
        except httpx.TimeoutException as error:
            raise MediaHostError(
                f"{method} {key} on {self._endpoint()} timed out. Check your internet "
                "connection and the endpoint URL, then try again."
            ) from error
        except httpx.HTTPError as error:
            raise MediaHostError(
                f"Could not reach the storage endpoint {self._endpoint()} ({error}). "
                "Check the endpoint URL and region in the media host settings and your "
                "internet connection."
            ) from error

    # URLs

    def _endpoint(self) -> str:
        if self._config.endpoint_url:
            return self._config.endpoint_url.rstrip("/")
        return f"https://s3.{self._config.region}.amazonaws.com"

    def _object_url(self, key: str) -> httpx.URL:
        endpoint = httpx.URL(self._endpoint())
        encoded_key = quote(key, safe="/-_.~")
        if self._config.path_style:
            base_path = endpoint.raw_path.decode("ascii").rstrip("/")
            return endpoint.copy_with(
                raw_path=f"{base_path}/{self._config.bucket}/{encoded_key}".encode()
            )
        return endpoint.copy_with(
            host=f"{self._config.bucket}.{endpoint.host}", raw_path=f"/{encoded_key}".encode()
        )

    def _key_for_public_url(self, url: str) -> str:
        base = self._config.public_base_url.rstrip("/") + "/"
        if not url.startswith(base):
            raise MediaHostError(
                f"Cannot delete {url}: it is not under this bucket's public URL {base}. "
                "Only media uploaded through the current S3 settings can be deleted here."
            )
        return httpx.URL(url).path[len(httpx.URL(base).path) :]

    # Errors

    def _error_for(self, response: httpx.Response, action: str) -> MediaHostError:
        code, server_message = _parse_error(response)
        bucket = self._config.bucket
        endpoint = self._endpoint()
        logger.warning(
            "%s in bucket %s failed: HTTP %d %s %s",
            action,
            bucket,
            response.status_code,
            code or "",
            server_message or "",
        )
        fix = _FIXES.get(code or "") or _fix_for_status(response.status_code)
        message = fix.format(bucket=bucket, endpoint=endpoint, region=self._config.region)
        detail = f" ({code}: {server_message})" if code and server_message else ""
        return MediaHostError(f"{action} in bucket {bucket!r} failed{detail}. {message}", code=code)


_FIXES = {
    "NoSuchBucket": (
        "The bucket {bucket!r} does not exist at {endpoint}. Check the bucket name and the "
        "endpoint URL, or create the bucket."
    ),
    "AccessDenied": (
        "The access key may not write to bucket {bucket!r}. Give the key permission to put, "
        "read and delete objects in the bucket."
    ),
    "InvalidAccessKeyId": (
        "The access key ID is not known to {endpoint}. Copy the access key ID again from the "
        "storage provider's console."
    ),
    "SignatureDoesNotMatch": (
        "The secret access key is wrong for this access key ID. Copy the secret access key "
        "again from the storage provider's console."
    ),
    "RequestTimeTooSkewed": (
        "This computer's clock differs too much from the server's. Set the system clock "
        "to synchronise automatically, then try again."
    ),
    "AuthorizationHeaderMalformed": (
        "The region {region!r} does not match the bucket's region. Enter the region that "
        "the storage provider shows for the bucket."
    ),
    "XAmzContentSHA256Mismatch": (
        "The file changed while it was uploaded. Wait until the program writing it has "
        "finished, then add it again."
    ),
    "PermanentRedirect": (
        "The bucket is in another region or needs another endpoint. Enter the region and "
        "endpoint URL that the storage provider shows for the bucket."
    ),
}


def _fix_for_status(status_code: int) -> str:
    # HEAD responses carry no error body, so only the status is left to go on.
    if status_code == 403:
        return (
            "The server rejected the credentials. Check the access key ID, secret access key "
            "and region, and that the key may use bucket {bucket!r}."
        )
    if status_code == 404:
        return "The bucket {bucket!r} was not found at {endpoint}. Check the bucket name."
    if status_code >= 500:
        return "The storage service had an internal error. Try again in a few minutes."
    return "Check the media host settings (bucket, region, endpoint URL) and try again."


def _parse_error(response: httpx.Response) -> tuple[str | None, str | None]:
    """Read `Code` and `Message` from an S3 XML error body, if there is one."""
    if not response.content:
        return None, None
    try:
        root = ElementTree.fromstring(response.content)
    except ElementTree.ParseError:
        return None, None
    code = root.findtext("Code") or root.findtext("{*}Code")
    message = root.findtext("Message") or root.findtext("{*}Message")
    return code, message
