"""Augmentation: deterministic per seed, and each effect does what it says."""

from __future__ import annotations

import numpy as np
import pytest

from studio.api import AudioClip
from studio.demodata import augment as aug
from studio.demodata import draw_speakers, utterance

RATE = 16000
TAKES = [utterance(person, 40 + person.index, 3.0) for person in draw_speakers(4, seed=9)]


def band_db(clip: AudioClip, low: float, high: float) -> float:
    """Energy (dB) of the clip between ``low`` and ``high`` Hz."""
    spectrum = np.abs(np.fft.rfft(clip.samples[0].astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(clip.frames, 1 / clip.rate)
    return 10 * np.log10(spectrum[(freqs >= low) & (freqs < high)].sum() + 1e-30)


def test_same_clip_and_seed_same_samples_and_seeds_differ():
    clip = TAKES[0]
    outs = {seed: aug.augment(clip, seed) for seed in range(12)}

    for seed, out in outs.items():
        np.testing.assert_array_equal(out.samples, aug.augment(clip, seed).samples)
        assert (out.rate, out.frames, out.samples.dtype) == (RATE, clip.frames, np.float32)
        assert np.isfinite(out.samples).all() and np.abs(out.samples).max() <= 1.0
    assert len({aug.describe(aug.choose_chain(seed)) for seed in outs}) == len(outs)


def test_chains_use_every_effect_in_the_documented_order():
    chains = [aug.choose_chain(seed) for seed in range(200)]
    order = ["reverb", "noise", "telephone", "narrowband", "codec", "gain"]
    seen = {effect.name for chain in chains for effect in chain}

    assert seen == set(order)
    for chain in chains:
        names = [effect.name for effect in chain]
        assert names == sorted(names, key=order.index) and names[-1] == "gain"
        assert not {"telephone", "narrowband"} <= set(names)


@pytest.mark.parametrize("clip", TAKES, ids=lambda c: f"{c.frames}")
def test_telephone_keeps_300_to_3400_hz_only(clip):
    phone = aug.telephone(clip)

    assert band_db(clip, 3600, 8000) - band_db(phone, 3600, 8000) > 60
    assert band_db(clip, 3400, 8000) - band_db(phone, 3400, 8000) > 10  # 3.4 kHz: the band edge
    assert band_db(clip, 0, 200) - band_db(phone, 0, 200) > 40
    assert abs(band_db(clip, 1000, 3000) - band_db(phone, 1000, 3000)) < 0.5


@pytest.mark.parametrize("clip", TAKES[:2], ids=lambda c: f"{c.frames}")
def test_8_khz_sampling_removes_everything_above_4_khz(clip):
    narrow = aug.narrowband(clip)

    assert narrow.rate == RATE and narrow.frames == clip.frames
    assert band_db(clip, 4000, 8000) - band_db(narrow, 4000, 8000) > 60
    assert abs(band_db(clip, 300, 3000) - band_db(narrow, 300, 3000)) < 0.5


@pytest.mark.parametrize("snr", [0.0, 10.0, 25.0])
@pytest.mark.parametrize("colour", aug.NOISE_COLOURS)
def test_noise_is_added_at_the_asked_snr(snr, colour):
    clip = TAKES[1]
    noisy = aug.add_noise(clip, snr, colour, seed=3)
    noise = noisy.samples.astype(np.float64) - clip.samples

    measured = 10 * np.log10(aug.active_power(clip.samples) / np.mean(noise**2))
    assert measured == pytest.approx(snr, abs=0.05)


def test_pink_and_brown_noise_tilt_down_white_is_flat():
    steady = AudioClip(0.5 * np.ones(RATE * 2, np.float32), RATE)  # sets the level only
    tilt = {}
    for colour in aug.NOISE_COLOURS:
        noise = AudioClip(aug.add_noise(steady, 0.0, colour, seed=1).samples - steady.samples, RATE)
        tilt[colour] = band_db(noise, 4000, 8000) - band_db(noise, 250, 500)

    # White: 16x the bandwidth, +12 dB; pink's -3 dB/octave cancels that; brown is lower still.
    assert tilt["white"] == pytest.approx(12.0, abs=1.0)
    assert tilt["pink"] == pytest.approx(0.0, abs=1.5)
    assert tilt["brown"] < -10


def test_reverb_adds_a_decaying_tail_and_keeps_length_and_peak():
    click = np.zeros(RATE, np.float32)
    click[1000] = 0.5
    room = aug.reverb(AudioClip(click, RATE), rt60_s=0.5, drr_db=0.0, seed=2)
    out = room.samples[0].astype(np.float64)

    assert room.frames == RATE and np.abs(out).max() == pytest.approx(0.5, rel=1e-5)
    assert np.abs(out[:1000]).max() < 1e-9  # nothing before the sound (FFT rounding only)
    # Energy 60 dB down after 0.5 s: compare 50 ms windows 0.1 s and 0.4 s in (18 dB apart).
    early = np.mean(out[1000 + 1600 : 1000 + 2400] ** 2)
    late = np.mean(out[1000 + 6400 : 1000 + 7200] ** 2)
    assert 10 * np.log10(early / late) == pytest.approx(36.0, abs=4.0)
    wet = aug.reverb(TAKES[2], rt60_s=0.8, drr_db=0.0, seed=2)
    assert wet.frames == TAKES[2].frames and not np.allclose(wet.samples, TAKES[2].samples)


@pytest.mark.parametrize("kind", aug.CODECS)
def test_codec_round_trip_is_lossy_aligned_and_deterministic(kind):
    clip = TAKES[3]
    once, twice = aug.codec(clip, kind, 0.8), aug.codec(clip, kind, 0.8)
    error = once.samples.astype(np.float64) - clip.samples

    np.testing.assert_array_equal(once.samples, twice.samples)
    assert once.frames == clip.frames
    snr = 10 * np.log10(np.mean(clip.samples.astype(np.float64) ** 2) / np.mean(error**2))
    assert 5 < snr < 45, (aug.codec_used(kind, RATE), snr)  # changed, yet still aligned


def test_a_codec_libsndfile_lacks_falls_back_to_mu_law(monkeypatch):
    import soundfile

    monkeypatch.setattr(soundfile, "available_formats", lambda: {"WAV": "WAV"})
    clip = TAKES[0]

    assert aug.codec_used("vorbis", RATE) == "mu-law"
    np.testing.assert_array_equal(aug.codec(clip, "vorbis", 0.5).samples, aug.mu_law(clip).samples)


def test_gain_scales_and_clips_at_full_scale():
    clip = TAKES[0]
    quiet, loud = aug.gain(clip, -6.0), aug.gain(clip, 20.0)

    np.testing.assert_allclose(quiet.samples, clip.samples * 10 ** (-6 / 20), rtol=1e-6)
    assert np.abs(loud.samples).max() == 1.0


def test_unknown_effect_settings_are_refused():
    with pytest.raises(ValueError, match="colour"):
        aug.add_noise(TAKES[0], 10.0, "purple", 0)
    with pytest.raises(ValueError, match="kind"):
        aug.codec(TAKES[0], "aac", 0.5)
