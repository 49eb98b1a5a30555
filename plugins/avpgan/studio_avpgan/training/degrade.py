"""GFP-GAN's degradation model (blur, down-sampling, noise, JPEG), applied to training faces to
make the restoration network's (degraded, clean) pairs.

It runs in the 64-px frame the GAN stage draws in, then both images are brought to the
restorer's size with bicubic resampling, exactly as a generated face is at inference. The
ranges are GFP-GAN's (sigma 0.1-10, scale 0.8-8, noise 0-20, JPEG 60-100 at 512 px) read in
the 64-px frame: blur and scale shrink with the frame, noise and JPEG do not.
"""

from __future__ import annotations

import io

import numpy as np
import torch
from torch.nn import functional as F

BLUR_SIGMA = (0.2, 1.5)  # px in the 64-px frame
DOWNSCALE = (1.0, 4.0)
NOISE_SIGMA = (0.0, 20.0 / 255.0)
JPEG_QUALITY = (60, 100)


def upsample(face: torch.Tensor, size: int) -> torch.Tensor:
    """Bicubic resize of [N, 3, H, W] in [-1, 1] to size x size (kept in range)."""
    if face.shape[-1] == size and face.shape[-2] == size:
        return face
    return F.interpolate(face, size=(size, size), mode="bicubic", align_corners=False).clamp(-1, 1)


def _blur(face: torch.Tensor, sigma: float) -> torch.Tensor:
    radius = max(1, round(3 * sigma))
    x = torch.arange(-radius, radius + 1, dtype=face.dtype)
    kernel = torch.exp(-(x**2) / (2 * sigma**2))
    kernel = kernel / kernel.sum()
    channels = face.shape[1]
    padded = F.pad(face, (radius, radius, radius, radius), mode="reflect")
    rows = F.conv2d(padded, kernel.view(1, 1, 1, -1).repeat(channels, 1, 1, 1), groups=channels)
    return F.conv2d(rows, kernel.view(1, 1, -1, 1).repeat(channels, 1, 1, 1), groups=channels)


def _jpeg(face: torch.Tensor, quality: int) -> torch.Tensor:
    from PIL import Image

    pixels = ((face[0].permute(1, 2, 0).clamp(-1, 1) + 1) * 127.5).round().byte().numpy()
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as image:
        decoded = np.asarray(image.convert("RGB"), dtype=np.float32)
    return torch.from_numpy(decoded / 127.5 - 1).permute(2, 0, 1)[None]


def degrade(face: torch.Tensor, rng: torch.Generator) -> torch.Tensor:
    """One random degradation of a [1, 3, H, W] face in [-1, 1], returned at the same size."""

    def uniform(low, high):
        return float(low + (high - low) * torch.rand((), generator=rng))

    size = face.shape[-1]
    out = _blur(face, uniform(*BLUR_SIGMA))
    small = max(4, round(size / uniform(*DOWNSCALE)))
    out = F.interpolate(
        out, size=(small, small), mode="bilinear", align_corners=False, antialias=True
    )
    out = out + uniform(*NOISE_SIGMA) * 2 * torch.randn(out.shape, generator=rng)  # [-1,1] units
    out = _jpeg(out, int(uniform(*JPEG_QUALITY)))
    return F.interpolate(out, size=(size, size), mode="bicubic", align_corners=False).clamp(-1, 1)
