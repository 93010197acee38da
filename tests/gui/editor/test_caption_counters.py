"""CaptionCounters: per-network counts, warning states, and measuring long captions off-thread."""

from __future__ import annotations

import asyncio

import qasync
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from ocoya_desktop.domain.networks import Network
from ocoya_desktop.ui.widgets.caption_counters import (
    THREAD_THRESHOLD,
    CaptionCounter,
    CaptionCounters,
    CaptionReport,
    error_color,
    measure_caption,
    warning_color,
)


def make_counters(qtbot: QtBot, *networks: Network, x_paid: bool = False) -> CaptionCounters:
    counters = CaptionCounters()
    qtbot.addWidget(counters)
    counters.set_networks(networks, x_paid=x_paid)
    return counters


def counter_of(counters: CaptionCounters, network: Network | None) -> CaptionCounter:
    counter = counters.counter(network)
    assert counter is not None
    return counter


def test_ocoya_counter_always_shown(qtbot: QtBot) -> None:
    counters = make_counters(qtbot)

    assert [c.network for c in counters.counters()] == [None]
    assert counter_of(counters, None).text() == "Ocoya 0/10,000"


def test_x_counts_emoji_as_two(qtbot: QtBot) -> None:
    counters = make_counters(qtbot, Network.X)

    counters.set_text("Hi 😀")

    x_counter = counter_of(counters, Network.X)
    qtbot.waitUntil(lambda: x_counter.text() == "X 5/280")
    # Ocoya counts UTF-16 code units: "Hi " is 3 and the emoji is 2.
    assert counter_of(counters, None).text() == "Ocoya 5/10,000"
    assert x_counter.state == "ok"


def test_bluesky_shows_bytes(qtbot: QtBot) -> None:
    counters = make_counters(qtbot, Network.BLUESKY)

    with qtbot.waitSignal(counters.report_ready):
        counters.set_text("Family 👨‍👩‍👧")

    # One grapheme for the family emoji; its five code points take 18 UTF-8 bytes.
    assert counter_of(counters, Network.BLUESKY).text() == "Bluesky 8/300 · 25/3,000 bytes"


def test_over_x_limit_warns_with_tooltip(qtbot: QtBot) -> None:
    counters = make_counters(qtbot, Network.X, Network.LINKEDIN)

    with qtbot.waitSignal(counters.report_ready):
        counters.set_text("a" * 281)

    x_counter = counter_of(counters, Network.X)
    assert x_counter.text() == "X 281/280"
    assert x_counter.state == "warning"
    assert "X allows 280 characters for accounts without X Premium" in x_counter.toolTip()
    assert "Shorten it by 1, or mark the profile as a paid X account" in x_counter.toolTip()
    assert x_counter.accessibleName() == "X caption length: 281 of 280"
    assert counter_of(counters, Network.LINKEDIN).state == "ok"
    assert counter_of(counters, None).state == "ok"


def test_paid_x_limit(qtbot: QtBot) -> None:
    counters = make_counters(qtbot, Network.X, x_paid=True)

    with qtbot.waitSignal(counters.report_ready):
        counters.set_text("a" * 281)

    assert counter_of(counters, Network.X).text() == "X 281/25,000"
    assert counter_of(counters, Network.X).state == "ok"


def test_over_ocoya_limit_is_error(qtbot: QtBot) -> None:
    counters = make_counters(qtbot)

    with qtbot.waitSignal(counters.report_ready):
        counters.set_text("a" * 10_001)

    ocoya = counter_of(counters, None)
    assert ocoya.state == "error"
    assert "accepts at most 10,000" in ocoya.toolTip()


def test_debounce_measures_last_text_once(qtbot: QtBot) -> None:
    counters = make_counters(qtbot, Network.X)
    reports: list[CaptionReport] = []
    counters.report_ready.connect(reports.append)

    for text in ("H", "He", "Hel", "Hell", "Hello"):
        counters.set_text(text)
    qtbot.waitUntil(lambda: len(reports) > 0)

    assert [report.text for report in reports] == ["Hello"]


def test_long_caption_measured_in_thread(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    counters = make_counters(qtbot, Network.X)
    reports: list[CaptionReport] = []
    counters.report_ready.connect(reports.append)
    long_text = "b" * (THREAD_THRESHOLD + 10)

    counters.set_text("a" * (THREAD_THRESHOLD + 5))
    counters.refresh()
    # The first measurement is still running in its thread when the text changes again.
    counters.set_text(long_text)
    counters.refresh()
    qtbot.waitUntil(lambda: len(reports) > 0)
    qtbot.waitUntil(lambda: not [t for t in asyncio.all_tasks(qloop) if not t.done()])

    assert [report.text for report in reports] == [long_text]
    assert counter_of(counters, Network.X).text() == f"X {THREAD_THRESHOLD + 10:,}/280"


def test_measure_caption_lists_ocoya_first() -> None:
    report = measure_caption("(hi)", [Network.LINKEDIN, Network.LINKEDIN], x_paid=False)

    assert [count.network for count in report.counts] == [None, Network.LINKEDIN]
    linkedin = report.count_for(Network.LINKEDIN)
    assert linkedin is not None
    assert [(s.start_utf16, s.end_utf16) for s in linkedin.details.reserved] == [(0, 1), (3, 4)]
    assert [f.code for f in report.findings_for(Network.LINKEDIN)] == ["caption.reserved_character"]


def test_accents_differ_for_dark_palette() -> None:
    light = QPalette(QColor("#efefef"))
    dark = QPalette(QColor("#1e1e1e"))

    assert warning_color(light) != warning_color(dark)
    assert error_color(light) != error_color(dark)
    assert warning_color(light).lightness() < 128
    assert warning_color(dark).lightness() > 128
    assert error_color(dark).lightness() > 128
