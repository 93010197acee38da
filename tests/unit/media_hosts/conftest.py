"""Fixtures for the media host tests: a moto S3 server and a sandbox, both on 127.0.0.1."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3  # type: ignore[import-untyped]
import httpx
import pytest
from moto.server import ThreadedMotoServer

from ocoya_desktop.media_hosts import S3Config, S3Credentials
from ocoya_desktop.media_hosts.sigv4 import EMPTY_PAYLOAD_SHA256, sign_request

REGION = "us-east-1"
_ALLOW_S3 = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
}


@dataclass(frozen=True)
class MotoS3:
    """A moto server that checks signatures, with one IAM user allowed to use S3."""

    endpoint: str
    credentials: S3Credentials
    unprivileged: S3Credentials
    """Valid credentials of a user with no S3 permission (for AccessDenied)."""

    def config(self, bucket: str, *, endpoint: str | None = None) -> S3Config:
        return S3Config(
            bucket=bucket,
            region=REGION,
            endpoint_url=endpoint or self.endpoint,
            public_base_url=f"{self.endpoint}/{bucket}",
            key_prefix="ocoya-desktop/",
            path_style=True,
        )

    def boto_client(self) -> Any:
        """A boto3 client for checking what the bucket holds, independent of our signer."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=self.credentials.access_key_id,
            aws_secret_access_key=self.credentials.secret_access_key,
        )

    def create_bucket(self) -> str:
        """Create a bucket with a fresh name through a request signed by our own signer."""
        bucket = f"test-{uuid.uuid4().hex[:16]}"
        url = httpx.URL(f"{self.endpoint}/{bucket}")
        headers = sign_request(
            "PUT",
            url,
            {"X-Amz-Content-SHA256": EMPTY_PAYLOAD_SHA256},
            payload_sha256=EMPTY_PAYLOAD_SHA256,
            credentials=self.credentials,
            region=REGION,
            service="s3",
            now=datetime.now(UTC),
        )
        response = httpx.put(url, headers=headers)
        assert response.status_code == 200, response.text
        return bucket

    def keys(self, bucket: str) -> list[str]:
        listing = self.boto_client().list_objects_v2(Bucket=bucket)
        return [item["Key"] for item in listing.get("Contents", [])]


def _iam_user(iam: Any, name: str, policy: dict[str, Any] | None) -> S3Credentials:
    iam.create_user(UserName=name)
    if policy is not None:
        iam.put_user_policy(UserName=name, PolicyName="s3", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return S3Credentials(key["AccessKeyId"], key["SecretAccessKey"])


@pytest.fixture(scope="module")
def moto_s3() -> Iterator[MotoS3]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        iam = boto3.client(
            "iam",
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id="setup",
            aws_secret_access_key="setup",
        )
        suffix = uuid.uuid4().hex[:8]
        moto = MotoS3(
            endpoint=endpoint,
            credentials=_iam_user(iam, f"uploader-{suffix}", _ALLOW_S3),
            unprivileged=_iam_user(iam, f"nobody-{suffix}", None),
        )
        # From here on moto checks every request's signature and the user's permissions.
        httpx.post(f"{endpoint}/moto-api/reset-auth", content=b"0").raise_for_status()
        yield moto
    finally:
        httpx.post(f"{endpoint}/moto-api/reset-auth", content=b"inf")
        server.stop()


@pytest.fixture
async def http_client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=httpx.Timeout(10.0)) as client:
        yield client
