"""The 16-bit samples the feature pipeline works on: checking them, and converting float audio."""

from __future__ import annotations

import numpy as np

FULL_SCALE = 32768.0  # 16-bit PCM read as float is sample / 32768 (libsndfile, soundfile)


def to_pcm16(float_samples: np.ndarray) -> np.ndarray:
    """Float samples in [-1, 1] -> int16, rounded to nearest and clipped.

    A 16-bit recording read as float comes back as the identical int16 samples.
    """
    samples = np.asarray(float_samples)
    if not np.issubdtype(samples.dtype, np.floating):
        raise TypeError(f"expected float samples in [-1, 1], got {samples.dtype}")
    scaled = np.rint(samples.astype(np.float64) * FULL_SCALE)
    return np.clip(scaled, -FULL_SCALE, FULL_SCALE - 1).astype(np.int16)


def as_pcm16(pcm_int16: np.ndarray) -> np.ndarray:
    """The clip as a 1-D int16 array; anything else is refused rather than silently cast (float
    audio would wrap or truncate: convert it with ``to_pcm16``)."""
    pcm = np.asarray(pcm_int16)
    if pcm.ndim != 1 or pcm.dtype != np.int16:
        raise TypeError(f"expected a 1-D int16 array, got {pcm.dtype} with shape {pcm.shape}")
    return pcm
