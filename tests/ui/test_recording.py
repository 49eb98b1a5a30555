"""Recording a new track through a fake microphone: the take grows on disk while recording,
the meter and the clock move, Stop turns it into a track; with no microphone the Record
button is disabled and says why."""

from __future__ import annotations

import pytest
from app_driver import wait_for_tracks
from PySide6.QtCore import Qt

from studio.audio import read_audio
from studio.audio.recorder import FakeRecorder
from studio.audio.synth import tone


def test_a_recording_becomes_a_track(qtbot, window, microphone, data_dir):
    bar = window.record_bar
    qtbot.waitUntil(bar.button.isEnabled, timeout=10000)
    assert bar.device.currentText().startswith("Fake microphone")
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    take = window.recorder.take
    assert take is not None and take.path.parent == data_dir / "recordings"

    microphone.pump(24000)
    qtbot.waitUntil(lambda: bar.elapsed.text() == "0:00.5", timeout=5000)
    assert bar.meter.db > -10
    assert read_audio(take.path).frames == 24000  # on disk already
    microphone.pump(24000)
    qtbot.waitUntil(lambda: take.frames == 48000, timeout=5000)

    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    wait_for_tracks(qtbot, window, 1)
    track = window.document.project.tracks[0]
    assert track.name == "Take 1" and track.duration == pytest.approx(1.0)
    assert bar.button.text() == "● Record"


def test_with_no_microphone_record_is_disabled_with_the_reason(qtbot, make_window):
    window = make_window(recorder=FakeRecorder(tone(440.0, 1.0), device_list=()))
    bar = window.record_bar
    qtbot.waitUntil(lambda: bar.reason.text().startswith("Recording is off"), timeout=10000)
    assert "no audio input device" in bar.reason.text()
    assert not bar.button.isEnabled()
    window.record_bar.toggle()  # the R shortcut does nothing harmful
    assert window.recorder.take is None
