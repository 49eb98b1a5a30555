"""Building the waveform peak pyramid for an hour of 48 kHz audio (what the editor does on open)."""

from __future__ import annotations

import numpy as np

from studio.api import AudioClip
from studio.audio.peaks import PeakPyramid

from .timing import median_ms


def main() -> None:
    samples = np.full((1, 48000 * 3600), 0.1, dtype=np.float32)  # touched memory, not zero pages
    clip = AudioClip(samples, 48000)
    build_ms = median_ms(lambda: PeakPyramid.build(clip), repeat=3)
    pyramid = PeakPyramid.build(clip)
    view_ms = median_ms(lambda: pyramid.range(0, 0, clip.frames, 1920))
    print(
        f"peak pyramid, 1 h at 48 kHz: build {build_ms:.0f} ms, a 1920-column full view {view_ms:.2f} ms"
    )
