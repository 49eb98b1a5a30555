"""Fixtures for the audio tests: small deterministic clips and a spectrum probe."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from studio.audio import AudioClip


def make_clip(
    rate: int = 16000, channels: int = 2, seconds: float = 0.5, seed: int = 0
) -> AudioClip:
    """A distinct tone plus a little noise per channel, peaking below full scale."""
    rng = np.random.default_rng(seed)
    t = np.arange(round(seconds * rate)) / rate
    tones = [0.6 * np.sin(2 * np.pi * (220 + 110 * c) * t) for c in range(channels)]
    return AudioClip(np.stack(tones) + rng.uniform(-0.05, 0.05, (channels, t.size)), rate)


@pytest.fixture
def clip_factory() -> Callable[..., AudioClip]:
    return make_clip


@pytest.fixture
def dominant_frequency() -> Callable[[AudioClip], float]:
    """The frequency (Hz) of the strongest FFT bin of a clip's first channel."""

    def probe(clip: AudioClip) -> float:
        spectrum = np.abs(np.fft.rfft(clip.samples[0] * np.hanning(clip.frames)))
        return float(np.fft.rfftfreq(clip.frames, 1 / clip.rate)[spectrum.argmax()])

    return probe
