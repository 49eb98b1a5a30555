"""The networks of Wen et al. 2019 in the official repository's state_dict layout.

Layouts follow the official code (network.py), not the paper's Table 2, because the
published weights were saved from it (shared/specs/wen2019.md §7.2/7.3): 4x4 transposed convolutions in the
generator, a last voice convolution with bias and no BN/ReLU, 4x4 convolutions in the shared
discriminator/classifier trunk with no activation after the last one, bias-free linear heads.
Each network keeps its layers in an ``nn.Sequential`` called ``model`` so the keys read
``model.<index>.<name>`` exactly as in ``voice_embedding.pth`` and ``generator.pth``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

from studio.ml.settings import as_record as config_dict  # noqa: F401 (re-exported)


@dataclass(frozen=True)
class VoiceConfig:
    mel_bins: int = 64
    channels: tuple[int, ...] = (256, 384, 576, 864)
    embedding: int = 64


@dataclass(frozen=True)
class GeneratorConfig:
    embedding: int = 64
    channels: tuple[int, ...] = (1024, 512, 256, 128, 64)
    image_channels: int = 3


@dataclass(frozen=True)
class FaceConfig:
    image_channels: int = 3
    channels: tuple[int, ...] = (32, 64, 128, 256, 512)
    embedding: int = 64


class VoiceEmbedNet(nn.Module):
    """F_e: log-mel [N, 64, T] -> embedding [N, 64, 1, 1] (average over time)."""

    def __init__(self, config: VoiceConfig = VoiceConfig()) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        width = config.mel_bins
        for channels in config.channels:
            layers += [
                nn.Conv1d(width, channels, 3, 2, 1, bias=False),
                nn.BatchNorm1d(channels, affine=True),
                nn.ReLU(inplace=True),
            ]
            width = channels
        layers.append(nn.Conv1d(width, config.embedding, 3, 2, 1, bias=True))
        self.model = nn.Sequential(*layers)

    def forward(self, mel: torch.Tensor) -> torch.Tensor:
        features = self.model(mel)
        # avg_pool1d over the whole time axis, as the official forward does, so the sums
        # happen in the same order and the embedding matches it bit for bit.
        pooled = F.avg_pool1d(features, features.shape[2], stride=1)
        return pooled.view(features.shape[0], -1, 1, 1)


class Generator(nn.Module):
    """F_g: embedding [N, 64, 1, 1] -> face [N, 3, 64, 64], no output activation."""

    def __init__(self, config: GeneratorConfig = GeneratorConfig()) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        width = config.embedding
        for index, channels in enumerate(config.channels):
            if index == 0:
                layers.append(nn.ConvTranspose2d(width, channels, 4, 1, 0))
            else:
                layers.append(nn.ConvTranspose2d(width, channels, 4, 2, 1))
            layers.append(nn.ReLU(inplace=True))
            width = channels
        layers.append(nn.ConvTranspose2d(width, config.image_channels, 1, 1, 0))
        self.model = nn.Sequential(*layers)

    def forward(self, embedding: torch.Tensor) -> torch.Tensor:
        return self.model(embedding)


class FaceEmbedNet(nn.Module):
    """The trunk F_d and F_c share: face [N, 3, 64, 64] -> [N, 64, 1, 1]."""

    def __init__(self, config: FaceConfig = FaceConfig()) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        width = config.image_channels
        for index, channels in enumerate(config.channels):
            kernel, stride, padding = (1, 1, 0) if index == 0 else (4, 2, 1)
            layers += [
                nn.Conv2d(width, channels, kernel, stride, padding),
                nn.LeakyReLU(0.2, inplace=True),
            ]
            width = channels
        layers.append(nn.Conv2d(width, config.embedding, 4, 1, 0))
        self.model = nn.Sequential(*layers)

    def forward(self, face: torch.Tensor) -> torch.Tensor:
        return self.model(face)


class Classifier(nn.Module):
    """The heads on the shared trunk: D with one output (sigmoid in the loss), C with k identities."""

    def __init__(self, embedding: int = 64, outputs: int = 1) -> None:
        super().__init__()
        self.model = nn.Linear(embedding, outputs, bias=False)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return self.model(features.flatten(1))


def embed_voice(net: VoiceEmbedNet, mel: torch.Tensor) -> torch.Tensor:
    """The L2-normalised embedding the generator consumes, [N, 64, 1, 1]."""
    return F.normalize(net(mel), dim=1)
