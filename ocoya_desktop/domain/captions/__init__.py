"""Caption length counting and caption checks for Ocoya and each network (no Qt, no HTTP).

The post editor calls ``count_caption`` on every edit for its live counters and
``check_caption`` for the findings list; ``check_caption`` findings of severity ERROR block
scheduling. The limits themselves live in ``ocoya_desktop.domain.caption_rules``.
"""

from __future__ import annotations

from ocoya_desktop.domain.captions.counting import (
    CaptionCount,
    CaptionDetails,
    CountUnit,
    Measure,
    count_caption,
    fold_index,
    grapheme_length,
    ocoya_length,
    threads_length,
    utf8_length,
    x_weighted_length,
)
from ocoya_desktop.domain.captions.findings import (
    CaptionFinding,
    HashtagFit,
    Severity,
    check_caption,
    fit_hashtags,
)
from ocoya_desktop.domain.captions.text import TextSpan

__all__ = [
    "CaptionCount",
    "CaptionDetails",
    "CaptionFinding",
    "CountUnit",
    "HashtagFit",
    "Measure",
    "Severity",
    "TextSpan",
    "check_caption",
    "count_caption",
    "fit_hashtags",
    "fold_index",
    "grapheme_length",
    "ocoya_length",
    "threads_length",
    "utf8_length",
    "x_weighted_length",
]
