"""Ocoya Desktop: a native composer and scheduler for the Ocoya social-media API."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ocoya-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
