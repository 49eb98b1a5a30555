"""Which parts of the input shaped a result: per-segment weights a generator returns as latent
extras (``segment_times`` [n, 2] seconds into its input, ``segment_attention`` [n], summing
to 1; SF2F's attention fuser gives them), placed on the project's timeline for the lanes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.api import Latent

TIMES = "segment_times"
FLOOR = 0.15  # the lightest part of the input still shows that it was used
WEIGHTS = "segment_attention"


@dataclass(frozen=True)
class AttentionOverlay:
    """Segments in project seconds, their weights, and the tracks the input was mixed from."""

    starts: np.ndarray
    ends: np.ndarray
    weights: np.ndarray
    tracks: frozenset[int]

    def columns(self, start: float, seconds_per_pixel: float, width: int) -> np.ndarray:
        """``[width]`` in 0..1 (0 outside the input): the mean weight of the segments under
        each pixel column, scaled from the input's lightest part (``FLOOR``) to its heaviest
        (1), so the differences show even when attention is spread evenly."""
        centres = start + (np.arange(width) + 0.5) * seconds_per_pixel
        return self._scaled(self._mean_weight(centres))

    def _mean_weight(self, times: np.ndarray) -> np.ndarray:
        """Mean weight of the segments covering each time; NaN where none does. (A mean, not
        a sum: a sum would darken the ends, which fewer overlapping windows cover.)"""
        covered = (times[None, :] >= self.starts[:, None]) & (times[None, :] < self.ends[:, None])
        count = covered.sum(axis=0)
        total = (self.weights[:, None] * covered).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(count > 0, total / np.maximum(count, 1), np.nan)

    def _scaled(self, values: np.ndarray) -> np.ndarray:
        edges = np.unique(np.concatenate([self.starts, self.ends]))
        everywhere = self._mean_weight((edges[:-1] + edges[1:]) / 2)
        everywhere = everywhere[~np.isnan(everywhere)]
        if not len(everywhere):
            return np.zeros_like(values)
        low, high = everywhere.min(), everywhere.max()
        spread = (values - low) / (high - low) if high > low else np.ones_like(values)
        scaled = FLOOR + (1 - FLOOR) * np.clip(spread, 0.0, 1.0)
        return np.where(np.isnan(values), 0.0, scaled)

    def weight_at(self, seconds: float) -> float:
        """The share of the result that came from segments covering ``seconds`` (0..1)."""
        inside = (self.starts <= seconds) & (seconds < self.ends)
        return float(self.weights[inside].sum())


def overlay_for(latent: Latent, input_start: float, tracks) -> AttentionOverlay | None:
    """The overlay of a result whose input began at ``input_start`` on the timeline, or None
    when its generator reports no segment weights."""
    times, weights = latent.extras.get(TIMES), latent.extras.get(WEIGHTS)
    if times is None or weights is None:
        return None
    times = np.asarray(times, np.float64).reshape(-1, 2)
    weights = np.asarray(weights, np.float64).reshape(-1)
    if len(times) != len(weights) or not len(weights):
        return None
    return AttentionOverlay(
        input_start + times[:, 0], input_start + times[:, 1], weights, frozenset(tracks)
    )
