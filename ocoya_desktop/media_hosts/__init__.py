"""Media hosts, which turn local media files into public URLs that Ocoya can download.

Ocoya has no upload endpoint, so the app stores each file on a `MediaHost` first: the local
sandbox (`SandboxMediaHost`) or S3-compatible storage (`S3MediaHost`). `check_link` vets a
pasted URL instead. Failures raise `MediaHostError` or `LinkCheckError`, whose `message` is
written for the user.
"""

from ocoya_desktop.media_hosts.base import MediaHost, MediaHostError, UploadProgress
from ocoya_desktop.media_hosts.links import MAX_MEDIA_BYTES, LinkCheck, LinkCheckError, check_link
from ocoya_desktop.media_hosts.s3 import S3Config, S3Credentials, S3MediaHost
from ocoya_desktop.media_hosts.sandbox import SandboxMediaHost

__all__ = [
    "MAX_MEDIA_BYTES",
    "LinkCheck",
    "LinkCheckError",
    "MediaHost",
    "MediaHostError",
    "S3Config",
    "S3Credentials",
    "S3MediaHost",
    "SandboxMediaHost",
    "UploadProgress",
    "check_link",
]
