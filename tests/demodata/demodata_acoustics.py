"""Acoustic probes for the demo voices: pitch, aperiodicity, syllable rate (the formant scale
is ``studio.ml.evaluation.formants``, which the xfavot evaluation shares).

Textbook estimators (YIN, LPC), written independently of the synthesiser, so a test passing
means the parameter is audible in the samples, not merely present in the code.
"""

from __future__ import annotations

import numpy as np
import webrtcvad

from studio.api import AudioClip
from studio.demodata import Segment

RATE = 16000
VAD_FRAME = 320  # 20 ms, a frame size WebRTC VAD accepts
_FRAME = 640  # 40 ms analysis frames: two periods of the lowest F0 fit in half of one
_HOP = 320
_DIP_MARGIN = 0.05


def vad_decisions(clip: AudioClip, aggressiveness: int = 2) -> np.ndarray:
    """WebRTC VAD's verdict on each whole 20 ms frame of a 16 kHz clip."""
    vad = webrtcvad.Vad(aggressiveness)
    pcm = (np.clip(clip.samples[0], -1, 1) * 32767).astype("<i2")
    starts = range(0, len(pcm) - VAD_FRAME + 1, VAD_FRAME)
    return np.array([vad.is_speech(pcm[i : i + VAD_FRAME].tobytes(), RATE) for i in starts])


def frame_kinds(plan: list[Segment], frames: int) -> list[set[str]]:
    """The segment kinds each 20 ms frame overlaps."""
    kinds: list[set[str]] = [set() for _ in range(frames)]
    for seg in plan:
        for f in range(seg.start // VAD_FRAME, min((seg.stop - 1) // VAD_FRAME + 1, frames)):
            kinds[f].add(seg.kind)
    return kinds


def vowel_frames(clip: AudioClip, plan: list[Segment]) -> np.ndarray:
    """[frames, 640] windows lying inside vowels, clear of their 10 ms onset and offset."""
    x = clip.samples[0].astype(np.float64)
    starts = [
        a
        for seg in plan
        if seg.kind == "vowel"
        for a in range(seg.start + 160, seg.stop - _FRAME - 160, _HOP)
    ]
    return np.stack([x[a : a + _FRAME] for a in starts])


def yin(
    frames: np.ndarray, fmin: float = 60.0, fmax: float = 400.0
) -> tuple[np.ndarray, np.ndarray]:
    """Per frame: F0 in Hz (YIN with parabolic refinement) and the cumulative-mean-normalised
    difference at the chosen lag (0 for a perfectly periodic frame, about 1 for noise)."""
    window = frames.shape[1] // 2
    most = int(RATE / fmin)
    diff = np.empty((len(frames), most))
    for lag in range(most):
        d = frames[:, :window] - frames[:, lag : lag + window]
        diff[:, lag] = (d * d).sum(axis=1)
    cmnd = np.ones_like(diff)
    cmnd[:, 1:] = diff[:, 1:] * np.arange(1, most) / np.maximum(np.cumsum(diff[:, 1:], 1), 1e-12)
    least = int(RATE / fmax)
    f0, dips = [], []
    for row in cmnd:
        # The shortest lag nearly as good as the best: not half the period (a strong second
        # harmonic dips less deep), nor twice it (which dips about as deep as the period).
        lag = least + int(np.nonzero(row[least:] < row[least:].min() + _DIP_MARGIN)[0][0])
        while lag + 1 < most and row[lag + 1] < row[lag]:
            lag += 1
        shift = 0.0
        if 0 < lag < most - 1:
            a, b, c = row[lag - 1], row[lag], row[lag + 1]
            if a - 2 * b + c > 0:
                shift = 0.5 * (a - c) / (a - 2 * b + c)
        f0.append(RATE / (lag + shift))
        dips.append(row[lag])
    return np.array(f0), np.array(dips)


def pitch_track(frames: np.ndarray) -> np.ndarray:
    """F0 of each frame in Hz, from its content below 1 kHz: the low harmonics, which breath
    noise leaves alone."""
    from scipy.signal import butter, sosfiltfilt

    low = sosfiltfilt(butter(4, 1000, "lowpass", fs=RATE, output="sos"), frames, axis=1)
    return yin(low)[0]


def intonation_span(f0: np.ndarray) -> float:
    """Semitones between the 10th and 90th percentile of a pitch track, octave slips (frames
    over 6 semitones from the median) left out."""
    semitones = 12 * np.log2(f0)
    kept = semitones[np.abs(semitones - np.median(semitones)) < 6]
    return float(np.percentile(kept, 90) - np.percentile(kept, 10))


def aperiodicity(frames: np.ndarray) -> float:
    """Median YIN dip of the signal above 2 kHz: where breath noise replaces the harmonics."""
    from scipy.signal import butter, sosfiltfilt

    high = sosfiltfilt(butter(4, 2000, "highpass", fs=RATE, output="sos"), frames, axis=1)
    return float(np.median(yin(high)[1]))


def syllable_rate(clip: AudioClip) -> float:
    """Loudness peaks a second of speech: runs of 10 ms frames within 15 dB of the loudest,
    per second between the first and the last."""
    x = clip.samples[0].astype(np.float64)
    hop = RATE // 100
    level = 10 * np.log10(np.mean(x[: len(x) // hop * hop].reshape(-1, hop) ** 2, axis=1) + 1e-12)
    loud = level > level.max() - 15
    starts = np.nonzero(loud[1:] & ~loud[:-1])[0]
    active = np.nonzero(loud)[0]
    return len(starts) / max((active[-1] - active[0]) * hop / RATE, 1e-9)
