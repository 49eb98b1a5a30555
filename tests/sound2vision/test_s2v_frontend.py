"""The front end matches scipy's spectrogram and keeps the volume cues the paper relies on."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from studio.api import AudioClip, InputError
from studio.audio.mix import mix
from studio_sound2vision.frontend import (
    BINS,
    FLOOR,
    FRAMES,
    clip_spectrogram,
    log_spectrogram,
    psd,
    ten_seconds,
    tukey_periodic,
)


def test_the_window_is_scipys_default_tukey():
    assert np.allclose(tukey_periodic(), signal.get_window(("tukey", 0.25), 512), atol=1e-15)


@settings(deadline=None, max_examples=10)
@given(seed=st.integers(0, 2**16), scale=st.floats(1e-4, 0.9))
def test_psd_equals_scipy_spectrogram(seed, scale):
    x = np.random.default_rng(seed).standard_normal(160_000) * scale
    _, _, expected = signal.spectrogram(x, 16000, nperseg=512, noverlap=353)
    found = psd(x)
    assert found.shape == expected.shape == (BINS, FRAMES) == (257, 1004)
    assert np.allclose(found, expected, rtol=1e-9, atol=1e-20)


def test_the_official_chain_end_to_end():
    x = 0.3 * np.sin(2 * np.pi * 440 * np.arange(160_000) / 16000)
    _, _, s = signal.spectrogram(
        np.clip(np.tile(x, 10)[:160000], -1, 1), 16000, nperseg=512, noverlap=353
    )
    reference = np.log(s + 1e-7)
    reference = (reference - reference.mean()) / (reference.std() + 1e-9)
    assert np.allclose(log_spectrogram(x), reference, atol=1e-5)


def test_short_clips_loop_and_are_standardised():
    one_second = np.random.default_rng(0).standard_normal(16000) * 0.1
    looped = ten_seconds(one_second)
    assert looped.shape == (160_000,)
    assert np.array_equal(looped[16000:32000], one_second)
    spec = log_spectrogram(one_second)
    assert spec.shape == (257, 1004)
    assert abs(float(spec.mean())) < 1e-5 and abs(float(spec.std()) - 1) < 1e-5


def test_silence_is_finite_and_empty_is_refused():
    silence = log_spectrogram(np.zeros(16000))
    assert np.all(np.isfinite(silence)) and np.allclose(silence, 0.0, atol=1e-5)
    with pytest.raises(InputError, match="empty"):
        clip_spectrogram(AudioClip(np.zeros((1, 0), np.float32), 16000))


def test_stereo_is_averaged_and_other_rates_are_resampled():
    rng = np.random.default_rng(1)
    mono = (rng.standard_normal(32000) * 0.1).astype(np.float32)
    stereo = AudioClip(np.stack([mono, mono]), 16000)
    assert np.array_equal(clip_spectrogram(stereo), clip_spectrogram(AudioClip(mono, 16000)))
    t = np.arange(44100 * 2) / 44100
    tone44 = AudioClip((0.3 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32), 44100)
    peak_bin = clip_spectrogram(tone44).mean(axis=1).argmax()
    assert peak_bin == 32  # 1000 Hz / 31.25 Hz per bin: the time axis is not mis-scaled


def test_volume_changes_the_spectrogram_through_the_floor_only():
    rng = np.random.default_rng(0)
    t = np.arange(160_000) / 16000
    x = 0.1 * np.sin(2 * np.pi * 440 * t) + 0.001 * rng.standard_normal(t.size)
    mean_log, above_floor = [], []
    for gain in (0.1, 0.3, 1.0, 3.0):
        spectrum = psd(ten_seconds(x * gain))
        mean_log.append(np.log(spectrum + FLOOR).mean())
        above_floor.append(np.mean(spectrum >= FLOOR))
    assert np.all(np.diff(mean_log) > 0) and np.all(np.diff(above_floor) > 0)
    reference = log_spectrogram(x)
    change = [np.abs(log_spectrogram(x * g) - reference).mean() for g in (0.1, 0.3, 3.0)]
    assert change[0] > change[1] > 0 and change[2] > 0


def test_gain_db_equals_the_mixers_fader():
    clip = AudioClip(
        (np.random.default_rng(2).standard_normal(16000) * 0.05).astype(np.float32), 16000
    )
    faded = mix([clip], [6.0])
    assert np.allclose(clip_spectrogram(clip, gain_db=6.0), clip_spectrogram(faded), atol=1e-4)
    silent_b = AudioClip(np.zeros_like(clip.samples), 16000)
    assert np.array_equal(clip_spectrogram(mix([clip, silent_b])), clip_spectrogram(clip))
