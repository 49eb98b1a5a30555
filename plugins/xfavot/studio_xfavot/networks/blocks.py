"""Pre-activation residual blocks shared by every XFaVoT network (paper App. G, ref. [19]).

The paper names the blocks but defers their details to StarGAN v2 [SG2] and StarGANv2-VC
[SVC]; what follows is their convention, so the attribute names (``conv1``, ``norm1``,
``conv1x1``...) match those projects' checkpoints:

* ResBlk: [norm] -> LReLU(0.2) -> conv3x3 -> pool -> [norm] -> LReLU(0.2) -> conv3x3, added to
  a shortcut (1x1 conv without bias when the width changes, then the same pooling), / sqrt 2.
* AdaIN(s) = (1 + gamma(s)) * IN(h) + beta(s), gamma and beta from one Linear(style, 2C) [SG2].
  The paper's "AdaIN scale biases set to one" (App. A) is this form with a zero bias: the
  Linear's bias starts at zero, not one, so the scale is not doubled.
* Downsampling is 2x2 average pooling, upsampling nearest-neighbour x2 [SG2]. SVC's audio
  networks also pool the frequency axis alone ("freq"), which keeps the frame rate.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

SLOPE = 0.2  # LeakyReLU slope of SG2/SVC


def resample(x: torch.Tensor, how: str, up: bool) -> torch.Tensor:
    """``how`` is "none", "half" (both axes) or "freq" (the height axis only: mel bins)."""
    if how == "none":
        return x
    factor = (2, 2) if how == "half" else (2, 1)
    if up:
        return F.interpolate(x, scale_factor=factor, mode="nearest")
    return F.avg_pool2d(x, factor)


class ResBlk(nn.Module):
    """Pre-activation residual block with optional affine InstanceNorm and downsampling."""

    def __init__(
        self, dim_in: int, dim_out: int, normalize: bool = False, downsample: str = "none"
    ) -> None:
        super().__init__()
        self.normalize = normalize
        self.downsample = downsample
        self.learned_sc = dim_in != dim_out
        self.conv1 = nn.Conv2d(dim_in, dim_in, 3, 1, 1)
        self.conv2 = nn.Conv2d(dim_in, dim_out, 3, 1, 1)
        if normalize:
            self.norm1 = nn.InstanceNorm2d(dim_in, affine=True)
            self.norm2 = nn.InstanceNorm2d(dim_in, affine=True)
        if self.learned_sc:
            self.conv1x1 = nn.Conv2d(dim_in, dim_out, 1, 1, 0, bias=False)

    def _shortcut(self, x: torch.Tensor) -> torch.Tensor:
        if self.learned_sc:
            x = self.conv1x1(x)
        return resample(x, self.downsample, up=False)

    def _residual(self, x: torch.Tensor) -> torch.Tensor:
        if self.normalize:
            x = self.norm1(x)
        x = self.conv1(F.leaky_relu(x, SLOPE))
        x = resample(x, self.downsample, up=False)
        if self.normalize:
            x = self.norm2(x)
        return self.conv2(F.leaky_relu(x, SLOPE))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (self._shortcut(x) + self._residual(x)) / math.sqrt(2)  # unit variance


class AdaIN(nn.Module):
    def __init__(self, style_dim: int, num_features: int) -> None:
        super().__init__()
        self.norm = nn.InstanceNorm2d(num_features, affine=False)
        self.fc = nn.Linear(style_dim, num_features * 2)

    def forward(self, x: torch.Tensor, s: torch.Tensor) -> torch.Tensor:
        h = self.fc(s)[:, :, None, None]
        gamma, beta = torch.chunk(h, chunks=2, dim=1)
        return (1 + gamma) * self.norm(x) + beta


class AdainResBlk(nn.Module):
    """Pre-activation residual block whose norms are AdaIN(s), with optional upsampling.

    SG2's high-pass skip (``w_hpf``) is dropped: XFaVoT removes the FAN heatmaps (App. G), so
    the sum is always divided by sqrt 2.
    """

    def __init__(self, dim_in: int, dim_out: int, style_dim: int, upsample: str = "none") -> None:
        super().__init__()
        self.upsample = upsample
        self.learned_sc = dim_in != dim_out
        self.conv1 = nn.Conv2d(dim_in, dim_out, 3, 1, 1)
        self.conv2 = nn.Conv2d(dim_out, dim_out, 3, 1, 1)
        self.norm1 = AdaIN(style_dim, dim_in)
        self.norm2 = AdaIN(style_dim, dim_out)
        if self.learned_sc:
            self.conv1x1 = nn.Conv2d(dim_in, dim_out, 1, 1, 0, bias=False)

    def _shortcut(self, x: torch.Tensor) -> torch.Tensor:
        x = resample(x, self.upsample, up=True)
        return self.conv1x1(x) if self.learned_sc else x

    def _residual(self, x: torch.Tensor, s: torch.Tensor) -> torch.Tensor:
        x = F.leaky_relu(self.norm1(x, s), SLOPE)
        x = self.conv1(resample(x, self.upsample, up=True))
        x = F.leaky_relu(self.norm2(x, s), SLOPE)
        return self.conv2(x)

    def forward(self, x: torch.Tensor, s: torch.Tensor) -> torch.Tensor:
        return (self._shortcut(x) + self._residual(x, s)) / math.sqrt(2)


def he_init(module: nn.Module) -> None:
    """He initialisation with zero biases (App. A; SG2's ``he_init``)."""
    if isinstance(module, (nn.Conv2d, nn.Linear)):
        nn.init.kaiming_normal_(module.weight, mode="fan_in", nonlinearity="relu")
        if module.bias is not None:
            nn.init.constant_(module.bias, 0)
