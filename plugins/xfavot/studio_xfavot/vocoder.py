"""Vocoders: normalised log-mel (B, 80, T) -> 24 kHz waveform. Swappable by name.

* ``griffin-lim`` (default, no weights): the mel is de-normalised, mapped back to a linear
  power spectrogram through the same (16 kHz-labelled) torchaudio filterbank by the
  minimum-norm least-squares solution (what ``InverseMelScale`` computes per call, here one
  precomputed pseudo-inverse), and phase-reconstructed with ``torchaudio.transforms.GriffinLim``
  at SVC's FFT/window/hop.
* The paper's Parallel WaveGAN [80] needs the StarGANv2-VC 24 kHz checkpoint; not wired yet.
"""

from __future__ import annotations

from typing import Protocol

import torch
import torchaudio

from .frontend import FILTERBANK_RATE, HOP, N_FFT, N_MELS, WIN_LENGTH, denormalise

GRIFFIN_LIM_ITERATIONS = 32


class Vocoder(Protocol):
    name: str

    def __call__(self, mel: torch.Tensor) -> torch.Tensor: ...


class GriffinLimVocoder:
    name = "griffin-lim"

    def __init__(self, iterations: int = GRIFFIN_LIM_ITERATIONS) -> None:
        filterbank = torchaudio.functional.melscale_fbanks(
            N_FFT // 2 + 1, 0.0, FILTERBANK_RATE / 2, N_MELS, FILTERBANK_RATE
        )  # (freqs, mels): the front end's own filterbank
        self.inverse = torch.linalg.pinv(filterbank.T)  # (freqs, mels)
        self.griffin_lim = torchaudio.transforms.GriffinLim(
            n_fft=N_FFT,
            win_length=WIN_LENGTH,
            hop_length=HOP,
            power=2.0,
            n_iter=iterations,
            rand_init=False,  # deterministic output for a given mel
        )

    def __call__(self, mel: torch.Tensor) -> torch.Tensor:
        power = torch.relu(self.inverse @ denormalise(mel.float()))
        return self.griffin_lim(power)


VOCODERS = {"griffin-lim": GriffinLimVocoder}


def make_vocoder(name: str) -> Vocoder:
    if name not in VOCODERS:
        raise ValueError(f"unknown vocoder {name!r}; available: {', '.join(VOCODERS)}")
    return VOCODERS[name]()
