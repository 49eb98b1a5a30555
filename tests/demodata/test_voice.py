"""The synthetic voice: deterministic, fast, heard as speech, and carrying every parameter."""

from __future__ import annotations

import time
from dataclasses import replace
from itertools import pairwise

import numpy as np
import pytest
from demodata_acoustics import (
    aperiodicity,
    frame_kinds,
    intonation_span,
    pitch_track,
    syllable_rate,
    vad_decisions,
    vowel_frames,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

from studio.demodata import SpeakerParams, draw_speaker, draw_speakers, segments, utterance
from studio.ml.evaluation.formants import formant_scale, lpc_envelope

SPEECH = {"vowel", "fricative", "burst"}
MIDDLE = SpeakerParams("mid", 0, 150.0, 4.0, 16.0, 0.3, 4.5, 0.005)
# The corners of the parameter space a detector or tracker is likeliest to stumble on.
EXTREMES = [
    replace(MIDDLE, id=name, **dict(zip(("f0_hz", "vtl_cm", "breathiness", "jitter"), values)))
    for name, values in {
        "low-long-breathy-shaky": (85.0, 19.0, 1.0, 0.012),
        "high-short-breathy-shaky": (255.0, 13.0, 1.0, 0.012),
        "low-short-clear-steady": (85.0, 13.0, 0.0, 0.002),
        "high-long-clear-steady": (255.0, 19.0, 0.0, 0.002),
    }.items()
]
CORPUS = draw_speakers(40, seed=5)


@pytest.fixture(scope="module")
def takes():
    """(speaker, clip, plan) for 40 drawn speakers all saying seed 11's sentence for 6 s."""
    return [(p, utterance(p, 11, 6.0), segments(p, 11, 6.0)) for p in CORPUS]


def test_same_arguments_same_samples_and_the_seed_matters():
    a, b = utterance(MIDDLE, 3, 2.0), utterance(MIDDLE, 3, 2.0)

    np.testing.assert_array_equal(a.samples, b.samples)
    assert not np.array_equal(a.samples, utterance(MIDDLE, 4, 2.0).samples)
    assert (a.rate, a.channels, a.frames, a.samples.dtype) == (16000, 1, 32000, np.float32)


@settings(deadline=None, max_examples=25)
@given(
    index=st.integers(0, 10_000),
    seed=st.integers(0, 2**63 - 1),
    seconds=st.floats(0.3, 9.0),
)
def test_any_take_is_exactly_as_long_as_asked_peaks_below_full_scale_and_is_planned(
    index, seed, seconds
):
    person = draw_speaker(index, seed=1)
    clip = utterance(person, seed, seconds)
    plan = segments(person, seed, seconds)

    assert clip.frames == round(seconds * 16000)
    peak = np.abs(clip.samples).max()
    assert 10 ** (-6.01 / 20) <= peak <= 10 ** (-0.99 / 20)
    assert plan[0].start == 0 and plan[-1].stop == clip.frames
    assert all(a.stop == b.start and a.start < a.stop for a, b in pairwise(plan))
    assert {seg.kind for seg in plan} <= SPEECH | {"closure", "gap", "pause"}
    assert np.isfinite(clip.samples).all()


@pytest.mark.parametrize("seconds", [1 / 16000, 0.01, 0.1])
def test_takes_too_short_for_a_word_are_silence_of_the_asked_length(seconds):
    clip = utterance(MIDDLE, 0, seconds)

    assert clip.frames == round(seconds * 16000)
    assert [seg.kind for seg in segments(MIDDLE, 0, seconds)] == ["pause"]


@pytest.mark.parametrize("seconds", [0.0, -1.0, 1e-6])
def test_a_take_needs_at_least_one_sample(seconds):
    with pytest.raises(ValueError, match="positive length"):
        utterance(MIDDLE, 0, seconds)


def test_six_seconds_synthesise_well_under_100_ms():
    utterance(MIDDLE, 0, 6.0)  # imports scipy.signal
    best = min(_seconds(lambda s=seed: utterance(MIDDLE, s, 6.0)) for seed in range(5))

    assert best < 0.1


def test_one_seed_is_one_sentence_for_every_speaker():
    """Same vowels and consonants in the same order; only the timing is the speaker's."""

    def text(person):
        return [(s.kind, s.label) for s in segments(person, 8, 8.0) if s.kind in SPEECH]

    slow, fast = text(replace(MIDDLE, rate_syl_s=3.0)), text(replace(MIDDLE, rate_syl_s=6.0))

    assert len(fast) > 1.5 * len(slow)
    assert fast[: len(slow) - 1] == slow[:-1]  # the slow speaker's last sound may be cut short


@pytest.mark.parametrize("person", EXTREMES + CORPUS[:4], ids=lambda p: p.id)
def test_webrtc_vad_hears_the_speech_and_the_wen2019_pipeline_keeps_it(person):
    clip = utterance(person, 21, 6.0)
    plan = segments(person, 21, 6.0)
    voiced = vad_decisions(clip, aggressiveness=2)
    kinds = frame_kinds(plan, len(voiced))
    vowel = np.array([k == {"vowel"} for k in kinds])
    speech = np.array([bool(k & SPEECH) for k in kinds])

    assert voiced[vowel].mean() > 0.97
    assert voiced[speech].mean() > 0.9
    assert vowel.mean() > 0.35  # and there is plenty of it

    features = pytest.importorskip("studio_wen2019.features")
    kept = features.voiced_samples(features.to_pcm16(clip.samples[0]), 16000, 2)
    assert len(kept) >= sum(s.stop - s.start for s in plan if s.kind in SPEECH)


def test_estimated_pitch_tracks_mean_f0(takes):
    estimates = [np.exp(np.median(np.log(pitch_track(vowel_frames(c, p))))) for _, c, p in takes]
    truth = [person.f0_hz for person, _, _ in takes]

    assert spearmanr(estimates, truth)[0] >= 0.95
    np.testing.assert_allclose(estimates, truth, rtol=0.06)


def test_pitch_movement_tracks_the_intonation_range(takes):
    spans = [intonation_span(pitch_track(vowel_frames(c, p))) for _, c, p in takes]

    assert spearmanr(spans, [person.f0_range_st for person, _, _ in takes])[0] >= 0.85


def test_spectral_envelope_scales_with_one_over_vtl(takes):
    """The formant pattern, matched against a 16 cm speaker saying the same sentence, is
    stretched in frequency by 16 / VTL."""
    reference = lpc_envelope(vowel_frames(utterance(MIDDLE, 11, 6.0), segments(MIDDLE, 11, 6.0)))
    scales = [formant_scale(lpc_envelope(vowel_frames(c, p)), reference) for _, c, p in takes]
    expected = [MIDDLE.vtl_cm / person.vtl_cm for person, _, _ in takes]

    assert spearmanr(scales, expected)[0] >= 0.95
    np.testing.assert_allclose(scales, expected, rtol=0.06)


def test_breath_noise_tracks_breathiness(takes):
    noise = [aperiodicity(vowel_frames(c, p)) for _, c, p in takes]

    assert spearmanr(noise, [person.breathiness for person, _, _ in takes])[0] >= 0.85


def test_loudness_peaks_track_the_speaking_rate(takes):
    rates = [syllable_rate(c) for _, c, _ in takes]

    assert spearmanr(rates, [person.rate_syl_s for person, _, _ in takes])[0] >= 0.85


def _seconds(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start
