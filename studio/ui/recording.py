"""Recording a new track: input device picker, record button, level meter and elapsed time.

The take is written to ``<data dir>/recordings/`` as it is recorded (see
:class:`studio.audio.recorder.Take`); when it stops, the file is opened as a track. Without
PortAudio or an input device the button is disabled and the reason is shown next to it.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from studio.audio.playback import Device
from studio.audio.recorder import RecorderBackend, Take
from studio.paths import data_dir

from .loading import FileLoader
from .meter import LevelMeter
from .qt_compat import Signal
from .workers import Failure, Jobs, describe, find_devices

DRAIN_MS = 50


def take_path(folder: Path) -> Path:
    """A new file name for a take; never one that exists."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"take-{stamp}.wav"
    number = 2
    while path.exists():
        path = folder / f"take-{stamp}-{number}.wav"
        number += 1
    return path


class Recorder(QObject):
    stateChanged = Signal()
    level = Signal(float)
    failed = Signal(object)  # Failure
    takeStarted = Signal(object)  # Path of the file the take is being written to
    takeStopped = Signal()

    def __init__(self, backend: RecorderBackend, loader: FileLoader, jobs: Jobs, parent=None):
        super().__init__(parent)
        self.backend = backend
        self.loader = loader
        self.devices: list[Device] = []
        self.unavailable: str | None = "looking for a microphone…"
        self.take: Take | None = None
        self.takes = 0
        self.folder: Path | None = None  # where takes go (the preferences'; None: the default)
        self.preferred = ""  # the microphone named in the preferences ("" = the default)
        self._timer = QTimer(self)
        self._timer.setInterval(DRAIN_MS)
        self._timer.timeout.connect(self.drain)
        find_devices(jobs, backend, self._found, self._not_found)

    @property
    def recording(self) -> bool:
        return self.take is not None

    def _found(self, devices: list[Device]) -> None:
        self.devices = devices
        self.unavailable = None
        self.stateChanged.emit()

    def _not_found(self, failure: Failure) -> None:
        self.unavailable = f"Recording is off: {failure.message}"
        self.stateChanged.emit()

    def start(self, device: Device, folder: Path | None = None) -> None:
        if self.recording or self.unavailable:
            return
        take = Take(
            self.backend, take_path(folder or self.folder or data_dir() / "recordings"), device
        )
        try:
            take.start()
        except Exception as error:  # no device after all, or the file cannot be made
            self.failed.emit(describe(error))
            return
        self.take = take
        self._timer.start()
        self.takeStarted.emit(take.path)
        self.stateChanged.emit()

    def drain(self) -> None:
        if self.take is not None:
            self.level.emit(self.take.drain())

    def stop(self) -> Path | None:
        """Stop recording and open the take as a track (a silent, empty take is discarded)."""
        take, self.take = self.take, None
        self._timer.stop()
        if take is None:
            return None
        path = take.stop()
        self.takeStopped.emit()
        self.level.emit(0.0)
        self.stateChanged.emit()
        if take.frames == 0:
            path.unlink(missing_ok=True)
            self.failed.emit(Failure("Nothing was recorded.", "", True))
            return None
        self.takes += 1
        self.loader.open([path], name=lambda p, n=self.takes: f"Take {n}")
        return path


class RecordBar(QWidget):
    """The toolbar part: device picker, record button, meter, elapsed time, or the reason."""

    def __init__(self, recorder: Recorder, parent=None) -> None:
        super().__init__(parent)
        self.recorder = recorder
        self.device = QComboBox()
        self.device.setToolTip("Input device")
        self.device.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.button = QToolButton(text="● Record", checkable=True)
        self.button.setToolTip("Record a new track (R)")
        self.button.toggled.connect(self._toggled)
        self.meter = LevelMeter(Qt.Orientation.Horizontal)
        self.elapsed = QLabel("0:00.0")
        self.reason = QLabel()
        self.reason.setStyleSheet("color: gray")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.button, self.device, self.meter, self.elapsed, self.reason):
            layout.addWidget(widget)
        recorder.stateChanged.connect(self.refresh)
        recorder.level.connect(self._level)
        self.refresh()

    def refresh(self) -> None:
        recorder = self.recorder
        if self.device.count() != len(recorder.devices):
            self.device.clear()
            for device in recorder.devices:
                self.device.addItem(f"{device.name} ({device.rate} Hz)", device)
            default = next((i for i, d in enumerate(recorder.devices) if d.default), 0)
            preferred = next(
                (i for i, d in enumerate(recorder.devices) if d.name == recorder.preferred), default
            )
            self.device.setCurrentIndex(preferred)
        available = recorder.unavailable is None
        self.button.setEnabled(available)
        self.device.setEnabled(available and not recorder.recording)
        self.button.setToolTip(recorder.unavailable or "Record a new track (R)")
        self.reason.setText(recorder.unavailable or "")
        self.reason.setVisible(not available)
        self.meter.setVisible(available)
        self.elapsed.setVisible(available)
        self.button.blockSignals(True)
        self.button.setChecked(recorder.recording)
        self.button.setText("■ Stop recording" if recorder.recording else "● Record")
        self.button.blockSignals(False)

    def toggle(self) -> None:
        if self.button.isEnabled():
            self.button.toggle()

    def _toggled(self, on: bool) -> None:
        if on:
            self.recorder.start(self.device.currentData())
        else:
            self.recorder.stop()
        self.refresh()

    def _level(self, peak: float) -> None:
        self.meter.set_level(peak)
        take = self.recorder.take
        if take is not None:
            minutes, seconds = divmod(take.elapsed, 60)
            self.elapsed.setText(f"{int(minutes)}:{seconds:04.1f}")
