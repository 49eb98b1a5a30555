"""Randomly initialised weights of the full published architecture, for self-tests and tests."""

from __future__ import annotations

import torch

from studio.api import ImportedWeights

from .layout import entry_config, join_entry
from .networks.biggan import Generator
from .networks.config import AudioConfig, GeneratorConfig
from .networks.resnets import AudioEncoder


def make(seed: int = 0) -> ImportedWeights:
    torch.manual_seed(seed)
    audio, generator = AudioEncoder(), Generator()
    return ImportedWeights(
        tensors=join_entry(audio.state_dict(), generator.state_dict()),
        config=entry_config(AudioConfig(), GeneratorConfig(), None),
        licence="none: untrained weights made by Persona Studio",
        origin=f"random initialisation, seed {seed}",
    )
