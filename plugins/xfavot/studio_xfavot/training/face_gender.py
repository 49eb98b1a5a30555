"""Fit the face gender probe (``networks/face_gender.py``) on training faces.

Logistic regression on E^im's frozen shared features: L-BFGS on a convex loss, so a few
hundred faces fit in seconds and the result does not depend on a learning rate.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
import torch.nn.functional as F

from ..networks.face_gender import FaceGenderProbe, trunk_width
from ..networks.image import ImageStyleEncoder

L2 = 1e-3  # keeps the probe finite when the training faces' genders are separable
CHUNK = 64  # faces per forward pass through the trunk


@torch.no_grad()
def trunk_features(style_image: ImageStyleEncoder, faces: torch.Tensor) -> torch.Tensor:
    style_image.eval()
    return torch.cat([style_image.shared(c).flatten(1) for c in faces.split(CHUNK)])


def fit_face_gender(
    style_image: ImageStyleEncoder, faces: torch.Tensor, genders: torch.Tensor
) -> tuple[FaceGenderProbe, float]:
    """The fitted probe and its accuracy on the faces it was fitted to."""
    features = trunk_features(style_image, faces)
    mean, scale = features.mean(0), features.std(0).clamp_min(1e-6)
    standard = (features - mean) / scale
    labels = genders.long()
    weight = torch.zeros(2, standard.shape[1], device=features.device, requires_grad=True)
    bias = torch.zeros(2, device=features.device, requires_grad=True)
    optimiser = torch.optim.LBFGS([weight, bias], max_iter=200, line_search_fn="strong_wolfe")

    def loss() -> torch.Tensor:
        optimiser.zero_grad()
        value = F.cross_entropy(standard @ weight.T + bias, labels) + L2 * weight.square().sum()
        value.backward()
        return value

    optimiser.step(loss)
    probe = FaceGenderProbe(trunk_width(style_image)).to(features.device)
    with torch.no_grad():  # fold the standardisation into the linear layer
        probe.linear.weight.copy_(weight / scale)
        probe.linear.bias.copy_(bias - (weight / scale) @ mean)
        accuracy = float((probe.linear(features).argmax(1) == labels).float().mean())
    return probe.eval().requires_grad_(False), accuracy


def add_face_gender(entry: Path, manifest: Path) -> float | None:
    """Fit the probe for a stored entry that has none (one trained before the recipe fitted
    it), on ``manifest``'s training faces; returns its training accuracy, or None when the
    entry already has a probe."""
    from studio.ml.checkpoint import load_safetensors, save_safetensors

    from ..model import from_entry
    from .data import load_corpus

    weights = Path(entry) / "model.safetensors"
    tensors = load_safetensors(weights)
    if any(key.startswith("face_gender.") for key in tensors):
        return None
    config = json.loads((Path(entry) / "config.json").read_text())
    modules = from_entry(tensors, config)
    corpus = load_corpus(Path(manifest), "train", modules.config.image.img_size)
    probe, accuracy = fit_face_gender(modules.style_image.float(), corpus.faces, corpus.gender)
    tensors.update({f"face_gender.{k}": v.cpu() for k, v in probe.state_dict().items()})
    save_safetensors(weights, tensors)
    return accuracy
