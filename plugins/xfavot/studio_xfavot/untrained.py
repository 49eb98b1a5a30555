"""Randomly initialised weights of the paper's full configuration, for self-tests and tests."""

from __future__ import annotations

import torch

from studio.api import ImportedWeights

from .model import XFaVoTConfig, build, entry_tensors
from .networks.blocks import he_init


def make(seed: int = 0, config: XFaVoTConfig | None = None) -> ImportedWeights:
    config = config or XFaVoTConfig()
    torch.manual_seed(seed)
    modules = build(config)
    for role, module in modules.named().items():
        if role != "f0":  # JDC keeps its own init; XFaVoT's modules use He init (App. A)
            module.apply(he_init)
    return ImportedWeights(
        tensors=entry_tensors(modules),
        config=config.to_dict(),
        licence="none: untrained weights made by Persona Studio",
        origin=f"random initialisation, seed {seed}",
    )
