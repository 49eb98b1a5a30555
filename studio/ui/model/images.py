"""Which dropped or chosen files are pictures for an image input (reading, cropping and framing
them is :mod:`studio.images`, without Qt)."""

from __future__ import annotations

from pathlib import Path

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp", ".gif", ".tif", ".tiff"})


def is_image_path(path: Path) -> bool:
    return Path(path).suffix.lower() in IMAGE_SUFFIXES
