"""Preparing a user's picture for an image input: the centre square (faces and scenes are
square in every model here), scaled down so a 24-megapixel photo does not travel through the
app (the models resize to 64-256 px anyway)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from studio.api import Image
from studio.engine.image_io import read_image

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp", ".gif", ".tif", ".tiff"})
MAX_SIDE = 512


def is_image_path(path: Path) -> bool:
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


def square(image: Image, max_side: int = MAX_SIDE) -> Image:
    """The largest centred square, at most ``max_side`` pixels wide (Lanczos)."""
    from PIL import Image as PILImage

    height, width = image.pixels.shape[:2]
    side = min(height, width)
    top, left = (height - side) // 2, (width - side) // 2
    pixels = image.pixels[top : top + side, left : left + side]
    if side > max_side:
        resized = PILImage.fromarray(pixels, "RGB").resize(
            (max_side, max_side), PILImage.Resampling.LANCZOS
        )
        pixels = np.asarray(resized, np.uint8)
    return Image(np.ascontiguousarray(pixels), source=image.source)


def load_square(path: Path) -> Image:
    """The picture at ``path`` ready for an image input; InputError names the file."""
    return square(read_image(Path(path)))
