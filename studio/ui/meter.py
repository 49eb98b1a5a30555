"""A level meter: the peak in dBFS as a bar (green, amber near full scale, red when clipping),
falling back smoothly between blocks the way hardware meters do."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

FLOOR_DB = -60.0
FALL_DB = 1.5  # per update when the level drops


def level_db(peak: float) -> float:
    return max(20.0 * math.log10(peak), FLOOR_DB) if peak > 0 else FLOOR_DB


class LevelMeter(QWidget):
    def __init__(self, orientation=Qt.Orientation.Vertical, parent=None) -> None:
        super().__init__(parent)
        self.orientation = orientation
        self.db = FLOOR_DB
        if orientation == Qt.Orientation.Vertical:
            self.setFixedWidth(10)
            self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        else:
            self.setFixedHeight(10)
            self.setMinimumWidth(80)
        self.setToolTip("Peak level (dBFS)")

    def set_level(self, peak: float) -> None:
        db = level_db(peak)
        self.db = db if db >= self.db else max(db, self.db - FALL_DB)
        self.update()

    @property
    def fraction(self) -> float:
        return (self.db - FLOOR_DB) / -FLOOR_DB

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#101215"))
        colour = (
            QColor("#d9534f")
            if self.db >= -0.1
            else QColor("#f0ad4e")
            if self.db > -6
            else QColor("#5cb85c")
        )
        if self.orientation == Qt.Orientation.Vertical:
            height = self.height() * self.fraction
            painter.fillRect(QRectF(0, self.height() - height, self.width(), height), colour)
        else:
            painter.fillRect(QRectF(0, 0, self.width() * self.fraction, self.height()), colour)
        painter.end()
