"""Pure edits: each takes a clip and returns a new one, leaving the input untouched.

Arguments a caller got wrong raise ValueError; an edit that cannot apply to the user's audio
(a trim that leaves nothing) raises InputError so the app can show it as a plain message.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from studio.api.clip import AudioClip
from studio.api.errors import InputError

# Gain curves over t in [0, 1): "equal_power" keeps loudness steady in crossfades,
# "s_curve" starts and ends gently.
FADE_SHAPES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "linear": lambda t: t,
    "equal_power": lambda t: np.sin(t * np.pi / 2),
    "s_curve": lambda t: 0.5 - 0.5 * np.cos(t * np.pi),
}


def db_to_gain(db: float) -> float:
    return float(10.0 ** (db / 20.0))


def gain_db(clip: AudioClip, db: float) -> AudioClip:
    return _with_samples(clip, clip.samples * db_to_gain(db))


def fade_in(clip: AudioClip, seconds: float, shape: str = "linear") -> AudioClip:
    """Ramp up from silence over the first ``seconds`` (the whole clip if it is shorter)."""
    ramp = _fade_ramp(clip, seconds, shape)
    samples = clip.samples.copy()
    samples[:, : len(ramp)] *= ramp
    return _with_samples(clip, samples)


def fade_out(clip: AudioClip, seconds: float, shape: str = "linear") -> AudioClip:
    """Mirror of ``fade_in``: ramp down to silence over the last ``seconds``."""
    ramp = _fade_ramp(clip, seconds, shape)[::-1]
    samples = clip.samples.copy()
    samples[:, clip.frames - len(ramp) :] *= ramp
    return _with_samples(clip, samples)


def trim(clip: AudioClip, start_s: float = 0.0, end_s: float | None = None) -> AudioClip:
    """Keep ``[start_s, end_s)``, both clamped to the clip; ``end_s=None`` means to the end."""
    start = _clamp_frame(clip, start_s)
    end = clip.frames if end_s is None else _clamp_frame(clip, end_s)
    if end <= start:
        raise InputError(
            clip.label,
            f"nothing is left between {start / clip.rate:g}s and {end / clip.rate:g}s "
            f"of this {clip.duration:g}s clip",
        )
    return _with_samples(clip, clip.samples[:, start:end].copy())


def normalise(clip: AudioClip, peak_db: float = -1.0) -> AudioClip:
    """Scale so the loudest sample sits at ``peak_db`` dBFS; silence stays silence."""
    peak = float(np.abs(clip.samples).max(initial=0.0))
    if peak == 0.0:
        return clip
    # Scaled in float64: for a clip of tiny (subnormal) samples the factor overflows float32.
    return _with_samples(
        clip, np.multiply(clip.samples, db_to_gain(peak_db) / peak, dtype=np.float64)
    )


def to_mono(clip: AudioClip) -> AudioClip:
    return clip.mono()


def pad_to(clip: AudioClip, frames: int) -> AudioClip:
    """Append silence up to ``frames``; a clip already that long is returned as it is."""
    if frames <= clip.frames:
        return clip
    return _with_samples(clip, np.pad(clip.samples, ((0, 0), (0, frames - clip.frames))))


def _fade_ramp(clip: AudioClip, seconds: float, shape: str) -> np.ndarray:
    if seconds < 0:
        raise ValueError(f"fade length must not be negative, got {seconds}")
    if shape not in FADE_SHAPES:
        raise ValueError(f"unknown fade shape {shape!r}; use one of {', '.join(FADE_SHAPES)}")
    n = min(round(seconds * clip.rate), clip.frames)
    return FADE_SHAPES[shape](np.arange(n, dtype=np.float64) / max(n, 1)).astype(np.float32)


def _clamp_frame(clip: AudioClip, seconds: float) -> int:
    return min(max(round(seconds * clip.rate), 0), clip.frames)


def _with_samples(clip: AudioClip, samples: np.ndarray) -> AudioClip:
    return dataclasses.replace(clip, samples=samples)
