"""Helpers for the QTableWidget lists of posts kept on this computer (local drafts, outbox)."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget


def one_line_excerpt(text: str, max_length: int) -> str:
    """Return ``text`` on one line with runs of white space folded, cut to ``max_length``.

    A cut excerpt ends in "…", which counts towards ``max_length``.
    """
    line = " ".join(text.split())
    if len(line) > max_length:
        line = line[: max_length - 1] + "…"
    return line


def selected_row_id(table: QTableWidget, role: int) -> int | None:
    """Return the id stored under ``role`` in the first column of the selected row, or None."""
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return int(item.data(role)) if item is not None else None
