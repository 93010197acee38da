"""The table helpers shared by the local drafts list and the outbox."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from ocoya_desktop.ui.widgets.table_rows import one_line_excerpt, selected_row_id, set_up_row_table

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def test_excerpt_folds_white_space() -> None:
    assert one_line_excerpt("  New\n\nbeans\tare   in  ", 50) == "New beans are in"


def test_excerpt_cut_ends_in_ellipsis() -> None:
    excerpt = one_line_excerpt("abcdefghij", 6)

    assert excerpt == "abcde…"
    assert len(excerpt) == 6


def test_excerpt_at_limit_is_whole() -> None:
    assert one_line_excerpt("abcdef", 6) == "abcdef"


def test_selected_row_id(qtbot: QtBot) -> None:
    table = QTableWidget(3, 2)
    qtbot.addWidget(table)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    for row, row_id in enumerate((11, 22, 33)):
        item = QTableWidgetItem(f"row {row}")
        item.setData(ID_ROLE, row_id)
        table.setItem(row, 0, item)

    assert selected_row_id(table, ID_ROLE) is None
    table.selectRow(1)
    assert selected_row_id(table, ID_ROLE) == 22


def test_row_table_set_up(qtbot: QtBot) -> None:
    table = QTableWidget(2, 3)
    qtbot.addWidget(table)

    set_up_row_table(table, stretch_columns={0, 2})

    header = table.horizontalHeader()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.ResizeToContents
    assert header.sectionResizeMode(2) == QHeaderView.ResizeMode.Stretch
    assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert table.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert table.verticalHeader().isHidden()
