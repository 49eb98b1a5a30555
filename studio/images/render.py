"""The image a generator receives: the crop box cut out of the picture and scaled to at most
``MAX_SIDE`` on its long side (the models resize to 64-256 px anyway). When the working copy
is too coarse for a small crop (a face in a 12000-pixel photo), the file is decoded again at
just the scale that crop needs."""

from __future__ import annotations

import math

import numpy as np

from studio.api import Image
from studio.api.errors import InputError
from studio.engine.image_io import decode_image

from .crop import Box
from .picture import Picture

MAX_SIDE = 512


def output_size(box: Box, max_side: int = MAX_SIDE) -> tuple[int, int]:
    """Pixels of the cropped image: the crop's own size, scaled down to fit ``max_side``."""
    scale = min(1.0, max_side / max(box.width, box.height))
    return max(1, round(box.width * scale)), max(1, round(box.height * scale))


def render(picture: Picture, box: Box, max_side: int = MAX_SIDE) -> Image:
    from PIL import Image as PILImage

    size = output_size(box, max_side)
    source = _sharp_enough(picture, size[0] / box.width)
    region = box.scaled(source.scale)
    resized = PILImage.fromarray(source.pixels, "RGB").resize(
        size,
        PILImage.Resampling.LANCZOS,
        box=(region.left, region.top, region.right, region.bottom),
        reducing_gap=2.0,  # a box reduction first when shrinking a lot: 3-4x faster, as sharp
    )
    return Image(np.asarray(resized, np.uint8), source=picture.source)


def _sharp_enough(picture: Picture, needed: float) -> Picture:
    """``picture`` if its working copy has ``needed`` pixels per full-size pixel, else the file
    read again at that scale (the working copy when the file is gone or changed)."""
    if picture.scale >= needed * 0.999 or picture.file is None:
        return picture
    longest = math.ceil(max(picture.full_size) * needed)
    try:
        decoded = decode_image(picture.file, longest)
    except InputError:
        return picture
    if decoded.full_size != picture.full_size:  # another picture under the same name now
        return picture
    return Picture(decoded.pixels, decoded.full_size, picture.source)
