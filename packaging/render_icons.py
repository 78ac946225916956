"""Render the app icon's PNG sizes (and .ico / .icns) from resources/icons/pursuit-journey.svg.

    .venv/bin/python packaging/render_icons.py

The PNGs are rendered by Qt's own SVG renderer, so they look like the window icon; the results
are committed, so a build needs neither this script nor Pillow. Pillow (the ``build`` extra) packs
the Windows ``.ico`` and the macOS ``.icns``; without it those two are skipped with a note.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "pursuit-journey.svg"
APP_ID = "org.pursuitjourney.PursuitJourney"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def png_path(size: int) -> Path:
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"cannot read {SOURCE}", file=sys.stderr)
        return 1
    for size in SIZES:
        target = png_path(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(target), "PNG"):
            print(f"cannot write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(ROOT))
    try:
        from PIL import Image
    except ImportError:
        print("Pillow is not installed (pip install -e '.[build]'): .ico and .icns skipped")
        return 0
    largest = Image.open(png_path(512))
    largest.save(ICONS / "pursuit-journey.ico", sizes=[(s, s) for s in ICO_SIZES])
    largest.save(ICONS / "pursuit-journey.icns")
    print("resources/icons/pursuit-journey.ico\nresources/icons/pursuit-journey.icns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
