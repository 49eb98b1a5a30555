"""Silence removal with WebRTC VAD, deciding frames exactly as the Wen 2019 inference code does.

The collector calls ``is_speech`` on every frame still held in its small ring buffer each time
a frame arrives, so most frames are examined twice. The WebRTC VAD adapts its internal state
on every call, which makes the answers depend on that exact call sequence; it is therefore
reproduced call for call rather than evaluating each frame once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from .pcm import as_pcm16

BYTES_PER_SAMPLE = 2  # the official code works on the raw 16-bit PCM byte string
VOICED_FRACTION = 0.9  # a decision needs more than this fraction of the ring to agree


class NoSpeechError(Exception):
    """The VAD kept no frame: the clip holds no detectable speech."""


class SpeechDetector(Protocol):
    def is_speech(self, buf: bytes, sample_rate: int) -> bool: ...


def _webrtc_vad(aggressiveness: int) -> SpeechDetector:
    import webrtcvad

    return webrtcvad.Vad(aggressiveness)


def frame_length(rate: int, frame_ms: int) -> int:
    """Samples per VAD frame, derived from the byte count the way the official code derives it."""
    return int(rate * (frame_ms / 1000.0) * BYTES_PER_SAMPLE) // BYTES_PER_SAMPLE


def frames_taken(n_samples: int, frame_len: int) -> int:
    """Frames are only taken while they end strictly before the end of the data, so a final
    frame that ends exactly at the last sample is dropped."""
    return max(0, (n_samples - 1) // frame_len)


def kept_frames(n_frames: int, ring_size: int, is_speech: Callable[[int], bool]) -> list[int]:
    """Indices of the frames the collector keeps, in order, calling ``is_speech(index)`` in the
    official order. Concatenating the emitted segments equals concatenating these frames."""
    ring: deque[int] = deque(maxlen=ring_size)
    kept: list[int] = []
    triggered = False
    for index in range(n_frames):
        ring.append(index)
        # Every ring frame is re-examined (no short-circuit): the calls feed the VAD state.
        voiced = sum(bool(is_speech(j)) for j in ring)
        if not triggered:
            if voiced > VOICED_FRACTION * ring_size:
                triggered = True
                kept.extend(ring)
                ring.clear()
        else:
            kept.append(index)
            if len(ring) - voiced > VOICED_FRACTION * ring_size:
                triggered = False
                ring.clear()
    return kept


def voiced_samples(
    pcm_int16: np.ndarray,
    rate: int = 16000,
    aggressiveness: int = 2,
    frame_ms: int = 20,
    padding_ms: int = 50,
    vad_factory: Callable[[int], SpeechDetector] | None = None,
) -> np.ndarray:
    """The speech-bearing samples of a mono int16 clip, concatenated (int16).

    A fresh detector is made per clip by ``vad_factory(aggressiveness)`` (WebRTC by default;
    inject a fake to observe calls). Raises NoSpeechError when nothing is kept.
    """
    pcm = as_pcm16(pcm_int16)
    frame_len = frame_length(rate, frame_ms)
    n_frames = frames_taken(len(pcm), frame_len)
    frames = pcm[: n_frames * frame_len].reshape(n_frames, frame_len)
    raw = frames.astype("<i2").tobytes()
    step = frame_len * BYTES_PER_SAMPLE
    frame_bytes: Sequence[bytes] = [raw[i * step : (i + 1) * step] for i in range(n_frames)]

    detector = (vad_factory or _webrtc_vad)(aggressiveness)
    ring_size = int(padding_ms / frame_ms)
    kept = kept_frames(n_frames, ring_size, lambda i: detector.is_speech(frame_bytes[i], rate))
    if not kept:
        raise NoSpeechError("no speech was detected in the recording")
    return frames[kept].reshape(-1)
