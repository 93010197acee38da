"""Render the app's SVG icon to the PNG and ICO files the packages need.

Usage: ``QT_QPA_PLATFORM=offscreen python packaging/render_icon.py OUT_DIR``. Writes
``ocoya-desktop-256.png`` (the Linux hicolor icon) and ``ocoya-desktop.ico`` (Windows, with
the sizes Windows Explorer uses). Qt renders the SVG, so the result matches what the app shows.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SVG_ICON = Path(__file__).resolve().parents[1] / "ocoya_desktop/ui/resources/icons/app.svg"
PNG_SIZE = 256
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def render_png(svg: Path, png: Path, size: int) -> None:
    """Draw ``svg`` on a transparent ``size`` x ``size`` image and save it as ``png``."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"Cannot read the SVG icon {svg}; check that the file is valid SVG.")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if not image.save(str(png)):
        raise SystemExit(f"Cannot write {png}; check that the folder is writable.")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: render_icon.py OUT_DIR", file=sys.stderr)
        return 2
    out_dir = Path(argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)

    app = QGuiApplication(argv[:1])
    png = out_dir / f"ocoya-desktop-{PNG_SIZE}.png"
    render_png(SVG_ICON, png, PNG_SIZE)
    with Image.open(png) as image:
        image.save(out_dir / "ocoya-desktop.ico", sizes=ICO_SIZES)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
