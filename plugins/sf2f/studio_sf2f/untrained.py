"""Randomly initialised weights of the full paper architecture, for self-tests and tests."""

from __future__ import annotations

import torch

from studio.api import ImportedWeights

from .model import SF2F, entry_config


def make(seed: int = 0) -> ImportedWeights:
    torch.manual_seed(seed)
    return ImportedWeights(
        tensors=SF2F().state_dict(),
        config=entry_config(),
        licence="none: untrained weights made by Persona Studio",
        origin=f"random initialisation, seed {seed}",
    )
