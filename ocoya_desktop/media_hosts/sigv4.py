"""AWS Signature Version 4 for S3-compatible storage, over plain httpx requests.

The S3 host signs its few requests itself because boto3 and botocore are synchronous and
would add tens of megabytes to the installer. This module follows the S3 flavour of the
algorithm: the request path is used exactly as sent (already URI-encoded once, never
normalised or encoded a second time), and the payload hash is the request body's real SHA-256.

The steps, each a function below:
1. canonical request: method, path, sorted query, sorted lower-case headers, signed header
   names and payload hash, one per line;
2. string to sign: algorithm, timestamp, credential scope `date/region/service/aws4_request`
   and the SHA-256 of the canonical request;
3. signing key: HMAC-SHA256 chained over date, region, service and `aws4_request`, starting
   from `"AWS4" + secret`;
4. signature: hex HMAC-SHA256 of the string to sign under that key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

import httpx

ALGORITHM = "AWS4-HMAC-SHA256"

EMPTY_PAYLOAD_SHA256 = hashlib.sha256(b"").hexdigest()
"""SHA-256 of an empty body, the payload hash of GET, HEAD and DELETE requests."""

_SPACES = re.compile(r" +")


@dataclass(frozen=True, slots=True)
class Credentials:
    """An access key pair, with the session token that temporary credentials carry."""

    access_key_id: str
    secret_access_key: str = field(repr=False)
    session_token: str | None = field(default=None, repr=False)


def amz_timestamp(now: datetime) -> str:
    """Format a moment as SigV4's basic ISO 8601 UTC form, e.g. `20150830T123600Z`."""
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _encode(value: str) -> str:
    # Only the unreserved characters stay literal: SigV4 encodes "/" in query values too.
    return quote(value, safe="-_.~")


def canonical_query(params: Iterable[tuple[str, str]]) -> str:
    """Encode and sort query parameters by name, then by value, as SigV4 requires."""
    encoded = sorted((_encode(name), _encode(value)) for name, value in params)
    return "&".join(f"{name}={value}" for name, value in encoded)


def canonical_headers(headers: Mapping[str, str]) -> tuple[str, str]:
    """Return the canonical header block and the `;`-joined signed header names.

    Names are lower-cased and sorted; values lose surrounding spaces and runs of spaces.
    """
    normalised = sorted(
        (name.lower(), _SPACES.sub(" ", value.strip())) for name, value in headers.items()
    )
    block = "".join(f"{name}:{value}\n" for name, value in normalised)
    signed = ";".join(name for name, _ in normalised)
    return block, signed


def canonical_request(
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    payload_sha256: str,
) -> str:
    """Build the canonical request; `path` must already be URI-encoded as it is sent."""
    header_block, signed_headers = canonical_headers(headers)
    return "\n".join(
        [
            method.upper(),
            path or "/",
            canonical_query(query),
            header_block,
            signed_headers,
            payload_sha256,
        ]
    )


def credential_scope(timestamp: str, region: str, service: str) -> str:
    """Return `date/region/service/aws4_request` for a `YYYYMMDDTHHMMSSZ` timestamp."""
    return f"{timestamp[:8]}/{region}/{service}/aws4_request"


def string_to_sign(timestamp: str, scope: str, canonical: str) -> str:
    """Build the string to sign from the timestamp, scope and canonical request."""
    canonical_hash = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return "\n".join([ALGORITHM, timestamp, scope, canonical_hash])


def signing_key(secret_access_key: str, date: str, region: str, service: str) -> bytes:
    """Derive the day's signing key for one region and service (`date` is `YYYYMMDD`)."""
    key = ("AWS4" + secret_access_key).encode("utf-8")
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return key


def signature(key: bytes, to_sign: str) -> str:
    """Return the hex HMAC-SHA256 of the string to sign."""
    return hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def sign_request(
    method: str,
    url: httpx.URL,
    headers: Mapping[str, str],
    *,
    payload_sha256: str,
    credentials: Credentials,
    region: str,
    service: str,
    now: datetime,
) -> dict[str, str]:
    """Return `headers` plus `Host`, `X-Amz-Date`, the session token and `Authorization`.

    Every header in the result is signed, so the caller must send all of them unchanged.
    Headers that httpx adds on its own (`User-Agent`, `Accept-Encoding`, `Content-Length`)
    stay unsigned, which SigV4 allows. The caller adds `X-Amz-Content-SHA256` beforehand
    where S3 requires it.
    """
    timestamp = amz_timestamp(now)
    signed = {name: value for name, value in headers.items() if name.lower() != "authorization"}
    signed["Host"] = url.netloc.decode("ascii")
    signed["X-Amz-Date"] = timestamp
    if credentials.session_token:
        signed["X-Amz-Security-Token"] = credentials.session_token

    path = url.raw_path.decode("ascii").split("?", 1)[0]
    canonical = canonical_request(method, path, url.params.multi_items(), signed, payload_sha256)
    scope = credential_scope(timestamp, region, service)
    key = signing_key(credentials.secret_access_key, timestamp[:8], region, service)
    _, signed_names = canonical_headers(signed)

    signed["Authorization"] = (
        f"{ALGORITHM} Credential={credentials.access_key_id}/{scope}, "
        f"SignedHeaders={signed_names}, "
        f"Signature={signature(key, string_to_sign(timestamp, scope, canonical))}"
    )
    return signed
