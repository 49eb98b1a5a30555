"""AVP-GAN's face generator G and its critic (D and C), shared/specs/avpgan.md §2.5-2.6.

The paper fixes the kinds of layers, where spectral normalisation sits and that CBAMs are
inserted; the layer tables were figures lost in the published text, so the channel and kernel
sizes are the Voice2Face reference defaults it extends [V2F]. Placement and reduction ratio of
the CBAMs are configurable: by default one after every intermediate activation of G and of the
critic trunk (Algorithm 1 applies CBAM to both). ``cbam_after=()`` is the ablation's "no CBAM".

The voice encoder is wen2019's ``VoiceEmbedNet`` (the same V2F encoder, frozen in AVP-GAN).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn.utils import parametrizations

from studio.ml.settings import as_record as config_dict  # noqa: F401 (re-exported)
from studio.ml.settings import from_record as config_from  # noqa: F401 (re-exported)

from .cbam import CBAM

ALL_INTERMEDIATE = (1, 2, 3, 4, 5)  # layer numbers (1-based) followed by an activation


@dataclass(frozen=True)
class GeneratorConfig:
    embedding: int = 64
    channels: tuple[int, ...] = (1024, 512, 256, 128, 64)
    image_channels: int = 3
    spectral_norm_layers: tuple[int, ...] = (2, 3, 4, 5)  # [P] "layers 2-5"
    cbam_after: tuple[int, ...] = ALL_INTERMEDIATE
    cbam_reduction: int = 16
    tanh: bool = False  # [U]; V2F has no output activation and clamps for display


@dataclass(frozen=True)
class CriticConfig:
    image_channels: int = 3
    channels: tuple[int, ...] = (32, 64, 128, 256, 512)
    embedding: int = 64
    identities: int = 924  # Table 3's training identities
    spectral_norm_layers: tuple[int, ...] = (2, 3, 4, 5)  # [P] all but the first and last
    cbam_after: tuple[int, ...] = ALL_INTERMEDIATE
    cbam_reduction: int = 16
    slope: float = 0.2


def _normalised(layer: nn.Module, number: int, wanted: tuple[int, ...]) -> nn.Module:
    if number not in wanted:
        return layer
    # The largest singular value is taken over the output channels: dim 1 for a transposed conv.
    dim = 1 if isinstance(layer, nn.ConvTranspose2d) else 0
    return parametrizations.spectral_norm(layer, dim=dim)


class Generator(nn.Module):
    """G: embedding [N, D, 1, 1] -> face [N, 3, 64, 64] through 4/8/16/32/64 px."""

    def __init__(self, config: GeneratorConfig = GeneratorConfig()) -> None:
        super().__init__()
        self.config = config
        layers: list[nn.Module] = []
        width = config.embedding
        for index, channels in enumerate(config.channels):
            number = index + 1
            stride, padding = (1, 0) if index == 0 else (2, 1)
            conv = nn.ConvTranspose2d(width, channels, 4, stride, padding)
            layers += [_normalised(conv, number, config.spectral_norm_layers), nn.ReLU(True)]
            if number in config.cbam_after:
                layers.append(CBAM(channels, config.cbam_reduction))
            width = channels
        last = nn.ConvTranspose2d(width, config.image_channels, 1, 1, 0)  # no ReLU after it
        layers.append(_normalised(last, len(config.channels) + 1, config.spectral_norm_layers))
        if config.tanh:
            layers.append(nn.Tanh())
        self.model = nn.Sequential(*layers)

    def forward(self, embedding: torch.Tensor) -> torch.Tensor:
        return self.model(embedding)


class Critic(nn.Module):
    """D and C on one convolutional trunk: face -> (real/fake logit [N], identity logits [N, T])."""

    def __init__(self, config: CriticConfig = CriticConfig()) -> None:
        super().__init__()
        self.config = config
        layers: list[nn.Module] = []
        width = config.image_channels
        for index, channels in enumerate(config.channels):
            number = index + 1
            kernel, stride, padding = (1, 1, 0) if index == 0 else (4, 2, 1)
            conv = nn.Conv2d(width, channels, kernel, stride, padding)
            layers += [
                _normalised(conv, number, config.spectral_norm_layers),
                nn.LeakyReLU(config.slope, True),
            ]
            if number in config.cbam_after:
                layers.append(CBAM(channels, config.cbam_reduction))
            width = channels
        last = nn.Conv2d(width, config.embedding, 4, 1, 0)  # 4x4 -> 1x1, no activation
        layers.append(_normalised(last, len(config.channels) + 1, config.spectral_norm_layers))
        self.trunk = nn.Sequential(*layers)
        self.real = nn.Linear(config.embedding, 1, bias=False)
        self.identity = nn.Linear(config.embedding, config.identities, bias=False)

    def forward(self, face: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        features = self.trunk(face).flatten(1)
        return self.real(features).squeeze(1), self.identity(features)
