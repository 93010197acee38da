"""Profile names in a narrow sidebar and in Local Drafts: same-named profiles stay apart."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListView, QStyle, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import SocialProfile
from ocoya_desktop.storage.drafts_db import EditorState, StoredDraft
from ocoya_desktop.ui.dialogs.local_drafts_dialog import LocalDraftsDialog
from ocoya_desktop.ui.models.profile_list_model import (
    ProfileIdTailRole,
    ProfileListModel,
    ProfileNameRole,
    ProfileNetworkRole,
)
from ocoya_desktop.ui.widgets.profile_delegate import ProfileDelegate, ProfileRowLayout
from ocoya_desktop.ui.widgets.workspace_sidebar import WorkspaceSidebar

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SIDEBAR_MIN_WIDTH = 180
LONG_NAME = "Harbor Yoga Studio and Wellness Centre by the Old Lighthouse"

PROFILES = [
    SocialProfile(id="p-fb", provider="facebook", name="Harbor Yoga Studio", image=None),
    SocialProfile(id="p-ig", provider="instagram", name="Bean There Coffee", image=None),
    SocialProfile(id="p-x", provider="twitter", name=LONG_NAME, image=None),
    SocialProfile(id="p-tt", provider="tiktok", name="Bean", image=None),
    SocialProfile(id="p-li", provider="linkedin", name="Harbor Yoga Studio", image=None),
]
NETWORKS = ["Facebook", "Instagram", "X", "TikTok", "LinkedIn"]


@pytest.fixture
def model(qapp: QApplication) -> ProfileListModel:
    profiles = ProfileListModel()
    profiles.set_profiles(PROFILES)
    return profiles


def _show_sidebar(qtbot: QtBot, model: ProfileListModel, font_scale: float) -> WorkspaceSidebar:
    sidebar = WorkspaceSidebar(model)
    qtbot.addWidget(sidebar)
    font = QFont(sidebar.font())
    font.setPointSizeF(font.pointSizeF() * font_scale)
    sidebar.setFont(font)
    sidebar.resize(SIDEBAR_MIN_WIDTH, 600)
    sidebar.show()
    qtbot.waitExposed(sidebar)
    return sidebar


def _option(view: QListView, index: QModelIndex) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    return option


def _row_layouts(view: QListView) -> Iterator[tuple[QModelIndex, ProfileRowLayout]]:
    delegate = view.itemDelegate()
    assert isinstance(delegate, ProfileDelegate)
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        yield index, delegate.row_layout(_option(view, index), index)


# --- the sidebar -----------------------------------------------------------------------------


@pytest.mark.parametrize("font_scale", [1.0, 2.0], ids=["normal-font", "double-font"])
def test_narrow_sidebar_fits_rows(qtbot: QtBot, font_scale: float) -> None:
    model = ProfileListModel()
    sidebar = _show_sidebar(qtbot, model, font_scale)
    view = sidebar.profile_view

    # The profiles arrive while the sidebar is on screen, as when a workspace loads.
    model.set_profiles(PROFILES)
    qtbot.waitUntil(lambda: view.visualRect(model.index(len(PROFILES) - 1, 0)).isValid())

    viewport = view.viewport().rect()

    assert sidebar.width() == SIDEBAR_MIN_WIDTH
    assert not view.horizontalScrollBar().isVisible()
    for index, layout in _row_layouts(view):
        row_rect = view.visualRect(index)
        name = PROFILES[index.row()].name
        assert viewport.contains(row_rect), name
        assert row_rect.contains(layout.name_rect), name
        assert row_rect.contains(layout.detail_rect), name
        assert not layout.name_rect.intersects(layout.detail_rect), name
        name_width = QFontMetrics(layout.name_font).horizontalAdvance(layout.name_text)
        assert name_width <= layout.name_rect.width(), name
        detail_width = QFontMetrics(layout.detail_font).horizontalAdvance(layout.detail_text)
        assert detail_width <= layout.detail_rect.width(), name
    # Painting runs the same layout, and an exception in it fails the test.
    assert not sidebar.grab().isNull()


def test_rows_show_name_then_network(qtbot: QtBot, model: ProfileListModel) -> None:
    sidebar = _show_sidebar(qtbot, model, 1.0)

    layouts = [layout for _index, layout in _row_layouts(sidebar.profile_view)]

    assert [layout.detail_text for layout in layouts] == NETWORKS
    assert layouts[3].name_text == "Bean"
    assert layouts[2].name_text != LONG_NAME
    # A name too long for the row keeps its start and is cut at the end.
    for profile, layout in zip(PROFILES, layouts, strict=True):
        full_width = QFontMetrics(layout.name_font).horizontalAdvance(profile.name)
        if full_width <= layout.name_rect.width():
            assert layout.name_text == profile.name
            continue
        assert layout.name_text.endswith("…"), profile.name
        assert len(layout.name_text) > 1, profile.name
        assert profile.name.startswith(layout.name_text.removesuffix("…")), profile.name


def test_network_line_uses_smaller_font(qtbot: QtBot, model: ProfileListModel) -> None:
    sidebar = _show_sidebar(qtbot, model, 2.0)

    _index, layout = next(_row_layouts(sidebar.profile_view))

    assert layout.detail_font.pointSizeF() < layout.name_font.pointSizeF()
    assert layout.detail_rect.top() > layout.name_rect.top()


def test_row_height_follows_font(qtbot: QtBot, model: ProfileListModel) -> None:
    normal_sidebar = _show_sidebar(qtbot, model, 1.0)
    double_sidebar = _show_sidebar(qtbot, model, 2.0)
    normal = normal_sidebar.profile_view
    double = double_sidebar.profile_view

    normal_height = normal.visualRect(model.index(0, 0)).height()
    double_height = double.visualRect(model.index(0, 0)).height()

    assert double_height > normal_height
    _index, layout = next(_row_layouts(double))
    lines_height = layout.name_rect.height() + layout.detail_rect.height()
    assert double_height >= lines_height


@pytest.mark.parametrize("font_scale", [1.0, 2.0], ids=["normal-font", "double-font"])
def test_id_twins_keep_id_tail(qtbot: QtBot, font_scale: float) -> None:
    model = ProfileListModel()
    model.set_profiles(
        [
            SocialProfile(id="profile-111111", provider="instagram", name="Acme", image=None),
            SocialProfile(id="profile-222222", provider="instagram", name="Acme", image=None),
        ]
    )
    sidebar = _show_sidebar(qtbot, model, font_scale)

    details = [layout.detail_text for _index, layout in _row_layouts(sidebar.profile_view)]

    assert details[0].endswith("111111")
    assert details[1].endswith("222222")
    if font_scale == 1.0:
        # With room to spare, the start of the network's name stays in front of the id.
        assert details[0].startswith("Inst")
        assert details[1].startswith("Inst")


def test_check_box_click_ticks_profile(qtbot: QtBot, model: ProfileListModel) -> None:
    sidebar = _show_sidebar(qtbot, model, 1.0)
    view = sidebar.profile_view
    index = model.index(0, 0)
    option = _option(view, index)
    view.itemDelegate().initStyleOption(option, index)  # type: ignore[attr-defined]
    check_rect = view.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view
    )

    with qtbot.waitSignal(model.checked_changed):
        QTest.mouseClick(
            view.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            check_rect.center(),
        )

    assert model.checked_ids() == ["p-fb"]


def test_click_on_name_ticks_profile(qtbot: QtBot, model: ProfileListModel) -> None:
    sidebar = _show_sidebar(qtbot, model, 1.0)
    view = sidebar.profile_view
    layouts = dict(_row_layouts(view))
    name = layouts[model.index(1, 0)].name_rect.center()

    with qtbot.waitSignal(model.checked_changed):
        QTest.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, name
        )
    assert model.checked_ids() == ["p-ig"]
    # The row shows its tick only: a selection highlight would read as ticked.
    assert view.selectionModel().selectedIndexes() == []

    with qtbot.waitSignal(model.checked_changed):
        QTest.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, name
        )
    assert model.checked_ids() == []


def test_space_ticks_current_profile(qtbot: QtBot, model: ProfileListModel) -> None:
    sidebar = _show_sidebar(qtbot, model, 1.0)
    view = sidebar.profile_view
    view.setFocus()
    view.setCurrentIndex(model.index(1, 0))

    with qtbot.waitSignal(model.checked_changed):
        QTest.keyClick(view, Qt.Key.Key_Space)

    assert model.checked_ids() == ["p-ig"]


def test_click_on_network_line_finds_row(qtbot: QtBot, model: ProfileListModel) -> None:
    sidebar = _show_sidebar(qtbot, model, 1.0)
    view = sidebar.profile_view
    layouts = dict(_row_layouts(view))

    for index, layout in layouts.items():
        point = QPoint(layout.detail_rect.left() + 1, layout.detail_rect.center().y())
        assert view.indexAt(point).row() == index.row()


def test_model_roles_split_name_and_network(model: ProfileListModel) -> None:
    rows = [model.index(row, 0) for row in range(model.rowCount())]

    assert [index.data(ProfileNameRole) for index in rows] == [p.name for p in PROFILES]
    assert [index.data(ProfileNetworkRole) for index in rows] == NETWORKS
    assert [index.data(ProfileIdTailRole) for index in rows] == [None] * len(PROFILES)
    assert rows[4].data(Qt.ItemDataRole.AccessibleTextRole) == "Harbor Yoga Studio on LinkedIn"
    assert rows[0].data(Qt.ItemDataRole.ToolTipRole) == "Harbor Yoga Studio on Facebook"


# --- Local Drafts ----------------------------------------------------------------------------


def _draft(profile_ids: tuple[str, ...]) -> StoredDraft:
    moment = datetime(2031, 5, 6, 12, 0, tzinfo=UTC)
    state = EditorState(caption="Sunrise class", profile_ids=profile_ids)
    return StoredDraft(draft_id=1, state=state, created_at=moment, updated_at=moment)


def test_local_drafts_names_twin_networks(qtbot: QtBot, model: ProfileListModel) -> None:
    dialog = LocalDraftsDialog(model.display_names())
    qtbot.addWidget(dialog)

    dialog.set_drafts([_draft(("p-li", "p-fb", "p-tt", "p-gone"))], editor_draft_id=None)

    item = dialog.table.item(0, 1)
    assert item is not None
    assert item.text() == (
        "Harbor Yoga Studio (LinkedIn), Harbor Yoga Studio (Facebook), Bean, other profiles: 1"
    )


def test_display_names_match_list_text(model: ProfileListModel) -> None:
    names = model.display_names()

    for row, profile in enumerate(model.profiles()):
        assert names[profile.id] == model.index(row, 0).data(Qt.ItemDataRole.DisplayRole)
