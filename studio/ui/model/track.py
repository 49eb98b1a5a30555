"""A track: segments at one sample rate, plus its mixer settings. Immutable: an edit makes a
new Track, and undo puts the old one back."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from studio.api import AudioClip

from . import segments as seg
from .source import Source


@dataclass(frozen=True, eq=False)
class Track:
    id: int
    name: str
    rate: int
    channels: int
    segments: seg.Segments
    volume_db: float = 0.0
    mute: bool = False
    solo: bool = False

    @classmethod
    def from_source(cls, track_id: int, name: str, source: Source) -> Track:
        return cls(track_id, name, source.rate, source.channels, seg.whole(source))

    @property
    def frames(self) -> int:
        return seg.total(self.segments)

    @property
    def duration(self) -> float:
        return self.frames / self.rate

    def frame_at(self, seconds: float) -> int:
        """The track frame at ``seconds``, clamped to the track."""
        return min(max(round(seconds * self.rate), 0), self.frames)

    def with_segments(self, segments: seg.Segments) -> Track:
        return dataclasses.replace(self, segments=segments)

    def replace(self, **changes) -> Track:
        return dataclasses.replace(self, **changes)

    def render(self, first: int, end: int) -> np.ndarray:
        return seg.render(self.segments, first, end, self.channels)

    def clip(self, first: int = 0, end: int | None = None) -> AudioClip:
        """Frames ``[first, end)`` (to the end by default) as a clip named after the track."""
        end = self.frames if end is None else end
        return AudioClip(self.render(first, end), self.rate, self.name)
