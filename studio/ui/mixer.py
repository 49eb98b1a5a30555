"""The mixer: a strip per track (volume fader in dB, mute, solo, meter), the master fader, and
a crossfade between two chosen tracks. Every change is an undo step (one per fader drag)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .document import Document
from .meter import LevelMeter
from .model.mixdown import MASTER
from .model.project import Crossfade

MIN_DB, MAX_DB = -60.0, 12.0
PANEL_HEIGHT = 170  # the dock's first height; the user can drag it taller
STEPS_PER_DB = 10


class Fader(QWidget):
    """A vertical dB fader with its value shown; each press-drag-release is one undo step."""

    def __init__(self, title: str, on_change, parent=None) -> None:
        super().__init__(parent)
        self.on_change = on_change
        self.drags = itertools.count()
        self.drag = next(self.drags)
        self.slider = QSlider(Qt.Orientation.Vertical)
        self.slider.setRange(round(MIN_DB * STEPS_PER_DB), round(MAX_DB * STEPS_PER_DB))
        self.slider.setMinimumHeight(60)
        self.slider.setToolTip(f"{title} volume (dB); double-click the value to reset")
        self.value = QLabel()
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.slider.sliderPressed.connect(self._new_drag)
        self.slider.valueChanged.connect(self._moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.value)
        self.show_db(0.0)

    def show_db(self, db: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(db * STEPS_PER_DB))
        self.slider.blockSignals(False)
        self.value.setText(f"{db:+.1f} dB")

    def _new_drag(self) -> None:
        self.drag = next(self.drags)

    def _moved(self, value: int) -> None:
        db = value / STEPS_PER_DB
        self.value.setText(f"{db:+.1f} dB")
        self.on_change(db, self.drag)

    def mouseDoubleClickEvent(self, event) -> None:
        self._new_drag()
        self.slider.setValue(0)


class TrackStrip(QFrame):
    def __init__(self, document: Document, track_id: int, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.track_id = track_id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLabel()
        self.name.setMaximumWidth(90)
        self.fader = Fader("Track", self._volume)
        self.meter = LevelMeter()
        self.mute = QToolButton(text="M", checkable=True, toolTip="Mute")
        self.solo = QToolButton(text="S", checkable=True, toolTip="Solo: hear only soloed tracks")
        self.mute.toggled.connect(lambda on: self._set("mute", on, "Mute" if on else "Unmute"))
        self.solo.toggled.connect(lambda on: self._set("solo", on, "Solo" if on else "Unsolo"))
        buttons = QVBoxLayout()
        buttons.addWidget(self.mute)
        buttons.addWidget(self.solo)
        buttons.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.fader, 1)
        middle.addWidget(self.meter)
        middle.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.name)
        layout.addLayout(middle, 1)
        self.refresh()

    def refresh(self) -> None:
        track = self.document.project.track(self.track_id)
        self.name.setText(
            self.fontMetrics().elidedText(track.name, Qt.TextElideMode.ElideRight, 88)
        )
        self.name.setToolTip(track.name)
        self.fader.show_db(track.volume_db)
        for button, value in ((self.mute, track.mute), (self.solo, track.solo)):
            button.blockSignals(True)
            button.setChecked(value)
            button.blockSignals(False)

    def _volume(self, db: float, drag: int) -> None:
        track = self.document.project.track(self.track_id)
        self.document.edit_track(
            track.replace(volume_db=db), f"Volume of {track.name}", ("volume", track.id, drag)
        )

    def _set(self, field: str, value: bool, verb: str) -> None:
        track = self.document.project.track(self.track_id)
        self.document.edit_track(track.replace(**{field: value}), f"{verb} {track.name}")


class CrossfadeControl(QWidget):
    """Blend track A into track B (equal power), as Sound2Vision mixes two sounds."""

    def __init__(self, document: Document, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.enabled = QCheckBox("Crossfade")
        self.a = QComboBox()
        self.b = QComboBox()
        self.amount = QSlider(Qt.Orientation.Horizontal)
        self.amount.setRange(0, 100)
        self.amount.setValue(50)
        self.amount.setToolTip("Left: only A. Right: only B. Middle: both at equal power")
        self.drag = 0
        self.amount.sliderPressed.connect(self._new_drag)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(QLabel("A"))
        layout.addWidget(self.a, 1)
        layout.addWidget(self.amount, 2)
        layout.addWidget(QLabel("B"))
        layout.addWidget(self.b, 1)
        for signal in (
            self.enabled.toggled,
            self.a.currentIndexChanged,
            self.b.currentIndexChanged,
            self.amount.valueChanged,
        ):
            signal.connect(self._changed)
        self.refresh()

    def _new_drag(self) -> None:
        self.drag += 1

    def refresh(self) -> None:
        project = self.document.project
        widgets = (self.enabled, self.a, self.b, self.amount)
        for widget in widgets:
            widget.blockSignals(True)
        for box in (self.a, self.b):
            chosen = box.currentData()
            box.clear()
            for track in project.tracks:
                box.addItem(track.name, track.id)
            box.setCurrentIndex(max(box.findData(chosen), 0))
        if project.crossfade is not None:
            self.a.setCurrentIndex(self.a.findData(project.crossfade.a))
            self.b.setCurrentIndex(self.b.findData(project.crossfade.b))
            self.amount.setValue(round(project.crossfade.amount * 100))
        elif self.b.count() > 1 and self.b.currentIndex() == self.a.currentIndex():
            self.b.setCurrentIndex(1)
        self.enabled.setChecked(project.crossfade is not None)
        self.setEnabled(len(project.tracks) >= 2)
        for widget in widgets:
            widget.blockSignals(False)

    def _changed(self) -> None:
        project = self.document.project
        a, b = self.a.currentData(), self.b.currentData()
        crossfade = None
        if self.enabled.isChecked() and a is not None and b is not None and a != b:
            crossfade = Crossfade(a, b, self.amount.value() / 100)
        if crossfade != project.crossfade:
            self.document.change(
                project.replace(crossfade=crossfade), "Crossfade", ("crossfade", self.drag)
            )


class MixerPanel(QWidget):
    def __init__(self, document: Document, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.strips: dict[int, TrackStrip] = {}
        self.strips_layout = QHBoxLayout()
        self.strips_layout.addStretch(1)
        strips_widget = QWidget()
        strips_widget.setLayout(self.strips_layout)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(strips_widget)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.master = Fader("Master", self._master)
        self.master_meter = LevelMeter()
        master = QFrame()
        master.setFrameShape(QFrame.Shape.StyledPanel)
        master_layout = QVBoxLayout(master)
        master_layout.addWidget(QLabel("Master"))
        row = QHBoxLayout()
        row.addWidget(self.master, 1)
        row.addWidget(self.master_meter)
        master_layout.addLayout(row, 1)
        self.crossfade = CrossfadeControl(document)
        top = QHBoxLayout()
        top.addWidget(scroll, 1)
        top.addWidget(master)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.crossfade)
        document.tracksChanged.connect(self.rebuild)
        document.mixChanged.connect(self.refresh)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), PANEL_HEIGHT)

    def rebuild(self) -> None:
        wanted = [track.id for track in self.document.project.tracks]
        for track_id in [t for t in self.strips if t not in wanted]:
            self.strips.pop(track_id).deleteLater()
        for index, track_id in enumerate(wanted):
            if track_id not in self.strips:
                self.strips[track_id] = TrackStrip(self.document, track_id)
            self.strips_layout.removeWidget(self.strips[track_id])
            self.strips_layout.insertWidget(index, self.strips[track_id])
        self.refresh()

    def refresh(self) -> None:
        for track_id, strip in self.strips.items():
            if any(t.id == track_id for t in self.document.project.tracks):
                strip.refresh()
        self.master.show_db(self.document.project.master_db)
        self.crossfade.refresh()

    def show_levels(self, levels: dict) -> None:
        for track_id, strip in self.strips.items():
            strip.meter.set_level(levels.get(track_id, 0.0))
        self.master_meter.set_level(levels.get(MASTER, 0.0))

    def _master(self, db: float, drag: int) -> None:
        project = self.document.project
        self.document.change(project.replace(master_db=db), "Master volume", ("master", drag))
