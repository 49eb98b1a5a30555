"""Per-utterance mean/variance normalisation of each mel bin, then repetition to a minimum length,
as the Wen 2019 code prepares features for the voice encoder."""

from __future__ import annotations

import numpy as np

MIN_FRAMES = 1000  # 10 s at 100 frames/s


def normalise_and_tile(fbank: np.ndarray, min_frames: int = MIN_FRAMES) -> np.ndarray:
    """[T, bins] -> float32 [max(T, min_frames), bins].

    Statistics are taken over time in float32, as the original does after casting; a clip shorter
    than ``min_frames`` is repeated from its start and cut to exactly ``min_frames`` rows.
    """
    feats = np.asarray(fbank).astype(np.float32)
    if feats.ndim != 2 or len(feats) == 0:
        raise ValueError(f"expected a non-empty [frames, bins] array, got shape {feats.shape}")
    feats = feats - feats.mean(axis=0)
    feats = feats / (feats.std(axis=0) + np.finfo(np.float32).eps)
    if len(feats) < min_frames:
        feats = np.resize(feats, (min_frames, feats.shape[1]))  # repeats whole rows in order
    return feats
