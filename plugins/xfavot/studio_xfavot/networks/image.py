"""The image modules: generator G^im (Table 6) and the shared trunk of E^im and D^im (Table 8).

Where the paper defers to StarGAN v2 [SG2] the choice is marked. Attribute names follow SG2
(``from_rgb``, ``encode``, ``decode``, ``to_rgb``; ``shared``/``unshared``; ``main``) so that a
StarGAN v2-layout state dict maps key for key.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from .blocks import SLOPE, AdainResBlk, ResBlk


@dataclass(frozen=True)
class ImageConfig:
    img_size: int = 128
    dim_in: int = 128  # Table 6: the 1x1 stem gives 128 channels at 128x128
    max_conv_dim: int = 512
    style_dim: int = 64
    num_genders: int = 2  # K_g: heads of E^im and D^im
    # Table 6/8 print Conv1x1 for the RGB stem; SG2's code uses 3x3. Table wins by default.
    stem_kernel: int = 1
    # Table 6: four down, two IN middle, two AdaIN middle, four up. SG2's size rule without the
    # high-pass skip would give 3 at 128 px, so it is fixed here [D].
    generator_repeat: int = 4


def _stem(config: ImageConfig) -> nn.Conv2d:
    k = config.stem_kernel
    return nn.Conv2d(3, config.dim_in, k, 1, k // 2)


class ImageGenerator(nn.Module):
    """G^im(x, s): 3x128x128 face + 64-d style -> 3x128x128 face (pose kept, style from s).

    The output is unbounded (SG2 ``to_rgb`` = IN -> LReLU -> Conv1x1, no tanh); faces live in
    [-1, 1] and the caller clamps for display.
    """

    def __init__(self, config: ImageConfig = ImageConfig()) -> None:
        super().__init__()
        self.config = config
        dim_in = config.dim_in
        self.from_rgb = _stem(config)
        self.encode = nn.ModuleList()
        self.decode = nn.ModuleList()
        self.to_rgb = nn.Sequential(
            nn.InstanceNorm2d(dim_in, affine=True), nn.LeakyReLU(SLOPE), nn.Conv2d(dim_in, 3, 1)
        )
        dim_out = dim_in
        for _ in range(config.generator_repeat):
            dim_out = min(dim_in * 2, config.max_conv_dim)
            self.encode.append(ResBlk(dim_in, dim_out, normalize=True, downsample="half"))
            # stack-like: the first up block is inserted last (SG2)
            self.decode.insert(0, AdainResBlk(dim_out, dim_in, config.style_dim, upsample="half"))
            dim_in = dim_out
        for _ in range(2):  # Table 6's intermediate blocks: 2 with IN, then 2 with AdaIN
            self.encode.append(ResBlk(dim_out, dim_out, normalize=True))
            self.decode.insert(0, AdainResBlk(dim_out, dim_out, config.style_dim))

    def forward(self, x: torch.Tensor, s: torch.Tensor) -> torch.Tensor:
        x = self.from_rgb(x)
        for block in self.encode:
            x = block(x)
        for block in self.decode:
            x = block(x, s)
        return self.to_rgb(x)


def _trunk(config: ImageConfig) -> tuple[list[nn.Module], int]:
    """Table 8: stem -> 5 ResBlks with AvgPool -> LReLU -> Conv4x4 (to 1x1) -> LReLU.

    The blocks carry no normalisation, as in SG2's encoder and discriminator, although
    Table 8 prints an "IN" column for them.
    """
    blocks: list[nn.Module] = [_stem(config)]
    dim_in = dim_out = config.dim_in
    repeat = max(config.img_size.bit_length() - 3, 1)  # log2(size) - 2, as SG2
    for _ in range(repeat):  # 128 px: 64, 32, 16, 8, 4
        dim_out = min(dim_in * 2, config.max_conv_dim)
        blocks.append(ResBlk(dim_in, dim_out, downsample="half"))
        dim_in = dim_out
    blocks += [nn.LeakyReLU(SLOPE), nn.Conv2d(dim_out, dim_out, 4, 1, 0), nn.LeakyReLU(SLOPE)]
    return blocks, dim_out


class ImageStyleEncoder(nn.Module):
    """E^im_g(x): a face -> a 64-d style from the head of gender g (K_g = 2 heads)."""

    def __init__(self, config: ImageConfig = ImageConfig()) -> None:
        super().__init__()
        blocks, width = _trunk(config)
        self.shared = nn.Sequential(*blocks)
        self.unshared = nn.ModuleList(
            nn.Linear(width, config.style_dim) for _ in range(config.num_genders)
        )

    def forward(self, x: torch.Tensor, g: torch.Tensor) -> torch.Tensor:
        h = self.shared(x).flatten(1)
        every = torch.stack([head(h) for head in self.unshared], dim=1)  # (B, K, style)
        return every[torch.arange(len(g), device=g.device), g]


class ImageDiscriminator(nn.Module):
    """D^im_g(x): one real/fake logit per sample from the head of gender g (multi-task D).

    The heads are SG2's final Conv1x1 over the 1x1 map, i.e. Table 8's "Linear" of size 1.
    """

    def __init__(self, config: ImageConfig = ImageConfig()) -> None:
        super().__init__()
        blocks, width = _trunk(config)
        blocks.append(nn.Conv2d(width, config.num_genders, 1, 1, 0))
        self.main = nn.Sequential(*blocks)

    def forward(self, x: torch.Tensor, g: torch.Tensor) -> torch.Tensor:
        out = self.main(x).flatten(1)  # (B, K_g)
        return out[torch.arange(len(g), device=g.device), g]
