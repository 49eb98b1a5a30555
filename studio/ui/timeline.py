"""The shared time axis of the track lanes and ruler: viewport, playhead, snapping, and the
attention overlay (which parts of the input shaped the result on show)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from .model.attention import AttentionOverlay
from .model.viewport import Viewport
from .qt_compat import Signal

ZOOM_STEP = 1.5


class Timeline(QObject):
    viewChanged = Signal()
    playheadChanged = Signal(float)
    attentionChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.viewport = Viewport()
        self.playhead = 0.0
        self.snap_to_zero = False
        self._fitted = True  # follow the project's length until the user zooms
        self.attention: AttentionOverlay | None = None

    def set_extent(self, duration: float, rate: int) -> None:
        """The project's length and highest rate changed."""
        self.viewport.duration = duration
        self.viewport.rate = max(rate, 1)
        if self._fitted:
            self.viewport.fit()
        else:
            self.viewport.scroll_to(self.viewport.start)
        self.viewChanged.emit()

    def set_width(self, width: int) -> None:
        if width != self.viewport.width:
            self.viewport.resize(width)
            if self._fitted:
                self.viewport.fit()
            self.viewChanged.emit()

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        self._fitted = False
        self.viewport.zoom(factor, anchor_x)
        self.viewChanged.emit()

    def zoom_in(self) -> None:
        self.zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom(1 / ZOOM_STEP)

    def show(self, start: float, end: float) -> None:
        self._fitted = False
        self.viewport.show(start, end)
        self.viewChanged.emit()

    def fit(self) -> None:
        self._fitted = True
        self.viewport.fit()
        self.viewChanged.emit()

    def scroll_to(self, start: float) -> None:
        self.viewport.scroll_to(start)
        self.viewChanged.emit()

    def scroll_by(self, pixels: float) -> None:
        self.scroll_to(self.viewport.start + pixels * self.viewport.seconds_per_pixel)

    def set_playhead(self, seconds: float) -> None:
        if seconds != self.playhead:
            self.playhead = seconds
            self.playheadChanged.emit(seconds)

    def set_attention(self, overlay: AttentionOverlay | None) -> None:
        if overlay is not self.attention:
            self.attention = overlay
            self.attentionChanged.emit()
