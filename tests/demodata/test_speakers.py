"""Synthetic speakers: drawn from (seed, index) alone, within range, and separately learnable."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

from studio.demodata import SpeakerParams, draw_speaker, draw_speakers, speaker_id
from studio.demodata.speakers import (
    BREATHINESS,
    F0_HZ,
    F0_RANGE_ST,
    JITTER,
    RATE_SYL_S,
    VTL_CM,
)

RANGES = {
    "f0_hz": F0_HZ,
    "f0_range_st": F0_RANGE_ST,
    "vtl_cm": VTL_CM,
    "breathiness": BREATHINESS,
    "rate_syl_s": RATE_SYL_S,
    "jitter": JITTER,
}


def test_ids_are_stable_and_zero_padded():
    people = draw_speakers(12, seed=3)

    assert [p.id for p in people[:2]] == ["spk0000", "spk0001"]
    assert people[7].id == "spk0007" == speaker_id(7)
    assert [p.index for p in people] == list(range(12))


def test_a_speaker_depends_on_seed_and_index_only():
    assert draw_speakers(5, seed=1) == draw_speakers(40, seed=1)[:5]
    assert draw_speakers(40, seed=1)[33] == draw_speaker(33, seed=1)
    assert draw_speaker(3, seed=1) != draw_speaker(3, seed=2)
    assert draw_speaker(3, seed=1) != draw_speaker(4, seed=1)


@settings(deadline=None, max_examples=200)
@given(seed=st.integers(0, 2**63 - 1), index=st.integers(0, 99_999))
def test_every_parameter_is_in_range_and_round_trips(seed, index):
    person = draw_speaker(index, seed)

    for name, (low, high) in RANGES.items():
        assert low <= getattr(person, name) <= high, name
    assert 0 <= person.f0_position <= 1 and 0 <= person.vtl_position <= 1
    assert person.formant_scale == 17.5 / person.vtl_cm
    assert SpeakerParams.from_dict(person.to_dict()) == person


def test_population_spans_the_ranges_with_two_pitch_registers():
    people = draw_speakers(2000, seed=0)
    values = {name: np.array([getattr(p, name) for p in people]) for name in RANGES}

    for name, (low, high) in RANGES.items():
        span = high - low
        assert values[name].min() < low + 0.1 * span, name
        assert values[name].max() > high - 0.1 * span, name
    f0 = values["f0_hz"]
    assert 0.4 < np.mean(f0 < 150) < 0.6  # a low and a high register, about equally common
    # ...with few voices between them: bimodal, like adult male and female speech.
    assert np.mean((f0 > 140) & (f0 < 155)) < np.mean((f0 > 100) & (f0 < 115))
    # Log-scale spread: an octave and a half between the extremes.
    assert math.log2(np.percentile(f0, 99) / np.percentile(f0, 1)) > 1.3


def test_vtl_and_f0_are_only_weakly_related():
    people = draw_speakers(2000, seed=0)
    rho = spearmanr([p.vtl_cm for p in people], [p.f0_hz for p in people])[0]

    assert -0.35 < rho < -0.05  # low voices tend to longer tracts, but only a little


def test_the_face_parameters_are_mutually_independent_otherwise():
    people = draw_speakers(2000, seed=0)
    breath = [p.breathiness for p in people]

    for other in ("f0_hz", "vtl_cm"):
        assert abs(spearmanr(breath, [getattr(p, other) for p in people])[0]) < 0.1
