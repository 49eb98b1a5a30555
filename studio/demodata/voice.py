"""Source–filter speech for a synthetic speaker: the voice half of the demo corpus.

A Rosenberg glottal pulse train follows an intonation contour around the speaker's mean F0, with
per-period jitter; aspiration noise is mixed in by breathiness. Each syllable's vowel passes the
source through five formant resonators placed for a 17.5 cm tract and scaled by 17.5 / VTL;
onsets are fricative noise, or a stop (silent closure then a burst), or nothing. Words are
separated by short gaps and phrases by pauses, at the speaker's syllable rate.

What is said (vowels, consonants, word and phrase lengths) depends on the utterance seed and
the duration only, so one seed gives every speaker the same "sentence" at their own rate, pitch
and timbre: differences between their recordings are then the speaker, not the text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from studio.api import AudioClip
from studio.audio.edits import normalise

from . import seeds
from .speakers import RATE_SYL_S, SpeakerParams, lerp

# (F1, F2, F3) in Hz of eight vowels of a 17.5 cm (adult male) vocal tract.
VOWELS = (
    (730, 1090, 2440),  # a
    (530, 1840, 2480),  # e
    (270, 2290, 3010),  # i
    (570, 840, 2410),  # o
    (300, 870, 2240),  # u
    (660, 1720, 2410),  # ae
    (490, 1350, 1690),  # er
    (640, 1190, 2390),  # uh
)
_UPPER_FORMANTS = (3500, 4500)  # F4, F5: the same for every vowel, but they still move with VTL
_BANDWIDTHS = (80, 100, 140, 220, 300)
# Fricatives: (name, centre Hz at 17.5 cm, bandwidth Hz, level dB re a vowel). "h" is shaped by
# the following vowel instead, as aspiration is.
_FRICATIVES = (("s", 5200, 2400, -8.0), ("sh", 2900, 1600, -6.0), ("f", 4200, 6000, -16.0))
_H_LEVEL_DB = -12.0
_BURST_LEVEL_DB = -6.0
_BURST_S = 0.012
# Onsets: no consonant, a fricative (s, sh, f or h), or a stop; cumulative probabilities.
_ONSET_NONE, _ONSET_FRICATIVE = 0.3, 0.6
_WORD_SYLLABLES = (1, 3)
_PHRASE_WORDS = (2, 5)
_WORD_GAP_S = (0.03, 0.09)
_PAUSE_S = (0.22, 0.5)
_LEAD_S = (0.08, 0.2)  # silence before the first word
_TAIL_S = 0.06  # and at least this after the last
_MIN_VOWEL_S = 0.06
_EDGE_S = 0.02  # raised-cosine ramps, so segments do not click
_PEAK_DB = (-6.0, -1.0)  # loudness differs between takes, as between recordings
_FLOOR_DB = -66.0  # room noise re peak: no exact digital silence, as in a real recording
# Aspiration noise re the pulses' RMS: from a clean (-30 dB) to a breathy (+6 dB) source.
_BREATH_DB = (-30.0, 6.0)
# Open quotient of the glottal cycle: breathy voices close late (softer, darker pulses).
_OPEN_QUOTIENT = (0.45, 0.75)
_SHIMMER_PER_JITTER = 3.0  # cycle-to-cycle amplitude wobble, tied to jitter as in real voices
_DECLINATION = 0.8  # share of the intonation range spent on each phrase's fall
_ACCENT = 0.35  # share of the range an accented syllable rises above the fall
_GLIDE_HOPS = 16  # of 5 ms: pitch moves between syllable targets over about 80 ms
_PULSE_TABLE = 4096  # points per tabulated glottal cycle


@dataclass(frozen=True)
class Segment:
    """Samples ``[start, stop)`` of one sound: kind is vowel, fricative, closure, burst, gap
    (between words) or pause (between phrases, and before and after the speech)."""

    kind: str
    start: int
    stop: int
    label: str = ""  # vowel index or fricative name

    @property
    def silent(self) -> bool:
        return self.kind in ("closure", "gap", "pause")


def utterance(speaker: SpeakerParams, seed: int, seconds: float, rate: int = 16000) -> AudioClip:
    """``seconds`` of the speaker saying the seed's sentence; mono float32 at ``rate``."""
    n = _length(seconds, rate)
    draws = _Draws(seed, seconds)
    plan = _plan(speaker, draws, n, rate)
    noise = seeds.stream(seed, seeds.NOISE)
    source = _glottal_source(speaker, plan, draws, n, rate, noise)
    scale = speaker.formant_scale
    out = np.zeros(n)
    for index, seg in enumerate(plan):
        length = seg.stop - seg.start
        if seg.silent or length == 0:
            continue
        if seg.kind == "vowel":
            sound = _resonate(source[seg.start : seg.stop], _vowel(int(seg.label), scale), rate)
            level = 0.0
        elif seg.kind == "fricative" and seg.label == "h":
            sound = _resonate(noise.standard_normal(length), _next_vowel(plan, index, scale), rate)
            level = _H_LEVEL_DB
        elif seg.kind == "fricative":
            _, centre, width, level = next(f for f in _FRICATIVES if f[0] == seg.label)
            band = ((min(centre * scale, 0.44 * rate), width * scale),)
            sound = _resonate(noise.standard_normal(length), band, rate)
        else:  # a stop's burst: a click of noise coloured like the next vowel's upper formants
            upper = _next_vowel(plan, index, scale)[1:]
            sound = _resonate(noise.standard_normal(length), upper, rate)
            level = _BURST_LEVEL_DB
        rms = math.sqrt(float(np.mean(sound * sound))) or 1.0
        out[seg.start : seg.stop] = sound * (10 ** (level / 20) / rms) * _envelope(length, rate)
    out += 10 ** (_FLOOR_DB / 20) * noise.standard_normal(n)
    return normalise(AudioClip(out, rate), lerp(_PEAK_DB, draws.loudness))


def segments(speaker: SpeakerParams, seed: int, seconds: float, rate: int = 16000) -> list[Segment]:
    """The timeline of ``utterance(speaker, seed, seconds, rate)``, covering every sample."""
    n = _length(seconds, rate)
    return _plan(speaker, _Draws(seed, seconds), n, rate)


def pitch_track(speaker: SpeakerParams, seed: int, seconds: float, rate: int = 16000) -> np.ndarray:
    """The intonation contour (Hz, one value per sample) that ``utterance`` voices its vowels
    on, before per-period jitter: the ground truth an F0 tracker is trained against."""
    n = _length(seconds, rate)
    draws = _Draws(seed, seconds)
    return _f0_contour(speaker, _plan(speaker, draws, n, rate), draws.accent, n, rate)


def _length(seconds: float, rate: int) -> int:
    n = round(seconds * rate)
    if n < 1:
        raise ValueError(f"an utterance needs a positive length, got {seconds} s")
    return n


def _plan(speaker: SpeakerParams, draws: _Draws, n: int, rate: int) -> list[Segment]:
    plan: list[Segment] = []
    at = _add(plan, "pause", 0, lerp(_LEAD_S, draws.lead) * rate)
    end = n - _TAIL_S * rate
    syllable = word = phrase = 0
    while at < end:
        words = _pick(_PHRASE_WORDS, draws.phrase_words[phrase])
        for w in range(words):
            for _ in range(_pick(_WORD_SYLLABLES, draws.word_syllables[word])):
                at = _add_syllable(plan, at, end, speaker, draws, syllable, rate)
                syllable += 1
                if at >= end:
                    break
            word += 1
            if at >= end:
                break
            if w < words - 1:
                at = _add(plan, "gap", at, lerp(_WORD_GAP_S, draws.word_gap[word]) * rate)
        phrase += 1
        if at < end:
            at = _add(plan, "pause", at, lerp(_PAUSE_S, draws.pause[phrase]) * rate)
    plan = [seg for seg in plan if seg.start < n]
    last = plan[-1]
    plan[-1] = Segment(last.kind, last.start, min(last.stop, n), last.label)
    if plan[-1].stop < n:
        plan.append(Segment("pause", plan[-1].stop, n))
    return plan


class _Draws:
    """Every random choice of the sentence, drawn up front in fixed-length arrays whose length
    depends on the duration alone: speaker k's syllable j gets the same numbers as speaker m's."""

    def __init__(self, seed: int, seconds: float) -> None:
        most = math.ceil(seconds * RATE_SYL_S[1] * 1.5) + 8  # more syllables than can fit
        content = seeds.stream(seed, seeds.CONTENT).random((5, most))
        prosody = seeds.stream(seed, seeds.PROSODY).random((5, most))
        self.vowel, self.onset, self.consonant, self.word_syllables, self.phrase_words = content
        self.duration, self.accent, self.word_gap, self.pause = prosody[:4]
        self.lead, self.loudness = prosody[4, :2]


def _add_syllable(
    plan: list[Segment],
    at: int,
    end: float,
    speaker: SpeakerParams,
    draws: _Draws,
    j: int,
    rate: int,
) -> int:
    period = (0.75 + 0.5 * draws.duration[j]) / speaker.rate_syl_s
    onset, consonant = draws.onset[j], draws.consonant[j]
    if onset >= _ONSET_FRICATIVE:  # a stop: closure, then burst
        closure = min(max(0.2 * period, 0.03), 0.07)
        at = _add(plan, "closure", at, closure * rate)
        at = _add(plan, "burst", at, _BURST_S * rate)
        vowel_s = period - closure - _BURST_S
    elif onset >= _ONSET_NONE:
        names = [f[0] for f in _FRICATIVES] + ["h"]
        length = min(max(0.35 * period, 0.05), 0.11)
        at = _add(plan, "fricative", at, length * rate, names[int(consonant * len(names))])
        vowel_s = period - length
    else:
        vowel_s = period
    if at >= end:  # out of time after the consonant
        return at
    label = str(int(draws.vowel[j] * len(VOWELS)))
    return _add(plan, "vowel", at, min(max(vowel_s, _MIN_VOWEL_S) * rate, end - at), label)


def _add(plan: list[Segment], kind: str, at: int, length: float, label: str = "") -> int:
    stop = at + max(round(length), 1)
    plan.append(Segment(kind, at, stop, label))
    return stop


def _glottal_source(
    speaker: SpeakerParams,
    plan: list[Segment],
    draws: _Draws,
    n: int,
    rate: int,
    noise: np.random.Generator,
) -> np.ndarray:
    """Differentiated Rosenberg pulses of unit RMS plus aspiration noise."""
    f0 = _f0_contour(speaker, plan, draws.accent, n, rate)
    # Jitter: each cycle's period is stretched by its own random factor (shimmer likewise).
    cycle = (np.cumsum(f0) / rate).astype(np.int64)  # truncation is floor: phase is positive
    stretch = 1 + speaker.jitter * np.clip(noise.standard_normal(int(cycle[-1]) + 1), -3, 3)
    phase = np.cumsum(f0 / stretch[cycle]) / rate
    cycle = phase.astype(np.int64)
    shimmer = 1 + _SHIMMER_PER_JITTER * speaker.jitter * np.clip(
        noise.standard_normal(int(cycle[-1]) + 1), -3, 3
    )
    # One cycle tabulated finely, then looked up: much cheaper than two cosines per sample.
    table = _rosenberg(lerp(_OPEN_QUOTIENT, speaker.breathiness), _PULSE_TABLE)
    flow = table[((phase - cycle) * _PULSE_TABLE).astype(np.int64)] * shimmer[cycle]
    pulses = np.diff(flow, prepend=0.0)  # lip radiation differentiates the flow
    pulses /= math.sqrt(float(np.mean(pulses * pulses)))
    # Turbulence at the glottis: loudest while the folds are open, and rising 6 dB/octave (a
    # first difference), so it replaces the upper harmonics of a breathy voice but leaves the
    # low ones, which carry its pitch.
    breath = np.diff(noise.standard_normal(n + 1)) * (0.4 + 0.6 * flow)
    breath *= 10 ** (lerp(_BREATH_DB, speaker.breathiness) / 20) / math.sqrt(
        float(np.mean(breath * breath))
    )
    return pulses + breath


def _rosenberg(open_quotient: float, size: int) -> np.ndarray:
    """Glottal flow over one cycle (peak 1): a cosine rise over 65 % of the open phase, a
    quarter-cosine fall over the rest (whose sudden end is the main excitation), then closed."""
    within = np.arange(size) / size
    rising = 0.65 * open_quotient
    falling = open_quotient - rising
    flow = np.zeros(size)
    up = within < rising
    down = ~up & (within < open_quotient)
    flow[up] = 0.5 - 0.5 * np.cos(np.pi * within[up] / rising)
    flow[down] = np.cos(0.5 * np.pi * (within[down] - rising) / falling)
    return flow


def _f0_contour(
    speaker: SpeakerParams, plan: list[Segment], accents: np.ndarray, n: int, rate: int
) -> np.ndarray:
    """F0 in Hz at every sample: a fall over each phrase plus accents (one draw per vowel, in
    order), around the mean F0."""
    spoken = [seg for seg in plan if seg.kind == "vowel"]
    phrases = _phrase_spans(plan)
    centres, values = [0.0], [0.0]
    for seg, accent in zip(spoken, accents):
        centre = (seg.start + seg.stop) / 2
        first, last = next((a, b) for a, b in phrases if a <= centre <= b)
        position = (centre - first) / max(last - first, 1)
        fall = _DECLINATION * (0.5 - position)
        rise = _ACCENT * max(accent - 0.5, 0.0) * 2
        centres.append(centre)
        values.append(speaker.f0_range_st * (fall + rise))
    targets = np.asarray(values)
    if len(targets) > 1:  # the geometric mean over the vowels is the speaker's F0
        targets -= targets[1:].mean()
    # Glides between targets, not steps: a moving average on a 5 ms grid.
    hop = max(round(0.005 * rate), 1)
    grid = np.arange(0, n + hop, hop)
    semitones = np.pad(np.interp(grid, centres, targets), _GLIDE_HOPS // 2, mode="edge")
    semitones = np.convolve(semitones, np.ones(_GLIDE_HOPS) / _GLIDE_HOPS, "valid")[: len(grid)]
    # 5 Hz vibrato of 0.15 semitones: no voice holds a perfectly steady pitch.
    semitones += 0.15 * np.sin(2 * np.pi * 5.0 * grid / rate)
    return np.interp(np.arange(n), grid, speaker.f0_hz * 2 ** (semitones / 12))


def _phrase_spans(plan: list[Segment]) -> list[tuple[int, int]]:
    """(first, last) sample of each phrase: runs of segments between pauses."""
    spans, first = [], None
    for seg in plan:
        if seg.kind == "pause":
            if first is not None:
                spans.append((first, seg.start))
            first = None
        elif first is None:
            first = seg.start
    if first is not None:
        spans.append((first, plan[-1].stop))
    return spans


def _vowel(vowel: int, scale: float) -> tuple[tuple[float, float], ...]:
    freqs = (*VOWELS[vowel], *_UPPER_FORMANTS)
    return tuple((f * scale, bw) for f, bw in zip(freqs, _BANDWIDTHS))


def _next_vowel(plan: list[Segment], index: int, scale: float) -> tuple[tuple[float, float], ...]:
    label = next((s.label for s in plan[index:] if s.kind == "vowel"), "0")
    return _vowel(int(label), scale)


def _resonate(
    signal: np.ndarray, formants: tuple[tuple[float, float], ...], rate: int
) -> np.ndarray:
    """A cascade of two-pole resonators, (frequency, bandwidth) in Hz, each with unity gain at
    DC. Resonances at or above 0.45 x rate are left out rather than folded back."""
    from scipy.signal import lfilter  # scipy.signal alone takes longer to import than numpy

    # One lfilter of the multiplied-out sections: a third the time of sosfilt on these short
    # segments, and equal to 1e-12 at this order (10 poles).
    gain, poles = 1.0, np.ones(1)
    for freq, bandwidth in formants:
        if freq >= 0.45 * rate:
            continue
        r = math.exp(-math.pi * bandwidth / rate)
        section = np.array([1.0, -2 * r * math.cos(2 * math.pi * freq / rate), r * r])
        gain *= section.sum()
        poles = np.convolve(poles, section)
    return lfilter([gain], poles, signal)


def _envelope(length: int, rate: int) -> np.ndarray:
    edge = min(round(_EDGE_S * rate), length // 2)
    ramp = 0.5 - 0.5 * np.cos(np.pi * (np.arange(edge) + 0.5) / max(edge, 1))
    env = np.ones(length)
    env[:edge] = ramp
    env[length - edge :] = ramp[::-1]
    return env


def _pick(bounds: tuple[int, int], u: float) -> int:
    return bounds[0] + min(int(u * (bounds[1] - bounds[0] + 1)), bounds[1] - bounds[0])
