"""The whole SF2F generator (encoder, fuser, decoder) in the model store's key layout.

Keys read ``encoder.*``, ``fuser.*`` and ``decoder.*``; the entry's ``config.json`` holds each
part's hyper-parameters and the audio front-end's (``features``).
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from .features import FeatureConfig
from .networks import (
    AttentionFuser,
    DecoderConfig,
    EncoderConfig,
    FaceDecoder,
    FuserConfig,
    VoiceEncoder,
    config_dict,
    config_from,
)

ARCHITECTURE = "sf2f"


class SF2F(nn.Module):
    def __init__(
        self,
        encoder: EncoderConfig = EncoderConfig(),
        fuser: FuserConfig = FuserConfig(),
        decoder: DecoderConfig = DecoderConfig(),
    ) -> None:
        super().__init__()
        self.encoder = VoiceEncoder(encoder)
        self.fuser = AttentionFuser(fuser)
        self.decoder = FaceDecoder(decoder)

    def embed_segments(self, mels: torch.Tensor) -> torch.Tensor:
        """[N, T, 40, frames] -> e [N, T, d]."""
        n, t = mels.shape[:2]
        return self.encoder(mels.flatten(0, 1)).reshape(n, t, -1)


def entry_config(
    encoder: EncoderConfig = EncoderConfig(),
    decoder: DecoderConfig = DecoderConfig(),
    features: FeatureConfig = FeatureConfig(),
    fuser_normalize: bool = True,
) -> dict[str, Any]:
    return {
        "architecture": ARCHITECTURE,
        "encoder": config_dict(encoder),
        "fuser": config_dict(FuserConfig(encoder.embedding, fuser_normalize)),
        "decoder": config_dict(decoder),
        "features": features.as_dict(),
    }


def from_config(config: dict[str, Any]) -> tuple[SF2F, FeatureConfig]:
    model = SF2F(
        config_from(EncoderConfig, config["encoder"]),
        config_from(FuserConfig, config["fuser"]),
        config_from(DecoderConfig, config["decoder"]),
    )
    return model, FeatureConfig.from_dict(config["features"])


def layout(config: dict[str, Any]) -> dict[str, tuple[int, ...]]:
    with torch.device("meta"):
        model, _ = from_config(config)
    return {key: tuple(value.shape) for key, value in model.state_dict().items()}
