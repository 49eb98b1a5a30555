"""The voice labeller: it reads the synthesiser's speakers back, and espeak-ng voices of set
pitch at the F0 an independent estimator (the cepstrum) hears in them."""

from __future__ import annotations

import math
import shutil

import numpy as np
import pytest

from studio.audio.io import write_audio
from studio.demodata import draw_speakers, utterance
from studio.demodata.espeak_voices import EspeakVoice, render
from studio.demodata.speakers import BREATHINESS, F0_HZ, JITTER, VTL_CM
from studio.demodata.voice_label import (
    CALIBRATION,
    label_file,
    label_voice,
    measure_voice,
)
from studio.demodata.voice_label_fit import agreement, fit_calibration

RATE = 16000
PEOPLE = draw_speakers(30, seed=12)
needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"
)


@pytest.fixture(scope="module")
def measured():
    """(speaker, raw measures) for 30 drawn speakers, one 4 s take each."""
    return [(p, measure_voice(utterance(p, 300 + p.index, 4.0).samples, RATE)) for p in PEOPLE]


def test_mean_f0_of_synthetic_speakers_within_5_percent(measured):
    for person, m in measured:
        assert m.f0_hz == pytest.approx(person.f0_hz, rel=0.05), person.id


def test_labels_rank_synthetic_speakers_as_drawn(measured):
    figures = agreement(measured)

    # Measured on these 30 speakers: F0 1.00, VTL 0.98, breathiness 0.96, jitter 0.87.
    assert figures["f0_hz"]["spearman"] >= 0.98
    assert figures["vtl_cm"]["spearman"] >= 0.93
    assert figures["breathiness"]["spearman"] >= 0.9
    assert figures["jitter"]["spearman"] >= 0.7
    assert figures["vtl_cm"]["median_error"] < 0.03  # relative
    assert figures["breathiness"]["median_error"] < 0.12  # on the 0..1 scale


def test_calibration_refitted_on_other_speakers_agrees_with_the_constants(measured):
    """The constants in voice_label were fitted on this synthesiser: a fit on other speakers
    maps the raw measures to nearly the same labels (so a change to the synthesiser that
    needs a refit shows here)."""
    refit = fit_calibration(measured)
    for name, raw in [
        ("vtl_cm", [20.0, 16.0, 13.0]),  # uniform-tube cm
        ("breathiness", [12.0, 3.0, -6.0]),  # HNR dB
    ]:
        now = [CALIBRATION[name][0] * r + CALIBRATION[name][1] for r in raw]
        again = [refit[name][0] * r + refit[name][1] for r in raw]
        np.testing.assert_allclose(again, now, atol=0.6 if name == "vtl_cm" else 0.12)


def test_labels_stay_in_the_corpus_ranges(measured):
    label = label_voice(utterance(PEOPLE[0], 1, 3.0).samples, RATE)
    person = label.to_speaker("rec000", 7)

    assert F0_HZ[0] <= person.f0_hz <= F0_HZ[1]
    assert VTL_CM[0] <= person.vtl_cm <= VTL_CM[1]
    assert BREATHINESS[0] <= person.breathiness <= BREATHINESS[1]
    assert JITTER[0] <= person.jitter <= JITTER[1]
    assert (person.id, person.index) == ("rec000", 7)


def test_any_rate_and_channels_give_the_same_label():
    clip = utterance(PEOPLE[3], 5, 3.0)
    from scipy.signal import resample_poly

    at_44k = resample_poly(clip.samples[0].astype(np.float64), 441, 160)
    stereo = np.stack([at_44k, at_44k])
    a, b = label_voice(clip.samples, RATE), label_voice(stereo, 44100)

    assert b.f0_hz == pytest.approx(a.f0_hz, rel=0.01)
    assert b.vtl_cm == pytest.approx(a.vtl_cm, rel=0.03)


def test_files_that_cannot_be_labelled_are_named(tmp_path):
    silent, short, broken = tmp_path / "silent.wav", tmp_path / "short.wav", tmp_path / "x.wav"
    from studio.api import AudioClip

    write_audio(silent, AudioClip(np.zeros(RATE * 2, np.float32), RATE))
    write_audio(short, utterance(PEOPLE[0], 1, 0.3))
    broken.write_bytes(b"RIFF....WAVEfmt nothing else")
    noise = tmp_path / "noise.wav"
    rng = np.random.default_rng(0)
    write_audio(noise, AudioClip(0.3 * rng.standard_normal(RATE * 2).astype(np.float32), RATE))

    for path, reason in [
        (silent, "silent"),
        (short, "too short"),
        (broken, "cannot read"),
        (noise, "voiced"),
        (tmp_path / "absent.wav", "cannot read"),
    ]:
        with pytest.raises(ValueError, match=reason) as caught:
            label_file(path)
        assert str(path) in str(caught.value)


def test_a_file_is_labelled_like_its_samples(tmp_path):
    clip = utterance(PEOPLE[5], 2, 3.0)
    path = tmp_path / "take.flac"
    write_audio(path, clip)

    assert label_file(path).f0_hz == pytest.approx(label_voice(clip.samples, RATE).f0_hz, rel=0.005)


# --- espeak-ng voices of set pitch --------------------------------------------------------

# Lower and higher variants at pitches from -p 0 to 99, in four languages.
SET_PITCH = [
    EspeakVoice(language, variant, pitch, 160)
    for language, variant, pitches in [
        ("en", "m3", (0, 50, 99)),
        ("de", "klatt", (20, 70)),
        ("fr", "f2", (0, 50, 90)),
        ("es", "Annie", (10, 60)),
        ("it", "m1", (40, 80)),
    ]
    for pitch in pitches
]
SENTENCE = "We were away a year ago, and many people sang all evening in the rain."


def cepstral_f0(x: np.ndarray) -> float:
    """Mean F0 by the cepstrum (Noll 1967): the quefrency of the largest peak of the real
    cepstrum in 2.5-16 ms (60-400 Hz) of 64 ms Hann frames, median over the frames whose
    peak stands out most (the upper half): a different principle from the labeller's YIN."""
    size, hop = 1024, 160
    frames = np.lib.stride_tricks.sliding_window_view(x, size)[::hop]
    frames = frames[(frames**2).sum(axis=1) > 1e-4 * (frames**2).sum(axis=1).max()]
    spectra = np.log(np.abs(np.fft.rfft(frames * np.hanning(size), 2 * size)) + 1e-9)
    cepstra = np.fft.irfft(spectra)[:, : RATE // 60]
    lo = RATE // 400
    peaks = lo + np.argmax(cepstra[:, lo:], axis=1)
    strength = cepstra[np.arange(len(peaks)), peaks]
    clear = strength >= np.median(strength)
    return float(np.median(RATE / peaks[clear]))


@pytest.fixture(scope="module")
def espeak_f0():
    """(setting, labeller's F0, cepstral F0) for every set pitch."""
    out = []
    for voice in SET_PITCH:
        clip = render(voice, SENTENCE)
        label = label_voice(clip.samples, RATE)
        out.append((voice, label.measured.f0_hz, cepstral_f0(clip.samples[0].astype(float))))
    return out


@needs_espeak
def test_espeak_voices_of_set_pitch_are_measured_within_10_percent(espeak_f0):
    for voice, measured, independent in espeak_f0:
        assert measured == pytest.approx(independent, rel=0.10), voice.key


@needs_espeak
def test_espeak_pitch_setting_raises_the_measured_f0_by_the_same_factor_for_every_voice(
    espeak_f0,
):
    """espeak-ng scales a voice's base pitch by a factor of -p: so F0 rises with -p, and the
    ratio between two settings is the same whichever voice (measured: p 0 / p 50 = 0.66,
    p 99 / p 50 = 1.68)."""
    f0 = {(v.variant, v.pitch): measured for v, measured, _ in espeak_f0}
    for variant in ("m3", "klatt", "f2", "Annie", "m1"):
        series = [f0[key] for key in sorted(f0) if key[0] == variant]
        assert series == sorted(series), variant
    low = [f0["m3", 0] / f0["m3", 50], f0["f2", 0] / f0["f2", 50]]
    assert low[0] == pytest.approx(low[1], rel=0.05)
    assert math.log(f0["m3", 99] / f0["m3", 50]) == pytest.approx(0.52, abs=0.08)
    assert math.log(f0["f2", 90] / f0["f2", 50]) == pytest.approx(0.45, abs=0.08)
