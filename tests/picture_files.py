"""Pictures for the image-input tests, made on the fly: a synthetic studio.demodata face pasted
into a bigger photo, JPEGs carrying an EXIF orientation, damaged files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image as PILImage

from studio.demodata.face import face
from studio.demodata.speakers import draw_speakers
from studio.images.crop import Box

ORIENTATION = 0x0112


def demo_face(side: int, speaker: int = 0) -> np.ndarray:
    """A studio.demodata face (the frame the demo models learnt from) at ``side`` pixels."""
    pixels = face(draw_speakers(3, seed=11)[speaker], seed=speaker)
    return np.asarray(
        PILImage.fromarray(pixels).resize((side, side), PILImage.Resampling.LANCZOS), np.uint8
    )


def photo_with_face(
    path: Path, size=(1200, 800), at=(700, 400), side: int = 300, background=(90, 90, 90)
) -> Box:
    """Saves a plain picture with a demo face at ``at`` (its frame's top-left); the frame."""
    canvas = np.empty((size[1], size[0], 3), np.uint8)
    canvas[:] = background
    canvas[at[1] : at[1] + side, at[0] : at[0] + side] = demo_face(side)
    PILImage.fromarray(canvas).save(path)
    return Box(at[0], at[1], side, side)


def halves_jpeg(path: Path, orientation: int, size=(200, 100)) -> Path:
    """A JPEG stored sideways: left half red, right half blue, with an EXIF orientation tag."""
    pixels = np.zeros((size[1], size[0], 3), np.uint8)
    pixels[:, : size[0] // 2] = (230, 20, 20)
    pixels[:, size[0] // 2 :] = (20, 20, 230)
    exif = PILImage.Exif()
    exif[ORIENTATION] = orientation
    PILImage.fromarray(pixels).save(path, quality=95, exif=exif.tobytes())
    return path


def overlap(a: Box, b: Box) -> float:
    """Intersection over union of two boxes."""
    width = max(0.0, min(a.right, b.right) - max(a.left, b.left))
    height = max(0.0, min(a.bottom, b.bottom) - max(a.top, b.top))
    shared = width * height
    return shared / (a.width * a.height + b.width * b.height - shared)
