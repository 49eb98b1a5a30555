"""Randomly initialised weights of the full paper architecture, for self-tests and tests: the
multi-resolution decoder, so both 64x64 and 128x128 run end to end."""

from __future__ import annotations

import torch

from studio.api import ImportedWeights

from .model import SF2F, entry_config
from .networks import DecoderConfig, EncoderConfig, FuserConfig


def make(seed: int = 0) -> ImportedWeights:
    torch.manual_seed(seed)
    decoder = DecoderConfig(resolutions=(64, 128))
    return ImportedWeights(
        tensors=SF2F(EncoderConfig(), FuserConfig(), decoder).state_dict(),
        config=entry_config(decoder=decoder),
        licence="none: untrained weights made by Persona Studio",
        origin=f"random initialisation, seed {seed}",
    )
