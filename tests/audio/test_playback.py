"""Playback through the backend interface: the Player feeds exactly the rendered frames to the
device callback, loops, ends, and survives underruns; for playback and recording alike,
sounddevice problems become a clear AudioUnavailable reason instead of a crash."""

from __future__ import annotations

import sys
import time

import numpy as np
import pytest

from studio.audio.playback import AudioUnavailable, FakePlayback, Player, SoundDevicePlayback
from studio.audio.recorder import SoundDeviceRecorder

RATE = 1000


def ramp_render(first: int, frames: int):
    """A signal whose sample value is its own frame number (so order is easy to check)."""
    values = (first + np.arange(frames, dtype=np.float32)) / 10000
    return np.stack([values, -values]), {"master": float(values.max(initial=0))}


def start(backend, first=0, end=3000, loop=False, blocksize=256):
    player = Player(backend, ramp_render, RATE, 2, blocksize=blocksize)
    player.play(first, end, loop=loop)
    return player, backend.streams[-1]


def pull(player, stream, frames: int) -> np.ndarray:
    deadline = time.monotonic() + 5
    while player.buffered < 2 and player.rendering and time.monotonic() < deadline:
        time.sleep(0.005)  # the feeder thread renders ahead of the device
    return stream.pump(frames)


def test_the_device_gets_the_rendered_frames_in_order():
    player, stream = start(FakePlayback(), first=100)
    got = np.concatenate([pull(player, stream, 300) for _ in range(4)])
    np.testing.assert_allclose(got[:, 0], (100 + np.arange(1200)) / 10000, atol=1e-7)
    np.testing.assert_allclose(got[:, 1], -got[:, 0])
    assert player.position == 1300 and player.levels["master"] > 0
    player.stop()
    assert stream.closed


def test_playback_ends_after_the_range_and_pads_with_silence():
    player, stream = start(FakePlayback(), first=0, end=500)
    got = np.concatenate([pull(player, stream, 400) for _ in range(3)])
    assert np.count_nonzero(got[:, 0]) == 499  # frame 0 is zero-valued by construction
    assert not got[500:].any()
    assert player.ended and not player.playing and stream.ended


def test_looping_wraps_to_the_start_of_the_range():
    player, stream = start(FakePlayback(), first=1000, end=1300, loop=True, blocksize=100)
    got = np.concatenate([pull(player, stream, 100) for _ in range(7)])[:, 0] * 10000
    np.testing.assert_allclose(got[:300], np.arange(1000, 1300), atol=1e-3)
    np.testing.assert_allclose(got[300:600], np.arange(1000, 1300), atol=1e-3)
    player.stop()


def test_an_underrun_is_silence_and_loses_no_frames():
    def slow_render(first, frames):
        time.sleep(0.05)
        return ramp_render(first, frames)

    player = Player(FakePlayback(), slow_render, RATE, 2, blocksize=100)
    player.play(0, 1000)
    stream = player.backend.streams[-1]
    first = stream.pump(100)  # the block rendered before the device started
    starved = stream.pump(100)  # the feeder is still rendering the next one
    assert not starved.any() and player.playing
    time.sleep(0.2)
    later = stream.pump(100)
    np.testing.assert_allclose(later[:, 0] * 10000, np.arange(100, 200), atol=1e-3)
    assert first[:, 0].max() * 10000 == pytest.approx(99, abs=1e-3)
    player.stop()


@pytest.fixture
def no_portaudio(monkeypatch):
    """``import sounddevice`` fails as it does when libportaudio2 is not installed."""
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(builtins, "__import__", fake_import)


BACKENDS = pytest.mark.parametrize(
    "backend, kind", [(SoundDevicePlayback, "output"), (SoundDeviceRecorder, "input")]
)


@BACKENDS
def test_without_portaudio_sound_is_unavailable_with_the_reason(no_portaudio, backend, kind):
    with pytest.raises(AudioUnavailable, match="install the libportaudio2 package"):
        backend().devices()


@BACKENDS
def test_no_device_is_a_clear_reason(monkeypatch, backend, kind):
    sd = pytest.importorskip("sounddevice")

    def broken():
        raise sd.PortAudioError("Error querying device -1")

    monkeypatch.setattr(sd, "query_devices", broken)
    with pytest.raises(AudioUnavailable, match="no audio devices can be listed"):
        backend().devices()
    other = "max_output_channels" if kind == "input" else "max_input_channels"
    only_the_other_kind = [
        {
            "name": "x",
            "max_input_channels": 0,
            "max_output_channels": 0,
            other: 2,
            "default_samplerate": 48000.0,
        }
    ]
    monkeypatch.setattr(sd, "query_devices", lambda: only_the_other_kind)
    with pytest.raises(AudioUnavailable, match=f"no audio {kind} device"):
        backend().devices()


def test_the_fake_backend_can_have_no_device():
    with pytest.raises(AudioUnavailable):
        FakePlayback(device_list=()).devices()
