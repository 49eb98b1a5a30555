"""The picture behind an image input: an upright working copy small enough to keep, show and
search for faces (2048-4095 px on the long side), plus the original's full size so crops are
kept in full-size pixels and can be rendered again at full quality."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.api import Image
from studio.engine.image_io import decode_image

from .crop import Size

WORKING_SIDE = 2048


@dataclass(frozen=True, eq=False)
class Picture:
    pixels: np.ndarray  # uint8 [height, width, 3], upright
    full_size: Size  # width, height of the upright original
    source: str | None = None  # the file it was read from (None: made in the app)

    @property
    def scale(self) -> float:
        """Working-copy pixels per full-size pixel (1.0 when it is the full picture)."""
        return self.pixels.shape[1] / self.full_size[0]

    @property
    def name(self) -> str:
        return Path(self.source).name if self.source else "image"

    @property
    def file(self) -> Path | None:
        """The file it can be read again from, if it is still there."""
        if self.source and Path(self.source).is_file():
            return Path(self.source)
        return None


def open_picture(path: Path, working_side: int = WORKING_SIDE) -> Picture:
    """Reads ``path`` upright at working size; InputError names the file and the problem."""
    decoded = decode_image(Path(path), working_side)
    return Picture(decoded.pixels, decoded.full_size, str(path))


def picture_of(image: Image) -> Picture:
    """An image already in the app (a result) as a picture: it is its own full size."""
    return Picture(image.pixels, image.size, image.source)
