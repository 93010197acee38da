"""Ocoya Desktop: a native composer and scheduler for the Ocoya social-media API."""

# Kept equal to `version` in pyproject.toml (a unit test compares them). A literal, because
# reading the installed metadata through importlib.metadata costs about 10 ms at start-up.
__version__ = "0.1.0"
