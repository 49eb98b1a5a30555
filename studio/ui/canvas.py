"""The output canvas: an image shown large with crisp (nearest) or smooth scaling, or an
audio output as its waveform."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.api import AudioClip, Image
from studio.audio import PeakPyramid

from .waveform import WAVE, peaks_image

HINT = "Select some speech in a track and press Generate"


def to_qimage(image: Image) -> QImage:
    pixels = np.ascontiguousarray(image.pixels)
    height, width, _ = pixels.shape
    return QImage(pixels.data, width, height, width * 3, QImage.Format.Format_RGB888).copy()


class OutputCanvas(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.audio: PeakPyramid | None = None  # an audio output, summarised for drawing
        self.smooth = False
        self.setMinimumSize(256, 256)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_output(
        self, output: Image | AudioClip | None, peaks: PeakPyramid | None = None
    ) -> None:
        """An image, or an audio output drawn from ``peaks`` (its summary, made off this thread)."""
        self.image = to_qimage(output) if isinstance(output, Image) else None
        self.audio = peaks if isinstance(output, AudioClip) else None
        self.update()

    def set_smooth(self, smooth: bool) -> None:
        self.smooth = smooth
        self.update()

    def image_rect(self) -> QRectF:
        """Where the image is drawn: as large as fits, keeping its proportions."""
        if self.image is None:
            return QRectF()
        scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        width, height = self.image.width() * scale, self.image.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#15171b"))
        if self.image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.smooth)
            painter.drawImage(self.image_rect(), self.image)
        elif self.audio is not None:
            pyramid = self.audio
            width, height = self.width(), self.height() // 2
            columns = [
                pyramid.range(c, 0, pyramid.frames, width) for c in range(pyramid.samples.shape[0])
            ]
            painter.drawImage(0, height // 2, peaks_image(columns, width, height, WAVE))
        else:
            painter.setPen(QColor("gray"))
            painter.drawText(
                self.rect().adjusted(20, 0, -20, 0),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                HINT,
            )
        painter.end()
