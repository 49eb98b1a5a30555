"""Fit the gender probes (``networks/gender_probe.py``) on training faces and voices.

Logistic regression on a style encoder's frozen shared features: L-BFGS on a convex loss, so a
few hundred inputs fit in seconds and the result does not depend on a learning rate.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
import torch.nn.functional as F

from ..networks.gender_probe import GenderProbe, StyleEncoder, trunk_width

L2 = 1e-3  # keeps the probe finite when the training inputs' genders are separable
CHUNK = 64  # faces per forward pass through the trunk


@torch.no_grad()
def trunk_features(encoder: StyleEncoder, inputs: torch.Tensor | Sequence[torch.Tensor]):
    """Shared features of a batch of faces ``(N, 3, H, W)`` or of a list of ``(mels, frames)``
    mels (one pass each: their lengths differ)."""
    encoder.eval()
    if isinstance(inputs, torch.Tensor):
        chunks = inputs.split(CHUNK)
    else:
        chunks = [mel[None, None] for mel in inputs]
    return torch.cat([encoder.shared(chunk).flatten(1) for chunk in chunks])


def fit_gender_probe(
    encoder: StyleEncoder, inputs: torch.Tensor | Sequence[torch.Tensor], genders: torch.Tensor
) -> tuple[GenderProbe, float]:
    """The fitted probe and its accuracy on the inputs it was fitted to."""
    features = trunk_features(encoder, inputs)
    mean, scale = features.mean(0), features.std(0).clamp_min(1e-6)
    standard = (features - mean) / scale
    labels = genders.long().to(features.device)
    weight = torch.zeros(2, standard.shape[1], device=features.device, requires_grad=True)
    bias = torch.zeros(2, device=features.device, requires_grad=True)
    optimiser = torch.optim.LBFGS([weight, bias], max_iter=200, line_search_fn="strong_wolfe")

    def loss() -> torch.Tensor:
        optimiser.zero_grad()
        value = F.cross_entropy(standard @ weight.T + bias, labels) + L2 * weight.square().sum()
        value.backward()
        return value

    optimiser.step(loss)
    probe = GenderProbe(trunk_width(encoder)).to(features.device)
    with torch.no_grad():  # fold the standardisation into the linear layer
        probe.linear.weight.copy_(weight / scale)
        probe.linear.bias.copy_(bias - (weight / scale) @ mean)
        accuracy = float((probe.linear(features).argmax(1) == labels).float().mean())
    return probe.eval().requires_grad_(False), accuracy
