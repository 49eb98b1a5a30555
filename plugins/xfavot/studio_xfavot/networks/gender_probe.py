"""Small gender classifiers for "auto" reference gender.

The paper takes the reference gender g~ as given (Sec. 3.1); the app offers "auto" when
the weights include a small classifier. Each probe is a linear read-out of one style encoder's
shared trunk (the features all of that encoder's gender heads read), fitted after training on
the training set's gender codes (``training/gender_probe.py``): ``face_gender`` on E^im's,
``voice_gender`` on E^au's. [Persona Studio's choice, not the paper's.]

C's gender outputs are not used for voices when a voice probe exists: C is trained on
converted speech as well as real (L_adcl makes G fool it), and on the demo's held-out voices
it named the gender right for 75 % of them.
"""

from __future__ import annotations

import torch
from torch import nn

from .audio import AudioStyleEncoder
from .image import ImageStyleEncoder

StyleEncoder = ImageStyleEncoder | AudioStyleEncoder


class GenderProbe(nn.Module):
    """Gender logits (male, female) from a style encoder's shared features of its input (a
    face in [-1, 1] for E^im, a ``(B, 1, mels, frames)`` mel for E^au)."""

    def __init__(self, features: int, genders: int = 2) -> None:
        super().__init__()
        self.linear = nn.Linear(features, genders)

    def forward(self, encoder: StyleEncoder, x: torch.Tensor) -> torch.Tensor:
        return self.linear(encoder.shared(x).flatten(1))


def trunk_width(encoder: StyleEncoder) -> int:
    return encoder.unshared[0].in_features
