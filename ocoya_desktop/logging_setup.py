"""Logging for the app: a rotating file in the log folder and warnings on stderr.

Every module logs through ``logging.getLogger(__name__)``, so everything the app writes sits
under the ``ocoya_desktop`` logger. A filter on both handlers replaces any registered secret
(the API key) with a placeholder, in case one slips into a message or a traceback.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from pathlib import Path

ROOT_LOGGER_NAME = "ocoya_desktop"
LOG_FILE_NAME = "ocoya-desktop.log"
_MAX_LOG_BYTES = 2 * 1024 * 1024
_BACKUP_COUNT = 3
_FILE_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"
_STDERR_FORMAT = "%(levelname)s %(name)s: %(message)s"
REDACTED = "[redacted]"

# Shorter strings are skipped: redacting them would mangle ordinary words in the log.
_MIN_SECRET_LENGTH = 8


class SecretRedactingFilter(logging.Filter):
    """Replace registered secrets in formatted log records with a placeholder."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def add_secret(self, secret: str) -> None:
        """Register a secret to redact from now on; short strings are ignored."""
        if len(secret) < _MIN_SECRET_LENGTH:
            return
        with self._lock:
            self._secrets.add(secret)

    def filter(self, record: logging.LogRecord) -> bool:
        with self._lock:
            secrets = tuple(self._secrets)
        if not secrets:
            return True

        message = record.getMessage()
        redacted = _redact(message, secrets)
        if redacted != message:
            record.msg = redacted
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _redact(record.exc_text, secrets)
        return True


def _redact(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


def configure_logging(
    log_dir: Path | None, *, level: int = logging.INFO, stderr_level: int = logging.WARNING
) -> SecretRedactingFilter:
    """Attach the file and stderr handlers to the ``ocoya_desktop`` logger.

    ``level`` applies to the log file; stderr shows only records at ``stderr_level`` and
    above (and at ``level``, when that is higher). Calling this again replaces the handlers
    it added before.
    Returns the redacting filter, so the caller can register the API key once it is known.
    """
    logger = logging.getLogger(ROOT_LOGGER_NAME)
    for handler in list(logger.handlers):
        if getattr(handler, "_ocoya_managed", False):
            logger.removeHandler(handler)
            handler.close()

    redactor = SecretRedactingFilter()
    logger.setLevel(level)
    logger.propagate = False

    stderr_handler = logging.StreamHandler(sys.stderr)
    stderr_handler.setLevel(max(level, stderr_level))
    stderr_handler.setFormatter(logging.Formatter(_STDERR_FORMAT))
    _attach(logger, stderr_handler, redactor)

    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            log_dir / LOG_FILE_NAME,
            maxBytes=_MAX_LOG_BYTES,
            backupCount=_BACKUP_COUNT,
            encoding="utf-8",
        )
        file_handler.setLevel(level)
        file_handler.setFormatter(logging.Formatter(_FILE_FORMAT))
        _attach(logger, file_handler, redactor)

    return redactor


def _attach(
    logger: logging.Logger, handler: logging.Handler, redactor: SecretRedactingFilter
) -> None:
    handler.addFilter(redactor)
    handler._ocoya_managed = True  # type: ignore[attr-defined]
    logger.addHandler(handler)


def parse_level(name: str) -> int:
    """Return the numeric level for a name such as ``"debug"``; raise ValueError if unknown."""
    level = logging.getLevelNamesMapping().get(name.upper())
    if level is None:
        choices = ", ".join(LEVEL_NAMES)
        raise ValueError(f"unknown log level {name!r}; use one of: {choices}")
    return level


LEVEL_NAMES = ("debug", "info", "warning", "error", "critical")
