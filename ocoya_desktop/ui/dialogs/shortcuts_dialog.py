"""Lists the keyboard shortcuts of the main window's actions, then keys of single views."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Smallest width of the dialog, so that a short list still shows its title and Close button.
_MIN_WIDTH = 360
# Share of the screen's height the table may take before it scrolls vertically.
_MAX_SCREEN_SHARE = 0.8
# Rows the user can still see after making the dialog as small as it goes.
_MIN_VISIBLE_ROWS = 4
# Room between the text of a cell and the next column, in pixels.
_CELL_PADDING = 24


def calendar_keys() -> list[tuple[str, str]]:
    """Return the keys the calendar handles while it has the focus.

    Ctrl+T is the shortcut of the calendar's Today button. The calendar grid also takes T
    alone, and the other keys here, while it has the keyboard focus.
    """

    def tr(text: str) -> str:
        return QCoreApplication.translate("ShortcutsDialog", text)

    # "Ctrl+T, T" would read as a two-key sequence, so alternatives are joined by "or". The
    # keys for the two directions of one move are separated by a slash.
    today = QKeySequence("Ctrl+T").toString(QKeySequence.SequenceFormat.NativeText)
    return [
        (tr("Previous or next page of the calendar"), tr("Page Up / Page Down")),
        (tr("Go to today"), tr("{0} or T").format(today)),
        (tr("Move to the previous or next day"), tr("Left / Right")),
        (tr("Move to the previous or next week"), tr("Up / Down")),
        (tr("Duplicate the selected post into the editor"), tr("Enter")),
        (tr("Next or previous post of the day"), tr("Tab / Shift+Tab")),
        (tr("Cancel dragging a post"), tr("Esc")),
    ]


def schedule_tab_keys(previous: QKeySequence, following: QKeySequence) -> list[tuple[str, str]]:
    """Return the row of the keys that show the previous or the next schedule tab.

    The tabs are the list and the calendar, and the keys work while the focus is in them.
    ``previous`` and ``following`` are the keys of the two directions, shown as the system
    writes them, as in "Ctrl+PgUp / Ctrl+PgDown".
    """

    def tr(text: str) -> str:
        return QCoreApplication.translate("ShortcutsDialog", text)

    native = QKeySequence.SequenceFormat.NativeText
    keys = tr("{0} / {1}").format(previous.toString(native), following.toString(native))
    return [(tr("Switch between the list and the calendar"), keys)]


def action_keys(actions: Sequence[QAction]) -> list[tuple[str, str]]:
    """Return (name, keys) rows for the ``actions`` that have a shortcut, in order.

    Sections built from a widget's own actions, such as the media area's, use this, so
    that the list shows whatever shortcuts those actions have.
    """
    return [
        (action.text().replace("&", ""), _keys(action)) for action in actions if action.shortcuts()
    ]


class ShortcutsDialog(QDialog):
    """A two-column table: what each action does and the keys that trigger it.

    ``sections`` follow the actions, each under a bold title row, for keys that a single
    view handles itself (the calendar's, for example) rather than an action.

    The dialog opens at the size of its contents: every name and key is shown in full and
    the table never scrolls sideways. It scrolls vertically only when the rows would take
    more than 80% of the screen's height.
    """

    def __init__(
        self,
        actions: Sequence[QAction],
        extra: Sequence[tuple[str, str]] = (),
        parent: QWidget | None = None,
        *,
        sections: Sequence[tuple[str, Sequence[tuple[str, str]]]] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ShortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = action_keys(actions)
        rows.extend(extra)
        titles: set[int] = set()
        for title, section_rows in sections:
            titles.add(len(rows))
            rows.append((title, ""))
            rows.extend(section_rows)

        self.table = QTableWidget(len(rows), 2, self)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        # Tab moves on to the Close button. A table's default moves it from cell to cell.
        self.table.setTabKeyNavigation(False)
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (name, keys) in enumerate(rows):
            name_item = QTableWidgetItem(name)
            if row in titles:
                font = QFont(name_item.font())
                font.setBold(True)
                name_item.setFont(font)
            self.table.setItem(row, 0, name_item)
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self._fit_table_to_contents()

    def _fit_table_to_contents(self) -> None:
        """Size the dialog to show every cell in full, within the screen.

        The width becomes the minimum, so that no text is ever cut. The user may make the
        dialog shorter, down to a few rows, and the table then scrolls vertically.
        """
        table = self.table
        table.resizeRowsToContents()
        header = table.horizontalHeader()
        columns = sum(
            max(table.sizeHintForColumn(column), header.sectionSizeHint(column)) + _CELL_PADDING
            for column in range(table.columnCount())
        )
        frame = 2 * table.frameWidth()
        # The vertical scroll bar's room is kept even when it is hidden, so that a long list
        # that scrolls does not cover the keys column.
        scroll_bar = table.verticalScrollBar().sizeHint().width()
        table.setMinimumWidth(max(columns + frame + scroll_bar, _MIN_WIDTH))

        rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
        content_height = header.sizeHint().height() + rows + frame
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            content_height = min(
                content_height, int(screen.availableGeometry().height() * _MAX_SCREEN_SHARE)
            )
        table.setMinimumHeight(content_height)
        fitted = self.sizeHint().expandedTo(self.minimumSizeHint())

        shown_rows = min(table.rowCount(), _MIN_VISIBLE_ROWS)
        rows_height = sum(table.rowHeight(row) for row in range(shown_rows))
        smallest_height = header.sizeHint().height() + rows_height + frame
        table.setMinimumHeight(min(content_height, smallest_height))
        self.resize(fitted)

    def rows(self) -> list[tuple[str, str]]:
        """Return the table's rows as (action, keys) text pairs."""
        result = []
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 0)
            keys = self.table.item(row, 1)
            result.append((name.text() if name else "", keys.text() if keys else ""))
        return result


def _keys(action: QAction) -> str:
    separator = QCoreApplication.translate("ShortcutsDialog", " or ")
    return separator.join(
        key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()
    )
