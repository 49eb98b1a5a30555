"""The StarGANv2-VC mel front end and the Griffin-Lim vocoder."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torchaudio

from studio.api import AudioClip, InputError
from studio_xfavot.frontend import MelFrontEnd, frames_multiple_of, speech_wave
from studio_xfavot.vocoder import GriffinLimVocoder, make_vocoder


def test_a_training_crop_of_2_473_s_gives_1_plus_n_over_hop_frames():
    n = 191 * 300 + 2048  # App. A's 192 frames uncentred = 2.473 s at 24 kHz
    mel = MelFrontEnd()(torch.randn(1, n) * 0.1)
    assert mel.shape == (1, 80, 1 + n // 300)


def test_the_mel_is_svc_s_exact_recipe():
    wave = torch.randn(1, 24000) * 0.1
    reference = torchaudio.transforms.MelSpectrogram(
        n_mels=80, n_fft=2048, win_length=1200, hop_length=300
    )(wave)
    torch.testing.assert_close(MelFrontEnd()(wave), (torch.log(1e-5 + reference) + 4) / 4)


def test_silence_gives_finite_floor_values():
    mel = MelFrontEnd()(torch.zeros(1, 24000))
    assert torch.isfinite(mel).all()
    assert float(mel.max()) == pytest.approx((np.log(1e-5) + 4) / 4)


def test_any_rate_and_channel_count_becomes_24_khz_mono():
    stereo = AudioClip(
        np.random.default_rng(0).normal(0, 0.1, (2, 44100)).astype(np.float32), 44100
    )
    assert speech_wave(stereo, "x.wav").shape == (24000,)


@pytest.mark.parametrize(
    ("clip", "reason"),
    [
        (AudioClip(np.zeros((1, 16000), np.float32), 16000), "silent"),
        (AudioClip(np.zeros((1, 0), np.float32), 16000), "empty"),
    ],
)
def test_unusable_recordings_get_a_clear_message(clip, reason):
    with pytest.raises(InputError, match=reason) as caught:
        speech_wave(clip, "take.wav")
    assert "take.wav" in str(caught.value)


def test_frames_are_padded_to_a_multiple_of_four():
    padded, frames = frames_multiple_of(torch.randn(1, 1, 80, 101))
    assert frames == 101 and padded.shape[-1] == 104


def test_griffin_lim_copy_synthesis_gives_back_the_mel():
    """Front end -> vocoder -> front end lands far closer to the input than unrelated audio."""
    t = torch.arange(24000) / 24000
    voiced = sum(0.2 / k * torch.sin(2 * torch.pi * 140 * k * t) for k in range(1, 12))[None]
    front_end = MelFrontEnd()
    mel = front_end(voiced)
    wave = GriffinLimVocoder(iterations=16)(mel)
    assert wave.shape[-1] == pytest.approx(24000, abs=300)
    again = front_end(wave[..., :24000])
    noise = front_end(torch.randn(1, 24000) * float(voiced.std()))
    frames = min(again.shape[-1], mel.shape[-1])
    error = (again[..., :frames] - mel[..., :frames]).abs().mean()
    assert error < 0.3 * (noise[..., :frames] - mel[..., :frames]).abs().mean()


def test_unknown_vocoders_are_refused_by_name():
    with pytest.raises(ValueError, match="griffin-lim"):
        make_vocoder("wavenet")
