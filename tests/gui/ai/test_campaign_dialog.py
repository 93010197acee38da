"""The campaign dialog's Studio templates: thumbnails, whole names, and the image toggle."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QListWidgetItem
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import StudioTemplate
from ocoya_desktop.ui.dialogs.campaign_dialog import CampaignDialog
from ocoya_desktop.ui.widgets.ai_pickers import TEMPLATE_ICON_SIZE
from tests.gui.shell_support import WAIT_MS

from .conftest import AiShell

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TEMPLATES = [
    StudioTemplate(id="t1", name="Bold quote card with a long name", thumbnail_url=None),
    StudioTemplate(id="t2", name="Menu board", thumbnail_url=None),
]
PROFILE_IDS = ("p1",)
REFERENCE = "https://cdn.example/reference.jpg"


def _dialog(qtbot: QtBot) -> CampaignDialog:
    dialog = CampaignDialog(
        brand_kits=[],
        libraries=[],
        templates=TEMPLATES,
        social_profile_ids=PROFILE_IDS,
    )
    qtbot.addWidget(dialog)
    return dialog


def _fill_references(dialog: CampaignDialog) -> None:
    dialog.prompt_edit.setPlainText("Autumn menu week")
    dialog.template_list.set_checked_ids(["t2"])
    dialog.reference_edit.setPlainText(REFERENCE)


def _items(dialog: CampaignDialog) -> list[QListWidgetItem]:
    return [dialog.template_list.item(row) for row in range(dialog.template_list.count())]


def _has_picture(item: QListWidgetItem) -> bool:
    # Until a thumbnail arrives, the icon is a fully transparent placeholder.
    image = item.icon().pixmap(TEMPLATE_ICON_SIZE, TEMPLATE_ICON_SIZE).toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2).alpha() > 0


def test_references_disabled_while_images_off(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)

    assert not dialog.generate_media_check.isChecked()
    assert not dialog.template_list.isEnabled()
    assert not dialog.reference_edit.isEnabled()
    assert dialog.references_note.text() == (
        "References are sent only with image generation: turn on "
        "“Generate an image for each post” to use them."
    )


def test_image_toggle_enables_references(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)

    dialog.generate_media_check.setChecked(True)

    assert dialog.template_list.isEnabled()
    assert dialog.reference_edit.isEnabled()
    assert dialog.references_note.text() == (
        "Templates and reference images guide the generated image."
    )


def test_request_without_images_leaves_references_out(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.generate_media_check.setChecked(True)
    _fill_references(dialog)

    dialog.generate_media_check.setChecked(False)
    request = dialog.build_request()

    assert request.generate_media is False
    assert request.reference_urls == ()
    assert request.reference_design_ids == ()
    # The choices stay in the disabled fields for when images are turned back on.
    assert dialog.template_list.checked_ids() == ("t2",)


def test_request_with_images_sends_references(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.generate_media_check.setChecked(True)
    _fill_references(dialog)

    request = dialog.build_request()

    assert request.generate_media is True
    assert request.reference_urls == (REFERENCE,)
    assert request.reference_design_ids == ("t2",)


def test_invalid_reference_ignored_while_images_off(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.prompt_edit.setPlainText("Autumn menu week")
    dialog.reference_edit.setPlainText("not a web address")

    request = dialog.build_request()

    assert request.reference_urls == ()


def test_template_row_fits_names(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)

    template_list = dialog.template_list
    assert template_list.viewport().height() >= template_list.gridSize().height()
    assert (
        template_list.gridSize().height()
        > TEMPLATE_ICON_SIZE + template_list.fontMetrics().height()
    )
    dialog.close()


def test_set_template_thumbnail_shows_picture(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    pixmap = QPixmap(TEMPLATE_ICON_SIZE, TEMPLATE_ICON_SIZE)
    pixmap.fill(QColor("teal"))

    dialog.set_template_thumbnail("t2", pixmap)

    first, second = _items(dialog)
    assert not _has_picture(first)
    assert _has_picture(second)


def test_dialog_from_panel_loads_thumbnails(shell: AiShell, qtbot: QtBot) -> None:
    shell.panel.campaign_action.trigger()
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in shell.window.findChildren(CampaignDialog)),
        timeout=WAIT_MS,
    )
    [dialog] = [d for d in shell.window.findChildren(CampaignDialog) if d.isVisible()]
    assert dialog.template_list.count() > 0

    qtbot.waitUntil(lambda: all(_has_picture(item) for item in _items(dialog)), timeout=WAIT_MS)

    names = [item.text() for item in _items(dialog)]
    assert all(item.data(Qt.ItemDataRole.UserRole) for item in _items(dialog))
    assert all(names)
    assert not dialog.template_list.isEnabled()
    dialog.reject()
