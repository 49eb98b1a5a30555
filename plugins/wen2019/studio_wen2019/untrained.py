"""Randomly initialised weights of the full official architecture, for self-tests and tests."""

from __future__ import annotations

import torch

from studio.api import ImportedWeights

from .importer import entry_config
from .layout import join_entry
from .networks import Generator, VoiceEmbedNet


def make(seed: int = 0) -> ImportedWeights:
    torch.manual_seed(seed)
    voice, generator = VoiceEmbedNet(), Generator()
    return ImportedWeights(
        tensors=join_entry(voice.state_dict(), generator.state_dict()),
        config=entry_config(),
        licence="none: untrained weights made by Persona Studio",
        origin=f"random initialisation, seed {seed}",
    )
