"""The yardstick for voice-to-face pictures: how a set of generated faces compares with the
avatars their voices stand for.

Every figure is computed from pictures and labels alone, so the same function scores a model's
outputs and, as the ceiling, the avatars themselves:

- **face found**: share of pictures, scaled to 256 px, in which OpenCV's bundled frontal face
  cascades (``studio.images.faces``, not code of ours) find a face;
- **crispness**: the pictures' high-frequency energy over that of training avatars at the
  same size: 1.0 is as crisp as the truth, noise reads high, blur low. A picture's energy is
  that of its finest band (luma minus its Gaussian blur at sigma 1 px) over that of the band
  below (blur at 1 px minus blur at 3 px): absolute energy depends so much on what is drawn
  (curly hair against a buzz cut) that it varies by 50 % between avatars, this ratio by 20 %,
  so 40 speakers place the truth within 5 % of 1.0;
- **fidelity**: Spearman between each voice-driven trait measured on the picture
  (``studio.demodata.avatar_measure``) and the voice's parameter (drawn or measured), signed
  so that the avatars' own mapping reads +1 (grey hair falls as the speaking rate rises);
- **register agreement**: the picture's hair family matches the voice's F0 register;
- **diversity**: mean distance between different speakers' pictures over that between one
  speaker's (utterances of the same voice);
- **1-of-2 matching**: given a voice's picture and two true avatars (its own speaker's and
  another's), the closer one in the standardised trait measures is its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from studio.demodata.avatar import REGISTER_HZ
from studio.demodata.avatar_measure import (
    FALLING,
    REGISTER_MEASURE,
    TRAITS,
    measure_avatar,
    presents_high_register,
    scaled,
)
from studio.demodata.speakers import SpeakerParams

DETECT_SIZE = 256  # pictures are scaled to this before the detector looks at them
BLUR_SIGMA = 1.0  # px: what is finer than this blur counts as high frequency
MID_SIGMA = 3.0  # px: the band between the two blurs is what the fine band is weighed against
MID_FLOOR = 1e-6  # a flat picture has no mid band: its fine energy is all noise
COMPARE_SIZE = 64  # pictures are compared (diversity) at this size
MATCH_TRIALS = 400
MATCH_SEED = 0


@dataclass(frozen=True)
class Voice:
    """One voice of a speech set: its speaker (drawn or measured) and where its avatar comes from."""

    speaker: SpeakerParams
    audio: object  # an AudioClip or a path, as the engine takes it
    source: str  # "synthetic", "espeak-ng" or "recording"


def score(pictures: Sequence[np.ndarray], voices: Sequence[Voice], reference_hf: float) -> dict:
    """The yardstick's figures for ``pictures`` (uint8 RGB, one per voice)."""
    if len(pictures) != len(voices) or not voices:
        raise ValueError("one picture per voice, and at least one")
    measured = [measure_avatar(picture) for picture in pictures]
    truth = [_truth_measures(voice) for voice in voices]
    found = [_face_found(picture) for picture in pictures]
    crispness = float(np.mean([high_frequency_energy(p) for p in pictures])) / reference_hf
    register = [
        presents_high_register(m) == (voice.speaker.f0_hz >= REGISTER_HZ)
        for m, voice in zip(measured, voices, strict=True)
    ]
    fidelity = {}
    for parameter, measure in TRAITS.items():
        values = [m[measure] for m in measured]
        labels = [getattr(voice.speaker, parameter) for voice in voices]
        rho = _spearman(values, labels)
        fidelity[parameter] = -rho if rho is not None and parameter in FALLING else rho
    return {
        "pictures": len(pictures),
        "speakers": len({voice.speaker.id for voice in voices}),
        "size": int(pictures[0].shape[0]),
        "face_found": float(np.mean(found)),
        "crispness": round(crispness, 4),
        "fidelity": fidelity,
        "register_agreement": float(np.mean(register)),
        "diversity": diversity(pictures, [voice.speaker.id for voice in voices]),
        "matching": matching(measured, truth, [voice.speaker.id for voice in voices]),
    }


def high_frequency_energy(picture: np.ndarray) -> float:
    """Energy of the picture's finest band of luma (0..1) over that of the band below it."""
    from scipy.ndimage import gaussian_filter

    luma = _luma(np.asarray(picture, dtype=np.float64) / 255.0)
    fine = gaussian_filter(luma, BLUR_SIGMA, mode="nearest")
    coarse = gaussian_filter(luma, MID_SIGMA, mode="nearest")
    return float(np.mean((luma - fine) ** 2) / (np.mean((fine - coarse) ** 2) + MID_FLOOR))


def diversity(pictures: Sequence[np.ndarray], speakers: Sequence[str]) -> float | None:
    """Mean RMS distance between different speakers' pictures over that within a speaker's;
    None when no speaker has two pictures (or no picture differs from any), inf when each
    speaker's pictures are all the same."""
    small = np.stack([scaled(p, COMPARE_SIZE).reshape(-1) / 255.0 for p in pictures])
    between, within = [], []
    for i in range(len(small)):
        for j in range(i + 1, len(small)):
            distance = float(np.sqrt(np.mean((small[i] - small[j]) ** 2)))
            (within if speakers[i] == speakers[j] else between).append(distance)
    if not within or not between:
        return None
    mean_within, mean_between = float(np.mean(within)), float(np.mean(between))
    if mean_within == 0:
        return math.inf if mean_between > 0 else None
    return round(mean_between / mean_within, 4)


def matching(
    measured: Sequence[dict], truth: Sequence[dict], speakers: Sequence[str]
) -> float | None:
    """1-of-2 matching accuracy (None with fewer than two speakers)."""
    names = sorted(set(speakers))
    if len(names) < 2:
        return None
    keys = [*TRAITS.values(), REGISTER_MEASURE]
    true_matrix = np.array([[t[k] for k in keys] for t in truth], dtype=np.float64)
    made_matrix = np.array([[m[k] for k in keys] for m in measured], dtype=np.float64)
    scale = np.nanstd(true_matrix, axis=0) + 1e-9
    own_rows = {name: [i for i, s in enumerate(speakers) if s == name] for name in names}
    rng = np.random.default_rng(MATCH_SEED)
    correct = 0
    for _ in range(MATCH_TRIALS):
        voice = int(rng.integers(len(speakers)))
        own = speakers[voice]
        pick = int(rng.integers(len(names) - 1))
        other = names[pick + (pick >= names.index(own))]
        made = made_matrix[voice]
        to_own = _distance(made, true_matrix[int(rng.choice(own_rows[own]))], scale)
        to_other = _distance(made, true_matrix[int(rng.choice(own_rows[other]))], scale)
        correct += to_own < to_other
    return correct / MATCH_TRIALS


def reference_energy(size: int, speakers: Sequence[SpeakerParams]) -> float:
    """Mean high-frequency energy of training avatars at ``size`` px (crispness's 1.0)."""
    from studio.demodata.avatar import avatar

    return float(np.mean([high_frequency_energy(avatar(s, size)) for s in speakers]))


def truth_pictures(voices: Sequence[Voice], size: int) -> list[np.ndarray]:
    """The avatars the voices stand for, at ``size`` px: the ceiling's "outputs"."""
    from studio.demodata.avatar import avatar

    return [avatar(voice.speaker, size) for voice in voices]


_TRUTH_CACHE: dict = {}


def _truth_measures(voice: Voice) -> dict:
    """The measures of the voice's own avatar (at 128 px; measured once per speaker)."""
    from studio.demodata.avatar import avatar

    key = voice.speaker
    if key not in _TRUTH_CACHE:
        _TRUTH_CACHE[key] = measure_avatar(avatar(voice.speaker, 128))
    return _TRUTH_CACHE[key]


def _face_found(picture: np.ndarray) -> bool:
    from studio.images.faces import detect_faces

    return bool(detect_faces(scaled(picture, DETECT_SIZE)))


def _distance(a: np.ndarray, b: np.ndarray, scale: np.ndarray) -> float:
    gap = (a - b) / scale
    return float(np.sqrt(np.nansum(gap**2)))


def _spearman(values: Sequence[float], labels: Sequence[float]) -> float | None:
    from scipy.stats import spearmanr

    pairs = [(v, t) for v, t in zip(values, labels, strict=True) if np.isfinite(v)]
    if len(pairs) < 3 or len({t for _, t in pairs}) < 2:
        return None
    if len({v for v, _ in pairs}) < 2:
        return 0.0  # a constant picture carries nothing of the voice
    rho = spearmanr([v for v, _ in pairs], [t for _, t in pairs]).statistic
    return round(float(rho), 4)


def _luma(rgb: np.ndarray) -> np.ndarray:
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
