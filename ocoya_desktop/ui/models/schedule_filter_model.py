"""Filter and sort the schedule by status and by text in the caption or network names."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from ocoya_desktop.api import PostGroup
from ocoya_desktop.ui.models.schedule_model import (
    ScheduleModel,
    SearchTextRole,
    SortRole,
    StatusRole,
)


class ScheduleFilterModel(QSortFilterProxyModel):
    """A proxy over ``ScheduleModel`` that hides rows not matching the status and text.

    Only the rows loaded so far are filtered; more pages load as the view scrolls.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status: str | None = None
        self._words: tuple[str, ...] = ()
        self.setSortRole(SortRole)

    @property
    def status(self) -> str | None:
        """The status value rows must have, or None for every status."""
        return self._status

    def set_status(self, status: str | None) -> None:
        """Show only rows with ``status`` (a raw value like ``"DRAFT"``), or all for None."""
        self.beginFilterChange()
        self._status = status or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        """Show only rows whose caption or networks contain every word of ``text``."""
        self.beginFilterChange()
        self._words = tuple(text.casefold().split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def shown_posts(self) -> list[PostGroup]:
        """Return the post groups of the rows the filter shows, in the proxy's order."""
        source = self.sourceModel()
        if not isinstance(source, ScheduleModel):
            raise TypeError(f"the source model is a {type(source).__name__}, not a ScheduleModel")
        return [
            source.post_at(self.mapToSource(self.index(row, 0)).row())
            for row in range(self.rowCount())
        ]

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        source = self.sourceModel()
        index = source.index(source_row, 0, source_parent)
        if self._status is not None and source.data(index, StatusRole) != self._status:
            return False
        if not self._words:
            return True
        haystack: Any = source.data(index, SearchTextRole) or ""
        folded = str(haystack).casefold()
        return all(word in folded for word in self._words)
