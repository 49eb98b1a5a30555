"""The audio front end: 24 kHz waveform <-> StarGANv2-VC's normalised log-mel (shared/specs/xfavot.md §2.7).

The paper gives 24 kHz, 80 mels, FFT 2048, hop 300 (12.5 ms). The window and the rest are SVC's
[SVC], reproduced exactly so SVC's JDC, ASR and vocoder checkpoints see the features they were
trained on: ``torchaudio.transforms.MelSpectrogram(n_mels=80, n_fft=2048, win_length=1200,
hop_length=300)`` with torchaudio's default ``sample_rate`` of 16000 (so the filterbank, built
"for 0-8 kHz", spans the whole 0-12 kHz of 24 kHz audio), power 2, HTK scale, centred frames;
then ``(ln(1e-5 + mel) + 4) / 4``.
"""

from __future__ import annotations

import numpy as np
import torch
import torchaudio

from studio.api import AudioClip, InputError
from studio.ml.audio import resample

SAMPLE_RATE = 24000
N_MELS = 80
N_FFT = 2048
WIN_LENGTH = 1200
HOP = 300
FILTERBANK_RATE = 16000  # SVC leaves torchaudio's default in place (see above)
LOG_FLOOR = 1e-5
MEAN, STD = -4.0, 4.0
# Below this peak a clip carries no voice the model could read or convert.
SILENCE_PEAK = 1e-4


def mel_transform() -> torchaudio.transforms.MelSpectrogram:
    return torchaudio.transforms.MelSpectrogram(
        sample_rate=FILTERBANK_RATE,
        n_fft=N_FFT,
        win_length=WIN_LENGTH,
        hop_length=HOP,
        n_mels=N_MELS,
    )


class MelFrontEnd(torch.nn.Module):
    """(B, N) waveform at 24 kHz -> (B, 80, 1 + N // 300) normalised log-mel."""

    def __init__(self) -> None:
        super().__init__()
        self.mel = mel_transform()

    def forward(self, wave: torch.Tensor) -> torch.Tensor:
        return (torch.log(LOG_FLOOR + self.mel(wave)) - MEAN) / STD


def denormalise(mel: torch.Tensor) -> torch.Tensor:
    """Normalised log-mel -> mel power (what a vocoder trained on other features needs)."""
    return (torch.exp(mel * STD + MEAN) - LOG_FLOOR).clamp_min(0.0)


def speech_wave(clip: AudioClip, source: str) -> torch.Tensor:
    """A mono 24 kHz waveform (N,) from any clip, or InputError naming ``source``."""
    if clip.frames == 0:
        raise InputError(source, "the recording is empty")
    mono = AudioClip(clip.samples.mean(axis=0, keepdims=True), clip.rate)
    wave = resample(mono, SAMPLE_RATE).samples[0]
    if not np.all(np.isfinite(wave)):
        raise InputError(source, "the recording holds invalid (NaN or infinite) samples")
    if float(np.max(np.abs(wave), initial=0.0)) < SILENCE_PEAK:
        raise InputError(source, "the recording is silent: there is no voice to use")
    return torch.from_numpy(np.ascontiguousarray(wave, dtype=np.float32))


def frames_multiple_of(mel: torch.Tensor, multiple: int = 4) -> tuple[torch.Tensor, int]:
    """Pad the frame axis (last) to a multiple of ``multiple`` by edge repetition; return the
    padded mel and the original frame count, so the caller can crop the result back."""
    frames = mel.shape[-1]
    extra = (-frames) % multiple
    if extra:
        mel = torch.cat([mel, mel[..., -1:].expand(*mel.shape[:-1], extra)], dim=-1)
    return mel, frames
