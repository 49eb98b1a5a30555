"""Per-bin mean/variance normalisation and the repetition of short clips to 1000 frames."""

from __future__ import annotations

import numpy as np
import pytest

from studio_wen2019.features import normalise_and_tile


def fbank(frames: int, seed: int = 0) -> np.ndarray:
    """Log-mel-like input: every bin with its own offset and spread."""
    rng = np.random.default_rng(seed)
    return rng.normal(0, 1, (frames, 64)) * rng.uniform(0.5, 4, 64) + rng.uniform(-12, 8, 64)


def test_every_bin_has_zero_mean_and_unit_spread():
    out = normalise_and_tile(fbank(1500))
    assert out.dtype == np.float32 and out.shape == (1500, 64)
    np.testing.assert_allclose(out.mean(axis=0, dtype=np.float64), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=0, dtype=np.float64), 1, atol=1e-4)


def test_values_follow_the_definition_computed_in_float64():
    x = fbank(1234, seed=1)
    expected = (x - x.mean(axis=0)) / x.std(axis=0)  # population std, as numpy's default
    np.testing.assert_allclose(normalise_and_tile(x), expected, atol=2e-5)


@pytest.mark.parametrize("frames", [1, 37, 250, 999])
def test_short_clips_repeat_from_the_start_to_exactly_1000_frames(frames):
    out = normalise_and_tile(fbank(frames, seed=frames))
    assert out.shape == (1000, 64)
    rows = np.arange(1000)
    assert np.array_equal(out, out[rows % frames])  # period = the original length
    if frames > 1:
        # Statistics come from the original frames only, not the repeated ones.
        np.testing.assert_allclose(out[:frames].mean(axis=0), 0, atol=1e-5)


@pytest.mark.parametrize("frames", [1000, 1001, 2345])
def test_clips_of_1000_frames_or_more_keep_their_length(frames):
    x = fbank(frames, seed=frames)
    out = normalise_and_tile(x)
    assert out.shape == (frames, 64)
    np.testing.assert_allclose(out, (x - x.mean(axis=0)) / x.std(axis=0), atol=2e-5)


@pytest.mark.parametrize(("frames", "expected"), [(50, 56.0), (101, 88.0), (1000, -1200.0)])
def test_a_constant_bin_becomes_its_float32_rounding_error_over_eps(frames, expected):
    # Quirk kept from the original: a band that never changes (here stuck at the log floor, as in
    # digital silence) does not normalise to 0. Its float32 mean is off by a rounding error, the
    # centred band then has a spread of exactly 0, so the error is divided by eps alone.
    x = fbank(frames)
    x[:, 3] = np.log(1e-5)
    value = np.float32(x[0, 3])
    total = np.float32(0)
    for _ in range(frames):  # numpy reduces over axis 0 row by row, in float32
        total = np.float32(total + value)
    error = np.float32(value - np.float32(total / np.float32(frames)))
    assert error / np.finfo(np.float32).eps == expected
    out = normalise_and_tile(x)
    assert np.isfinite(out).all() and (out[:, 3] == np.float32(expected)).all()


def test_minimum_length_is_a_parameter_and_empty_input_is_rejected():
    assert normalise_and_tile(fbank(3), min_frames=10).shape == (10, 64)
    with pytest.raises(ValueError):
        normalise_and_tile(np.zeros((0, 64)))
