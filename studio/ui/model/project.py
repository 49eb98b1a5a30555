"""The project: ordered tracks, the master fader and the crossfade, plus the selection.

``gain`` is the one place that decides how loud a track is in the mix (volume, mute, solo,
crossfade, master), so playback and the generator's input always agree.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from studio.audio.edits import db_to_gain

from .track import Track


@dataclass(frozen=True)
class Crossfade:
    """Blends track ``a`` into track ``b``: ``amount`` 0 is only a, 1 only b (equal power)."""

    a: int
    b: int
    amount: float = 0.5

    def weight(self, track_id: int) -> float:
        if track_id == self.a:
            return math.cos(self.amount * math.pi / 2)
        if track_id == self.b:
            return math.sin(self.amount * math.pi / 2)
        return 1.0


@dataclass(frozen=True)
class Selection:
    """A time range (seconds) on a set of tracks; ``start == end`` is just the cursor."""

    start: float = 0.0
    end: float = 0.0
    tracks: frozenset[int] = frozenset()

    @property
    def is_range(self) -> bool:
        return self.end > self.start

    def frames(self, track: Track) -> tuple[int, int]:
        """The selected frames of ``track``; the whole track when no range is selected."""
        if not self.is_range:
            return 0, track.frames
        return track.frame_at(self.start), track.frame_at(self.end)


@dataclass(frozen=True)
class Project:
    tracks: tuple[Track, ...] = ()
    master_db: float = 0.0
    crossfade: Crossfade | None = None

    @property
    def duration(self) -> float:
        return max((track.duration for track in self.tracks), default=0.0)

    def track(self, track_id: int) -> Track:
        for track in self.tracks:
            if track.id == track_id:
                return track
        raise KeyError(track_id)

    def index(self, track_id: int) -> int:
        return [track.id for track in self.tracks].index(track_id)

    def with_track(self, track: Track) -> Project:
        """The project with the track of the same id replaced."""
        tracks = tuple(track if t.id == track.id else t for t in self.tracks)
        return dataclasses.replace(self, tracks=tracks)

    def adding(self, track: Track, index: int | None = None) -> Project:
        tracks = list(self.tracks)
        tracks.insert(len(tracks) if index is None else index, track)
        return dataclasses.replace(self, tracks=tuple(tracks))

    def removing(self, track_id: int) -> Project:
        crossfade = self.crossfade
        if crossfade is not None and track_id in (crossfade.a, crossfade.b):
            crossfade = None
        tracks = tuple(t for t in self.tracks if t.id != track_id)
        return dataclasses.replace(self, tracks=tracks, crossfade=crossfade)

    def replace(self, **changes) -> Project:
        return dataclasses.replace(self, **changes)

    def audible(self, track: Track) -> bool:
        """Solo wins: when any track is soloed only soloed tracks play; muted ones never do."""
        if track.mute:
            return False
        return track.solo or not any(t.solo for t in self.tracks)

    def gain(self, track: Track) -> float:
        """The linear gain of ``track`` in the mix (0 when it is not heard)."""
        if not self.audible(track):
            return 0.0
        weight = self.crossfade.weight(track.id) if self.crossfade else 1.0
        return weight * db_to_gain(track.volume_db + self.master_db)
