"""CaptionCounters in a narrow editor: the counters wrap onto more lines and none is clipped."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ocoya_desktop.domain.networks import Network
from ocoya_desktop.ui.widgets.caption_counters import CaptionCounter, CaptionCounters

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NETWORKS = (Network.INSTAGRAM, Network.FACEBOOK, Network.X, Network.LINKEDIN, Network.THREADS)


def show_counters(qtbot: QtBot, width: int) -> tuple[QWidget, CaptionCounters]:
    """Show CaptionCounters for ``NETWORKS`` at the top of a window ``width`` pixels wide."""
    window = QWidget()
    qtbot.addWidget(window)
    counters = CaptionCounters(window)
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(counters)
    layout.addStretch(1)
    counters.set_networks(NETWORKS)
    with qtbot.waitSignal(counters.report_ready):
        # Forty hashtags break Instagram's hashtag limit and X's length, so findings show.
        counters.set_text("Fresh bread today " + " ".join(f"#tag{i}" for i in range(40)))
    window.resize(width, 600)
    window.show()
    qtbot.waitExposed(window)
    return window, counters


def counter_label(counter: CaptionCounter) -> QLabel:
    labels = [label for label in counter.findChildren(QLabel) if label.text() == counter.text()]
    assert len(labels) == 1
    return labels[0]


def test_narrow_counters_fit_width(qtbot: QtBot) -> None:
    window, counters = show_counters(qtbot, 300)

    # Counters that cannot wrap raise the window's minimum width above the width requested.
    assert counters.width() == 300
    all_counters = counters.counters()
    assert len(all_counters) == len(NETWORKS) + 1
    for counter in all_counters:
        assert counter.isVisible(), counter.text()
        assert counter.geometry().left() >= 0, counter.text()
        assert counter.geometry().right() < counters.width(), counter.text()
        assert counter.geometry().bottom() < counters.height(), counter.text()
        label = counter_label(counter)
        assert label.width() >= label.sizeHint().width(), counter.text()
    assert window.isVisible()


def test_narrow_counters_wrap_lines(qtbot: QtBot) -> None:
    window, counters = show_counters(qtbot, 300)

    geometries = [counter.geometry() for counter in counters.counters()]

    # A counter that starts below another one's bottom edge sits on a later line.
    assert max(g.top() for g in geometries) > min(g.bottom() for g in geometries)
    assert window.isVisible()


def test_wide_counters_share_line(qtbot: QtBot) -> None:
    window, counters = show_counters(qtbot, 1200)
    assert counters.width() == 1200

    geometries = [counter.geometry() for counter in counters.counters()]

    # Counters with a warning icon are taller, so one line means the counters overlap
    # vertically, not that their top edges are equal.
    assert max(g.top() for g in geometries) <= min(g.bottom() for g in geometries)
    assert [g.left() for g in geometries] == sorted(g.left() for g in geometries)
    assert window.isVisible()


@pytest.mark.parametrize("width", [300, 1200])
def test_findings_below_counters(qtbot: QtBot, width: int) -> None:
    window, counters = show_counters(qtbot, width)

    lowest = max(counter.geometry().bottom() for counter in counters.counters())

    assert counters.findings_label.isVisible()
    assert counters.findings_label.wordWrap()
    assert counters.findings_label.geometry().top() > lowest
    assert counters.findings_label.geometry().bottom() < counters.height()
    assert counters.findings_label.geometry().right() < counters.width()
    assert window.isVisible()
