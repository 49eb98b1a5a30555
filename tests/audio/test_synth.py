"""Synthetic test signals: deterministic, and speech-like enough for a voice detector."""

from __future__ import annotations

import numpy as np
import pytest
import webrtcvad

from studio.audio import AudioClip, noise, silence, speech_like, tone

FRAME = 320  # 20 ms at 16 kHz, one of the frame sizes WebRTC VAD accepts


def voiced_frames(clip: AudioClip) -> np.ndarray:
    """WebRTC VAD's verdict (aggressiveness 2) for each whole 20 ms frame of a 16 kHz clip."""
    vad = webrtcvad.Vad(2)
    pcm = (np.clip(clip.samples[0], -1, 1) * 32767).astype("<i2")
    return np.array(
        [
            vad.is_speech(pcm[i : i + FRAME].tobytes(), 16000)
            for i in range(0, len(pcm) - FRAME + 1, FRAME)
        ]
    )


def frame_rms(clip: AudioClip) -> np.ndarray:
    whole = clip.frames // FRAME * FRAME
    return np.sqrt(np.mean(clip.samples[0, :whole].reshape(-1, FRAME) ** 2, axis=1))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("f0", [100.0, 120.0, 220.0])
def test_speech_like_is_detected_as_speech_in_syllables_only(seed, f0):
    clip = speech_like(8.0, seed=seed, f0=f0)
    voiced = voiced_frames(clip)
    rms = frame_rms(clip)
    syllable = rms > 0.1 * rms.max()

    assert voiced[syllable].mean() > 0.9
    assert voiced.mean() < 0.9  # the pauses are heard as pauses
    assert 0.4 < syllable.mean() < 0.85


def test_speech_like_has_about_four_syllables_a_second():
    rms = frame_rms(speech_like(10.0))
    onsets = np.count_nonzero(np.diff((rms > 0.1 * rms.max()).astype(int)) == 1)

    assert 30 <= onsets <= 50


def test_speech_like_is_deterministic_and_seeded():
    a, b, c = speech_like(2.0, seed=3), speech_like(2.0, seed=3), speech_like(2.0, seed=4)

    np.testing.assert_array_equal(a.samples, b.samples)
    assert not np.array_equal(a.samples, c.samples)
    assert (a.rate, a.channels, a.frames) == (16000, 1, 32000)
    assert np.abs(a.samples).max() == pytest.approx(0.5)


def test_speech_like_pitch_follows_f0():
    """The lowest strong spectral peak is the fundamental, within the vibrato's reach."""
    clip = speech_like(4.0, f0=150.0)
    spectrum = np.abs(np.fft.rfft(clip.samples[0]))
    freqs = np.fft.rfftfreq(clip.frames, 1 / clip.rate)
    band = (freqs > 50) & (freqs < 400)
    strong = freqs[band][spectrum[band] > 0.3 * spectrum[band].max()]

    assert 135 < strong.min() < 165


@pytest.mark.parametrize(
    "quiet", [silence(3.0), noise(3.0, amplitude=0.003), noise(3.0, seed=7, amplitude=0.003)]
)
def test_silence_and_low_noise_are_not_speech(quiet):
    assert voiced_frames(quiet).mean() < 0.05


def test_tone(dominant_frequency):
    clip = tone(440.0, 1.0, rate=22050, amplitude=0.3)

    assert (clip.rate, clip.frames) == (22050, 22050)
    assert np.abs(clip.samples).max() == pytest.approx(0.3, rel=1e-3)
    assert dominant_frequency(clip) == pytest.approx(440, abs=1)


def test_noise_is_bounded_seeded_and_white():
    clip = noise(2.0, rate=16000, seed=5, amplitude=0.2)

    assert np.abs(clip.samples).max() <= 0.2
    np.testing.assert_array_equal(
        clip.samples, noise(2.0, rate=16000, seed=5, amplitude=0.2).samples
    )
    spectrum = np.abs(np.fft.rfft(clip.samples[0])) ** 2
    low, high = spectrum[1 : len(spectrum) // 2].mean(), spectrum[len(spectrum) // 2 :].mean()
    assert low == pytest.approx(high, rel=0.1)


def test_silence():
    clip = silence(0.5, rate=8000)

    assert clip.frames == 4000 and not clip.samples.any()
