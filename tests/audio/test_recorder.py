"""Recording through the backend interface: blocks reach the file as they are drained, a
killed app leaves a playable take, an existing file is never overwritten, and a device that
fails to open leaves nothing behind (no PortAudio or no microphone: see test_playback)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from studio.audio import AudioFileError, read_audio
from studio.audio.playback import AudioUnavailable
from studio.audio.recorder import FakeRecorder, Take
from studio.audio.synth import tone


@pytest.fixture
def microphone() -> FakeRecorder:
    return FakeRecorder(tone(440.0, 2.0, rate=48000, amplitude=0.5))


def test_blocks_go_to_disk_as_they_are_drained(microphone, tmp_path):
    device = microphone.devices()[0]
    take = Take(microphone, tmp_path / "take.wav", device)
    take.start()
    microphone.pump(24000)
    assert take.drain() == pytest.approx(0.5, abs=1e-3)  # the peak level, for the meter
    on_disk = read_audio(tmp_path / "take.wav")  # readable while still recording
    assert on_disk.frames == 24000 and take.elapsed == pytest.approx(0.5)
    microphone.pump(24000)
    path = take.stop()
    clip = read_audio(path)
    assert clip.frames == 48000 and clip.rate == 48000
    np.testing.assert_allclose(clip.samples[0], microphone.clip.samples[0, :48000], atol=1e-5)
    assert microphone.streams[0].closed


def test_a_killed_app_leaves_a_playable_take(tmp_path):
    path = tmp_path / "take.wav"
    script = textwrap.dedent(f"""
        import os
        from studio.audio.recorder import FakeRecorder, Take
        from studio.audio.synth import tone
        mic = FakeRecorder(tone(440.0, 2.0, rate=48000))
        take = Take(mic, {str(path)!r}, mic.devices()[0])
        take.start()
        for _ in range(3):
            mic.pump(4800)
            take.drain()
        mic.pump(4800)  # still queued when the app dies
        os._exit(9)
    """)
    subprocess.run([sys.executable, "-c", script], check=False)
    assert read_audio(path).frames == 3 * 4800


def test_an_existing_file_is_never_overwritten(microphone, tmp_path):
    path = tmp_path / "take.wav"
    path.write_bytes(b"precious")
    with pytest.raises(AudioFileError, match="take.wav"):
        Take(microphone, path, microphone.devices()[0]).start()
    assert path.read_bytes() == b"precious"


def test_a_device_that_fails_to_open_leaves_no_file(tmp_path):
    class Refusing(FakeRecorder):
        def open(self, *args):
            raise AudioUnavailable("the input device cannot be opened (busy)")

    microphone = Refusing(tone(440.0, 1.0))
    with pytest.raises(AudioUnavailable, match="busy"):
        Take(microphone, tmp_path / "take.wav", microphone.devices()[0]).start()
    assert not (tmp_path / "take.wav").exists()
