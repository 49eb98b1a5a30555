"""The audio modules: generator G^au, style encoder E^au, discriminator D^au and classifier C.

The paper's Table 7 and Table 9 have no rows in our copy; App. G says the audio side follows
StarGANv2-VC [46]. So every layer here is SVC's [SVC], with XFaVoT's heads: E^au has K_g = 2
style heads, D^au and C have K = K_g + K_y = 130 outputs. Attribute names follow SVC
(``stem``/``encode``/``decode``/``to_out``/``F0_conv``; ``shared``/``unshared``; ``main``).

Mels are (B, 1, 80, T): height = mel bins, width = frames. "freq" pooling halves the bins
only, so G^au needs T % 4 == 0 [D].
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

from .blocks import SLOPE, AdainResBlk, ResBlk

# SVC's encoder pools both axes, then frequency only, alternately ("half", "timepreserve").
_POOLING = ("half", "freq", "half", "freq")


@dataclass(frozen=True)
class AudioConfig:
    n_mels: int = 80
    dim_in: int = 64
    max_conv_dim: int = 512
    style_dim: int = 64
    f0_channel: int = 256  # width of the JDC features fed to G^au's F0 branch (0 = no branch)
    num_genders: int = 2
    num_speakers: int = 128

    @property
    def num_domains(self) -> int:
        return self.num_genders + self.num_speakers


class AudioGenerator(nn.Module):
    """G^au(a, s, F0): normalised log-mel (B, 1, 80, T) -> converted mel of the same shape.

    ``f0`` is the frozen JDC's GAN feature (B, 256, 10, T); it is reduced by ``F0_conv``,
    pooled to the bottleneck's size and concatenated to it "at the middle of the
    intermediate blocks, as done in [46]" (App. G).
    """

    def __init__(self, config: AudioConfig = AudioConfig()) -> None:
        super().__init__()
        self.config = config
        dim_in = config.dim_in
        self.stem = nn.Conv2d(1, dim_in, 3, 1, 1)
        self.encode = nn.ModuleList()
        self.decode = nn.ModuleList()
        self.to_out = nn.Sequential(
            nn.InstanceNorm2d(dim_in, affine=True), nn.LeakyReLU(SLOPE), nn.Conv2d(dim_in, 1, 1)
        )
        dim_out = dim_in
        for pooling in _POOLING:
            dim_out = min(dim_in * 2, config.max_conv_dim)
            self.encode.append(ResBlk(dim_in, dim_out, normalize=True, downsample=pooling))
            self.decode.insert(0, AdainResBlk(dim_out, dim_in, config.style_dim, upsample=pooling))
            dim_in = dim_out
        for _ in range(2):
            self.encode.append(ResBlk(dim_out, dim_out, normalize=True))
        half_f0 = config.f0_channel // 2
        if config.f0_channel:
            self.decode.insert(0, AdainResBlk(dim_out + half_f0, dim_out, config.style_dim))
        for _ in range(2):
            width = dim_out + half_f0
            self.decode.insert(0, AdainResBlk(width, width, config.style_dim))
        if config.f0_channel:
            self.F0_conv = nn.Sequential(
                ResBlk(config.f0_channel, half_f0, normalize=True, downsample="half")
            )

    def forward(
        self, x: torch.Tensor, s: torch.Tensor, f0: torch.Tensor | None = None
    ) -> torch.Tensor:
        x = self.stem(x)
        for block in self.encode:
            x = block(x)
        if self.config.f0_channel:
            if f0 is None:
                raise ValueError("this audio generator has an F0 branch: pass the JDC features")
            f0 = F.adaptive_avg_pool2d(self.F0_conv(f0), list(x.shape[-2:]))
            x = torch.cat([x, f0], dim=1)
        for block in self.decode:
            x = block(x, s)
        return self.to_out(x)


def _trunk(config: AudioConfig) -> tuple[list[nn.Module], int]:
    """SVC: Conv3x3 1->64 -> 4 ResBlks without norm, pooling both axes -> LReLU -> Conv5x5."""
    blocks: list[nn.Module] = [nn.Conv2d(1, config.dim_in, 3, 1, 1)]
    dim_in = dim_out = config.dim_in
    for _ in range(4):
        dim_out = min(dim_in * 2, config.max_conv_dim)
        blocks.append(ResBlk(dim_in, dim_out, downsample="half"))
        dim_in = dim_out
    blocks += [nn.LeakyReLU(SLOPE), nn.Conv2d(dim_out, dim_out, 5, 1, 0)]
    return blocks, dim_out


class AudioStyleEncoder(nn.Module):
    """E^au_g(a): a mel of any length (>= ~80 frames) -> 64-d style from gender head g."""

    def __init__(self, config: AudioConfig = AudioConfig()) -> None:
        super().__init__()
        blocks, width = _trunk(config)
        blocks += [nn.AdaptiveAvgPool2d(1), nn.LeakyReLU(SLOPE)]
        self.shared = nn.Sequential(*blocks)
        self.unshared = nn.ModuleList(
            nn.Linear(width, config.style_dim) for _ in range(config.num_genders)
        )

    def forward(self, x: torch.Tensor, g: torch.Tensor) -> torch.Tensor:
        h = self.shared(x).flatten(1)
        every = torch.stack([head(h) for head in self.unshared], dim=1)
        return every[torch.arange(len(g), device=g.device), g]


class AudioDiscriminator(nn.Module):
    """D^au (and, with the same architecture, the classifier C): mel -> (B, 130) logits.

    Outputs 0-1 are the gender heads, 2.. the speaker heads. As a discriminator one head is
    picked per sample (:meth:`logit`); as the classifier C the outputs are read as a 2-class
    gender and a 128-class speaker classifier (the paper's "K_g-class and K_g-class" is a
    misprint for K_g and K_y).
    """

    def __init__(self, config: AudioConfig = AudioConfig()) -> None:
        super().__init__()
        self.config = config
        blocks, width = _trunk(config)
        blocks += [
            nn.LeakyReLU(SLOPE),
            nn.AdaptiveAvgPool2d(1),
            nn.Conv2d(width, config.num_domains, 1, 1, 0),
        ]
        self.main = nn.Sequential(*blocks)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.main(x).flatten(1)

    def logit(self, x: torch.Tensor, head: torch.Tensor) -> torch.Tensor:
        return self(x)[torch.arange(len(head), device=head.device), head]
