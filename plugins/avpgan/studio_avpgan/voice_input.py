"""A user's clip to the voice encoder's input, with the paper's clip length and a crop start.

The front end is Voice2Face's, reused from wen2019 (16 kHz, WebRTC VAD, 64-band log-mel,
per-utterance normalisation, tiling to 1000 frames). The crop is taken from the speech the VAD
keeps, before the log-mel, so "8 s" means eight seconds of speech as in the paper's tests.
"""

from __future__ import annotations

import numpy as np

from studio.api import AudioClip, InputError
from studio.ml.audio import resample
from studio_wen2019.features import (
    MIN_FRAMES,
    NoSpeechError,
    log_mel,
    normalise_and_tile,
    to_pcm16,
    voiced_samples,
)

SAMPLE_RATE = 16000
VAD_MODE = 2  # the Voice2Face code's aggressiveness


def clip_features(
    clip: AudioClip, seconds: float, offset: float, use_vad: bool = True
) -> tuple[np.ndarray, float]:
    """float32 [64, T >= 1000] and the seconds of speech actually used.

    ``seconds`` 0 takes all the speech from ``offset`` on; a clip with less speech than asked
    for is used whole (and tiled, as Voice2Face tiles short clips).
    """
    source = clip.source or "voice input"
    pcm = to_pcm16(resample(clip.mono(), SAMPLE_RATE).samples[0])
    try:
        speech = voiced_samples(pcm, SAMPLE_RATE, VAD_MODE) if use_vad else pcm
    except NoSpeechError:
        raise InputError(
            source, "no speech found in this clip (voice activity detection kept nothing)"
        ) from None
    start = round(offset * SAMPLE_RATE)
    if start >= len(speech):
        raise InputError(
            source,
            f"the crop starts at {offset:g} s but the clip has only "
            f"{len(speech) / SAMPLE_RATE:.1f} s of speech",
        )
    stop = len(speech) if seconds <= 0 else start + round(seconds * SAMPLE_RATE)
    crop = speech[start:stop]
    mel = normalise_and_tile(log_mel(crop), MIN_FRAMES)
    return np.ascontiguousarray(mel.T), len(crop) / SAMPLE_RATE
