"""Pickers shared by the AI panel and the campaign dialog: tone, length, brand kit, library,
and the Studio template list with thumbnails.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QWidget,
)

from ocoya_desktop.api import BrandKit, HashtagLibrary, PostLength, StudioTemplate, Tone

TEMPLATE_ICON_SIZE = 72


def _tr(text: str) -> str:
    return QCoreApplication.translate("AiPickers", text)


def tone_labels() -> dict[str, str]:
    """Return the plain label of each tone value the AI endpoints accept."""
    return {
        Tone.PROFESSIONAL.value: _tr("Professional"),
        Tone.FRIENDLY.value: _tr("Friendly"),
        Tone.EDUCATIONAL.value: _tr("Educational"),
        Tone.BOLD.value: _tr("Bold"),
        Tone.FOUNDER_LED.value: _tr("Founder-led"),
    }


def length_labels() -> dict[str, str]:
    """Return the plain label of each caption length value the AI endpoints accept."""
    return {
        PostLength.SHORT.value: _tr("Short"),
        PostLength.MEDIUM.value: _tr("Medium"),
        PostLength.LONG.value: _tr("Long"),
        PostLength.EXTRA_LONG.value: _tr("Extra long"),
    }


def make_choice_combo(labels: dict[str, str], parent: QWidget, accessible_name: str) -> QComboBox:
    """Return a combo box showing ``labels`` with each value as the item's data."""
    combo = QComboBox(parent)
    combo.setAccessibleName(accessible_name)
    for value, label in labels.items():
        combo.addItem(label, value)
    return combo


def select_data(combo: QComboBox, value: str | None) -> bool:
    """Select the item whose data is ``value``; return False (and keep the choice) if none."""
    index = combo.findData(value)
    if index < 0:
        return False
    combo.setCurrentIndex(index)
    return True


def current_id(combo: QComboBox) -> str | None:
    """Return the current item's data as a string, or None for the "none" item."""
    value = combo.currentData()
    return value if isinstance(value, str) and value else None


def references_note(generate_image: bool, check_label: str) -> str:
    """Return the note above the image references for the state of the image check box.

    ``check_label`` is the check box's text (without a ``&`` mnemonic), which the note names
    while the box is off.
    """
    if generate_image:
        return _tr("Templates and reference images guide the generated image.")
    return _tr("References are sent only with image generation: turn on “{0}” to use them.").format(
        check_label
    )


def fill_brand_kits(combo: QComboBox, kits: Sequence[BrandKit]) -> None:
    """List ``kits`` after a "No brand kit" item; each description is the item's tooltip."""
    combo.clear()
    combo.addItem(_tr("No brand kit"), None)
    for kit in kits:
        combo.addItem(kit.name, kit.id)
        combo.setItemData(combo.count() - 1, kit.description or "", Qt.ItemDataRole.ToolTipRole)


def fill_libraries(combo: QComboBox, libraries: Sequence[HashtagLibrary]) -> None:
    """List ``libraries`` after a "No hashtag library" item; the tooltip shows the hashtags."""
    combo.clear()
    combo.addItem(_tr("No hashtag library"), None)
    for library in libraries:
        label = _tr("{name} ({count} hashtags)").format(
            name=library.name, count=len(library.hashtags)
        )
        combo.addItem(label, library.id)
        combo.setItemData(
            combo.count() - 1, " ".join(library.hashtags), Qt.ItemDataRole.ToolTipRole
        )


class TemplateList(QListWidget):
    """Studio templates as checkable thumbnails; the checked ones are reference designs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(TEMPLATE_ICON_SIZE, TEMPLATE_ICON_SIZE))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWordWrap(True)
        # Thumbnails arrive after the names. Fixed cells and a blank icon of the final size keep
        # the layout, because otherwise the late thumbnails overlap or are clipped.
        indicator = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
        line = self.fontMetrics().lineSpacing()
        self.setGridSize(
            QSize(TEMPLATE_ICON_SIZE + indicator + line, TEMPLATE_ICON_SIZE + 2 * line + line // 2)
        )
        # An explicit minimum height of one whole row: the campaign dialog's form layout gave
        # the list less than its size hints, which cut off the names under the thumbnails.
        self.setMinimumHeight(self.gridSize().height() + 2 * self.frameWidth())
        self.setAccessibleName(_tr("Studio templates"))

    def sizeHint(self) -> QSize:
        """Four cells across and one row high; more templates scroll."""
        frame = 2 * self.frameWidth()
        grid = self.gridSize()
        return QSize(4 * grid.width() + frame, grid.height() + frame)

    def set_templates(self, templates: Iterable[StudioTemplate]) -> None:
        """Show ``templates``, none checked, with a blank icon until a thumbnail arrives."""
        self.clear()
        blank = QPixmap(TEMPLATE_ICON_SIZE, TEMPLATE_ICON_SIZE)
        blank.fill(Qt.GlobalColor.transparent)
        for template in templates:
            item = QListWidgetItem(QIcon(blank), template.name, self)
            item.setData(Qt.ItemDataRole.UserRole, template.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(template.name)

    def set_thumbnail(self, template_id: str, pixmap: QPixmap) -> None:
        """Show ``pixmap`` as the icon of the template ``template_id``."""
        for item in self._items():
            if item.data(Qt.ItemDataRole.UserRole) == template_id:
                item.setIcon(QIcon(pixmap))

    def checked_ids(self) -> tuple[str, ...]:
        """Return the ids of the checked templates, in list order."""
        return tuple(
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        )

    def set_checked_ids(self, ids: Iterable[str]) -> None:
        """Check exactly the templates in ``ids``; unknown ids are ignored."""
        selected_ids = set(ids)
        for item in self._items():
            checked = item.data(Qt.ItemDataRole.UserRole) in selected_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _items(self) -> list[QListWidgetItem]:
        return [self.item(row) for row in range(self.count())]
