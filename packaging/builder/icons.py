"""The app icon in every format a platform wants, rendered from ``resources/icons/*.svg`` with
Qt's SVG renderer (PySide6 is in the build environment anyway): PNGs for the Linux icon theme,
``.ico`` for Windows and ``.icns`` for macOS (written by Pillow)."""

from __future__ import annotations

import os
from pathlib import Path

from .contents import APP_ID, ROOT

SVG = ROOT / "resources" / "icons" / f"{APP_ID}.svg"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)


def render_png(svg: Path, size: int, out: Path) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication

    # A QApplication, not a bare QGuiApplication: in a process that later makes widgets (the
    # test suite), a QGuiApplication would make Qt abort at the first QWidget.
    _app = QApplication.instance() or QApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out)):
        raise OSError(f"could not write {out}")
    return out


def render_all(out: Path) -> dict[str, Path]:
    """PNG per size (``<size>/persona-studio.png``), plus ``persona-studio.ico`` and ``.icns``."""
    from PIL import Image

    pngs = {size: render_png(SVG, size, out / str(size) / f"{APP_ID}.png") for size in PNG_SIZES}
    largest = Image.open(pngs[max(PNG_SIZES)])
    largest.save(out / f"{APP_ID}.ico", sizes=[(s, s) for s in PNG_SIZES if s <= 256])
    largest.save(out / f"{APP_ID}.icns")
    return {"png": out, "ico": out / f"{APP_ID}.ico", "icns": out / f"{APP_ID}.icns"}
