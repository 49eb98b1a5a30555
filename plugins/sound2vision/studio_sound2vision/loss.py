"""The paper's symmetric InfoNCE with L2 distance (Eq. 1-2).

d(a, b) = |a - b| between unit vectors; L^A_j contrasts audio j with every image of the batch,
L^V_j image j with every audio; L = 1/(2B) sum_j (L^A_j + L^V_j). No temperature (the
official ``logit_scale`` is a fixed 1). For unit vectors |a - b|^2 = 2 - 2 a.b, computed that
way so the gradient stays finite when a pair coincides (``cdist``'s is not at 0).
"""

from __future__ import annotations

import torch
from torch.nn import functional as F


def l2_distances(first: torch.Tensor, second: torch.Tensor) -> torch.Tensor:
    """(B, B) distances between the unit-normalised rows of ``first`` and ``second``."""
    a, b = F.normalize(first, dim=1), F.normalize(second, dim=1)
    return torch.sqrt(torch.clamp(2.0 - 2.0 * a @ b.t(), min=1e-12))


def info_nce_l2(audio: torch.Tensor, image: torch.Tensor) -> torch.Tensor:
    logits = -l2_distances(audio, image)  # row j: audio j against every image
    targets = torch.arange(logits.shape[0], device=logits.device)
    audio_centric = F.cross_entropy(logits, targets)
    visual_centric = F.cross_entropy(logits.t(), targets)
    return 0.5 * (audio_centric + visual_centric)
