"""A user's clip to the voice encoder's input, shared by inference and training."""

from __future__ import annotations

import numpy as np

from studio.api import AudioClip, InputError
from studio.ml.audio import resample

from .features import MIN_FRAMES, NoSpeechError, extract, to_pcm16

SAMPLE_RATE = 16000


def clip_features(
    clip: AudioClip, aggressiveness: int = 2, use_vad: bool = True, min_frames: int = MIN_FRAMES
) -> np.ndarray:
    """float32 [64, T]: any rate and channel count, resampled to 16 kHz mono int16 first, as the
    official code requires of its input files."""
    pcm = to_pcm16(resample(clip.mono(), SAMPLE_RATE).samples[0])
    try:
        return extract(pcm, SAMPLE_RATE, aggressiveness, use_vad=use_vad, min_frames=min_frames)
    except NoSpeechError:
        source = clip.source or "voice input"
        raise InputError(
            source, "no speech found in this clip (voice activity detection kept nothing)"
        ) from None
