"""The enhancement stage around the restoration network: bicubic upsampling of the 64x64 face to
the prior's resolution, restoration, a blend with the upsampled face, and the before/after view.

The stage is optional and swappable: any restorer in the GFP-GAN clean layout fits, and without
one it falls back to plain bicubic upsampling and warns.
"""

from __future__ import annotations

import warnings

import numpy as np
import torch
from torch.nn import functional as F

from .gfpgan import FaceRestorer

OUTPUT_SIZE = 512  # GFP-GAN's prior works at 512x512 [GFP]; the paper leaves it open


def bicubic(face: torch.Tensor, size: int) -> torch.Tensor:
    if face.shape[-2:] == (size, size):
        return face
    return F.interpolate(face, size=(size, size), mode="bicubic", align_corners=False).clamp(-1, 1)


class Enhancer:
    def __init__(self, restorer: FaceRestorer | None, device: str = "cpu") -> None:
        self.restorer = restorer
        self.device = device

    def __call__(
        self, face: torch.Tensor, blend: float, seed: int
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """(upsampled, enhanced) at OUTPUT_SIZE for a [1, 3, H, W] face in [-1, 1].

        ``blend`` 0 gives the upsampled face, 1 the restored one; ``seed`` draws the prior's
        noise maps, so a seed decides the result.
        """
        upsampled = bicubic(face, OUTPUT_SIZE)
        if self.restorer is None:
            warnings.warn(
                "these weights hold no restoration network: the face is only upsampled "
                "(import GFP-GAN weights with the avpgan 'gfpgan' importer)",
                stacklevel=2,
            )
            return upsampled, upsampled
        size = self.restorer.config.out_size
        noise = torch.Generator().manual_seed(seed)
        with torch.inference_mode():
            restored, _ = self.restorer(bicubic(face, size).to(self.device), noise=noise)
        restored = bicubic(restored.cpu().clamp(-1, 1), OUTPUT_SIZE)
        return upsampled, torch.lerp(upsampled, restored, float(blend))


def to_pixels(face: torch.Tensor) -> np.ndarray:
    """[1, 3, H, W] in [-1, 1] -> uint8 [H, W, 3]."""
    pixels = torch.round((face[0].clamp(-1, 1) + 1) / 2 * 255).to(torch.uint8)
    return np.ascontiguousarray(pixels.permute(1, 2, 0).cpu().numpy())


def view(upsampled: torch.Tensor, enhanced: torch.Tensor, which: str) -> np.ndarray:
    """The picture shown: "before/after" puts the upsampled face left of the restored one."""
    if which == "before/after":
        return np.concatenate([to_pixels(upsampled), to_pixels(enhanced)], axis=1)
    if which == "raw":
        return to_pixels(upsampled)
    return to_pixels(enhanced)
