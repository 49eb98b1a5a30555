"""The restoration stage's critics: a global one on the whole face (L_adv, Eq. 8) and one per
facial component (left eye, right eye, mouth) for L_comp (Eq. 9).

GFP-GAN uses StyleGAN2's discriminator globally and small VGG-style ones per component; the
paper gives no layout, and these critics are discarded after training, so both are compact
residual stacks here [U]. The component critics also return their multi-resolution features,
whose Gram matrices give the feature-style term of L_comp.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

# Component boxes of an aligned face as (centre x, centre y, half side), fractions of the frame:
# where the synthetic corpus's painter puts the eyes and mouth (and close to FFHQ's alignment).
COMPONENTS = {
    "left_eye": (0.36, 0.41, 0.09),
    "right_eye": (0.64, 0.41, 0.09),
    "mouth": (0.50, 0.68, 0.12),
}
COMPONENT_SIZE = 32  # every crop is resized to this side before its critic


def _down(in_channels: int, out_channels: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, 3, 1, 1),
        nn.LeakyReLU(0.2, True),
        nn.AvgPool2d(2),
    )


class GlobalCritic(nn.Module):
    """Face [N, 3, S, S] -> realness logit [N]; halves the size down to 4x4."""

    def __init__(self, size: int, width: int = 8, widest: int = 64) -> None:
        super().__init__()
        layers: list[nn.Module] = [nn.Conv2d(3, width, 1), nn.LeakyReLU(0.2, True)]
        channels = width
        for _ in range(int(math.log2(size)) - 2):
            wider = min(widest, channels * 2)
            layers.append(_down(channels, wider))
            channels = wider
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(channels * 16, 1)

    def forward(self, face: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(face).flatten(1)).squeeze(1)


class ComponentCritic(nn.Module):
    """Crop [N, 3, 32, 32] -> (realness logits [N], features at 16, 8 and 4 px)."""

    def __init__(self, width: int = 8) -> None:
        super().__init__()
        self.first = nn.Sequential(nn.Conv2d(3, width, 3, 1, 1), nn.LeakyReLU(0.2, True))
        self.levels = nn.ModuleList(
            [_down(width, width * 2), _down(width * 2, width * 4), _down(width * 4, width * 4)]
        )
        self.head = nn.Conv2d(width * 4, 1, 3, 1, 1)

    def forward(self, crop: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        feat = self.first(crop)
        features = []
        for level in self.levels:
            feat = level(feat)
            features.append(feat)
        return self.head(feat).mean(dim=(1, 2, 3)), features


def crop_component(face: torch.Tensor, box: tuple[float, float, float]) -> torch.Tensor:
    """The box of every face in the batch, resized to COMPONENT_SIZE."""
    size = face.shape[-1]
    cx, cy, half = box
    left, top = round((cx - half) * size), round((cy - half) * size)
    side = max(2, round(2 * half * size))
    crop = face[..., top : top + side, left : left + side]
    return F.interpolate(
        crop, size=(COMPONENT_SIZE, COMPONENT_SIZE), mode="bilinear", align_corners=False
    )


def gram(features: torch.Tensor) -> torch.Tensor:
    """[N, C, C] Gram matrix normalised by C*H*W, as GFP-GAN's feature-style loss uses it."""
    n, c, h, w = features.shape
    flat = features.reshape(n, c, h * w)
    return flat @ flat.transpose(1, 2) / (c * h * w)
