"""Opening audio: drop files from a file manager, File ▸ Open, files from the command line;
each becomes a track drawn from its peaks; bad files say which file and why."""

from __future__ import annotations

import os

import numpy as np
from app_driver import drop_files, wait_for_tracks

from studio.audio import write_audio
from studio.audio.synth import speech_like


def test_dropped_files_become_tracks_with_waveforms(qtbot, window, voice_file, tone_file, tmp_path):
    mp3 = tmp_path / "speech.mp3"
    write_audio(mp3, speech_like(2.0, 44100, seed=5))
    drop_files(window, [voice_file, tone_file, mp3])
    wait_for_tracks(qtbot, window, 3)
    names = sorted(t.name for t in window.document.project.tracks)
    assert names == ["speech.mp3", "tone.flac", "voice.wav"]
    assert window.document.undo_stack.count() == 3  # one undoable step per file
    lane = next(iter(window.tracks.lanes.values()))
    image = lane.grab().toImage()
    middle = [image.pixelColor(x, lane.height() // 2).name() for x in range(0, lane.width(), 7)]
    assert len(set(middle)) > 1  # the waveform is drawn, not just the background
    assert not window.tracks.hint.isVisible()


def test_a_bad_file_gets_a_message_naming_it(qtbot, window, tmp_path):
    bad = tmp_path / "notes.wav"
    bad.write_text("this is not audio")
    drop_files(window, [bad])
    qtbot.waitUntil(lambda: "notes.wav" in window.status.text, timeout=10000)
    assert "Traceback" not in window.status.text
    assert not window.document.project.tracks


def test_files_given_at_start_are_opened(qtbot, window, voice_file):
    window.open_files([voice_file])
    wait_for_tracks(qtbot, window, 1)
    track = window.document.project.tracks[0]
    assert track.rate == 16000 and abs(track.duration - 3.0) < 1e-3
    assert np.isclose(window.timeline.viewport.duration, 3.0)


def _wav_with_width(path, bits: int):
    """A PCM WAV whose header declares ``bits``-bit samples over 16-bit data."""
    import struct

    data = bytes(1600)
    fmt = struct.pack("<HHIIHH", 1, 1, 16000, 32000, 2, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)


def _float_wav(path, value: float):
    import soundfile as sf

    sf.write(path, np.full(1600, value, np.float32), 16000, subtype="FLOAT")


HOSTILE = {
    "width.wav": (lambda p: _wav_with_width(p, 40), "impossible sample width"),
    "infinite.wav": (lambda p: _float_wav(p, np.inf), "infinite"),
    "nan.wav": (lambda p: _float_wav(p, np.nan), "NaN"),
    "pipe.wav": (lambda p: os.mkfifo(p), "named pipe"),
}


def test_hostile_files_are_refused_on_the_status_line_and_nothing_else_changes(
    qtbot, window, voice_file, tmp_path
):
    window.open_files([voice_file])
    wait_for_tracks(qtbot, window, 1)
    track = window.document.project.tracks[0]
    steps = window.document.undo_stack.count()
    for name, (make, problem) in HOSTILE.items():
        make(tmp_path / name)
        drop_files(window, [tmp_path / name])
        qtbot.waitUntil(lambda name=name: name in window.status.text, timeout=10000)
        assert problem in window.status.text and "\n" not in window.status.text
        assert "Traceback" not in window.status.text
    assert window.document.project.tracks == (track,)  # not opened, the track kept
    assert window.document.undo_stack.count() == steps
