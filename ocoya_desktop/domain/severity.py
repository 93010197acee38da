"""How much a finding about a post matters, shared by caption and media checks."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """A finding's weight: ERROR blocks sending, WARNING and INFO only inform."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
