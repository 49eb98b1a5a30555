"""Mixing clips of different lengths, rates, channel counts and volumes."""

from __future__ import annotations

import numpy as np
import pytest

from studio.api.errors import InputError
from studio.audio import AudioClip, mix


def constant(
    value: float, frames: int, channels: int = 1, rate: int = 8000, source: str | None = None
):
    return AudioClip(np.full((channels, frames), value), rate, source)


def test_sums_and_pads_shorter_clips_with_silence():
    mixed = mix([constant(0.25, 100), constant(0.5, 40)])

    assert (mixed.frames, mixed.rate, mixed.channels) == (100, 8000, 1)
    np.testing.assert_allclose(mixed.samples[0, :40], 0.75)
    np.testing.assert_allclose(mixed.samples[0, 40:], 0.25)


def test_volumes_are_in_db():
    mixed = mix([constant(0.5, 10), constant(0.5, 10)], volumes_db=[0.0, -6.0206])

    np.testing.assert_allclose(mixed.samples, 0.75, rtol=1e-4)


def test_single_clip_at_unity_is_unchanged(clip_factory):
    clip = clip_factory()

    np.testing.assert_array_equal(mix([clip]).samples, clip.samples)


def test_mono_is_spread_over_every_channel():
    stereo = AudioClip(np.array([[0.1, 0.1, 0.1], [-0.1, -0.1, -0.1]]), 8000)

    mixed = mix([constant(0.5, 2), stereo])

    np.testing.assert_allclose(mixed.samples, [[0.6, 0.6, 0.1], [0.4, 0.4, -0.1]], rtol=1e-6)


def test_other_channel_mismatches_are_refused_naming_the_clip():
    with pytest.raises(InputError, match="surround.wav: has 2 channels .* 6-channel"):
        mix([constant(0.1, 10, channels=6), constant(0.1, 10, channels=2, source="surround.wav")])


def test_rates_follow_the_first_clip_or_the_rate_argument(dominant_frequency):
    t16, t48 = np.arange(16000) / 16000, np.arange(48000) / 48000
    low = AudioClip(0.3 * np.sin(2 * np.pi * 500 * t16), 16000)
    high = AudioClip(0.3 * np.sin(2 * np.pi * 500 * t48), 48000)

    at_first = mix([low, high])
    at_44k = mix([low, high], rate=44100)

    assert (at_first.rate, at_first.frames) == (16000, 16000)
    assert (at_44k.rate, at_44k.frames) == (44100, 44100)
    # Both tones are in phase, so the mix is one tone at double amplitude.
    assert np.abs(at_44k.samples[0, 1000:-1000]).max() == pytest.approx(0.6, abs=0.01)
    assert dominant_frequency(at_first) == pytest.approx(500, abs=1)


def test_the_sum_is_not_limited():
    assert mix([constant(0.8, 5), constant(0.8, 5)]).samples.max() == pytest.approx(1.6)


@pytest.mark.parametrize(("clips", "volumes"), [([], None), ([constant(0.1, 5)], [0.0, 0.0])])
def test_bad_arguments(clips, volumes):
    with pytest.raises(ValueError):
        mix(clips, volumes)
