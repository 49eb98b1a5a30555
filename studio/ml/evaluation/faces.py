"""Measuring a face drawn for the synthetic corpus, and which voice parameter each measure
carries: what every voice-to-face evaluation compares with the speaker's true parameters."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from studio.demodata.face_measure import MEASUREMENTS, measure_face

__all__ = ["ATTRIBUTES", "MEASUREMENTS", "SMOOTHING_PX", "face_pixels", "measure_face", "smooth"]

# attribute -> (face measurement, sign of the drawn relation)
ATTRIBUTES = {
    "vtl_cm": ("head_width", 1.0),
    "f0_hz": ("face_aspect", -1.0),
    "breathiness": ("skin_lightness", 1.0),
}
# Faces are low-passed before measuring, generated and true alike: a small generator's
# transposed convolutions leave a checkerboard texture that the skin segmentation of the
# measurements would read as edges. Head size, face length and skin tone are coarse features.
SMOOTHING_PX = 3.0


def smooth(pixels: np.ndarray, sigma: float = SMOOTHING_PX) -> np.ndarray:
    from scipy import ndimage

    blurred = ndimage.gaussian_filter(pixels.astype(np.float64), (sigma, sigma, 0))
    return np.clip(np.round(blurred), 0, 255).astype(np.uint8)


def face_pixels(path: Path) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))
