"""Frames as f_V takes them: resized to a square without keeping the aspect (the official
loader's ``Resize((256, 256))``), as (1, 3, H, W) floats in [0, 1]."""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image as PILImage

from .networks.config import ImageConfig


def frame_tensor(pixels: np.ndarray, config: ImageConfig) -> torch.Tensor:
    resized = (
        PILImage.fromarray(np.asarray(pixels, np.uint8))
        .convert("RGB")
        .resize((config.resize, config.resize), PILImage.BILINEAR)
    )
    array = np.asarray(resized, np.float32) / 255.0
    return torch.from_numpy(array).permute(2, 0, 1)[None]
