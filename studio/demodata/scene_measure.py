"""Finding the drawn objects again in a picture, by colour alone (no classifier).

Each pixel goes to the nearest of the palette's colours (every class colour plus the sky,
ground and dark detail tones); a class's *area* is the share of pixels that went to its
colour and lie within ``TOLERANCE`` of it. Generated pictures are blurrier than drawn ones,
which the nearest-colour rule tolerates.
"""

from __future__ import annotations

import numpy as np

from .scenes import COLOURS

TOLERANCE = 70.0  # RGB distance within which a pixel counts as the class's colour
PRESENT = 0.015  # an object is present when it covers at least 1.5 % of the picture
BACKGROUND = (
    (150, 185, 225),
    (205, 220, 235),
    (178, 202, 230),
    (120, 140, 105),
    (85, 105, 70),
    (100, 120, 88),
    (25, 25, 25),
    (70, 40, 20),
    (60, 40, 20),
)
_PALETTE = np.array(COLOURS + BACKGROUND, dtype=np.float64)


def areas(pixels: np.ndarray) -> np.ndarray:
    """(classes,) share of the picture each class's colour covers."""
    rgb = np.asarray(pixels, dtype=np.float64).reshape(-1, 3)
    distance = np.linalg.norm(rgb[:, None, :] - _PALETTE[None], axis=2)
    nearest = distance.argmin(axis=1)
    close = distance[np.arange(len(rgb)), nearest] < TOLERANCE
    counts = np.bincount(nearest[close], minlength=len(_PALETTE))[: len(COLOURS)]
    return counts / len(rgb)


def object_area(pixels: np.ndarray) -> float:
    """Share of the picture covered by any object colour: the size of what is drawn, whatever
    class the colours say it is."""
    return float(areas(pixels).sum())


def present(pixels: np.ndarray, threshold: float = PRESENT) -> set[int]:
    return {int(k) for k in np.flatnonzero(areas(pixels) >= threshold)}
