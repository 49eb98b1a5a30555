"""CBAM (Woo et al. 2018), as AVP-GAN writes it in Eqs. 2-5: channel attention, then spatial.

M_C(F) = sigmoid(MLP(AvgPool(F)) + MLP(MaxPool(F))), one MLP W_1(ReLU(W_0 x)) shared by both
pools; M_S(F') = sigmoid(conv7x7([AvgPool_c(F'); MaxPool_c(F')])). Eq. 4 has no batch norm in the
spatial branch (the common CBAM code adds one), so none is used; the MLP has no bias, so with
W_1 = 0 the channel map is exactly 0.5.
"""

from __future__ import annotations

import torch
from torch import nn

SPATIAL_KERNEL = 7


class ChannelAttention(nn.Module):
    def __init__(self, channels: int, reduction: int = 16) -> None:
        super().__init__()
        hidden = max(1, channels // reduction)  # small demo layers would otherwise get 0 units
        self.mlp = nn.Sequential(
            nn.Conv2d(channels, hidden, 1, bias=False),  # W_0
            nn.ReLU(inplace=True),
            nn.Conv2d(hidden, channels, 1, bias=False),  # W_1
        )

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        """M_C, [N, C, 1, 1] in (0, 1)."""
        average = features.mean(dim=(2, 3), keepdim=True)
        maximum = features.amax(dim=(2, 3), keepdim=True)
        return torch.sigmoid(self.mlp(average) + self.mlp(maximum))


class SpatialAttention(nn.Module):
    def __init__(self, kernel: int = SPATIAL_KERNEL) -> None:
        super().__init__()
        self.conv = nn.Conv2d(2, 1, kernel, padding=kernel // 2, bias=False)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        """M_S, [N, 1, H, W] in (0, 1)."""
        pooled = torch.cat(
            [features.mean(dim=1, keepdim=True), features.amax(dim=1, keepdim=True)], dim=1
        )
        return torch.sigmoid(self.conv(pooled))


class CBAM(nn.Module):
    """F' = M_C(F) * F, then F'' = M_S(F') * F' (Eqs. 3 and 5); the shape is unchanged."""

    def __init__(self, channels: int, reduction: int = 16) -> None:
        super().__init__()
        self.channel = ChannelAttention(channels, reduction)
        self.spatial = SpatialAttention()

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        refined = self.channel(features) * features
        return self.spatial(refined) * refined
