"""Killing the app (SIGKILL, no chance to clean up) in the middle of a recording and in the
middle of a save: the take and the previous project file survive, and the next start offers
to recover the work, which brings back the tracks, edits, results and the take."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from app_driver import open_project, wait_for_tracks

from studio.audio import read_audio
from studio.project import read_project

PREAMBLE = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import numpy as np
    from PySide6.QtCore import QTimer
    from studio.api import AudioClip
    from studio.audio.playback import FakePlayback
    from studio.audio.recorder import FakeRecorder
    from studio.audio.synth import tone
    from studio.app.context import Context
    from studio.ui.app import application
    from studio.ui.main_window import MainWindow
    from studio.ui.model.project import Selection
    from studio.ui.model.source import Source

    voice, project = Path(sys.argv[1]), Path(sys.argv[2])
    app = application()
    microphone = FakeRecorder(tone(330.0, 60.0, rate=48000, amplitude=0.5))
    window = MainWindow(Context(), FakePlayback(), microphone)
    window.show()

    def wait(condition, timeout=120.0):
        end = time.monotonic() + timeout
        while not condition():
            app.processEvents()
            time.sleep(0.005)
            if time.monotonic() > end:
                sys.exit("timed out")

    def signalled(signal):
        seen = []
        signal.connect(lambda *args: seen.append(args))
        return seen

    # Record-free part of the session: open, edit, generate, save.
    window.open_files([voice])
    wait(lambda: len(window.document.project.tracks) == 1 and not window.tracks.loading)
    track = window.document.project.tracks[0]
    window.document.set_selection(Selection(0.5, 1.5, frozenset({track.id})))
    window.editor.gain(-6.0)
    results = signalled(window.generator.resultReady)
    window.generator.select_generator("example:voice-to-swatch")
    window.generator.generate_or_cancel()
    wait(lambda: results and not window.generation.busy and not window.files.busy)
    saved = signalled(window.files.saved)
    window.files.save_to(project)
    wait(lambda: saved and not window.files.busy)
    print("SAVED", flush=True)
""")

KILLED_WHILE_RECORDING = PREAMBLE + textwrap.dedent("""
    window.editor.fade_in()  # after the save: only the recovery file holds this edit
    wait(lambda: window.recorder.unavailable is None)
    autosaved = signalled(window.files.autosaved)
    window.recorder.start(window.recorder.devices[0])
    mic = QTimer()
    mic.timeout.connect(lambda: microphone.pump(2400))  # 50 ms of sound every 50 ms
    mic.start(50)
    wait(lambda: autosaved and window.recorder.take.frames >= 48000)
    print("RECORDING", window.recorder.take.path, flush=True)
    wait(lambda: False, timeout=600)  # recording until killed
""")

KILLED_WHILE_SAVING = PREAMBLE + textwrap.dedent("""
    window.editor.fade_in()
    autosaved = signalled(window.files.autosaved)
    window.files.autosave()  # what the minute timer does
    wait(lambda: autosaved and not window.files.busy)
    noise = np.random.default_rng(0).standard_normal((2, 48000 * 150)).astype(np.float32) * 0.1
    window.loader.add_track("Long noise", Source.from_clip(AudioClip(noise, 48000)))
    print("SAVING", flush=True)
    window.files.save_to(project)  # encoding 150 s of stereo noise takes a while
    wait(lambda: False, timeout=600)
""")


def start(script: str, voice: Path, project: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, str(voice), str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def read_until(process: subprocess.Popen, word: str) -> str:
    for line in process.stdout:
        if line.startswith(word):
            return line.strip()
    process.wait(10)
    pytest.fail(f"the app ended before {word}: {process.stderr.read()[-2000:]}")


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    assert process.wait(30) == -signal.SIGKILL


def recover(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.files.recovery_box is not None, timeout=10000)
    box = window.files.recovery_box
    button = next(b for b in box.buttons() if b.text() == "Recover")
    with qtbot.waitSignal(window.files.opened, timeout=60000):
        button.click()
    qtbot.waitUntil(lambda: not window.files.busy, timeout=30000)


def test_killed_while_recording_the_take_and_the_project_come_back(
    qtbot, example_plugin, make_window, voice_file, tmp_path, data_dir
):
    project = tmp_path / "song.persona"
    app = start(KILLED_WHILE_RECORDING, voice_file, project)
    try:
        read_until(app, "SAVED")
        take = Path(read_until(app, "RECORDING").split(" ", 1)[1])
    finally:
        kill(app)
    # the take is a playable file of what was recorded up to the kill
    assert read_audio(take).frames >= 48000
    saved = read_project(project)  # the saved project is intact
    assert len(saved.tracks) == 1 and len(saved.results) == 1

    window = make_window()
    qtbot.waitUntil(lambda: window.files.recovery_box is not None, timeout=10000)
    assert "one cut short by the crash" in window.files.recovery_box.text()
    recover(qtbot, window)
    wait_for_tracks(qtbot, window, 2)
    voice, recorded = window.document.project.tracks
    assert voice.name == "voice.wav"
    assert any(segment.ramps for segment in voice.segments)  # the edit made after saving
    assert any(segment.gain != 1.0 for segment in voice.segments)
    assert recorded.name == f"{take.stem} (recovered)" and recorded.frames >= 48000
    np.testing.assert_allclose(recorded.render(0, 1000), read_audio(take).samples[:, :1000])
    assert [r.number for r in window.output.results()] == [1]
    assert window.files.path == project and window.files.dirty  # save to keep it
    # the crashed session is gone once recovered: only this window's remains
    assert len(list((data_dir / "recovery").glob("*/session.json"))) == 1

    # the file saved before the crash still opens as it was saved
    other = make_window()
    open_project(qtbot, other, project)
    assert len(other.document.project.tracks) == 1
    assert not any(s.ramps for s in other.document.project.tracks[0].segments)


def test_killed_while_saving_the_previous_file_survives_and_recovery_is_offered(
    qtbot, example_plugin, make_window, voice_file, tmp_path
):
    project = tmp_path / "song.persona"
    app = start(KILLED_WHILE_SAVING, voice_file, project)
    try:
        read_until(app, "SAVED")
        before = project.read_bytes()
        read_until(app, "SAVING")
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".song.persona.*.tmp")):
            assert time.monotonic() < deadline, "the save never started"
            time.sleep(0.001)
    finally:
        kill(app)
    assert list(tmp_path.glob(".song.persona.*.tmp")), "killed after the save had finished"
    assert project.read_bytes() == before  # never half-written
    assert len(read_project(project).tracks) == 1

    window = make_window()
    recover(qtbot, window)
    wait_for_tracks(qtbot, window, 1)
    # the autosave before the save: the edit made after the first save is there
    assert any(s.ramps for s in window.document.project.tracks[0].segments)
    assert len(window.output.results()) == 1
