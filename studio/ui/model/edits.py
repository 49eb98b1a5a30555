"""The editor's edits as pure functions ``Track -> Track`` over a frame range ``[first, end)``.

They mirror :mod:`studio.audio.edits` (same fade shapes and decibel maths) but work on
segments, so nothing is copied and every edit can be undone by restoring the old Track.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.api.errors import InputError
from studio.audio.edits import db_to_gain

from . import segments as seg
from .segments import Ramp, Segment
from .track import Track


@dataclass(frozen=True, eq=False)
class Snippet:
    """Copied audio on the clipboard: segments at ``rate``, ready to paste into a track."""

    segments: seg.Segments
    rate: int
    channels: int
    name: str

    @property
    def frames(self) -> int:
        return seg.total(self.segments)


def trim(track: Track, first: int, end: int) -> Track:
    """Keep only ``[first, end)``."""
    if end <= first:
        raise InputError(track.name, "select the part to keep before trimming")
    return track.with_segments(seg.extract(track.segments, first, end))


def delete(track: Track, first: int, end: int) -> Track:
    return track.with_segments(seg.remove(track.segments, first, end))


def copy(track: Track, first: int, end: int) -> Snippet:
    return Snippet(seg.extract(track.segments, first, end), track.rate, track.channels, track.name)


def paste(track: Track, first: int, end: int, snippet: Snippet) -> Track:
    """Replace ``[first, end)`` (empty: insert at ``first``) with the snippet."""
    if snippet.rate != track.rate:
        raise ValueError(f"resample the snippet to {track.rate} Hz before pasting")
    kept = seg.remove(track.segments, first, end)
    return track.with_segments(seg.insert(kept, first, snippet.segments))


def gain(track: Track, first: int, end: int, db: float) -> Track:
    factor = db_to_gain(db)
    return track.with_segments(
        seg.transform(track.segments, first, end, lambda s, offset, span: s.scaled(factor))
    )


def fade_in(track: Track, first: int, end: int, shape: str = "linear") -> Track:
    """Rise from silence over ``[first, end)``, as :func:`studio.audio.edits.fade_in`."""

    def ramp(segment: Segment, offset: int, span: int) -> Segment:
        return segment.faded(Ramp(offset / span, (offset + segment.length) / span, shape))

    return track.with_segments(seg.transform(track.segments, first, end, ramp))


def fade_out(track: Track, first: int, end: int, shape: str = "linear") -> Track:
    """Fall to silence over ``[first, end)``, as :func:`studio.audio.edits.fade_out`."""

    def ramp(segment: Segment, offset: int, span: int) -> Segment:
        return segment.faded(
            Ramp((span - 1 - offset) / span, (span - 1 - offset - segment.length) / span, shape)
        )

    return track.with_segments(seg.transform(track.segments, first, end, ramp))


def normalise(track: Track, first: int, end: int, peak_db: float = -1.0) -> Track:
    """Scale ``[first, end)`` so its loudest sample sits at ``peak_db`` dBFS; silence stays."""
    loudest = seg.peak(track.segments, first, end, track.channels)
    if loudest == 0.0:
        return track
    factor = db_to_gain(peak_db) / loudest
    return track.with_segments(
        seg.transform(track.segments, first, end, lambda s, offset, span: s.scaled(factor))
    )
