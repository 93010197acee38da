"""The main window on small screens: it fits, its panes shrink, the AI panel stays usable.

The offscreen test screen is 800x800 pixels. Tests of fitting into a 1024x768 screen give the
window a stand-in screen object with that available area.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSplitter,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ocoya_desktop.storage.settings import Settings
from ocoya_desktop.ui.dialogs.campaign_dialog import CampaignDialog
from ocoya_desktop.ui.layout_state import (
    ESTIMATED_FRAME,
    RestoredLayout,
    fitted_frame,
    restore_layout,
    save_layout,
)
from ocoya_desktop.ui.main_window import MainWindow
from ocoya_desktop.ui.widgets.ai_panel import AiPanel
from ocoya_desktop.ui.widgets.calendar_grid import CalendarMode
from tests.gui.shell_support import Shell, start

# The offscreen platform has no window manager, so it warns when a window sets size hints,
# raises a menu or grabs the keyboard.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

# The largest minimum width of the window, which leaves a 1024-pixel screen room for the frame.
MAX_MINIMUM_WIDTH = 800
# WCAG 2.1's minimum contrast ratio for the parts of a control that the user must see.
MIN_CONTRAST = 3.0


class StandInScreen:
    """A screen with a given available area: the one QScreen method that fitting reads."""

    def __init__(self, available: QRect) -> None:
        self._available = available

    def availableGeometry(self) -> QRect:
        return QRect(self._available)


@pytest.fixture
def screen_1024(monkeypatch: pytest.MonkeyPatch) -> QRect:
    """Make every main window fit itself into a 1024x768 screen; return that area."""
    available = QRect(0, 0, 1024, 768)
    screen = StandInScreen(available)
    monkeypatch.setattr(MainWindow, "screen", lambda _window: screen)
    return available


def settle_layouts() -> None:
    """Run the posted layout requests, and those that running them posts in turn."""
    for _ in range(10):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def show_loaded(qtbot: QtBot, shell: Shell, size: QSize | None = None) -> MainWindow:
    """Show the window at ``size`` (its minimum size by default) with a workspace loaded."""
    window = shell.window
    window.resize(size if size is not None else window.minimumSizeHint())
    window.show()
    qtbot.waitExposed(window)
    start(qtbot, shell)
    settle_layouts()
    return window


def ai_dock(window: MainWindow) -> QDockWidget:
    assert window.ai_dock is not None
    return window.ai_dock


def ai_panel(window: MainWindow) -> AiPanel:
    panel = ai_dock(window).widget()
    assert isinstance(panel, AiPanel)
    return panel


def describe(widget: QWidget) -> str:
    """Return the text that names ``widget`` in a failed assert."""
    if isinstance(widget, (QLabel, QAbstractButton)):
        return widget.text()
    return widget.accessibleName() or widget.objectName() or type(widget).__name__


MODIFIER_KEYS = {
    Qt.KeyboardModifier.ShiftModifier: Qt.Key.Key_Shift,
    Qt.KeyboardModifier.ControlModifier: Qt.Key.Key_Control,
    Qt.KeyboardModifier.AltModifier: Qt.Key.Key_Alt,
}
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def click_keys(widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    """Click ``key`` with ``modifiers`` on ``widget``, then release each modifier key.

    After a key click with a modifier, QTest (PySide6 6.11) leaves that modifier in
    ``QApplication.keyboardModifiers()``, so a later test would see it held down.
    """
    QTest.keyClick(widget, key, modifiers)
    for modifier, modifier_key in MODIFIER_KEYS.items():
        if modifiers & modifier:
            QTest.keyRelease(widget, modifier_key)
    assert QApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier


def mnemonic(text: str) -> str:
    """Return the letter after the "&" in ``text``, lower-cased, or "" when there is none."""
    plain = text.replace("&&", "")
    position = plain.find("&")
    if position < 0:
        return ""
    return plain[position + 1].lower()


def relative_luminance(color: QColor) -> float:
    """Return the relative luminance of an sRGB colour, as WCAG 2.1 defines it."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(first: QColor, second: QColor) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --- fitting a frame into the screen --------------------------------------------------------

SCREEN = QRect(0, 0, 1024, 768)
WINDOW_MINIMUM = QSize(800, 300)


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        pytest.param(QRect(10, 20, 1000, 700), QRect(10, 20, 1000, 700), id="fits"),
        pytest.param(QRect(0, 0, 1576, 948), QRect(0, 0, 1024, 768), id="default-size"),
        pytest.param(QRect(900, 500, 1000, 700), QRect(24, 68, 1000, 700), id="off-bottom-right"),
        pytest.param(QRect(-50, -30, 900, 700), QRect(0, 0, 900, 700), id="title-above-screen"),
        pytest.param(QRect(300, 200, 700, 200), QRect(224, 200, 800, 300), id="below-minimum"),
    ],
)
def test_fitted_frame(frame: QRect, expected: QRect) -> None:
    assert fitted_frame(frame, SCREEN, WINDOW_MINIMUM) == expected


def test_fitted_frame_keeps_title_reachable() -> None:
    too_wide = QSize(1100, 300)

    fitted = fitted_frame(QRect(300, 200, 1200, 700), SCREEN, too_wide)

    assert fitted == QRect(0, 68, 1100, 700)


def test_fitted_frame_below_top_panel() -> None:
    # A desktop panel along the top edge takes the first 32 pixels.
    available = QRect(0, 32, 1024, 736)

    fitted = fitted_frame(QRect(0, 0, 1576, 948), available, WINDOW_MINIMUM)

    assert fitted == available


# --- minimum widths -------------------------------------------------------------------------


def test_minimum_width_at_most_800(qtbot: QtBot, shell: Shell) -> None:
    window = show_loaded(qtbot, shell, QSize(1560, 900))

    assert window.minimumSizeHint().width() <= MAX_MINIMUM_WIDTH
    assert window.minimumWidth() <= MAX_MINIMUM_WIDTH


def test_week_keeps_minimum_width(qtbot: QtBot, shell: Shell) -> None:
    window = show_loaded(qtbot, shell)
    calendar = window.calendar_view
    window.schedule_tabs.setCurrentWidget(calendar)
    settle_layouts()
    minimum = window.minimumSizeHint().width()
    width = window.width()

    calendar.week_button.click()
    settle_layouts()

    assert calendar.grid.mode is CalendarMode.WEEK
    assert window.minimumSizeHint().width() == minimum
    assert window.width() == width


def test_week_title_shortened_to_fit(qtbot: QtBot, shell: Shell) -> None:
    window = show_loaded(qtbot, shell)
    calendar = window.calendar_view
    window.schedule_tabs.setCurrentWidget(calendar)
    calendar.set_mode(CalendarMode.WEEK)
    settle_layouts()
    label = calendar.title_label
    title_text = label.shown_text()

    assert label.fontMetrics().horizontalAdvance(title_text) <= label.contentsRect().width()
    assert title_text != calendar.title()
    assert label.toolTip() == calendar.title()


# --- the AI panel at the window's minimum width ---------------------------------------------


@pytest.mark.parametrize("image", [False, True], ids=["no-image", "image-references-shown"])
def test_ai_panel_usable_at_minimum_width(qtbot: QtBot, shell: Shell, image: bool) -> None:
    window = show_loaded(qtbot, shell)
    panel = ai_panel(window)
    panel.generate_image_check.setChecked(image)
    settle_layouts()
    scroll = panel.findChild(QScrollArea)
    assert scroll is not None
    content = scroll.widget()
    assert content is not None
    dock = ai_dock(window)

    assert dock.width() >= dock.minimumSizeHint().width()
    assert not scroll.horizontalScrollBar().isVisible()
    controls: list[QWidget] = [
        *content.findChildren(QLabel),
        *content.findChildren(QAbstractButton),
        *content.findChildren(QComboBox),
    ]
    for control in controls:
        if not control.isVisible():
            continue
        name = describe(control)
        # Nothing is cut at the side: each control has its minimum width and ends inside.
        assert control.width() >= control.minimumSizeHint().width(), name
        right = control.mapTo(content, QPoint(control.width() - 1, 0)).x()
        assert right < content.width(), name


def test_ai_panel_labels_and_choices_whole(qtbot: QtBot, shell: Shell) -> None:
    window = shell.window
    show_loaded(qtbot, shell, QSize(window.minimumSizeHint().width(), 700))
    dock = ai_dock(window)
    panel = ai_panel(window)
    prompt = panel.prompt_edit
    # Labels and radio buttons show their whole text. Combo boxes may cut a long item.
    texts: list[QWidget] = [label for label in dock.findChildren(QLabel) if label.buddy()]
    texts += [panel.replace_radio, panel.at_cursor_radio]
    combos = [panel.tone_combo, panel.length_combo, panel.brand_kit_combo, panel.library_combo]

    for widget in texts:
        assert widget.width() >= widget.sizeHint().width(), describe(widget)
    for combo in combos:
        assert combo.width() >= combo.minimumSizeHint().width(), describe(combo)
    for widget in [*texts, *combos]:
        # The whole width is in view, not scrolled away to one side.
        visible = widget.visibleRegion().boundingRect()
        assert visible.width() == widget.width(), describe(widget)
    # The placeholder, wrapped at the box's width, fits in the box without scrolling.
    viewport = prompt.viewport()
    margin = round(prompt.document().documentMargin())
    text_area = QRect(0, 0, viewport.width() - 2 * margin, 0)
    wrapped = prompt.fontMetrics().boundingRect(
        text_area, int(Qt.TextFlag.TextWordWrap), prompt.placeholderText()
    )
    assert wrapped.height() + 2 * margin <= viewport.height()


def test_ai_dock_widens_for_wider_content(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("Schedule"))
    panel = AiPanel()
    dock = QDockWidget("AI Draft", window)
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.resize(600, 500)
    window.show()
    qtbot.waitExposed(window)
    before = dock.minimumSizeHint().width()

    # As a longer translation of the button's text would.
    panel.campaign_button.setText("Generate a Campaign of Drafts for the Coming Weeks…")
    settle_layouts()

    assert dock.minimumSizeHint().width() > before
    assert panel.campaign_button.width() >= panel.campaign_button.sizeHint().width()
    assert dock.width() >= dock.minimumSizeHint().width()


# --- fitting the window into the screen ----------------------------------------------------


def test_first_start_fits_screen(qtbot: QtBot, screen_1024: QRect, shell: Shell) -> None:
    window = shell.window
    window.show()
    qtbot.waitExposed(window)
    start(qtbot, shell)

    frame = window.frameGeometry()
    status_bar = window.statusBar()
    status_bar_area = QRect(status_bar.mapToGlobal(QPoint(0, 0)), status_bar.size())

    assert screen_1024.contains(frame), frame
    assert screen_1024.contains(status_bar_area), status_bar_area


class StandInScreenWindow(QMainWindow):
    """A main window that fits itself into ``stand_in``, whatever the real screen."""

    stand_in = StandInScreen(QRect(0, 0, 600, 500))

    def screen(self) -> StandInScreen:  # type: ignore[override]
        return self.stand_in


def saved_layout(tmp_path: Path, size: QSize, position: QPoint) -> Settings:
    """Return settings holding the layout of a window of ``size`` at ``position``."""
    settings = Settings.load(tmp_path / "settings.json")
    window = QMainWindow()
    splitter = QSplitter(window)
    window.setCentralWidget(splitter)
    window.setGeometry(QRect(position, size))
    save_layout(window, splitter, settings)
    window.deleteLater()
    return settings


def test_layout_from_larger_screen_fits(qapp: QApplication, tmp_path: Path) -> None:
    settings = saved_layout(tmp_path, QSize(700, 450), QPoint(60, 40))
    window = StandInScreenWindow()
    splitter = QSplitter(window)
    window.setCentralWidget(splitter)

    restored = restore_layout(window, splitter, settings)

    # Before the first show, a window's position is that of its frame's top-left corner.
    frame = QRect(window.pos(), window.size().grownBy(ESTIMATED_FRAME))
    assert restored is RestoredLayout.NARROWED
    assert StandInScreenWindow.stand_in.availableGeometry().contains(frame), frame
    window.deleteLater()


def test_layout_that_fits_restored_as_saved(qapp: QApplication, tmp_path: Path) -> None:
    settings = saved_layout(tmp_path, QSize(400, 300), QPoint(60, 40))
    window = StandInScreenWindow()
    splitter = QSplitter(window)
    window.setCentralWidget(splitter)

    restored = restore_layout(window, splitter, settings)

    assert restored is RestoredLayout.AS_SAVED
    assert window.geometry() == QRect(60, 40, 400, 300)
    window.deleteLater()


def test_layout_off_screen_edge_moved_back(qapp: QApplication, tmp_path: Path) -> None:
    # Saved further right than the 600-pixel-wide screen now reaches.
    settings = saved_layout(tmp_path, QSize(500, 300), QPoint(150, 100))
    window = StandInScreenWindow()
    splitter = QSplitter(window)
    window.setCentralWidget(splitter)

    restored = restore_layout(window, splitter, settings)

    frame_width = 500 + ESTIMATED_FRAME.left() + ESTIMATED_FRAME.right()
    assert restored is RestoredLayout.AS_SAVED
    assert window.size() == QSize(500, 300)
    assert window.pos() == QPoint(600 - frame_width, 100)
    window.deleteLater()


def test_maximized_layout_restored_as_saved(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    settings = Settings.load(tmp_path / "settings.json")
    window = QMainWindow()
    splitter = QSplitter(window)
    window.setCentralWidget(splitter)
    qtbot.addWidget(window)
    window.setGeometry(QRect(50, 50, 400, 300))
    window.showMaximized()
    qtbot.waitUntil(lambda: window.isMaximized() and window.width() > 400)
    save_layout(window, splitter, settings)
    again = QMainWindow()
    again_splitter = QSplitter(again)
    again.setCentralWidget(again_splitter)
    qtbot.addWidget(again)

    restored = restore_layout(again, again_splitter, settings)

    # It opens maximized on the same screen, so its panes keep their saved sizes.
    assert restored is RestoredLayout.AS_SAVED


# --- keys -----------------------------------------------------------------------------------


def test_alt_h_opens_help_menu(qtbot: QtBot, shell: Shell) -> None:
    window = show_loaded(qtbot, shell, QSize(1024, 700))
    window.activateWindow()
    qtbot.waitActive(window)
    help_menu = next(
        action.menu()
        for action in window.menuBar().actions()
        if action.text().replace("&", "") == "Help"
    )
    assert isinstance(help_menu, QMenu)
    window.editor.caption_edit.setFocus()

    click_keys(window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(help_menu.isVisible)

    help_menu.close()
    focus = QApplication.focusWidget()
    assert focus is None or not ai_dock(window).isAncestorOf(focus)


def test_window_mnemonics_unique(qtbot: QtBot, shell: Shell) -> None:
    window = show_loaded(qtbot, shell, QSize(1024, 700))
    letters = [mnemonic(action.text()) for action in window.menuBar().actions()]
    letters += [
        mnemonic(label.text())
        for label in window.findChildren(QLabel)
        if label.buddy() is not None and label.isVisible()
    ]
    letters += [mnemonic(window.schedule_tabs.tabText(i)) for i in range(2)]

    # Alt with a letter reaches one place only: a menu, a tab or a labelled field.
    repeated = {letter for letter in letters if letter and letters.count(letter) > 1}
    assert sorted(repeated) == []


def test_campaign_dialog_mnemonics_unique(qtbot: QtBot) -> None:
    dialog = CampaignDialog(brand_kits=[], libraries=[], templates=[], social_profile_ids=("p1",))
    qtbot.addWidget(dialog)
    letters = [
        mnemonic(label.text()) for label in dialog.findChildren(QLabel) if label.buddy() is not None
    ]
    hashtags = next(
        label.text()
        for label in dialog.findChildren(QLabel)
        if "Hashtags" in label.text().replace("&", "")
    )

    assert mnemonic(hashtags) != "h"
    assert letters.count(mnemonic(hashtags)) == 1


def test_ai_draft_shortcut_focuses_prompt(qtbot: QtBot, shell: Shell) -> None:
    window = show_loaded(qtbot, shell, QSize(1024, 700))
    window.activateWindow()
    qtbot.waitActive(window)
    dock = ai_dock(window)
    prompt = ai_panel(window).prompt_edit
    table = window.schedule_view.table
    toggle = dock.toggleViewAction()
    assert toggle.shortcut().toString() == "Ctrl+Shift+G"
    toggle.trigger()
    assert dock.isHidden()
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)

    click_keys(window, Qt.Key.Key_G, CTRL_SHIFT)
    qtbot.waitUntil(prompt.hasFocus)
    QTest.keyClicks(prompt, "autumn blend")

    assert not dock.isHidden()
    assert prompt.toPlainText() == "autumn blend"

    click_keys(window, Qt.Key.Key_G, CTRL_SHIFT)
    qtbot.waitUntil(table.hasFocus)

    assert dock.isHidden()


def test_hidden_dock_focus_falls_back_to_caption(qtbot: QtBot, shell: Shell) -> None:
    window = show_loaded(qtbot, shell, QSize(1024, 700))
    window.activateWindow()
    qtbot.waitActive(window)
    dock = ai_dock(window)
    prompt = ai_panel(window).prompt_edit
    # The calendar had the focus, then its tab was left, so it can no longer take it back.
    window.schedule_tabs.setCurrentWidget(window.calendar_view)
    window.calendar_view.grid.setFocus()
    qtbot.waitUntil(window.calendar_view.grid.hasFocus)
    prompt.setFocus()
    qtbot.waitUntil(prompt.hasFocus)
    window.schedule_tabs.setCurrentWidget(window.schedule_view)

    dock.toggleViewAction().trigger()
    qtbot.waitUntil(window.editor.caption_edit.hasFocus)

    assert dock.isHidden()


# --- the dock's title bar in a dark palette -------------------------------------------------


def test_dock_buttons_follow_dark_palette(qtbot: QtBot, shell: Shell) -> None:
    window = show_loaded(qtbot, shell, QSize(1024, 700))
    dark = QPalette(window.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#2d2d2d"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    dark.setColor(QPalette.ColorRole.Button, QColor("#353535"))
    dark.setColor(QPalette.ColorRole.ButtonText, QColor("#eeeeee"))
    window.setPalette(dark)
    dock = ai_dock(window)
    background = dock.palette().color(QPalette.ColorRole.Window)

    for name in ("qt_dockwidget_floatbutton", "qt_dockwidget_closebutton"):
        button = dock.findChild(QAbstractButton, name)
        assert button is not None, name
        image = button.icon().pixmap(QSize(16, 16), 1.0).toImage()
        opaque = [
            image.pixelColor(x, y)
            for x in range(image.width())
            for y in range(image.height())
            if image.pixelColor(x, y).alpha() > 128
        ]
        assert opaque, name
        assert max(contrast(color, background) for color in opaque) >= MIN_CONTRAST, name
