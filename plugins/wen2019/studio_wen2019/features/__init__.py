"""Voice features for the Wen et al. 2019 voice encoder, equal to the official inference code's.

Pipeline: WebRTC VAD silence removal -> 64-band log-mel (25 ms / 10 ms) -> per-bin
normalisation -> repetition to at least 1000 frames. NumPy only (plus webrtcvad): no torch.
"""

from __future__ import annotations

import numpy as np

from .logmel import SAMPLE_RATE, log_mel, mel_filterbank
from .normalise import MIN_FRAMES, normalise_and_tile
from .pcm import as_pcm16, to_pcm16
from .vad import NoSpeechError, voiced_samples

__all__ = [
    "MIN_FRAMES",
    "NoSpeechError",
    "as_pcm16",
    "extract",
    "log_mel",
    "mel_filterbank",
    "normalise_and_tile",
    "to_pcm16",
    "voiced_samples",
]


def extract(
    pcm_int16: np.ndarray,
    rate: int = SAMPLE_RATE,
    aggressiveness: int = 2,
    use_vad: bool = True,
    min_frames: int = MIN_FRAMES,
) -> np.ndarray:
    """Mono 16 kHz int16 clip -> float32 [64, T] encoder input (T >= ``min_frames``, 1000 at
    inference as in the official code; training crops need only their crop length).

    ``use_vad=False`` skips silence removal (not an option of the original, which always applies
    it). Raises NoSpeechError when the VAD finds no speech, or the clip is empty.
    """
    if rate != SAMPLE_RATE:
        # The official mel front end is fixed at 16 kHz whatever the file's rate.
        raise ValueError(f"resample to {SAMPLE_RATE} Hz first (got {rate} Hz)")
    speech = voiced_samples(pcm_int16, rate, aggressiveness) if use_vad else as_pcm16(pcm_int16)
    if len(speech) == 0:
        raise NoSpeechError("the recording is empty")
    return np.ascontiguousarray(normalise_and_tile(log_mel(speech), min_frames).T)
