"""Sample-rate conversion with torchaudio's windowed-sinc resampler."""

from __future__ import annotations

import dataclasses

import numpy as np

from studio.api.clip import AudioClip


def resample(clip: AudioClip, rate: int) -> AudioClip:
    """``clip`` at ``rate`` (the same rate returns the very clip); deterministic."""
    if rate <= 0:
        raise ValueError(f"sample rate must be positive, got {rate}")
    if rate == clip.rate:
        return clip
    # Imported here so that `import studio.audio` stays light: torch takes seconds to load.
    import torch
    import torchaudio.functional

    with torch.no_grad():
        out = torchaudio.functional.resample(torch.from_numpy(clip.samples), clip.rate, rate)
    return dataclasses.replace(clip, samples=np.ascontiguousarray(out.numpy()), rate=rate)
