"""Deterministic test signals: tones, noise, silence and a speech-like voice (numpy/scipy only).

``speech_like`` is not intelligible, but has what voice detectors and pitch trackers look for:
a harmonic glottal source with vibrato, vowel formants, and ~4 syllables a second with pauses.
"""

from __future__ import annotations

import numpy as np

from studio.api.clip import AudioClip

# (F1, F2, F3) in Hz of five vowels (a, e, i, o, u) of an adult male voice.
_VOWEL_FORMANTS = (
    (730, 1090, 2440),
    (530, 1840, 2480),
    (270, 2290, 3010),
    (570, 840, 2410),
    (300, 870, 2240),
)
_FORMANT_BANDWIDTHS = (90, 110, 170)
_SYLLABLE_S = (0.14, 0.22)  # voiced part of a syllable, drawn uniformly
_GAP_S = (0.02, 0.06)  # between syllables of a phrase
_PHRASE_SYLLABLES = (4, 8)  # syllables between pauses
_PAUSE_S = (0.25, 0.45)
_EDGE_S = 0.03  # syllable onset/offset ramps, so syllables do not click


def silence(seconds: float, rate: int = 16000) -> AudioClip:
    return AudioClip(np.zeros(_frames(seconds, rate), dtype=np.float32), rate)


def tone(freq: float, seconds: float, rate: int = 16000, amplitude: float = 0.5) -> AudioClip:
    t = np.arange(_frames(seconds, rate)) / rate
    return AudioClip(amplitude * np.sin(2 * np.pi * freq * t), rate)


def noise(seconds: float, rate: int = 16000, seed: int = 0, amplitude: float = 0.1) -> AudioClip:
    """White noise, uniform in ``[-amplitude, amplitude]``."""
    rng = np.random.default_rng(seed)
    return AudioClip(rng.uniform(-amplitude, amplitude, _frames(seconds, rate)), rate)


def speech_like(
    seconds: float, rate: int = 16000, seed: int = 0, f0: float = 120.0, peak: float = 0.5
) -> AudioClip:
    """A mono voice-like signal peaking at ``peak``; the same arguments give the same samples."""
    rng = np.random.default_rng(seed)
    n = _frames(seconds, rate)
    t = np.arange(n) / rate
    # Pitch: 5.5 Hz vibrato of +-2% plus slow wander, as a real voice never holds a note.
    pitch = f0 * (1 + 0.02 * np.sin(2 * np.pi * 5.5 * t) + 0.05 * np.sin(2 * np.pi * 0.3 * t))
    source = _glottal_source(np.cumsum(pitch) / rate, pitch.max(), rate)
    out = np.zeros(n)
    for first, last in _syllables(n, rate, rng):
        formants = _VOWEL_FORMANTS[rng.integers(len(_VOWEL_FORMANTS))]
        out[first:last] = _formant_filter(source[first:last], formants, rate) * _envelope(
            last - first, rate
        )
    top = np.abs(out).max(initial=0.0)
    return AudioClip(out * (peak / top) if top > 0 else out, rate)


def _frames(seconds: float, rate: int) -> int:
    return round(seconds * rate)


def _glottal_source(cycles: np.ndarray, max_f0: float, rate: int) -> np.ndarray:
    """Band-limited pulse train: harmonics up to Nyquist falling 12 dB/octave, like vocal folds."""
    phase = 2 * np.pi * cycles
    source = np.zeros_like(phase)
    for k in range(1, int(rate / 2 / max_f0) + 1):
        source += np.sin(k * phase) / k**2
    return source


def _formant_filter(signal: np.ndarray, formants: tuple[int, ...], rate: int) -> np.ndarray:
    """Cascade of 2-pole resonators, one per formant, each with unity gain at DC."""
    # Imported here because scipy.signal takes longer to import than the whole audio package.
    from scipy.signal import lfilter

    for freq, bandwidth in zip(formants, _FORMANT_BANDWIDTHS):
        r = np.exp(-np.pi * bandwidth / rate)
        a = [1.0, -2 * r * np.cos(2 * np.pi * freq / rate), r * r]
        signal = lfilter([sum(a)], a, signal)
    return signal


def _syllables(n: int, rate: int, rng: np.random.Generator) -> list[tuple[int, int]]:
    """(first, last) frames of each syllable: phrases of a few syllables separated by pauses."""
    spans = []
    at = _frames(rng.uniform(*_GAP_S), rate)
    left_in_phrase = rng.integers(*_PHRASE_SYLLABLES, endpoint=True)
    while at < n:
        last = min(at + _frames(rng.uniform(*_SYLLABLE_S), rate), n)
        spans.append((at, last))
        left_in_phrase -= 1
        if left_in_phrase == 0:
            left_in_phrase = rng.integers(*_PHRASE_SYLLABLES, endpoint=True)
            at = last + _frames(rng.uniform(*_PAUSE_S), rate)
        else:
            at = last + _frames(rng.uniform(*_GAP_S), rate)
    return spans


def _envelope(length: int, rate: int) -> np.ndarray:
    """Raised-cosine onset and offset around a flat middle."""
    edge = min(_frames(_EDGE_S, rate), length // 2)
    ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(edge) / max(edge, 1))
    env = np.ones(length)
    env[:edge] = ramp
    env[length - edge :] = ramp[::-1]
    return env
