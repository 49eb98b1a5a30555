"""64-band log-mel spectrogram equal to the Wen 2019 code's Sphinx-derived ``sig2logspec``.

Works on int16-scale sample values (not scaled to [-1, 1]). All frames are processed at once;
the per-frame quirks of the original (sample-repeating tail frames, pre-emphasis seeded by the
previous frame's last sample) are reproduced as array operations.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

SAMPLE_RATE = 16000
HOP = 160  # 10 ms
WINDOW = 400  # 25 ms
N_FFT = 1024
N_FILTERS = 64
LOW_HZ = 20.0
HIGH_HZ = 7200.0
PRE_EMPHASIS = 0.97
LOG_FLOOR = 1e-5
# Frames per batch. Small batches keep each temporary at most ~0.5 MB, which the allocator reuses;
# multi-MB ones were measured 2-3x slower (freshly mapped each call: a page fault per 4 KB).
# Also bounds memory on long clips.
CHUNK_FRAMES = 64


def hz_to_mel(hz):
    return 2595.0 * np.log10(1.0 + hz / 700.0)


def mel_to_hz(mel):
    return 700.0 * (np.power(10.0, mel / 2595.0) - 1.0)


def filter_bins(
    n_filters: int = N_FILTERS,
    low_hz: float = LOW_HZ,
    high_hz: float = HIGH_HZ,
    rate: int = SAMPLE_RATE,
    n_fft: int = N_FFT,
) -> np.ndarray:
    """FFT bin of every filter edge (n_filters + 2), equally spaced in mel then rounded half-to-even
    like Python's round(). Filter k spans edges k, k+1 (peak), k+2."""
    if high_hz > rate / 2:
        raise ValueError(f"upper frequency {high_hz} Hz exceeds Nyquist {rate / 2} Hz")
    bin_hz = float(rate) / n_fft
    # Scalars for the ends and one array expression for the edges, as in the original,
    # so every edge is bit-identical to it.
    mel_low, mel_high = hz_to_mel(low_hz), hz_to_mel(high_hz)
    step = (mel_high - mel_low) / (n_filters + 1)
    edges_hz = mel_to_hz(mel_low + step * np.arange(n_filters + 2, dtype=np.float64))
    return np.rint(edges_hz / bin_hz).astype(np.int64)


@lru_cache(maxsize=4)
def mel_filterbank(
    n_filters: int = N_FILTERS,
    low_hz: float = LOW_HZ,
    high_hz: float = HIGH_HZ,
    rate: int = SAMPLE_RATE,
    n_fft: int = N_FFT,
) -> np.ndarray:
    """[n_fft//2 + 1, n_filters] triangular filters of unit area (sum x bin width in Hz = 1; peak
    2 / width in Hz).

    Cached and read-only: callers share one matrix.
    """
    bins = filter_bins(n_filters, low_hz, high_hz, rate, n_fft)
    left, centre, right = bins[:-2], bins[1:-1], bins[2:]
    if np.any(right == left):
        raise ValueError("a mel filter collapsed to zero width; use fewer filters or a larger FFT")
    bin_hz = float(rate) / n_fft
    height = 2.0 / ((right - left) * bin_hz)
    with np.errstate(divide="ignore"):  # a flank of zero bins gets no slope
        rise = np.where(centre != left, height / (centre - left), 0.0)
        fall = np.where(centre != right, height / (centre - right), 0.0)
    k = np.arange(n_fft // 2 + 1)[:, None]
    filters = np.zeros((len(k), n_filters))
    rising = (k > left) & (k < centre)
    falling = (k > centre) & (k < right)
    # The original writes the peak when its walk from the left edge lands on the centre bin: always,
    # even if that is also the right edge, except when the centre coincides with the left edge.
    peak = (k == centre) & (centre > left)
    filters[rising] = ((k - left) * rise)[rising]
    filters[falling] = ((k - right) * fall)[falling]
    filters[peak] = np.broadcast_to(height, filters.shape)[peak]
    filters.flags.writeable = False
    return filters


def frame_count(n_samples: int) -> int:
    return int(n_samples / float(HOP) + 1)


def _frames(signal: np.ndarray, first: int, stop: int) -> np.ndarray:
    """Frames first..stop-1 as float64 rows. Frames running past the end are filled by
    repeating their own samples (numpy.resize); an empty one becomes zeros."""
    n_full = max(0, (len(signal) - WINDOW) // HOP + 1)  # frames lying wholly inside
    rows = np.empty((stop - first, WINDOW))
    full_stop = min(stop, n_full)
    if first < full_stop:
        windows = sliding_window_view(signal, WINDOW)  # a view: no copy until the cast below
        rows[: full_stop - first] = windows[first * HOP : full_stop * HOP : HOP]
    for index in range(max(first, n_full), stop):  # at most three tail frames
        rows[index - first] = np.resize(signal[index * HOP :], WINDOW)
    return rows


def _priors(frames: np.ndarray, has_previous: bool) -> np.ndarray:
    """Pre-emphasis seed of each frame. Quirk of the original: it is the last sample of the
    previous frame (240 samples after the sample preceding this frame), and 0 for the first frame
    of a clip. Rows are frames in order; with ``has_previous`` the first row only seeds the next."""
    last = frames[:, -1]
    return last[:-1] if has_previous else np.concatenate(([0.0], last[:-1]))


def _log_energies(frames: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """Pre-emphasis, Hamming window, 1024-point power spectrum, mel filters, floored log."""
    emphasised = np.empty_like(frames)
    emphasised[:, 0] = frames[:, 0] - PRE_EMPHASIS * prior
    np.subtract(frames[:, 1:], PRE_EMPHASIS * frames[:, :-1], out=emphasised[:, 1:])
    emphasised *= np.hamming(WINDOW)
    spectrum = np.fft.rfft(emphasised, N_FFT, axis=1)
    # re*re + im*im rather than abs()**2: the same roundings as the original.
    power = spectrum.real * spectrum.real
    power += spectrum.imag * spectrum.imag
    # Row-vector products, one per frame (a single stacked call): the same BLAS vector-matrix
    # routine as the original's per-frame dot, hence identical sums; a matrix-matrix product would
    # round differently, and on a busy machine its threads stall it.
    energies = np.matmul(power[:, None, :], mel_filterbank())[:, 0]
    return np.log(np.maximum(energies, LOG_FLOOR, out=energies), out=energies)


def log_mel(signal_int16: np.ndarray) -> np.ndarray:
    """[T, 64] float64 natural-log mel energies of int16-scale samples, T = int(len / 160 + 1)."""
    signal = np.asarray(signal_int16)
    if signal.ndim != 1:
        raise ValueError(f"expected a 1-D signal, got shape {signal.shape}")
    n_frames = frame_count(len(signal))
    out = np.empty((n_frames, N_FILTERS))
    for first in range(0, n_frames, CHUNK_FRAMES):
        stop = min(first + CHUNK_FRAMES, n_frames)
        # One frame of overlap supplies the first frame's pre-emphasis prior (see _priors).
        frames = _frames(signal, max(first - 1, 0), stop)
        prior = _priors(frames, has_previous=first > 0)
        out[first:stop] = _log_energies(frames[1:] if first else frames, prior)
    return out
