"""The time ruler above the lanes: 1-2-5 ticks with labels; wheel zooms, click moves the playhead."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from .model.viewport import format_time, tick_step
from .timeline import Timeline
from .waveform import PLAYHEAD, handle_wheel

RULER_BACKGROUND = QColor("#2a2e36")
RULER_TEXT = QColor("#c8ccd4")


class Ruler(QWidget):
    def __init__(self, timeline: Timeline, parent=None) -> None:
        super().__init__(parent)
        self.timeline = timeline
        self.setFixedHeight(24)
        self.setToolTip("Time. Scroll the wheel here to zoom; click to move the playhead.")
        timeline.viewChanged.connect(self.update)
        timeline.playheadChanged.connect(self.update)

    def paintEvent(self, event) -> None:
        viewport = self.timeline.viewport
        painter = QPainter(self)
        painter.fillRect(self.rect(), RULER_BACKGROUND)
        step = tick_step(viewport.seconds_per_pixel)
        painter.setPen(QPen(RULER_TEXT, 1))
        tick = math.ceil(viewport.start / step) * step
        while tick <= viewport.end:
            x = viewport.x_of(tick)
            painter.drawLine(QPointF(x, self.height() - 6), QPointF(x, self.height()))
            painter.drawText(
                QRectF(x + 3, 0, 120, self.height() - 4),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                format_time(tick, step),
            )
            tick += step
        x = viewport.x_of(self.timeline.playhead)
        painter.setPen(QPen(PLAYHEAD, 2))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        painter.end()

    def mousePressEvent(self, event) -> None:
        seconds = self.timeline.viewport.seconds_at(event.position().x())
        self.timeline.set_playhead(min(max(seconds, 0.0), self.timeline.viewport.duration))

    def wheelEvent(self, event) -> None:
        handle_wheel(self.timeline, event, zoom_always=True)
