"""AudioClip: float32 samples ``[channels, frames]`` plus a sample rate. Edits return new clips."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class AudioClip:
    samples: np.ndarray
    rate: int
    source: str | None = None

    def __post_init__(self) -> None:
        samples = np.asarray(self.samples, dtype=np.float32)
        if samples.ndim == 1:
            samples = samples[np.newaxis, :]
        if samples.ndim != 2:
            raise ValueError(f"AudioClip samples must be [channels, frames], got {samples.shape}")
        if int(self.rate) <= 0:
            raise ValueError(f"AudioClip rate must be positive, got {self.rate}")
        object.__setattr__(self, "samples", samples)
        object.__setattr__(self, "rate", int(self.rate))

    @property
    def channels(self) -> int:
        return self.samples.shape[0]

    @property
    def frames(self) -> int:
        return self.samples.shape[1]

    @property
    def duration(self) -> float:
        return self.frames / self.rate

    @property
    def label(self) -> str:
        """What to call the clip in a message: its source file, when it has one."""
        return self.source or "audio clip"

    def mono(self) -> AudioClip:
        """The channel average (a mono clip stays as it is)."""
        if self.channels == 1:
            return self
        return AudioClip(self.samples.mean(axis=0, keepdims=True), self.rate, self.source)
