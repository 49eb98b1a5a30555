"""Edits return new clips with the expected samples and never touch their input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.api.errors import InputError
from studio.audio import AudioClip, fade_in, fade_out, gain_db, normalise, pad_to, to_mono, trim
from studio.audio.edits import FADE_SHAPES


def ones(frames: int = 1000, channels: int = 2, rate: int = 1000) -> AudioClip:
    return AudioClip(np.ones((channels, frames)), rate, source="take.wav")


def test_gain_db_scales_amplitude(clip_factory):
    clip = clip_factory()
    before = clip.samples.copy()

    np.testing.assert_allclose(gain_db(clip, 20).samples, before * 10, rtol=1e-6)
    np.testing.assert_allclose(gain_db(clip, -6.0206).samples, before / 2, rtol=1e-4)
    assert gain_db(clip, 0).samples is not clip.samples
    np.testing.assert_array_equal(clip.samples, before)


def test_edits_keep_rate_and_source():
    clip = ones()
    for edited in (gain_db(clip, 3), fade_in(clip, 0.1), fade_out(clip, 0.1), trim(clip, 0.1)):
        assert (edited.rate, edited.source) == (1000, "take.wav")


def test_linear_fade_in():
    faded = fade_in(ones(), 0.1).samples  # 100 frames at 1 kHz

    np.testing.assert_allclose(faded[:, :100], np.tile(np.arange(100) / 100, (2, 1)), atol=1e-7)
    np.testing.assert_array_equal(faded[:, 100:], 1.0)


def test_fade_out_mirrors_fade_in():
    clip = AudioClip(np.random.default_rng(1).uniform(-1, 1, (2, 500)), 1000)
    for shape in FADE_SHAPES:
        reversed_clip = AudioClip(clip.samples[:, ::-1], clip.rate)
        expected = fade_in(reversed_clip, 0.2, shape).samples[:, ::-1]
        np.testing.assert_array_equal(fade_out(clip, 0.2, shape).samples, expected)


def test_fade_out_ends_in_silence_and_leaves_the_start():
    faded = fade_out(ones(), 0.25).samples

    assert faded[0, -1] == 0.0
    np.testing.assert_array_equal(faded[:, :750], 1.0)


@pytest.mark.parametrize("shape", sorted(FADE_SHAPES))
def test_fade_shapes_rise_from_silence(shape):
    ramp = fade_in(ones(channels=1), 0.5, shape).samples[0, :500]

    assert ramp[0] == 0.0
    assert np.all(np.diff(ramp) > 0)
    assert ramp[-1] == pytest.approx(1.0, abs=0.01)


def test_fade_longer_than_clip_fades_all_of_it():
    faded = fade_in(ones(100), 10.0).samples

    np.testing.assert_allclose(faded[0], np.arange(100) / 100, atol=1e-7)


def test_fade_rejects_bad_arguments():
    with pytest.raises(ValueError, match="negative"):
        fade_in(ones(), -1)
    with pytest.raises(ValueError, match="unknown fade shape"):
        fade_out(ones(), 0.1, shape="wobbly")


def test_trim_keeps_the_range():
    clip = AudioClip(np.arange(1000, dtype=np.float32), 1000)

    np.testing.assert_array_equal(trim(clip, 0.25, 0.5).samples[0], np.arange(250, 500))
    np.testing.assert_array_equal(trim(clip, 0.9).samples[0], np.arange(900, 1000))


def test_trim_clamps_to_the_clip():
    assert trim(ones(), -5, 50).frames == 1000
    assert trim(ones(), 0.5, 50).frames == 500


@pytest.mark.parametrize(("start", "end"), [(0.5, 0.5), (0.6, 0.2), (2.0, 3.0), (-2.0, -1.0)])
def test_trim_to_nothing_is_an_input_error_naming_the_clip(start, end):
    with pytest.raises(InputError, match="take.wav: nothing is left"):
        trim(ones(), start, end)


@settings(deadline=None)
@given(
    samples=st.lists(st.floats(-4, 4, allow_nan=False, width=32), min_size=1, max_size=200),
    peak_db=st.floats(-40, 0),
)
def test_normalise_puts_the_peak_at_the_target(samples, peak_db):
    clip = AudioClip(np.array(samples), 8000)
    peak = float(np.abs(clip.samples).max())

    result = normalise(clip, peak_db)

    if peak == 0:
        assert result is clip
    else:
        target = 10 ** (peak_db / 20)
        assert np.abs(result.samples).max() == pytest.approx(target, rel=1e-5)
        np.testing.assert_allclose(
            result.samples, clip.samples.astype(float) * (target / peak), rtol=1e-5, atol=1e-30
        )


def test_normalise_default_is_minus_one_dbfs():
    assert np.abs(normalise(ones()).samples).max() == pytest.approx(0.891251, rel=1e-5)


def test_normalise_leaves_silence_alone():
    silent = AudioClip(np.zeros((2, 100)), 8000)

    assert normalise(silent) is silent


def test_to_mono_averages_channels():
    clip = AudioClip(np.array([[1.0, 0.0, -1.0], [0.0, 0.0, 1.0]]), 8000)

    np.testing.assert_array_equal(to_mono(clip).samples, [[0.5, 0.0, 0.0]])


def test_pad_to_appends_silence():
    padded = pad_to(ones(10), 15)

    assert padded.frames == 15
    np.testing.assert_array_equal(padded.samples[:, 10:], 0.0)
    assert pad_to(padded, 5) is padded
