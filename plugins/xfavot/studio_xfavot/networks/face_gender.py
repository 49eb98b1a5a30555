"""A small face gender classifier for "auto" reference gender of a face.

The paper takes the reference gender g~ as given (Sec. 3.1); the issue asks for "auto" when
the weights include a small classifier. For voices that is C's gender outputs; for faces it is
this linear probe on E^im's shared trunk (the features all of E^im's gender heads read),
fitted after training on the training faces' gender codes (``training/face_gender.py``).
[Persona Studio's choice, not the paper's.]
"""

from __future__ import annotations

import torch
from torch import nn

from .image import ImageStyleEncoder


class FaceGenderProbe(nn.Module):
    """Gender logits (male, female) from E^im's shared features of a face in [-1, 1]."""

    def __init__(self, features: int, genders: int = 2) -> None:
        super().__init__()
        self.linear = nn.Linear(features, genders)

    def forward(self, style_image: ImageStyleEncoder, x: torch.Tensor) -> torch.Tensor:
        return self.linear(style_image.shared(x).flatten(1))


def trunk_width(style_image: ImageStyleEncoder) -> int:
    return style_image.unshared[0].in_features
