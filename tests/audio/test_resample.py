"""Resampling keeps pitch, duration and channels, and is deterministic."""

from __future__ import annotations

import math

import numpy as np
import pytest

from studio.audio import AudioClip, resample


@pytest.mark.parametrize(
    ("source_rate", "target_rate"), [(44100, 16000), (16000, 48000), (48000, 22050), (8000, 44100)]
)
def test_keeps_a_tones_frequency_and_the_length(dominant_frequency, source_rate, target_rate):
    t = np.arange(source_rate) / source_rate  # one second
    clip = AudioClip(np.stack([0.5 * np.sin(2 * np.pi * 1000 * t)] * 2), source_rate, "tone.wav")

    out = resample(clip, target_rate)

    assert (out.rate, out.channels, out.source) == (target_rate, 2, "tone.wav")
    assert out.frames == math.ceil(clip.frames * target_rate / source_rate)
    assert out.duration == pytest.approx(clip.duration, abs=1 / target_rate)
    assert dominant_frequency(out) == pytest.approx(1000, abs=1)
    assert out.samples.dtype == np.float32
    assert np.abs(out.samples[:, 100:-100]).max() == pytest.approx(0.5, abs=0.02)


def test_same_rate_returns_the_clip(clip_factory):
    clip = clip_factory()

    assert resample(clip, clip.rate) is clip


def test_is_deterministic(clip_factory):
    clip = clip_factory(rate=44100)

    np.testing.assert_array_equal(resample(clip, 16000).samples, resample(clip, 16000).samples)


def test_downsampling_removes_what_the_new_rate_cannot_hold():
    t = np.arange(48000) / 48000
    clip = AudioClip(0.5 * np.sin(2 * np.pi * 12000 * t), 48000)

    assert np.abs(resample(clip, 16000).samples[:, 100:-100]).max() < 0.01  # edges ring


def test_rejects_a_non_positive_rate(clip_factory):
    with pytest.raises(ValueError):
        resample(clip_factory(), 0)
