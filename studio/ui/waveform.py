"""Drawing waveforms from peaks, and the lane widget that shows and selects one track.

Bars are rasterised with numpy straight into a QImage (one min-to-max bar per pixel column,
from the peak pyramid), which keeps a full-width repaint of an hour-long track to a couple of
milliseconds; zoomed in past one sample per pixel, the samples are drawn as a line instead.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPen, QPolygonF, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from .document import Document
from .model import segments as seg
from .model.project import Selection
from .model.track import Track
from .model.viewport import Viewport
from .qt_compat import Signal
from .timeline import ZOOM_STEP, Timeline

BACKGROUND = QColor("#1e2127")
WAVE = QColor("#5fb3f0")
SELECTED_WAVE = QColor("#cfe8ff")
SELECTION = QColor(255, 255, 255, 48)
CURSOR = QColor("#f0c05f")
PLAYHEAD = QColor("#ff6060")
ATTENTION = QColor("#ffb347")  # the heat of the segments that shaped the result on show
ATTENTION_STRIP = 6  # pixels: the strip along the lane's top edge
SNAP_SECONDS = 0.005  # how far selection edges look for a zero crossing


def bar_mask(mins: np.ndarray, maxs: np.ndarray, height: int) -> np.ndarray:
    """``[height, columns]`` booleans: the pixels of each column's min-to-max bar (full scale
    spans the height; at least one pixel per column with audio; none where peaks are NaN)."""
    half = (height - 1) / 2
    with np.errstate(invalid="ignore"):
        top = np.clip(np.round(half - np.nan_to_num(maxs, nan=-2.0) * half), 0, height - 1)
        bottom = np.clip(np.round(half - np.nan_to_num(mins, nan=2.0) * half), 0, height - 1)
    empty = np.isnan(mins) | np.isnan(maxs)
    top[empty], bottom[empty] = height, -1
    rows = np.arange(height)[:, None]
    return (rows >= top[None, :]) & (rows <= bottom[None, :])


def peaks_image(channel_peaks, width: int, height: int, colour: QColor) -> QImage:
    """An image of stacked channels, each drawn from its (mins, maxs) columns."""
    pixels = np.full((height, width), BACKGROUND.rgba(), np.uint32)
    rows = max(height // max(len(channel_peaks), 1), 1)
    for index, (mins, maxs) in enumerate(channel_peaks):
        band = pixels[index * rows : (index + 1) * rows]
        band[bar_mask(mins, maxs, band.shape[0])] = colour.rgba()
    image = QImage(pixels.data, width, height, width * 4, QImage.Format.Format_ARGB32)
    return image.copy()  # own the pixels: the numpy buffer goes away


def track_peaks(
    track: Track, viewport: Viewport, width: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    first = viewport.start * track.rate
    end = first + width * viewport.seconds_per_pixel * track.rate
    return [
        seg.peaks(track.segments, channel, round(first), round(end), width)
        for channel in range(track.channels)
    ]


class WaveformLane(QWidget):
    """One track's waveform on the shared timeline; click-drag selects a time range."""

    widthChanged = Signal(int)

    def __init__(self, document: Document, timeline: Timeline, track_id: int, parent=None):
        super().__init__(parent)
        self.document = document
        self.timeline = timeline
        self.track_id = track_id
        self._anchor: float | None = None
        self.setMinimumHeight(80)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        timeline.viewChanged.connect(self.update)
        timeline.playheadChanged.connect(self.update)
        timeline.attentionChanged.connect(self._attention_changed)
        document.selectionChanged.connect(self.update)
        document.trackChanged.connect(self._track_changed)

    @property
    def track(self) -> Track:
        return self.document.project.track(self.track_id)

    def _track_changed(self, track_id: int) -> None:
        if track_id == self.track_id:
            self.update()

    def resizeEvent(self, event) -> None:
        self.widthChanged.emit(self.width())

    # -- drawing ---------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        track = self.track
        viewport = self.timeline.viewport
        width, height = self.width(), self.height()
        selected = track.id in self.document.selection.tracks
        colour = SELECTED_WAVE if selected else WAVE
        if viewport.seconds_per_pixel * track.rate >= 1:
            painter.drawImage(
                0, 0, peaks_image(track_peaks(track, viewport, width), width, height, colour)
            )
        else:
            painter.fillRect(self.rect(), BACKGROUND)
            self._draw_samples(painter, track, viewport, colour)
        self._draw_attention(painter, viewport)
        self._draw_selection(painter, viewport, selected)
        x = viewport.x_of(self.timeline.playhead)
        painter.setPen(QPen(PLAYHEAD, 1))
        painter.drawLine(QPointF(x, 0), QPointF(x, height))
        painter.end()

    def _draw_samples(self, painter: QPainter, track: Track, viewport: Viewport, colour) -> None:
        first = max(math.floor(viewport.start * track.rate), 0)
        end = min(math.ceil(viewport.end * track.rate) + 1, track.frames)
        if end <= first:
            return
        samples = track.render(first, end)
        rows = max(self.height() // track.channels, 1)
        xs = (
            (first + np.arange(end - first)) / track.rate - viewport.start
        ) / viewport.seconds_per_pixel
        painter.setPen(QPen(colour, 1.5))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for channel, values in enumerate(samples):
            half = (rows - 1) / 2
            ys = channel * rows + half - values * half
            painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in zip(xs, ys)]))

    def _draw_attention(self, painter: QPainter, viewport: Viewport) -> None:
        """A tint over the audio in proportion to how much each part weighed in the result,
        and a solid heat strip along the top edge so it reads at a glance."""
        overlay = self.timeline.attention
        if overlay is None or self.track_id not in overlay.tracks:
            return
        width, height = self.width(), self.height()
        heat = overlay.columns(viewport.start, viewport.seconds_per_pixel, width)
        tint = np.zeros((1, width), np.uint32)
        strip = np.zeros((1, width), np.uint32)
        rgb = ATTENTION.rgba() & 0x00FFFFFF
        tint[0] = rgb | (np.round(heat * 70).astype(np.uint32) << 24)
        strip[0] = rgb | (np.round(heat * 255).astype(np.uint32) << 24)
        for pixels, rows in ((tint, height), (strip, ATTENTION_STRIP)):
            image = QImage(pixels.data, width, 1, width * 4, QImage.Format.Format_ARGB32)
            painter.drawImage(QRectF(0, 0, width, rows), image.copy())

    def _attention_changed(self) -> None:
        overlay = self.timeline.attention
        self.update()
        if overlay is not None and self.track_id in overlay.tracks:
            self.setToolTip(
                "Orange: how much each part of the selection weighed in the result on show"
            )
        else:
            self.setToolTip("")

    def _draw_selection(self, painter: QPainter, viewport: Viewport, selected: bool) -> None:
        selection = self.document.selection
        if not selected:
            return
        if selection.is_range:
            left, right = viewport.x_of(selection.start), viewport.x_of(selection.end)
            painter.fillRect(QRectF(left, 0, max(right - left, 1), self.height()), SELECTION)
        else:
            x = viewport.x_of(selection.start)
            painter.setPen(QPen(CURSOR, 1))
            painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))

    # -- selecting -------------------------------------------------------------------------

    def time_at(self, x: float) -> float:
        track = self.track
        seconds = min(max(self.timeline.viewport.seconds_at(x), 0.0), track.duration)
        if self.timeline.snap_to_zero and track.frames:
            frame = seg.nearest_zero_crossing(
                track.segments,
                track.frame_at(seconds),
                round(SNAP_SECONDS * track.rate),
                track.channels,
            )
            seconds = frame / track.rate
        return seconds

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        at = self.time_at(event.position().x())
        current = self.document.selection
        modifiers = event.modifiers()
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            tracks = current.tracks ^ {self.track_id}
            self.document.set_selection(Selection(current.start, current.end, frozenset(tracks)))
            return
        if modifiers & Qt.KeyboardModifier.ShiftModifier and current.tracks:
            # Extend from the far edge, keeping the selected tracks.
            far = current.start if abs(at - current.end) < abs(at - current.start) else current.end
            self._anchor = far
            tracks = current.tracks | {self.track_id}
        else:
            self._anchor = at
            tracks = frozenset({self.track_id})
        self.document.set_selection(
            Selection(min(self._anchor, at), max(self._anchor, at), frozenset(tracks))
        )
        self.timeline.set_playhead(min(self._anchor, at))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._anchor is None:
            return
        at = self.time_at(event.position().x())
        current = self.document.selection
        self.document.set_selection(
            Selection(min(self._anchor, at), max(self._anchor, at), current.tracks)
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._anchor = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.document.set_selection(Selection(0.0, self.track.duration, frozenset({self.track_id})))

    def wheelEvent(self, event: QWheelEvent) -> None:
        handle_wheel(self.timeline, event)


def handle_wheel(timeline: Timeline, event: QWheelEvent, zoom_always: bool = False) -> None:
    """Ctrl+wheel (or any wheel over the ruler) zooms at the pointer; Shift+wheel and
    sideways scrolling move along time; a plain wheel is left to scroll the track list."""
    delta = event.angleDelta()
    modifiers = event.modifiers()
    if zoom_always or modifiers & Qt.KeyboardModifier.ControlModifier:
        steps = delta.y() / 120 or delta.x() / 120
        timeline.zoom(ZOOM_STEP**steps, event.position().x())
    elif delta.x() or modifiers & Qt.KeyboardModifier.ShiftModifier:
        timeline.scroll_by(-(delta.x() or delta.y()) / 120 * 60)
    else:
        event.ignore()
        return
    event.accept()
