"""The log-mel front end against values worked out here from the formulas of shared/specs/wen2019.md §7.4 (plain
Python maths and an explicit DFT, not the code under test): filter geometry and areas, the band a
tone lands in, the pre-emphasis quirk, tail frames and the final empty frame, frame counts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from studio_wen2019.features import log_mel, mel_filterbank

RATE, N_FFT, HOP, WINDOW, N_FILTERS = 16000, 1024, 160, 400, 64
BIN_HZ = RATE / N_FFT  # 15.625 Hz
ALPHA = 0.97
FLOOR = math.log(1e-5)


def edge_bins(n_fft: int = N_FFT) -> list[int]:
    """66 edges equally spaced in mel = 2595 log10(1 + f/700) from 20 to 7200 Hz, rounded to bins."""
    lo, hi = (2595 * math.log10(1 + f / 700) for f in (20.0, 7200.0))
    hz = [700 * (10 ** ((lo + (hi - lo) * i / (N_FILTERS + 1)) / 2595) - 1) for i in range(66)]
    return [round(f / (RATE / n_fft)) for f in hz]


EDGES = edge_bins()


def triangle(j: int, edges: list[int] = EDGES, n_fft: int = N_FFT) -> np.ndarray:
    """Filter j: a triangle over bins (left, right), peak 2 / (width in Hz) at the centre bin.
    As in the original, the peak bin is set whenever the centre lies right of the left edge, even
    when it coincides with the right edge."""
    left, centre, right = edges[j : j + 3]
    bin_hz = RATE / n_fft
    peak = 2 / ((right - left) * bin_hz)
    weights = np.zeros(n_fft // 2 + 1)
    for k in range(left + 1, max(centre + 1, right)):
        if k < centre:
            weights[k] = peak * (k - left) / (centre - left)
        elif k == centre:
            weights[k] = peak
        else:
            weights[k] = peak * (right - k) / (right - centre)
    return weights


def hand_log_mel_row(frame: np.ndarray, prior: float) -> np.ndarray:
    """One frame by the textbook definitions: pre-emphasis seeded with ``prior``, symmetric
    Hamming, an explicit 1024-point DFT, power, the triangles above, log with a 1e-5 floor."""
    x = np.asarray(frame, dtype=np.float64)
    y = x - ALPHA * np.concatenate(([prior], x[:-1]))
    n = np.arange(WINDOW)
    y = y * (0.54 - 0.46 * np.cos(2 * math.pi * n / (WINDOW - 1)))
    k = np.arange(N_FFT // 2 + 1)[:, None]
    spectrum = np.exp(-2j * math.pi * k * n / N_FFT) @ y
    power = np.abs(spectrum) ** 2
    energies = np.array([power @ triangle(j) for j in range(N_FILTERS)])
    return np.log(np.maximum(energies, 1e-5))


def noise(n: int, seed: int = 0, scale: float = 800.0) -> np.ndarray:
    return np.rint(np.random.default_rng(seed).normal(0, scale, n)).astype(np.int16)


# --- filter bank --------------------------------------------------------------------------------


def test_edges_match_the_formula_and_first_filter_starts_at_20_hz():
    assert EDGES[0] == round(20 / BIN_HZ) == 1
    assert EDGES[:3] == [1, 3, 5] and EDGES[-1] == round(7200 / BIN_HZ) == 461
    bank = mel_filterbank()
    assert bank.shape == (513, 64)
    assert np.flatnonzero(bank[:, 0]).tolist() == [2, 3, 4]  # strictly inside (1, 5)


@pytest.mark.parametrize("j", range(N_FILTERS))
def test_each_filter_is_the_area_normalised_triangle(j):
    left, centre, right = EDGES[j : j + 3]
    column = mel_filterbank()[:, j]
    assert np.flatnonzero(column).tolist() == list(range(left + 1, right))
    assert int(np.argmax(column)) == centre
    assert column[centre] == pytest.approx(2 / ((right - left) * BIN_HZ), rel=1e-12)
    np.testing.assert_allclose(column, triangle(j), rtol=1e-12, atol=0)
    # No two edges round onto the same bin with these parameters, so no triangle is clipped and
    # every filter has area 1 (sum of weights x 15.625 Hz).
    assert left < centre < right
    assert column.sum() * BIN_HZ == pytest.approx(1.0, rel=1e-12)


def test_filters_whose_edges_round_together_keep_the_originals_shape():
    # With a 256-point FFT some neighbouring edges share a bin. Centre on the left edge: the rising
    # flank and the peak bin are lost, area (w - 1) / w < 1 for a width of w bins. Centre on the
    # right edge: the peak is still written there, area (w + 1) / w > 1.
    edges = edge_bins(256)
    left, centre, right = (np.array(edges[i : i + 64]) for i in range(3))
    assert (centre == left).any() and (centre == right).any() and (left < right).all()
    bank = mel_filterbank(n_fft=256)
    expected = np.stack([triangle(j, edges, 256) for j in range(64)], axis=1)
    np.testing.assert_allclose(bank, expected, rtol=1e-12, atol=0)
    areas = bank.sum(axis=0) * RATE / 256
    assert areas[(centre > left) & (centre < right)] == pytest.approx(1.0, rel=1e-12)
    width = right - left
    np.testing.assert_allclose(areas[centre == left], ((width - 1) / width)[centre == left])
    np.testing.assert_allclose(areas[centre == right], ((width + 1) / width)[centre == right])


# --- spectra ------------------------------------------------------------------------------------


@pytest.mark.parametrize("freq", [200.0, 440.0, 1000.0, 2000.0, 3500.0, 5000.0, 7000.0])
def test_pure_tone_peaks_in_the_filter_with_the_nearest_centre(freq):
    centres = np.array(EDGES[1:-1]) * BIN_HZ
    distance = np.abs(centres - freq)
    nearest = int(np.argmin(distance))
    assert distance[nearest] < 0.8 * np.partition(distance, 1)[1]  # clearly nearer than the next
    t = np.arange(RATE) / RATE
    tone = np.rint(12000 * np.sin(2 * math.pi * freq * t)).astype(np.int16)
    assert int(np.argmax(log_mel(tone)[50])) == nearest


def test_pre_emphasis_is_seeded_by_the_previous_frames_last_sample():
    signal = noise(800, seed=1)
    signal[399] = 20000  # last sample of frame 0
    signal[159] = -3000  # the sample that really precedes frame 1
    row = log_mel(signal)[1]
    frame = signal[HOP : HOP + WINDOW]
    np.testing.assert_allclose(row, hand_log_mel_row(frame, prior=signal[399]), rtol=1e-9)
    textbook = hand_log_mel_row(frame, prior=signal[159])
    assert np.abs(row[:8] - textbook[:8]).min() > 0.01  # the quirk is visible in the low bands
    # The clip's first frame starts from a prior of 0.
    np.testing.assert_allclose(
        log_mel(signal)[0], hand_log_mel_row(signal[:WINDOW], 0.0), rtol=1e-9
    )


def test_tail_frames_repeat_their_own_samples():
    signal = noise(
        1000, seed=2
    )  # frames start at 0, 160, ..., 960; from 640 on they run past the end
    rows = log_mel(signal)
    assert rows.shape == (7, 64)
    # Frame 4 (640..999, 360 samples) is refilled from its start, so its last sample is signal[679].
    frame5 = np.concatenate([signal[800:], signal[800:]])  # 200 samples twice
    np.testing.assert_allclose(rows[5], hand_log_mel_row(frame5, prior=signal[679]), rtol=1e-9)
    frame6 = np.tile(signal[960:], 10)  # 40 samples ten times
    np.testing.assert_allclose(rows[6], hand_log_mel_row(frame6, prior=signal[999]), rtol=1e-9)


def test_final_empty_frame_is_zeros_plus_the_carried_prior():
    # VAD output is a whole number of 320-sample frames, so the last analysis frame starts at the
    # very end and is empty. numpy.resize turns an empty frame into zeros (as numpy 1.16 did).
    assert not np.resize(np.array([], dtype=np.int16), WINDOW).any()
    signal = noise(3200, seed=3)
    rows = log_mel(signal)
    assert rows.shape == (21, 64)
    # Its only non-zero pre-emphasised sample is -0.97 * prior at n = 0, where the Hamming window
    # is 0.08: a flat power spectrum, and each filter has area 1 Hz, i.e. sums to 1 / 15.625.
    prior = float(signal[3040 + (WINDOW - 1) % HOP])  # frame 19 is 160 samples, repeated
    flat = (ALPHA * prior * 0.08) ** 2
    np.testing.assert_allclose(rows[-1], np.log(max(flat / BIN_HZ, 1e-5)), rtol=1e-9)
    signal[3040 + (WINDOW - 1) % HOP] = 0
    np.testing.assert_allclose(log_mel(signal)[-1], np.full(64, FLOOR), rtol=1e-12)


@pytest.mark.parametrize("n", [0, 1, 159, 160, 161, 319, 320, 399, 400, 401, 1000, 16000, 16001])
def test_frame_count_is_one_more_than_whole_hops(n):
    rows = log_mel(noise(n, seed=n))
    assert rows.shape == (n // HOP + 1, 64) and rows.dtype == np.float64
