"""The input area: the ruler, one row per track (header + waveform lane), rows for files still
loading, a hint when there is nothing yet, and the horizontal scroll bar of the timeline."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QScrollBar,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .document import Document
from .model.project import Selection
from .model.source import Source
from .model.track import Track
from .ruler import Ruler
from .timeline import Timeline
from .waveform import BACKGROUND, WAVE, WaveformLane, peaks_image

HEADER_WIDTH = 150
SCROLL_STEPS = 1_000_000  # the most positions the horizontal scroll bar has
EMPTY_HINT = (
    "Drop audio files here (WAV, FLAC, MP3, OGG, AIFF)\n"
    "or use File \N{BLACK RIGHT-POINTING SMALL TRIANGLE} Open…, or record with \N{BLACK CIRCLE} Record"
)


def describe_track(track: Track) -> str:
    channels = {1: "mono", 2: "stereo"}.get(track.channels, f"{track.channels} ch")
    return f"{track.rate / 1000:g} kHz · {channels} · {track.duration:.1f} s"


class TrackHeader(QFrame):
    def __init__(self, document: Document, track_id: int, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.track_id = track_id
        self.setFixedWidth(HEADER_WIDTH)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLabel()
        self.name.setStyleSheet("font-weight: bold")
        self.info = QLabel()
        self.info.setStyleSheet("color: gray; font-size: 9pt")
        remove = QToolButton(text="✕", toolTip="Remove this track (undoable)")
        remove.setAutoRaise(True)
        remove.clicked.connect(self.remove)
        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        track = self.document.project.track(self.track_id)
        self.name.setText(
            self.fontMetrics().elidedText(
                track.name, Qt.TextElideMode.ElideMiddle, HEADER_WIDTH - 40
            )
        )
        self.name.setToolTip(track.name)
        self.info.setText(describe_track(track))

    def remove(self) -> None:
        track = self.document.project.track(self.track_id)
        self.document.change(self.document.project.removing(self.track_id), f"Remove {track.name}")

    def mousePressEvent(self, event) -> None:
        current = self.document.selection
        self.document.set_selection(
            Selection(current.start, current.end, frozenset({self.track_id}))
        )


class PreviewLane(QWidget):
    """The waveform of a file still loading, filling in from the left as it is read."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.source: Source | None = None
        self.total = 0
        self.setMinimumHeight(40)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_source(self, source: Source, total: int) -> None:
        self.source, self.total = source, total
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        source = self.source
        columns = round(self.width() * source.frames / self.total) if source and self.total else 0
        if columns > 0:
            peaks = [
                source.pyramid.range(c, 0, source.frames, columns) for c in range(source.channels)
            ]
            painter.drawImage(0, 0, peaks_image(peaks, columns, self.height(), WAVE))
        painter.end()


class LoadingRow(QFrame):
    """A file being read: its name, its waveform so far, honest progress, a cancel button."""

    def __init__(self, name: str, cancel: Callable[[], None], parent=None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(90)
        self.preview = PreviewLane()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.bar.setFormat("loading… %p%")
        self.bar.setTextVisible(True)
        stop = QToolButton(text="✕", toolTip="Stop loading")
        stop.clicked.connect(cancel)
        header = QVBoxLayout()
        title = QLabel(name)
        title.setStyleSheet("font-weight: bold")
        header.addWidget(title)
        header.addWidget(self.bar)
        header.addWidget(stop)
        header_widget = QWidget()
        header_widget.setLayout(header)
        header_widget.setFixedWidth(HEADER_WIDTH)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header_widget)
        layout.addWidget(self.preview, 1)

    def set_progress(self, fraction: float, message: str) -> None:
        self.bar.setRange(0, 100)
        self.bar.setValue(round(fraction * 100))

    def set_preview(self, source: Source, total: int) -> None:
        self.preview.set_source(source, total)


class TracksPanel(QWidget):
    def __init__(self, document: Document, timeline: Timeline, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.timeline = timeline
        self.headers: dict[int, TrackHeader] = {}
        self.lanes: dict[int, WaveformLane] = {}
        self.rows: dict[int, QWidget] = {}
        self.loading: dict[object, LoadingRow] = {}
        self._syncing_scroll = False
        self._step = 1.0  # seconds per scroll-bar unit

        self.ruler = Ruler(timeline)
        ruler_row = QHBoxLayout()
        ruler_row.setContentsMargins(0, 0, 0, 0)
        ruler_row.addSpacing(HEADER_WIDTH)
        ruler_row.addWidget(self.ruler, 1)

        self.rows_widget = QWidget()
        self.rows_layout = QVBoxLayout(self.rows_widget)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(2)
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: gray; font-size: 12pt; padding: 40px")
        self.rows_layout.addWidget(self.hint)
        self.rows_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.rows_widget)

        self.hbar = QScrollBar(Qt.Orientation.Horizontal)
        self.hbar.valueChanged.connect(self._scrolled)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(ruler_row)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.hbar)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        document.tracksChanged.connect(self.rebuild)
        document.trackChanged.connect(self._track_changed)
        timeline.viewChanged.connect(self._sync_scrollbar)

    # -- rows --------------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Make the rows match the project's tracks, keeping the widgets of tracks that stay."""
        tracks = self.document.project.tracks
        wanted = [track.id for track in tracks]
        for track_id in [t for t in self.rows if t not in wanted]:
            self.rows.pop(track_id).deleteLater()
            del self.headers[track_id], self.lanes[track_id]
        for index, track_id in enumerate(wanted):
            if track_id not in self.rows:
                self._make_row(track_id)
            self.rows_layout.removeWidget(self.rows[track_id])
            self.rows_layout.insertWidget(index, self.rows[track_id])
        self._update_hint()
        self._update_extent()

    def _make_row(self, track_id: int) -> None:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        header = TrackHeader(self.document, track_id)
        lane = WaveformLane(self.document, self.timeline, track_id)
        lane.widthChanged.connect(self.timeline.set_width)
        layout.addWidget(header)
        layout.addWidget(lane, 1)
        row.setMinimumHeight(90)
        self.headers[track_id], self.lanes[track_id], self.rows[track_id] = header, lane, row

    def _track_changed(self, track_id: int) -> None:
        if track_id in self.headers:
            self.headers[track_id].refresh()
        self._update_extent()

    def _update_extent(self) -> None:
        tracks = self.document.project.tracks
        self.timeline.set_extent(
            self.document.project.duration, max((t.rate for t in tracks), default=48000)
        )

    def _update_hint(self) -> None:
        self.hint.setVisible(not self.rows and not self.loading)

    # -- loading placeholders ----------------------------------------------------------------

    def add_loading(self, key: object, name: str, cancel: Callable[[], None]) -> LoadingRow:
        row = LoadingRow(name, cancel)
        self.loading[key] = row
        self.rows_layout.insertWidget(self.rows_layout.count() - 1, row)
        self._update_hint()
        return row

    def remove_loading(self, key: object) -> None:
        row = self.loading.pop(key, None)
        if row is not None:
            row.deleteLater()
        self._update_hint()

    # -- horizontal scrolling ------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self.lanes:
            self.timeline.set_width(max(self.ruler.width(), 1))

    def _sync_scrollbar(self) -> None:
        """The scroll bar counts in steps of ``_step`` seconds: an hour zoomed in to single
        samples is billions of pixels, more than a scroll bar's int can count."""
        viewport = self.timeline.viewport
        slack = max(viewport.duration - viewport.visible, 0.0)
        self._step = max(viewport.seconds_per_pixel, slack / SCROLL_STEPS)
        self._syncing_scroll = True
        self.hbar.setRange(0, round(slack / self._step))
        self.hbar.setPageStep(max(round(viewport.visible / self._step), 1))
        self.hbar.setSingleStep(max(round(viewport.visible / self._step / 20), 1))
        self.hbar.setValue(round(viewport.start / self._step))
        self._syncing_scroll = False

    def _scrolled(self, value: int) -> None:
        if not self._syncing_scroll:
            self.timeline.scroll_to(value * self._step)
