"""Randomly initialised weights of the paper-size networks, for self-tests and tests: the
V2F-size voice encoder and G (with CBAM and spectral norm) and a restorer in GFP-GAN v1.4's
published layout."""

from __future__ import annotations

import torch

from studio.api import ImportedWeights
from studio_wen2019.networks import VoiceConfig, VoiceEmbedNet

from .layout import entry_config, join_entry
from .networks import Generator, GeneratorConfig
from .restoration.gfpgan import FaceRestorer, RestorerConfig


def make(seed: int = 0) -> ImportedWeights:
    torch.manual_seed(seed)
    voice, generator, restorer = VoiceEmbedNet(), Generator(), FaceRestorer()
    return ImportedWeights(
        tensors=join_entry(
            voice=voice.state_dict(),
            generator=generator.state_dict(),
            restorer=restorer.state_dict(),
        ),
        config=entry_config(VoiceConfig(), GeneratorConfig(), RestorerConfig()),
        licence="none: untrained weights made by Persona Studio",
        origin=f"random initialisation, seed {seed}",
    )
