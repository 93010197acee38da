"""The SigV4 signer against AWS's published example values and against botocore."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from botocore.auth import S3SigV4Auth  # type: ignore[import-untyped]
from botocore.awsrequest import AWSRequest  # type: ignore[import-untyped]
from botocore.credentials import Credentials as BotoCredentials  # type: ignore[import-untyped]

from ocoya_desktop.media_hosts.sigv4 import (
    EMPTY_PAYLOAD_SHA256,
    Credentials,
    canonical_request,
    sign_request,
    signing_key,
    string_to_sign,
)

# The example credentials from AWS's SigV4 documentation and test suite.
SUITE_CREDENTIALS = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")


def _signature(authorization: str) -> str:
    return authorization.rsplit("Signature=", 1)[1]


def test_signing_key_matches_aws_example() -> None:
    key = signing_key(SUITE_CREDENTIALS.secret_access_key, "20120215", "us-east-1", "iam")

    assert key.hex() == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"


def test_get_vanilla_canonical_request() -> None:
    canonical = canonical_request(
        "GET",
        "/",
        [],
        {"Host": "example.amazonaws.com", "X-Amz-Date": "20150830T123600Z"},
        EMPTY_PAYLOAD_SHA256,
    )

    assert canonical == (
        "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
        "host;x-amz-date\n" + EMPTY_PAYLOAD_SHA256
    )
    assert string_to_sign(
        "20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical
    ).endswith("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63")


def test_get_vanilla_signature() -> None:
    headers = sign_request(
        "GET",
        httpx.URL("https://example.amazonaws.com/"),
        {},
        payload_sha256=EMPTY_PAYLOAD_SHA256,
        credentials=SUITE_CREDENTIALS,
        region="us-east-1",
        service="service",
        now=datetime(2015, 8, 30, 12, 36, tzinfo=UTC),
    )

    assert headers["Authorization"] == (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, "
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
    )


def test_s3_get_object_example_signature() -> None:
    # The "GET Object" example of the S3 SigV4 documentation.
    credentials = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")

    headers = sign_request(
        "GET",
        httpx.URL("https://examplebucket.s3.amazonaws.com/test.txt"),
        {"Range": "bytes=0-9", "X-Amz-Content-SHA256": EMPTY_PAYLOAD_SHA256},
        payload_sha256=EMPTY_PAYLOAD_SHA256,
        credentials=credentials,
        region="us-east-1",
        service="s3",
        now=datetime(2013, 5, 24, tzinfo=UTC),
    )

    assert "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date" in headers["Authorization"]
    assert _signature(headers["Authorization"]) == (
        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    )


def test_put_with_query_matches_botocore() -> None:
    url = httpx.URL("http://127.0.0.1:9000/bucket/ocoya%20desktop/a%2Bb.jpg?uploads=&x-id=Put%2F1")
    payload_hash = "a" * 64
    now = datetime(2026, 12, 4, 20, 0, 5, tzinfo=UTC)
    ours = sign_request(
        "PUT",
        url,
        {
            "Content-Type": "image/jpeg",
            "X-Amz-Content-SHA256": payload_hash,
            "X-Amz-Meta-Note": "  two   spaces  ",
        },
        payload_sha256=payload_hash,
        credentials=Credentials("AKID", "secret", session_token="token"),
        region="auto",
        service="s3",
        now=now,
    )

    # Recompute the signature from the headers as sent, the way an S3 server checks it.
    boto_request = AWSRequest(
        method="PUT",
        url=str(url),
        headers={name: value for name, value in ours.items() if name != "Authorization"},
    )
    boto_request.context["timestamp"] = ours["X-Amz-Date"]
    boto_auth = S3SigV4Auth(BotoCredentials("AKID", "secret", "token"), "s3", "auto")
    boto_canonical = boto_auth.canonical_request(boto_request)
    boto_signature = boto_auth.signature(
        boto_auth.string_to_sign(boto_request, boto_canonical), boto_request
    )

    assert _signature(ours["Authorization"]) == boto_signature


def test_credentials_repr_hides_secrets() -> None:
    credentials = Credentials("AKID", "very-secret", session_token="session-secret")

    assert "very-secret" not in repr(credentials)
    assert "session-secret" not in repr(credentials)
    assert "AKID" in repr(credentials)
