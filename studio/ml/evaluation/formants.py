"""Formant scale of speech: how far its spectral envelope is stretched in frequency against a
reference saying the same words. A shorter vocal tract raises every formant by the same
factor, so the scale ranks speakers by vocal-tract length (VTL), shortest highest.

Textbook LPC, written independently of the synthesiser, on 16 kHz frames.
"""

from __future__ import annotations

import numpy as np

RATE = 16000
FRAME = 640  # 40 ms
HOP = 320
LOUD_QUANTILE = 60  # frames above this percentile of energy: vowels, mostly


def loud_frames(wave: np.ndarray, rate: int) -> np.ndarray:
    """[frames, 640] windows of ``wave`` at 16 kHz whose energy is above the 60th percentile."""
    from scipy.signal import resample_poly

    x = np.asarray(wave, dtype=np.float64)
    if rate != RATE:
        x = resample_poly(x, RATE, rate)
    if len(x) < FRAME:
        raise ValueError(f"{len(x) / RATE:.3f} s of audio is shorter than one 40 ms frame")
    frames = np.lib.stride_tricks.sliding_window_view(x, FRAME)[::HOP]
    energy = (frames**2).sum(axis=1)
    return frames[energy > np.percentile(energy, LOUD_QUANTILE)]


def lpc_envelope(frames: np.ndarray, order: int = 18, n_fft: int = 1024) -> np.ndarray:
    """Mean log LPC envelope of the frames on the rfft grid of ``n_fft``."""
    from scipy.linalg import solve_toeplitz

    windowed = np.diff(frames * np.hamming(frames.shape[1]), axis=1, prepend=0.0)
    envelopes = []
    for frame in windowed:
        r = np.correlate(frame, frame, "full")[len(frame) - 1 : len(frame) + order]
        r[0] *= 1.0001  # a touch of white noise keeps the system well conditioned
        a = solve_toeplitz(r[:order], -r[1 : order + 1])
        envelopes.append(-2 * np.log(np.abs(np.fft.rfft(np.concatenate([[1.0], a]), n_fft))))
    return np.mean(envelopes, axis=0)


def formant_scale(envelope: np.ndarray, reference: np.ndarray, n_fft: int = 1024) -> float:
    """The factor k that best maps ``reference``'s envelope onto ``envelope`` (frequencies x k),
    by correlation on a log-frequency axis over 250 Hz .. 5.5 kHz."""
    freqs = np.fft.rfftfreq(n_fft, 1 / RATE)
    grid = np.exp(np.linspace(np.log(250), np.log(5500), 300))
    target = np.interp(grid, freqs, envelope)
    target -= target.mean()
    best, best_k = -np.inf, 1.0
    for k in np.linspace(0.7, 1.5, 161):
        ref = np.interp(grid / k, freqs, reference)
        ref -= ref.mean()
        score = float(target @ ref / np.sqrt((target @ target) * (ref @ ref)))
        if score > best:
            best, best_k = score, float(k)
    return best_k


def speech_formant_scale(wave: np.ndarray, rate: int, reference: np.ndarray) -> float:
    """``formant_scale`` of ``wave``'s loud frames against a reference envelope of the same
    words (``lpc_envelope(loud_frames(source, rate))``)."""
    return formant_scale(lpc_envelope(loud_frames(wave, rate)), reference)
