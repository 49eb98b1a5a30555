"""Latent manipulations of paper §5.2 on (unnormalised) encoder features.

Both act on unit-normalised features (the space the InfoNCE loss aligns, Eq. 1-2) and return
the unit vector the generator receives.
"""

from __future__ import annotations

import torch
from torch.nn import functional as F


def blend(visual: torch.Tensor, audio: torch.Tensor, weight: float) -> torch.Tensor:
    """M4: λ z^V + (1 - λ) z^A; λ = 1 gives z^V, λ = 0 gives z^A (as unit vectors)."""
    mixed = weight * F.normalize(visual, dim=-1) + (1.0 - weight) * F.normalize(audio, dim=-1)
    return F.normalize(mixed, dim=-1)


def direction_edit(
    base: torch.Tensor, first: torch.Tensor, second: torch.Tensor, weight: float
) -> torch.Tensor:
    """M5: z + λ (z^A_1 - z^A_2), e.g. the same sound at two volumes; a no-op when they match."""
    step = F.normalize(first, dim=-1) - F.normalize(second, dim=-1)
    return F.normalize(F.normalize(base, dim=-1) + weight * step, dim=-1)
