"""FlowLayout: line wrapping, height for width, minimum size and the empty layout."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ocoya_desktop.ui.widgets.flow_layout import FlowLayout


@dataclass
class Flow:
    """A host widget, its FlowLayout and the boxes in it. Holding the host keeps it alive."""

    host: QWidget
    layout: FlowLayout
    boxes: list[QWidget]


def make_flow(qtbot: QtBot, *sizes: tuple[int, int]) -> Flow:
    """Return a host widget whose FlowLayout contains one fixed-size box for each of ``sizes``."""
    host = QWidget()
    qtbot.addWidget(host)
    layout = FlowLayout(host, horizontal_spacing=10, vertical_spacing=5)
    layout.setContentsMargins(0, 0, 0, 0)
    boxes = []
    for width, height in sizes:
        box = QWidget(host)
        box.setFixedSize(width, height)
        layout.addWidget(box)
        boxes.append(box)
    return Flow(host, layout, boxes)


def test_items_share_line_when_wide(qtbot: QtBot) -> None:
    flow = make_flow(qtbot, (100, 20), (100, 20), (100, 20))

    flow.layout.setGeometry(QRect(0, 0, 320, 100))

    assert [box.geometry() for box in flow.boxes] == [
        QRect(0, 0, 100, 20),
        QRect(110, 0, 100, 20),
        QRect(220, 0, 100, 20),
    ]


def test_items_wrap_when_narrow(qtbot: QtBot) -> None:
    flow = make_flow(qtbot, (100, 20), (100, 20), (100, 20))

    flow.layout.setGeometry(QRect(0, 0, 319, 100))

    assert flow.boxes[0].geometry() == QRect(0, 0, 100, 20)
    assert flow.boxes[1].geometry() == QRect(110, 0, 100, 20)
    assert flow.boxes[2].geometry() == QRect(0, 25, 100, 20)


def test_taller_item_centres_its_line(qtbot: QtBot) -> None:
    flow = make_flow(qtbot, (50, 10), (50, 30), (50, 10))

    flow.layout.setGeometry(QRect(0, 0, 115, 100))

    assert flow.boxes[0].geometry() == QRect(0, 10, 50, 10)
    assert flow.boxes[1].geometry() == QRect(60, 0, 50, 30)
    assert flow.boxes[2].geometry() == QRect(0, 35, 50, 10)


def test_height_grows_as_width_shrinks(qtbot: QtBot) -> None:
    flow = make_flow(qtbot, (100, 20), (100, 20), (100, 20))

    assert flow.layout.hasHeightForWidth()
    assert flow.layout.heightForWidth(320) == 20
    assert flow.layout.heightForWidth(210) == 45
    assert flow.layout.heightForWidth(100) == 70


def test_height_includes_margins(qtbot: QtBot) -> None:
    flow = make_flow(qtbot, (100, 20), (100, 20))
    flow.layout.setContentsMargins(3, 4, 5, 6)

    assert flow.layout.heightForWidth(218) == 4 + 20 + 6
    assert flow.layout.heightForWidth(217) == 4 + 45 + 6


def test_minimum_size_is_widest_item(qtbot: QtBot) -> None:
    flow = make_flow(qtbot, (80, 20), (150, 30), (60, 10))

    assert flow.layout.minimumSize() == QSize(150, 30)


def test_size_hint_is_one_line(qtbot: QtBot) -> None:
    flow = make_flow(qtbot, (80, 20), (150, 30), (60, 10))
    flow.layout.setContentsMargins(1, 2, 3, 4)

    assert flow.layout.sizeHint() == QSize(1 + 80 + 10 + 150 + 10 + 60 + 3, 2 + 30 + 4)


def test_empty_layout(qtbot: QtBot) -> None:
    flow = make_flow(qtbot)

    assert flow.layout.count() == 0
    assert flow.layout.itemAt(0) is None
    assert flow.layout.takeAt(0) is None
    assert flow.layout.sizeHint() == QSize(0, 0)
    assert flow.layout.minimumSize() == QSize(0, 0)
    assert flow.layout.heightForWidth(100) == 0
    flow.layout.setGeometry(QRect(0, 0, 100, 100))


def test_take_at_removes_item(qtbot: QtBot) -> None:
    flow = make_flow(qtbot, (100, 20), (100, 20))

    item = flow.layout.takeAt(0)

    assert item is not None
    assert item.widget() is flow.boxes[0]
    assert flow.layout.count() == 1
    first = flow.layout.itemAt(0)
    assert first is not None
    assert first.widget() is flow.boxes[1]


def test_hidden_item_takes_no_space(qtbot: QtBot) -> None:
    flow = make_flow(qtbot, (100, 20), (100, 20), (100, 20))
    flow.boxes[1].hide()

    flow.layout.setGeometry(QRect(0, 0, 210, 100))

    assert flow.boxes[2].geometry() == QRect(110, 0, 100, 20)
    assert flow.layout.heightForWidth(210) == 20


def test_right_to_left_mirrors_lines(qtbot: QtBot) -> None:
    flow = make_flow(qtbot, (100, 20), (100, 20))
    flow.host.setLayoutDirection(Qt.LayoutDirection.RightToLeft)

    flow.layout.setGeometry(QRect(0, 0, 300, 100))

    assert flow.boxes[0].geometry() == QRect(200, 0, 100, 20)
    assert flow.boxes[1].geometry() == QRect(90, 0, 100, 20)


def test_host_height_follows_width(qtbot: QtBot) -> None:
    flow = make_flow(qtbot, (100, 20), (100, 20), (100, 20))

    assert flow.host.hasHeightForWidth()
    assert flow.host.heightForWidth(320) == 20
    assert flow.host.heightForWidth(100) == 70
