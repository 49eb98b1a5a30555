"""Labelling any voice by measuring it, on the demo speakers' parameter scale.

A recording that the synthesiser did not make gets the label that the synthesiser's own
speakers carry, read from the sound with textbook estimators (numpy, from the papers):

- **Mean F0**: YIN (de Cheveigné & Kawahara 2002: difference function, cumulative-mean
  normalised difference, threshold, parabolic interpolation) on the signal below 1 kHz, 40 ms
  frames every 10 ms. The period is the shortest lag whose dip is within 0.05 of the deepest
  (YIN's threshold taken relative to the best dip, so a strong second harmonic does not halve
  the period); a frame is voiced where that dip is under 0.15 and it is within 40 dB of the
  loudest. Mean F0 is the geometric mean over voiced frames within 0.6 octave of their median
  (octave slips left out); ``f0_range_st`` comes from the 10th–90th percentile span.
- **Vocal-tract length**: LPC formants F1–F4 of each voiced frame (order 18, pre-emphasised,
  roots with bandwidths under 500 Hz), and the spacing of a uniform tube closed at one end,
  Fi = (2i − 1) ΔF / 2, fitted through the origin (Reby & McComb 2003): ΔF is the median over
  frames, and VTL = c / (2 ΔF) with c = 350 m/s.
- **Breathiness**: harmonics-to-noise ratio from the normalised autocorrelation at the pitch
  period (Boersma 1993: the windowed signal's autocorrelation divided by the window's, HNR =
  10 log10(r / (1 − r))), of the signal above 1.5 kHz where breath noise replaces the harmonics.
- **Jitter**: the glottal periods, cycle after cycle through every voiced stretch (each the lag
  that best aligns one cycle with the next, by cross-correlation of the signal below 800 Hz
  with sub-sample interpolation); from them Praat's local jitter (mean absolute difference of
  consecutive periods over the mean period) and five-point jitter (ppq5: each period against
  the mean of it and its four neighbours, which a gliding pitch does not inflate). The label
  comes from ppq5, with the HNR discounting what breath noise adds to the period estimates.
- **Speaking rate**: loudness peaks per second of speech (runs of 10 ms frames within 15 dB of
  the loudest).

The raw figures land on the corpus's scale through linear maps fitted on the synthesiser's own
speakers (the synthesiser is the reference scale): ``CALIBRATION`` below, refitted by
``python -m studio.demodata.voice_label_fit``. ``VoiceLabel.to_speaker`` clamps them into the
ranges of ``speakers``, so a real voice's avatar is drawn exactly as a synthetic one's.
"""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from .speakers import (
    BREATHINESS,
    F0_HZ,
    F0_RANGE_ST,
    JITTER,
    RATE_SYL_S,
    VTL_CM,
    SpeakerParams,
)

RATE = 16000  # every measurement runs at 16 kHz; other rates are resampled first
SOUND_SPEED_CM_S = 35000.0  # warm moist air in the vocal tract, as Reby & McComb take it
MIN_SECONDS = 0.5  # of audio; shorter is refused
MIN_VOICED_FRAMES = 20  # 0.2 s of voicing: fewer cannot be labelled

_F0_SEARCH_HZ = (50.0, 500.0)
_FRAME = 640  # 40 ms: the YIN integration window (20 ms) plus the longest lag (20 ms)
_HOP = 160  # 10 ms
_YIN_THRESHOLD = 0.15  # a frame is voiced where its deepest dip is below this
_DIP_MARGIN = 0.05
_OCTAVE_SLIP = 0.6  # frames further than this (in octaves) from the median are slips
_SILENCE_DB = 40.0  # frames this far below the loudest (95th percentile) are not voiced
_LPC_ORDER = 18
_LPC_FRAME = 400  # 25 ms
_FORMANT_LOWEST_HZ = 150.0
_FORMANT_HIGHEST_HZ = 5500.0
_FORMANT_MAX_BANDWIDTH_HZ = 500.0
_HNR_FRAME = 960  # 60 ms: six periods of a 100 Hz voice (Boersma's advice for HNR)
_HNR_HIGHPASS_HZ = 1500.0
_JITTER_LOWPASS_HZ = 800.0  # the low harmonics, which breath noise disturbs least
_MAX_PERIOD_RATIO = 1.3  # consecutive periods further apart than this are a tracking error

# Raw measures -> the corpus's scale, fitted by least squares on the synthesiser's own speakers
# (voice_label_fit.fit_calibration: 60 speakers of seed 7, two 4 s utterances each; run
# `python -m studio.demodata.voice_label_fit` to refit and print them with the agreement):
#   vtl_cm      = a * tube_length_cm + b
#   breathiness = a * hnr_db + b
#   f0_range_st = a * f0_span_st + b
#   rate_syl_s  = a * peaks_per_s + b
#   ln jitter   = a * ln jitter_ppq5 + b * hnr_db + c  (breath noise blurs the periods a little,
#                 so a noisier voice's measured jitter is discounted)
CALIBRATION: dict[str, tuple[float, ...]] = {
    "vtl_cm": (0.9874, -0.3062),
    "breathiness": (-0.0431, 0.6494),
    "f0_range_st": (1.4905, 0.272),
    "rate_syl_s": (0.9454, -0.0234),
    "jitter": (1.1512, 0.0484, 1.3895),
}


@dataclass(frozen=True)
class Measures:
    """What the estimators read from the sound, before any calibration."""

    f0_hz: float  # geometric mean F0 of the voiced frames
    f0_span_st: float  # 10th-90th percentile span of the pitch track
    formant_spacing_hz: float  # dF of the uniform tube
    tube_length_cm: float  # c / (2 dF)
    hnr_db: float  # mean harmonics-to-noise ratio above 1.5 kHz
    jitter_local: float  # Praat's jitter (local): mean |T(i) - T(i+1)| / mean T
    jitter_ppq5: float  # Praat's jitter (ppq5): mean |T(i) - mean of T(i-2..i+2)| / mean T
    peaks_per_s: float  # loudness peaks per second of speech
    voiced_s: float  # seconds of voiced frames the figures rest on
    periods: int  # glottal periods the jitter rests on


@dataclass(frozen=True)
class VoiceLabel:
    """A voice on the corpus's parameter scale, clamped into its ranges, plus the raw measures."""

    f0_hz: float
    f0_range_st: float
    vtl_cm: float
    breathiness: float
    rate_syl_s: float
    jitter: float
    measured: Measures

    def to_speaker(self, id: str, index: int) -> SpeakerParams:
        """The label as a speaker, so its avatar and face are drawn like a synthetic one's."""
        return SpeakerParams(
            id=id,
            index=index,
            f0_hz=self.f0_hz,
            f0_range_st=self.f0_range_st,
            vtl_cm=self.vtl_cm,
            breathiness=self.breathiness,
            rate_syl_s=self.rate_syl_s,
            jitter=self.jitter,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def label_voice(samples: np.ndarray, rate: int) -> VoiceLabel:
    """Measure a voice (mono samples, or [channels, frames] mixed down) and label it.

    Raises ValueError for audio that is too short, silent, or has too little voicing.
    """
    return calibrate(measure_voice(samples, rate))


def label_file(path: str | os.PathLike[str]) -> VoiceLabel:
    """``label_voice`` of an audio file of any format the app reads; a file that cannot be
    read, or holds too little voiced sound, raises ValueError naming it."""
    from studio.audio.io import read_audio

    try:
        clip = read_audio(path)
    except Exception as exc:  # AudioFileError (an InputError): its text names the file
        raise ValueError(f"{os.fspath(path)}: cannot read it as audio ({exc})") from exc
    try:
        return label_voice(clip.samples, clip.rate)
    except ValueError as exc:
        raise ValueError(f"{os.fspath(path)}: {exc}") from exc


def calibrate(m: Measures) -> VoiceLabel:
    """Raw measures onto the corpus's scale, clamped into ``speakers``' ranges and rounded as
    drawn speakers are."""

    def linear(name: str, raw: float, bounds: tuple[float, float]) -> float:
        slope, offset = CALIBRATION[name]
        return _clamp(slope * raw + offset, bounds)

    a, b, c = CALIBRATION["jitter"]
    jitter = math.exp(a * math.log(max(m.jitter_ppq5, 1e-6)) + b * m.hnr_db + c)
    return VoiceLabel(
        f0_hz=round(_clamp(m.f0_hz, F0_HZ), 2),
        f0_range_st=round(linear("f0_range_st", m.f0_span_st, F0_RANGE_ST), 3),
        vtl_cm=round(linear("vtl_cm", m.tube_length_cm, VTL_CM), 3),
        breathiness=round(linear("breathiness", m.hnr_db, BREATHINESS), 4),
        rate_syl_s=round(linear("rate_syl_s", m.peaks_per_s, RATE_SYL_S), 3),
        jitter=round(_clamp(jitter, JITTER), 5),
        measured=m,
    )


def measure_voice(samples: np.ndarray, rate: int) -> Measures:
    """Every raw measure of a voice (see the module's docstring)."""
    x = _prepare(samples, rate)
    f0, voiced = pitch_track(x)
    if voiced.sum() < MIN_VOICED_FRAMES:
        raise ValueError(
            f"too little voiced sound to label ({voiced.sum() * _HOP / RATE:.2f} s; at least "
            f"{MIN_VOICED_FRAMES * _HOP / RATE:.2f} s is needed)"
        )
    semitones = 12 * np.log2(f0[voiced])
    spacing = formant_spacing(x, voiced)
    periods = glottal_periods(x, f0, voiced)
    return Measures(
        f0_hz=float(2 ** (semitones.mean() / 12)),
        f0_span_st=float(np.percentile(semitones, 90) - np.percentile(semitones, 10)),
        formant_spacing_hz=spacing,
        tube_length_cm=SOUND_SPEED_CM_S / (2 * spacing),
        hnr_db=harmonics_to_noise(x, f0, voiced),
        jitter_local=local_jitter(periods),
        jitter_ppq5=five_point_jitter(periods),
        peaks_per_s=loudness_peaks_per_second(x),
        voiced_s=float(voiced.sum() * _HOP / RATE),
        periods=int(sum(len(run) for run in periods)),
    )


# --- preparation --------------------------------------------------------------------------


def _prepare(samples: np.ndarray, rate: int) -> np.ndarray:
    x = np.asarray(samples, dtype=np.float64)
    if x.ndim == 2:
        x = x.mean(axis=0)
    if x.ndim != 1:
        raise ValueError(f"samples must be [frames] or [channels, frames], got {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError("the audio holds NaN or infinite samples")
    if len(x) < MIN_SECONDS * rate:
        raise ValueError(f"{len(x) / rate:.2f} s of audio is too short (at least {MIN_SECONDS} s)")
    x = resample_16k(x, rate)
    peak = float(np.abs(x).max())
    if peak < 1e-4:  # -80 dBFS: nothing to hear
        raise ValueError("the audio is silent")
    return x / peak


def resample_16k(samples: np.ndarray, rate: int) -> np.ndarray:
    """Mono samples at ``rate`` resampled to 16 kHz (scipy's polyphase resampler), float64."""
    x = np.asarray(samples, dtype=np.float64)
    if rate == RATE:
        return x
    from scipy.signal import resample_poly

    g = math.gcd(int(rate), RATE)
    return resample_poly(x, RATE // g, int(rate) // g)


def _frames(x: np.ndarray, size: int) -> np.ndarray:
    """[n, size] windows of ``x`` every hop, the first centred on sample 0 (frame i is centred
    on sample i * hop, as the pitch track is)."""
    padded = np.pad(x, (size // 2, size // 2 + _HOP))
    count = len(x) // _HOP + 1
    return np.lib.stride_tricks.sliding_window_view(padded, size)[::_HOP][:count]


def _filtered(x: np.ndarray, kind: str, hz: float) -> np.ndarray:
    from scipy.signal import butter, sosfiltfilt

    return sosfiltfilt(butter(4, hz, kind, fs=RATE, output="sos"), x)


# --- pitch: YIN ---------------------------------------------------------------------------


def pitch_track(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """YIN F0 (Hz) of each 10 ms frame of 16 kHz ``x``, and which frames are voiced."""
    frames = _frames(_filtered(x, "lowpass", 1000.0), _FRAME)
    window = _FRAME // 2
    most = int(RATE / _F0_SEARCH_HZ[0])  # longest lag: 320
    least = int(RATE / _F0_SEARCH_HZ[1])
    # Difference function d(t) = sum (x_j - x_{j+t})^2 over j < window, with the cross term by FFT.
    n_fft = 2048
    head = np.fft.rfft(frames[:, :window], n_fft)
    whole = np.fft.rfft(frames, n_fft)
    cross = np.fft.irfft(np.conj(head) * whole, n_fft)[:, :most]
    squares = np.cumsum(np.pad(frames**2, ((0, 0), (1, 0))), axis=1)
    energy_head = squares[:, window][:, None]
    lags = np.arange(most)
    energy_lagged = squares[:, lags + window] - squares[:, lags]
    diff = np.maximum(energy_head + energy_lagged - 2 * cross, 0.0)
    # Cumulative-mean-normalised difference.
    cmnd = np.ones_like(diff)
    running = np.cumsum(diff[:, 1:], axis=1)
    cmnd[:, 1:] = diff[:, 1:] * lags[1:] / np.maximum(running, 1e-12)
    f0 = np.zeros(len(frames))
    dip = np.ones(len(frames))
    for i, row in enumerate(cmnd):
        # The shortest lag nearly as good as the best: YIN's absolute threshold taken relative
        # to the deepest dip, so a strong second harmonic (whose half-period dip is shallower)
        # does not halve the period.
        search = row[least : most - 1]
        lag = least + int(np.nonzero(search < search.min() + _DIP_MARGIN)[0][0])
        while lag + 1 < most - 1 and row[lag + 1] < row[lag]:
            lag += 1
        a, b, c = row[lag - 1], row[lag], row[lag + 1]
        curve = a - 2 * b + c
        shift = 0.5 * (a - c) / curve if curve > 0 else 0.0
        f0[i] = RATE / (lag + float(np.clip(shift, -1, 1)))
        dip[i] = b
    level = 10 * np.log10(energy_head[:, 0] / window + 1e-20)
    loud = level > np.percentile(level, 95) - _SILENCE_DB
    voiced = loud & (dip < _YIN_THRESHOLD)
    if voiced.any():  # octave slips: keep frames within an octave of the median
        median = np.median(np.log2(f0[voiced]))
        voiced &= np.abs(np.log2(np.maximum(f0, 1.0)) - median) < _OCTAVE_SLIP
    return f0, voiced


# --- vocal-tract length: formant spacing --------------------------------------------------


def formants(frame: np.ndarray) -> np.ndarray:
    """LPC formant frequencies (Hz, ascending) of one 16 kHz frame."""
    from scipy.linalg import solve_toeplitz

    w = np.diff(frame, prepend=frame[0]) * np.hamming(len(frame))  # pre-emphasis, window
    r = np.correlate(w, w, "full")[len(w) - 1 : len(w) + _LPC_ORDER]
    if r[0] <= 0:
        return np.zeros(0)
    r[0] *= 1.0001  # a touch of white noise keeps the system well conditioned
    a = solve_toeplitz(r[:_LPC_ORDER], -r[1 : _LPC_ORDER + 1])
    roots = np.roots(np.concatenate([[1.0], a]))
    roots = roots[roots.imag > 0]
    freqs = np.angle(roots) * RATE / (2 * np.pi)
    bandwidths = -np.log(np.maximum(np.abs(roots), 1e-12)) * RATE / np.pi
    keep = (
        (freqs > _FORMANT_LOWEST_HZ)
        & (freqs < _FORMANT_HIGHEST_HZ)
        & (bandwidths < _FORMANT_MAX_BANDWIDTH_HZ)
    )
    return np.sort(freqs[keep])


def formant_spacing(x: np.ndarray, voiced: np.ndarray) -> float:
    """Median over voiced frames of the uniform-tube spacing dF fitted to F1-F4 (Hz)."""
    frames = _frames(x, _LPC_FRAME)[voiced]
    odd = np.arange(1, 5) - 0.5  # Fi = (i - 1/2) dF
    spacings = []
    for frame in frames:
        found = formants(frame)
        if len(found) >= 4:
            spacings.append(float(found[:4] @ odd / (odd @ odd)))
    if not spacings:
        raise ValueError("no voiced frame shows four formants")
    return float(np.median(spacings))


# --- breathiness: harmonics-to-noise ratio ------------------------------------------------


def harmonics_to_noise(x: np.ndarray, f0: np.ndarray, voiced: np.ndarray) -> float:
    """Mean HNR in dB of the voiced frames above 1.5 kHz, by Boersma's (1993) normalised
    autocorrelation at the pitch period."""
    high = _filtered(x, "highpass", _HNR_HIGHPASS_HZ)
    frames = _frames(high, _HNR_FRAME)[voiced]
    window = np.hanning(_HNR_FRAME)
    n_fft = 4096
    # Autocorrelation of the window, to undo its taper (Boersma's r_x / r_w).
    aw = np.fft.irfft(np.abs(np.fft.rfft(window, n_fft)) ** 2, n_fft)[: _HNR_FRAME // 2]
    spectra = np.fft.rfft((frames - frames.mean(axis=1, keepdims=True)) * window, n_fft)
    ax = np.fft.irfft(np.abs(spectra) ** 2, n_fft)[:, : _HNR_FRAME // 2]
    power = ax[:, :1]
    ok = power[:, 0] > 0
    r = np.where(ok[:, None], ax / np.where(power > 0, power, 1.0), 0.0) / (aw / aw[0])
    periods = RATE / f0[voiced]
    values = []
    for row, period, good in zip(r, periods, ok):
        if not good:
            continue
        centre = round(period)
        lo, hi = max(centre - 3, 2), min(centre + 4, len(row) - 1)
        if lo >= hi:
            continue
        k = lo + int(np.argmax(row[lo:hi]))
        a, b, c = row[k - 1], row[k], row[k + 1]
        curve = a - 2 * b + c
        peak = b - 0.125 * (a - c) ** 2 / curve if curve < 0 else b
        peak = min(max(peak, 1e-4), 1 - 1e-4)
        values.append(10 * math.log10(peak / (1 - peak)))
    if not values:
        raise ValueError("no voiced frame to measure the harmonics-to-noise ratio on")
    return float(np.mean(values))


# --- jitter: cycle-to-cycle periods -------------------------------------------------------


def glottal_periods(x: np.ndarray, f0: np.ndarray, voiced: np.ndarray) -> list[np.ndarray]:
    """The periods (in samples, sub-sample) of each voiced stretch, cycle after cycle: each is
    the lag, within 0.75-1.33 of the tracked period, at which one cycle best matches the next."""
    smooth = _filtered(x, "lowpass", _JITTER_LOWPASS_HZ)
    runs = []
    edges = np.diff(np.concatenate([[0], voiced.astype(np.int8), [0]]))
    for first, stop in zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]):
        if stop - first < 3:
            continue
        start_sample, end_sample = first * _HOP, min((stop - 1) * _HOP, len(x) - 1)
        track = f0[first:stop]
        periods = []
        t = float(start_sample)
        while True:
            guess = RATE / float(track[min(int((t - start_sample) / _HOP), len(track) - 1)])
            half = int(guess / 2)
            at = int(t)
            if at - half < 0 or at + int(1.4 * guess) + half + 2 >= min(end_sample, len(x)):
                break
            ref = smooth[at - half : at + half]
            lags = np.arange(int(0.75 * guess), int(1.33 * guess) + 2)
            scores = np.array(
                [_ncc(ref, smooth[at + lag - half : at + lag + half]) for lag in lags]
            )
            k = int(np.argmax(scores[1:-1])) + 1
            a, b, c = scores[k - 1], scores[k], scores[k + 1]
            curve = a - 2 * b + c
            shift = 0.5 * (a - c) / curve if curve < 0 else 0.0
            period = float(lags[k]) + float(np.clip(shift, -0.5, 0.5))
            periods.append(period)
            t += period
        if len(periods) >= 2:
            runs.append(np.array(periods))
    return runs


def _ncc(a: np.ndarray, b: np.ndarray) -> float:
    den = math.sqrt(float(a @ a) * float(b @ b))
    return float(a @ b) / den if den > 0 else 0.0


def local_jitter(runs: list[np.ndarray]) -> float:
    """Praat's jitter (local): the mean absolute difference of consecutive periods over the mean
    period (pairs further apart than 1.3x are tracking errors, left out as Praat does)."""
    diffs = []
    for periods in runs:
        a, b = periods[:-1], periods[1:]
        ok = np.maximum(a, b) / np.minimum(a, b) < _MAX_PERIOD_RATIO
        diffs.append(np.abs(a - b)[ok])
    return _quotient(diffs, runs)


def five_point_jitter(runs: list[np.ndarray]) -> float:
    """Praat's jitter (ppq5): the mean absolute difference of each period from the mean of it
    and its four neighbours, over the mean period. Unlike local jitter it does not count a
    gliding pitch (which changes consecutive periods steadily) as jitter."""
    diffs = []
    for periods in runs:
        if len(periods) >= 5:
            smooth = np.convolve(periods, np.ones(5) / 5, "valid")
            diffs.append(np.abs(periods[2:-2] - smooth))
    return _quotient(diffs, runs)


def _quotient(diffs: list[np.ndarray], runs: list[np.ndarray]) -> float:
    if not diffs or not sum(len(d) for d in diffs):
        return 0.0
    return float(np.concatenate(diffs).mean() / np.concatenate(runs).mean())


# --- speaking rate ------------------------------------------------------------------------


def loudness_peaks_per_second(x: np.ndarray) -> float:
    """Runs of 10 ms frames within 15 dB of the loudest, per second between the first and the
    last such frame."""
    hop = RATE // 100
    level = 10 * np.log10(np.mean(x[: len(x) // hop * hop].reshape(-1, hop) ** 2, axis=1) + 1e-12)
    loud = level > level.max() - 15
    starts = np.count_nonzero(loud[1:] & ~loud[:-1]) + int(loud[0])
    active = np.nonzero(loud)[0]
    return starts / max((active[-1] - active[0] + 1) * hop / RATE, 0.1)


def _clamp(value: float, bounds: tuple[float, float]) -> float:
    return min(max(float(value), bounds[0]), bounds[1])


def join_clips(clips, gap_s: float = 0.3) -> np.ndarray:
    """Mono 16 kHz clips (AudioClip) joined into one signal with ``gap_s`` of silence between,
    so several takes of one voice are labelled together."""
    gap = np.zeros(round(gap_s * RATE))
    parts = []
    for clip in clips:
        if clip.rate != RATE:
            raise ValueError(f"join_clips takes {RATE} Hz clips, got {clip.rate} Hz")
        parts += [clip.samples.mean(axis=0).astype(np.float64), gap]
    if not parts:
        raise ValueError("no clips to join")
    return np.concatenate(parts[:-1])
