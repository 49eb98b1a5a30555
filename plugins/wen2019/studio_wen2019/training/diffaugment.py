"""Differentiable augmentation of the critic's input (Zhao et al. 2020, "translation,cutout").

With one avatar per identity the critic sees a few hundred distinct faces and soon memorises
them; shifting and cutting real and generated faces alike, differentiably, keeps its verdict
about faces rather than about those pictures. Colour is left alone: skin tone is a trait.
"""

from __future__ import annotations

import torch
from torch.nn import functional as F


def diff_augment(faces: torch.Tensor, shift: float = 0.125, cutout: float = 0.5) -> torch.Tensor:
    """``faces`` [N, C, H, W], each shifted by up to ``shift`` of its size (zero padded) and
    with one square of ``cutout`` of its size blanked out."""
    return _cutout(_translate(faces, shift), cutout)


def _translate(faces: torch.Tensor, ratio: float) -> torch.Tensor:
    n, _, height, width = faces.shape
    dy, dx = int(height * ratio + 0.5), int(width * ratio + 0.5)
    shift_y = torch.randint(-dy, dy + 1, (n, 1, 1), device=faces.device)
    shift_x = torch.randint(-dx, dx + 1, (n, 1, 1), device=faces.device)
    rows = torch.arange(height, device=faces.device).view(1, height, 1)
    cols = torch.arange(width, device=faces.device).view(1, 1, width)
    # Index into a zero-padded copy: row r of the output reads row r - shift_y of the input.
    source_y = (rows - shift_y + 1).clamp(0, height + 1).expand(n, height, width)
    source_x = (cols - shift_x + 1).clamp(0, width + 1).expand(n, height, width)
    padded = F.pad(faces, (1, 1, 1, 1))
    batch = torch.arange(n, device=faces.device).view(n, 1, 1).expand(n, height, width)
    return padded.permute(0, 2, 3, 1)[batch, source_y, source_x].permute(0, 3, 1, 2)


def _cutout(faces: torch.Tensor, ratio: float) -> torch.Tensor:
    n, _, height, width = faces.shape
    size_y, size_x = int(height * ratio + 0.5), int(width * ratio + 0.5)
    top = torch.randint(0, height + 1 - size_y % 2, (n, 1, 1), device=faces.device) - size_y // 2
    left = torch.randint(0, width + 1 - size_x % 2, (n, 1, 1), device=faces.device) - size_x // 2
    rows = torch.arange(height, device=faces.device).view(1, height, 1)
    cols = torch.arange(width, device=faces.device).view(1, 1, width)
    inside = (rows >= top) & (rows < top + size_y) & (cols >= left) & (cols < left + size_x)
    return faces * (~inside).unsqueeze(1).to(faces.dtype)
