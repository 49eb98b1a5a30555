"""Linear maps between E^au's and E^im's style spaces, one per gender head and direction.

The paper shares one style space between faces and voices through L_csc (Eq. 5), which aligns
the two encoders' styles of a person in *cosine* only. On the demo that left the styles of a
voice and of its face pointing the same way (cosine 0.97 on held-out speakers) but differing
in length and in the small directions that carry skin tone, so a voice's breathiness did not
reach the face it drew. The bridge is a ridge regression from one encoder's styles to the
other's over the training pairs (``training/style_bridge.py``), applied to a reference of the
other modality before the generator reads it; it is the identity until fitted.
[Persona Studio's extension, not the paper's: the ``bridge`` param turns it off.]
"""

from __future__ import annotations

import torch
from torch import nn

DIRECTIONS = ("audio_to_image", "image_to_audio")


class AffineMaps(nn.Module):
    """``s @ weight[g] + bias[g]`` for each sample's gender head ``g``."""

    def __init__(self, genders: int, style_dim: int) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.eye(style_dim).repeat(genders, 1, 1))
        self.bias = nn.Parameter(torch.zeros(genders, style_dim))

    def forward(self, style: torch.Tensor, gender: torch.Tensor) -> torch.Tensor:
        return torch.bmm(style[:, None], self.weight[gender])[:, 0] + self.bias[gender]


class StyleBridge(nn.Module):
    def __init__(self, genders: int, style_dim: int) -> None:
        super().__init__()
        self.audio_to_image = AffineMaps(genders, style_dim)
        self.image_to_audio = AffineMaps(genders, style_dim)

    def forward(self, style: torch.Tensor, gender: torch.Tensor, direction: str) -> torch.Tensor:
        if direction not in DIRECTIONS:
            raise ValueError(f"unknown bridge direction {direction!r} ({', '.join(DIRECTIONS)})")
        return getattr(self, direction)(style, gender)
