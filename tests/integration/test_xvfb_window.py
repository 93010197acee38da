"""A real QMainWindow on Xvfb through Qt's xcb platform, run in a subprocess."""

from __future__ import annotations

import json

from tests.helpers.xvfb import run_python_on_display

# Shows a window filled with one colour, waits until the X server maps and exposes it, then
# grabs that area of the screen and prints what it found as JSON.
_SHOW_AND_GRAB = """
import json
import sys

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("Ocoya Desktop Xvfb check")
central = QWidget()
central.setAutoFillBackground(True)
palette = central.palette()
palette.setColor(QPalette.ColorRole.Window, QColor(255, 0, 128))
central.setPalette(palette)
window.setCentralWidget(central)
window.resize(320, 200)
window.show()
exposed = QTest.qWaitForWindowExposed(window, 10_000)

screen = QGuiApplication.primaryScreen()
geometry = central.geometry()
top_left = central.mapToGlobal(geometry.topLeft() - geometry.topLeft())
image = screen.grabWindow(0, top_left.x(), top_left.y(), geometry.width(), geometry.height())
pixel = image.toImage().pixelColor(geometry.width() // 2, geometry.height() // 2)
print(json.dumps({
    "platform": QGuiApplication.platformName(),
    "exposed": exposed,
    "visible": window.isVisible(),
    "window_id": int(window.winId()),
    "screen": [screen.geometry().width(), screen.geometry().height()],
    "pixel": [pixel.red(), pixel.green(), pixel.blue()],
}))
window.close()
"""


def test_main_window_maps_on_xvfb(xvfb_display: str) -> None:
    result = run_python_on_display(xvfb_display, _SHOW_AND_GRAB)

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["platform"] == "xcb"
    assert report["exposed"] is True
    assert report["visible"] is True
    assert report["window_id"] != 0
    assert report["screen"] == [1920, 1080]
    assert report["pixel"] == [255, 0, 128]
