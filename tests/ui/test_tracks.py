"""Opening audio: drop files from a file manager, File ▸ Open, files from the command line;
each becomes a track drawn from its peaks; bad files say which file and why."""

from __future__ import annotations

import hostile_files as hf
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


HOSTILE = [  # (make the file in a folder, what the status line must say)
    (lambda d: hf.write(d, "width.wav", hf.wav_bytes(hf.fmt_body(bits=40, block_align=2))), "impossible sample width"),
    (lambda d: hf.float_wav(d, "infinite.wav", np.full(1600, np.inf, np.float32)), "infinite"),
    (lambda d: hf.float_wav(d, "nan.wav", np.full(1600, np.nan, np.float32)), "NaN"),
    (lambda d: hf.fifo(d, ".wav"), "named pipe"),
]  # fmt: skip


def test_hostile_files_are_refused_on_the_status_line_and_nothing_else_changes(
    qtbot, window, voice_file, tmp_path
):
    window.open_files([voice_file])
    wait_for_tracks(qtbot, window, 1)
    track = window.document.project.tracks[0]
    steps = window.document.undo_stack.count()
    for make, problem in HOSTILE:
        path = make(tmp_path)
        drop_files(window, [path])
        qtbot.waitUntil(lambda name=path.name: name in window.status.text, timeout=10000)
        assert problem in window.status.text and "\n" not in window.status.text
        assert "Traceback" not in window.status.text
    assert window.document.project.tracks == (track,)  # not opened, the track kept
    assert window.document.undo_stack.count() == steps
