"""Small configurations and files the avpgan tests share (a module, not a conftest, so its name
cannot clash with another folder's)."""

from __future__ import annotations

from pathlib import Path

import torch

from studio_avpgan.networks import CriticConfig, GeneratorConfig
from studio_avpgan.restoration.gfpgan import FaceRestorer, RestorerConfig

TINY_G = GeneratorConfig(embedding=8, channels=(16, 16, 8, 8, 8), cbam_reduction=4)
TINY_CRITIC = CriticConfig(channels=(4, 8, 8, 16, 16), embedding=8, identities=4, cbam_reduction=4)
TINY_RESTORER = RestorerConfig(
    out_size=32, num_style_feat=16, channel_multiplier=1, narrow=1 / 16, num_mlp=2
)


def save_gfpgan_file(
    path: Path, config: RestorerConfig, seed: int = 0, key: str = "params_ema", fast: bool = False
) -> dict:
    """A checkpoint as GFP-GAN publishes them: ``{"params_ema": state_dict}``, random weights
    (the network's own initialisation, or plain normal noise when ``fast``: enough for layout
    checks of the 87M-parameter network, not for running it)."""
    torch.manual_seed(seed)
    if fast:
        with torch.device("meta"):
            layout = FaceRestorer(config).state_dict()
        state = {k: torch.randn(v.shape) for k, v in layout.items()}
    else:
        state = FaceRestorer(config).state_dict()
    torch.save({key: state}, path)
    return state
