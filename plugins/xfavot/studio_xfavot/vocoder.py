"""Vocoders: normalised log-mel (B, 80, T) -> 24 kHz waveform. Swappable by name.

* ``griffin-lim`` (default, no weights): the mel is de-normalised, mapped back to a linear
  power spectrogram through the same (16 kHz-labelled) torchaudio filterbank by the
  minimum-norm least-squares solution (what ``InverseMelScale`` computes per call, here one
  precomputed pseudo-inverse), and phase-reconstructed with ``torchaudio.transforms.GriffinLim``
  at SVC's FFT/window/hop.
* ``parallel-wavegan``: the paper's vocoder [80], from StarGANv2-VC's 24 kHz checkpoint once
  imported (``xfavot`` importer ``svc-vocoder``). It takes the normalised log-mel directly,
  as SVC trained it. Our own implementation of the generator (``networks/pwg.py``) instead of
  the ``parallel_wavegan`` package: that package pulls librosa, tensorboardX, h5py and more for
  what is 100 lines of inference.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

import torch
import torchaudio

from studio.api import WeightsError

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


class ParallelWaveGANVocoder:
    name = "parallel-wavegan"

    def __init__(self, entry: Path) -> None:
        from studio.ml.checkpoint import load_safetensors

        from .networks.pwg import ParallelWaveGAN, PWGConfig

        config = json.loads((entry / "config.json").read_text())["pwg"]
        self.net = ParallelWaveGAN(
            PWGConfig(**{**config, "upsample_scales": tuple(config["upsample_scales"])})
        ).eval()
        tensors = load_safetensors(entry / "model.safetensors")
        self.net.load_state_dict({k[len("vocoder.") :]: v for k, v in tensors.items()})

    def __call__(self, mel: torch.Tensor) -> torch.Tensor:
        with torch.inference_mode():
            return self.net.synthesise(mel.float())


VOCODERS = ("griffin-lim", "parallel-wavegan")


def find_vocoder_entry(model_directory: Path) -> Path | None:
    """An imported vocoder entry next to the model's own entry in the model store."""
    for candidate in sorted(Path(model_directory).parent.iterdir()):
        config = candidate / "config.json"
        if config.is_file() and (candidate / "model.safetensors").is_file():
            data = json.loads(config.read_text())
            if data.get("architecture") == "xfavot-aux" and data.get("role") == "vocoder":
                return candidate
    return None


def make_vocoder(name: str, model_directory: Path | None = None) -> Vocoder:
    if name == "griffin-lim":
        return GriffinLimVocoder()
    if name == "parallel-wavegan":
        entry = find_vocoder_entry(model_directory) if model_directory else None
        if entry is None:
            raise WeightsError(
                "no Parallel WaveGAN vocoder in the model store: import StarGANv2-VC's "
                "checkpoint with the xfavot 'svc-vocoder' importer, or choose griffin-lim"
            )
        return ParallelWaveGANVocoder(entry)
    raise ValueError(f"unknown vocoder {name!r}; available: {', '.join(VOCODERS)}")
