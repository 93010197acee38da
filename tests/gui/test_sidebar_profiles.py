"""Sidebar profiles: same-named profiles show their network, and F5 keeps the ticks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ocoya_desktop.api import SocialProfile
from ocoya_desktop.sandbox import SandboxStore
from ocoya_desktop.ui.models.profile_list_model import (
    ProfileListModel,
    ProfileNameRole,
    ProfileNetworkRole,
)
from ocoya_desktop.ui.widgets.profile_delegate import ProfileDelegate
from tests.gui.shell_support import (
    GatedTransport,
    Shell,
    start,
    workspace_ids,
)

WAIT_MS = 5_000

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


# --- names -----------------------------------------------------------------------------------


def _texts(model: ProfileListModel, role: Qt.ItemDataRole) -> list[str]:
    return [model.index(row, 0).data(role) for row in range(model.rowCount())]


@pytest.mark.parametrize(
    ("profiles", "expected"),
    [
        pytest.param(
            [
                SocialProfile(id="p-ig", provider="instagram", name="Acme Coffee", image=None),
                SocialProfile(id="p-fb", provider="facebook", name="Acme Coffee", image=None),
                SocialProfile(id="p-x", provider="twitter", name="@acme", image=None),
            ],
            ["Acme Coffee (Instagram)", "Acme Coffee (Facebook)", "@acme"],
            id="shared-name-shows-network",
        ),
        pytest.param(
            [
                SocialProfile(id="p-ig", provider="instagram", name="Acme Coffee", image=None),
                SocialProfile(id="p-li", provider="linkedin", name="ACME COFFEE ", image=None),
            ],
            ["Acme Coffee (Instagram)", "ACME COFFEE  (LinkedIn)"],
            id="names-compared-ignoring-case",
        ),
    ],
)
def test_display_names(
    qapp: QApplication, profiles: list[SocialProfile], expected: list[str]
) -> None:
    model = ProfileListModel()
    model.set_profiles(profiles)

    assert _texts(model, Qt.ItemDataRole.DisplayRole) == expected


def test_same_name_and_network_shows_id(qapp: QApplication) -> None:
    model = ProfileListModel()
    model.set_profiles(
        [
            SocialProfile(id="profile-111111", provider="instagram", name="Acme", image=None),
            SocialProfile(id="profile-222222", provider="instagram", name="Acme", image=None),
        ]
    )

    assert _texts(model, Qt.ItemDataRole.DisplayRole) == [
        "Acme (Instagram, …111111)",
        "Acme (Instagram, …222222)",
    ]
    assert _texts(model, Qt.ItemDataRole.ToolTipRole) == [
        "Acme on Instagram (profile id profile-111111)",
        "Acme on Instagram (profile id profile-222222)",
    ]


def test_tooltip_always_names_network(qapp: QApplication) -> None:
    model = ProfileListModel()
    model.set_profiles(
        [SocialProfile(id="p-ig", provider="instagram", name="Acme Coffee", image=None)]
    )

    assert _texts(model, Qt.ItemDataRole.DisplayRole) == ["Acme Coffee"]
    assert _texts(model, Qt.ItemDataRole.ToolTipRole) == ["Acme Coffee on Instagram"]
    assert _texts(model, Qt.ItemDataRole.AccessibleTextRole) == ["Acme Coffee on Instagram"]


def test_removing_twin_restores_plain_name(qapp: QApplication) -> None:
    instagram = SocialProfile(id="p-ig", provider="instagram", name="Acme", image=None)
    facebook = SocialProfile(id="p-fb", provider="facebook", name="Acme", image=None)
    model = ProfileListModel()
    model.set_profiles([instagram, facebook])

    model.set_profiles([instagram])

    assert _texts(model, Qt.ItemDataRole.DisplayRole) == ["Acme"]


# --- the window ------------------------------------------------------------------------------


@pytest.fixture
def shell(qtbot: QtBot, shell: Shell) -> Shell:
    """The main window with its first workspace loaded."""
    start(qtbot, shell)
    return shell


def _tick(model: ProfileListModel, ids: list[str]) -> None:
    for row, profile in enumerate(model.profiles()):
        if profile.id in ids:
            model.setData(
                model.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
            )


def _press_f5(qtbot: QtBot, shell: Shell) -> None:
    shell.window.show()
    qtbot.waitExposed(shell.window)
    shell.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shell.window, timeout=WAIT_MS)
    QTest.keyClick(shell.window, Qt.Key.Key_F5)


def test_demo_twins_show_network(shell: Shell) -> None:
    view = shell.window.sidebar.profile_view
    texts = [view.model().index(row, 0).data() for row in range(view.model().rowCount())]

    assert "Bean There Coffee (Instagram)" in texts
    assert "Bean There Coffee (Facebook)" in texts
    assert "Bean There Recipes" in texts
    # The sidebar's rows show the name and, on a line of its own, every profile's network.
    rows = [view.model().index(row, 0) for row in range(view.model().rowCount())]
    twins = [index for index in rows if index.data(ProfileNameRole) == "Bean There Coffee"]
    assert [index.data(ProfileNetworkRole) for index in twins] == ["Instagram", "Facebook"]
    assert isinstance(view.itemDelegate(), ProfileDelegate)


def test_f5_keeps_ticked_profiles(
    qtbot: QtBot, shell: Shell, store: SandboxStore, gate: GatedTransport
) -> None:
    model = shell.window.sidebar.profile_view.model()
    assert isinstance(model, ProfileListModel)
    ticked = [profile.id for profile in model.profiles()[:2]]
    _tick(model, ticked)
    first = workspace_ids(store)[0]
    gate.close_gate(f"workspaceId={first}")

    _press_f5(qtbot, shell)

    # While the fresh copy loads, the list and its ticks stay as they were.
    qtbot.waitUntil(lambda: len(gate.held) > 0, timeout=WAIT_MS)
    assert model.checked_ids() == ticked
    with qtbot.waitSignal(shell.window.controller.workspace_loaded, timeout=WAIT_MS):
        gate.open_gate(f"workspaceId={first}")

    assert model.checked_ids() == ticked
    assert shell.window.editor.composition(schedule=False).social_profile_ids == tuple(ticked)


def test_f5_drops_tick_of_removed_profile(qtbot: QtBot, shell: Shell, store: SandboxStore) -> None:
    model = shell.window.sidebar.profile_view.model()
    assert isinstance(model, ProfileListModel)
    kept, removed = (profile.id for profile in model.profiles()[:2])
    _tick(model, [kept, removed])
    del store.social_profiles[removed]

    with qtbot.waitSignal(shell.window.controller.workspace_loaded, timeout=WAIT_MS):
        _press_f5(qtbot, shell)

    assert model.checked_ids() == [kept]
    assert removed not in {profile.id for profile in model.profiles()}
