"""Fixtures for the desktop app's tests: a main window on fake sound devices and audio files
on disk (helpers that drive the window are in ``app_driver``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from plugin_sites import add_module, install_example, register

pytest.importorskip("PySide6")

from studio.app.context import Context
from studio.audio import write_audio
from studio.audio.playback import FakePlayback
from studio.audio.recorder import FakeRecorder
from studio.audio.synth import speech_like, tone


@pytest.fixture
def example_plugin(plugin_site):
    """The example third-party generator (no weights, instant) registered for discovery."""
    install_example(plugin_site)
    return plugin_site


@pytest.fixture
def playback() -> FakePlayback:
    return FakePlayback()


@pytest.fixture
def microphone() -> FakeRecorder:
    return FakeRecorder(tone(440.0, 2.0, rate=48000, amplitude=0.5))


@pytest.fixture
def make_window(qtbot, example_plugin, playback, microphone):
    """Opens a main window on fake devices; plugins registered before the call are found."""
    from studio.ui.main_window import MainWindow

    made = []

    def make(speakers=None, recorder=None):
        window = MainWindow(Context(), speakers or playback, recorder or microphone)
        # Closing with unsaved changes asks in a modal box: tests answer "discard" for it.
        window.ask_unsaved = lambda doing: "discard"
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.jobs.cancel_all()
        window.jobs.wait(10000)


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def window_with_plugin(qtbot, plugin_site, make_window, voice_file):
    """A window whose host also finds the plugin module ``source`` (entry point ``entry``),
    with the voice file open as a track."""
    from app_driver import wait_for_tracks

    def make(entry: str, source: str):
        module = f"plugin_{entry}"
        add_module(plugin_site, module, source)
        register(plugin_site, f"{entry}-plugin", entry, module)
        window = make_window()
        window.open_files([voice_file])
        wait_for_tracks(qtbot, window, 1)
        return window

    return make


@pytest.fixture
def voice_file(tmp_path) -> Path:
    path = tmp_path / "voice.wav"
    write_audio(path, speech_like(3.0, 16000, seed=1))
    return path


@pytest.fixture
def tone_file(tmp_path) -> Path:
    path = tmp_path / "tone.flac"
    write_audio(path, tone(220.0, 2.0, rate=16000, amplitude=0.5))
    return path
