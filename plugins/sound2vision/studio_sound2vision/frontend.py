"""The audio front end of the official code (a2s_dataloader.py / test.py), in numpy.

10 s at 16 kHz (160000 samples; shorter clips loop, longer ones are cut) clipped to [-1, 1],
then ``scipy.signal.spectrogram(x, 16000, nperseg=512, noverlap=353)`` with scipy's defaults
(periodic Tukey(0.25) window, constant detrend, one-sided density scaling), ``log(S + 1e-7)``
and per-clip standardisation: a (257, 1004) array. The exact floor, clipping and
normalisation matter: they are why the volume of the input changes the picture (paper §5.1).

Plugin rule beyond the code: any input is averaged to mono and resampled to 16 kHz first (the
official code reads the file's own rate and would mis-scale time otherwise), and clips shorter
than 1 s loop as often as needed (the code tiles exactly 10 times).
"""

from __future__ import annotations

import numpy as np

from studio.api import AudioClip, InputError
from studio.ml.audio import resample

SAMPLE_RATE = 16000
SAMPLES = 160_000  # 10 s
NPERSEG = 512
NOVERLAP = 353
HOP = NPERSEG - NOVERLAP  # 159 samples
FLOOR = 1e-7
TUKEY_ALPHA = 0.25
BINS = NPERSEG // 2 + 1  # 257
FRAMES = (SAMPLES - NPERSEG) // HOP + 1  # 1004


def tukey_periodic(length: int = NPERSEG, alpha: float = TUKEY_ALPHA) -> np.ndarray:
    """scipy's ``get_window(('tukey', alpha), length)``: a symmetric window one longer, minus
    its last sample (the periodic form spectral analysis uses)."""
    m = length + 1
    n = np.arange(m, dtype=np.float64)
    width = int(np.floor(alpha * (m - 1) / 2.0))
    window = np.ones(m)
    rise = n[: width + 1]
    window[: width + 1] = 0.5 * (1 + np.cos(np.pi * (-1 + 2.0 * rise / alpha / (m - 1))))
    fall = n[m - width - 1 :]
    window[m - width - 1 :] = 0.5 * (
        1 + np.cos(np.pi * (-2.0 / alpha + 1 + 2.0 * fall / alpha / (m - 1)))
    )
    return window[:-1]


_WINDOW = tukey_periodic()
# Density scaling: |FFT|^2 / (fs * sum(w^2)), doubled for every bin but DC and Nyquist.
_SCALE = np.full(BINS, 2.0 / (SAMPLE_RATE * np.sum(_WINDOW**2)))
_SCALE[[0, -1]] /= 2.0


def psd(samples: np.ndarray, rate: int = SAMPLE_RATE) -> np.ndarray:
    """The (257, frames) power spectral density of 1-D ``samples`` (scipy's spectrogram)."""
    x = np.asarray(samples, dtype=np.float64)
    frames = (x.size - NPERSEG) // HOP + 1
    if frames < 1:
        raise ValueError(f"need at least {NPERSEG} samples, got {x.size}")
    segments = np.lib.stride_tricks.as_strided(
        x, shape=(frames, NPERSEG), strides=(x.strides[0] * HOP, x.strides[0])
    )
    segments = segments - segments.mean(axis=1, keepdims=True)  # detrend="constant"
    spectrum = np.fft.rfft(segments * _WINDOW, axis=1)
    scale = _SCALE * (SAMPLE_RATE / rate)
    return (np.abs(spectrum) ** 2 * scale).T


def ten_seconds(samples: np.ndarray) -> np.ndarray:
    """Loop or cut mono 16 kHz samples to exactly 10 s, clipped to [-1, 1] (as float64)."""
    x = np.asarray(samples, dtype=np.float64).reshape(-1)
    repeats = max(10, -(-SAMPLES // x.size))
    return np.clip(np.tile(x, repeats)[:SAMPLES], -1.0, 1.0)


def log_spectrogram(samples: np.ndarray) -> np.ndarray:
    """(257, 1004) float32: log(PSD + 1e-7), standardised per clip (silence gives zeros)."""
    spectrum = np.log(psd(ten_seconds(samples)) + FLOOR)
    return ((spectrum - spectrum.mean()) / (spectrum.std() + 1e-9)).astype(np.float32)


def prepare(clip: AudioClip, gain_db: float = 0.0) -> np.ndarray:
    """A user's clip as the network's mono 16 kHz waveform, scaled by ``gain_db`` (paper M1)."""
    if clip.frames == 0:
        raise InputError(clip.label, "the sound is empty")
    mono = clip.mono()
    if mono.rate != SAMPLE_RATE:
        mono = resample(mono, SAMPLE_RATE)
    samples = mono.samples[0].astype(np.float64)
    if not np.all(np.isfinite(samples)):
        raise InputError(clip.label, "the sound holds NaN or infinite samples")
    return samples * 10.0 ** (gain_db / 20.0)


def clip_spectrogram(clip: AudioClip, gain_db: float = 0.0) -> np.ndarray:
    return log_spectrogram(prepare(clip, gain_db))
