"""How face images map to the decoder's linear output: per-channel standardisation with the
ImageNet statistics, as the authors' code does ([C]; the paper leaves it open). It also sets
the scale of L_1 against the other losses: about 2.2x that of a [-1, 1] mapping."""

from __future__ import annotations

import numpy as np
import torch

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def _shape(values: tuple[float, ...], like: torch.Tensor) -> torch.Tensor:
    return torch.tensor(values, dtype=like.dtype, device=like.device).reshape(3, 1, 1)


def to_network(pixels: np.ndarray) -> torch.Tensor:
    """uint8 [..., 3, r, r] -> float32 standardised."""
    x = torch.from_numpy(np.asarray(pixels)).float() / 255.0
    return (x - _shape(MEAN, x)) / _shape(STD, x)


def to_pixels(face: torch.Tensor) -> np.ndarray:
    """A decoder image [3, r, r] -> uint8 [r, r, 3] (values outside the range are clipped)."""
    x = (face * _shape(STD, face) + _shape(MEAN, face)).clamp(0, 1)
    scaled = torch.round(x * 255).to(torch.uint8)
    return np.ascontiguousarray(scaled.permute(1, 2, 0).cpu().numpy())
