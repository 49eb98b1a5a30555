"""Non-destructive audio: a track is a sequence of segments, each a window into a Source with a
gain envelope. Cutting, pasting and trimming only rearrange windows, and gains and fades only
add envelope terms, so no edit copies samples and every edit is undone by keeping the old
tuple. Rendering applies the envelopes to the source samples on demand, and drawing scales the
source's peak pyramid by the envelope, so an hour-long track stays cheap to edit and to draw.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from studio.audio.edits import FADE_SHAPES

from .source import Source

Segments = tuple["Segment", ...]
RENDER_CHUNK = 1 << 20  # frames rendered at once when scanning long ranges


@dataclass(frozen=True)
class Ramp:
    """A fade's gain curve over one segment: ``FADE_SHAPES[shape](x)``, with ``x`` moving
    linearly from ``first`` (at the segment's first frame) to ``last`` (just past its end)."""

    first: float
    last: float
    shape: str = "linear"

    def at(self, fraction: float) -> float:
        return self.first + (self.last - self.first) * fraction

    def split(self, fraction: float) -> tuple[Ramp, Ramp]:
        middle = self.at(fraction)
        return (
            Ramp(self.first, middle, self.shape),
            Ramp(middle, self.last, self.shape),
        )

    def gains(self, fractions: np.ndarray) -> np.ndarray:
        x = self.first + (self.last - self.first) * fractions
        return FADE_SHAPES[self.shape](np.clip(x, 0.0, 1.0))


@dataclass(frozen=True, eq=False)
class Segment:
    """Frames ``[start, end)`` of ``source``, times ``gain`` and every ramp."""

    source: Source
    start: int
    end: int
    gain: float = 1.0
    ramps: tuple[Ramp, ...] = ()

    @property
    def length(self) -> int:
        return self.end - self.start

    def split(self, at: int) -> tuple[Segment, Segment]:
        """The first ``at`` frames and the rest (0 < at < length)."""
        halves = [ramp.split(at / self.length) for ramp in self.ramps]
        return (
            dataclasses.replace(self, end=self.start + at, ramps=tuple(left for left, _ in halves)),
            dataclasses.replace(
                self, start=self.start + at, ramps=tuple(right for _, right in halves)
            ),
        )

    def scaled(self, factor: float) -> Segment:
        return dataclasses.replace(self, gain=self.gain * factor)

    def faded(self, ramp: Ramp) -> Segment:
        return dataclasses.replace(self, ramps=(*self.ramps, ramp))

    def envelope(self, offsets: np.ndarray) -> np.ndarray | float:
        """The gain at segment-relative frame ``offsets`` (a plain number when it is constant)."""
        if not self.ramps:
            return self.gain
        fractions = np.asarray(offsets, np.float64) / self.length
        gains = np.full(fractions.shape, self.gain)
        for ramp in self.ramps:
            gains *= ramp.gains(fractions)
        return gains

    def render(self, first: int, frames: int, channels: int) -> np.ndarray:
        """Frames ``[first, first + frames)`` of this segment as ``[channels, frames]`` float32."""
        window = self.source.clip.samples[:, self.start + first : self.start + first + frames]
        samples = fit_channels(window, channels)
        gain = self.envelope(np.arange(first, first + frames))
        if isinstance(gain, float) and gain == 1.0:
            return np.array(samples, np.float32)
        return (samples * np.asarray(gain, np.float32)).astype(np.float32, copy=False)


def fit_channels(samples: np.ndarray, channels: int) -> np.ndarray:
    """``samples`` with ``channels`` rows: mono is copied to each, other counts averaged first."""
    if samples.shape[0] == channels:
        return samples
    if samples.shape[0] != 1:
        samples = samples.mean(axis=0, keepdims=True)
    return np.broadcast_to(samples, (channels, samples.shape[1]))


def whole(source: Source) -> Segments:
    return (Segment(source, 0, source.frames),)


def total(segments: Sequence[Segment]) -> int:
    return sum(segment.length for segment in segments)


def placed(segments: Sequence[Segment]):
    """``(position, segment)`` pairs: where each segment starts on the track."""
    position = 0
    for segment in segments:
        yield position, segment
        position += segment.length


def split_at(segments: Segments, frame: int) -> tuple[Segments, Segments]:
    """The segments before ``frame`` and from it on, splitting the one that straddles it."""
    before: list[Segment] = []
    for index, (position, segment) in enumerate(placed(segments)):
        if frame <= position:
            return tuple(before), segments[index:]
        if frame < position + segment.length:
            left, right = segment.split(frame - position)
            return (*before, left), (right, *segments[index + 1 :])
        before.append(segment)
    return tuple(before), ()


def extract(segments: Segments, first: int, end: int) -> Segments:
    """The frames ``[first, end)`` as segments of their own."""
    return split_at(split_at(segments, end)[0], first)[1]


def remove(segments: Segments, first: int, end: int) -> Segments:
    return split_at(segments, first)[0] + split_at(segments, end)[1]


def insert(segments: Segments, at: int, new: Segments) -> Segments:
    before, after = split_at(segments, at)
    return before + new + after


def transform(
    segments: Segments, first: int, end: int, change: Callable[[Segment, int, int], Segment]
) -> Segments:
    """Apply ``change(segment, offset, span)`` to the segments covering ``[first, end)``;
    ``offset`` is where the segment starts relative to ``first``, ``span`` is ``end - first``."""
    before, rest = split_at(segments, first)
    inside, after = split_at(rest, end - first)
    changed = tuple(change(segment, offset, end - first) for offset, segment in placed(inside))
    return before + changed + after


def render(segments: Segments, first: int, end: int, channels: int) -> np.ndarray:
    """Track frames ``[first, end)`` as ``[channels, end - first]`` float32; silence past the end."""
    out = np.zeros((channels, max(end - first, 0)), np.float32)
    for position, segment in placed(segments):
        lo, hi = max(first, position), min(end, position + segment.length)
        if lo < hi:
            out[:, lo - first : hi - first] = segment.render(lo - position, hi - lo, channels)
    return out


def peak(segments: Segments, first: int, end: int, channels: int) -> float:
    """The largest absolute sample in ``[first, end)``, rendered a chunk at a time."""
    loudest = 0.0
    for lo in range(first, end, RENDER_CHUNK):
        block = render(segments, lo, min(lo + RENDER_CHUNK, end), channels)
        loudest = max(loudest, float(np.abs(block).max(initial=0.0)))
    return loudest


def peaks(
    segments: Segments, channel: int, first: int, end: int, columns: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per-column (mins, maxs) of track frames ``[first, end)`` drawn over ``columns`` pixels.

    Each segment's part comes from its source's pyramid, scaled by its envelope at the column
    (gains are never negative, so min and max keep their order); columns where segments meet
    take the envelope of both; columns past the end of the track are NaN.
    """
    mins = np.full(columns, np.nan, np.float32)
    maxs = np.full(columns, np.nan, np.float32)
    span = end - first
    if span <= 0 or columns < 1:
        return mins, maxs
    for position, segment in placed(segments):
        lo, hi = max(first, position), min(end, position + segment.length)
        if lo >= hi:
            continue
        left = (lo - first) * columns // span
        right = max(-(-(hi - first) * columns // span), left + 1)
        source = segment.source
        row = min(channel, source.channels - 1)
        seg_mins, seg_maxs = source.pyramid.range(
            row, segment.start + lo - position, segment.start + hi - position, right - left
        )
        centres = lo - position + (np.arange(right - left) + 0.5) * (hi - lo) / (right - left)
        gain = np.asarray(segment.envelope(centres), np.float32)
        mins[left:right] = np.fmin(mins[left:right], seg_mins * gain)
        maxs[left:right] = np.fmax(maxs[left:right], seg_maxs * gain)
    return mins, maxs


def nearest_zero_crossing(segments: Segments, frame: int, radius: int, channels: int) -> int:
    """The frame nearest ``frame`` (within ``radius``) where the signal changes sign."""
    first = max(frame - radius, 0)
    end = min(frame + radius, total(segments))
    if end - first < 2:
        return frame
    mono = render(segments, first, end, channels).mean(axis=0)
    signs = np.signbit(mono)
    crossings = np.flatnonzero(signs[1:] != signs[:-1]) + 1 + first
    if crossings.size == 0:
        return frame
    return int(crossings[np.abs(crossings - frame).argmin()])
