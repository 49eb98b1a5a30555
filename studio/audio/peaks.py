"""Min/max summaries of a clip at several zoom levels, so a waveform view never scans raw samples.

Like Audacity's summary files: level 0 holds the (min, max) of each ``base_block`` frames, each
further level the (min, max) of ``factor`` blocks of the level below, until one block is left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.api.clip import AudioClip


@dataclass(frozen=True, eq=False)
class PeakLevel:
    block: int  # frames summarised by one entry
    mins: np.ndarray  # [channels, blocks]
    maxs: np.ndarray  # [channels, blocks]


@dataclass(frozen=True, eq=False)
class PeakPyramid:
    samples: np.ndarray  # the clip's [channels, frames], kept for views zoomed in past level 0
    levels: tuple[PeakLevel, ...]

    @classmethod
    def build(cls, clip: AudioClip, base_block: int = 256, factor: int = 4) -> PeakPyramid:
        if base_block < 1 or factor < 2:
            raise ValueError(f"need base_block >= 1 and factor >= 2, got {base_block}, {factor}")
        level = PeakLevel(base_block, *_block_min_max(clip.samples, clip.samples, base_block))
        levels = [level]
        while level.mins.shape[1] > 1:
            level = PeakLevel(level.block * factor, *_block_min_max(level.mins, level.maxs, factor))
            levels.append(level)
        return cls(clip.samples, tuple(levels))

    @property
    def frames(self) -> int:
        return self.samples.shape[1]

    def range(
        self, channel: int, start_frame: int, end_frame: int, columns: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per-column (mins, maxs) for ``columns`` pixels showing ``[start_frame, end_frame)``.

        Column ``i`` shows frames ``[start + i*span//columns, start + (i+1)*span//columns)``,
        at least one frame wide. Uses the coarsest level whose blocks fit in a column, widened
        to whole blocks, so the envelope never misses a peak and is exact where columns align
        with blocks.
        """
        start_frame = max(start_frame, 0)
        end_frame = min(end_frame, self.frames)
        if columns < 1 or end_frame <= start_frame:
            raise ValueError(
                f"need columns >= 1 and a non-empty range in 0..{self.frames}, got "
                f"{columns} columns for {start_frame}..{end_frame}"
            )
        span = end_frame - start_frame
        edges = start_frame + np.arange(columns + 1, dtype=np.int64) * span // columns
        firsts = edges[:-1]
        # Exclusive ends; zoomed in past one frame per column, neighbouring columns share a frame.
        lasts = np.maximum(edges[1:], firsts + 1)

        level = self._level_for(span / columns)
        if level is None:
            row = self.samples[channel]
            return _spans_min_max(row, row, firsts, lasts)
        firsts //= level.block
        lasts = -(-lasts // level.block)
        return _spans_min_max(level.mins[channel], level.maxs[channel], firsts, lasts)

    def _level_for(self, frames_per_column: float) -> PeakLevel | None:
        """The coarsest level with blocks no wider than a column; None means use raw samples."""
        fitting = [level for level in self.levels if level.block <= frames_per_column]
        return fitting[-1] if fitting else None


def _block_min_max(mins: np.ndarray, maxs: np.ndarray, block: int) -> tuple[np.ndarray, np.ndarray]:
    """Min of ``mins`` and max of ``maxs`` over consecutive ``block``-wide runs of the last axis."""
    full = mins.shape[1] // block * block
    channels = mins.shape[0]
    # The reshape keeps the reduction on a contiguous axis, which numpy vectorises; the ragged
    # tail block (if any) is reduced on its own.
    out_min = [mins[:, :full].reshape(channels, -1, block).min(axis=2)]
    out_max = [maxs[:, :full].reshape(channels, -1, block).max(axis=2)]
    if full < mins.shape[1]:
        out_min.append(mins[:, full:].min(axis=1, keepdims=True))
        out_max.append(maxs[:, full:].max(axis=1, keepdims=True))
    return np.concatenate(out_min, axis=1), np.concatenate(out_max, axis=1)


def _spans_min_max(
    mins: np.ndarray, maxs: np.ndarray, firsts: np.ndarray, lasts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Reduce ``mins[firsts[i]:lasts[i]]`` and ``maxs[...]`` for every i (spans may overlap)."""
    lo, hi = int(firsts[0]), int(lasts[-1])
    # reduceat over interleaved (first, last) pairs reduces each span at the even positions; the
    # element appended (a copy, to keep the dtype) only makes an index equal to the slice end
    # valid and is never inside a span.
    bounds = np.stack([firsts, lasts], axis=1).ravel() - lo
    mins, maxs = mins[lo:hi], maxs[lo:hi]
    span_mins = np.minimum.reduceat(np.append(mins, mins[:1]), bounds)[::2]
    span_maxs = np.maximum.reduceat(np.append(maxs, maxs[:1]), bounds)[::2]
    return span_mins, span_maxs
