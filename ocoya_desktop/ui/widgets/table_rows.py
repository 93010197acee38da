"""Helpers for the QTableWidget lists of posts kept on this computer (local drafts, outbox)."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget


def one_line_excerpt(text: str, max_length: int) -> str:
    """Return ``text`` on one line with runs of white space folded, cut to ``max_length``.

    A cut excerpt ends in "…", which counts towards ``max_length``.
    """
    line = " ".join(text.split())
    if len(line) > max_length:
        line = line[: max_length - 1] + "…"
    return line


def set_up_row_table(table: QTableWidget, *, stretch_columns: Collection[int]) -> None:
    """Make ``table`` a read-only list of whole rows, one selected at a time, unnumbered.

    The columns in ``stretch_columns`` share the spare width, and the others fit their contents.
    Tab moves the focus on to the next control, as in any list, and the arrow keys move
    between rows. A table's own default moves Tab from cell to cell, which keeps the focus
    inside it.
    """
    table.setTabKeyNavigation(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for column in range(table.columnCount()):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if column in stretch_columns
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(column, mode)


def selected_row_id(table: QTableWidget, role: int) -> int | None:
    """Return the id stored under ``role`` in the first column of the selected row, or None."""
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return int(item.data(role)) if item is not None else None
