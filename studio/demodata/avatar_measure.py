"""Reading an avatar's voice-driven traits back from its pixels, at any size.

Each measure answers one trait of ``avatar.look``, so an evaluation can ask of a generated
picture what the corpus drew for a voice:

- ``skin_lightness`` (breathiness): the median luma of the inner cheeks under the eyes, which
  neither facial hair nor any hair style covers;
- ``eye_spacing`` (vocal-tract length, drawn as the figure's width): the distance between the
  darkness-weighted centres of the two eyes, as a share of the picture's width;
- ``hair_lightness`` (jitter, drawn as grey hair): the luma of the first pixels that differ from
  the background down the centre column, the top of the hair in every style.

Smaller pictures are scaled up to the 256 px master first, so that every measure reads the same
places at every size; the regions are in master pixels, from the art's layout in ``avatar``.
"""

from __future__ import annotations

import numpy as np

from .avatar import MASTER_SIZE

TRAITS = {  # speaker parameter -> the measure that reads it (both rise together)
    "breathiness": "skin_lightness",
    "vtl_cm": "eye_spacing",
    "jitter": "hair_lightness",
}
CENTRE = 128  # the figure's vertical axis
CHEEK_ROWS = (118, 126)  # under the eyes, above any beard or moustache
CHEEK_COLUMNS = (14, 22)  # each side of the centre, inside the eyes
EYE_ROWS = (98, 119)  # the eyes, below the eyebrows and above the nose
EYE_REACH = 46  # px each side of the centre that the eyes stay within at the widest figure
EYE_DARKNESS = 0.75  # a pixel darker than this share of the skin's luma counts as eye
HAIR_ROWS = 100  # the top of the hair is above this row in every style
BACKGROUND_DISTANCE = 30.0  # RGB distance from the corner colour that counts as drawn
HAIR_DEPTH = 8  # px of hair taken below its top edge


def measure_avatar(pixels: np.ndarray) -> dict[str, float]:
    """The three trait measures of a square uint8 RGB avatar (NaN where one cannot be read)."""
    image = _at_master_size(pixels).astype(np.float64)
    skin = _skin(image)
    return {
        "skin_lightness": float(_luma(skin)),
        "eye_spacing": _eye_spacing(image, float(_luma(skin))),
        "hair_lightness": _hair_lightness(image),
    }


def _at_master_size(pixels: np.ndarray) -> np.ndarray:
    if pixels.shape[0] == MASTER_SIZE and pixels.shape[1] == MASTER_SIZE:
        return pixels
    from PIL import Image

    size = (MASTER_SIZE, MASTER_SIZE)
    return np.asarray(Image.fromarray(pixels).resize(size, Image.Resampling.BICUBIC))


def _skin(image: np.ndarray) -> np.ndarray:
    top, bottom = CHEEK_ROWS
    near, far = CHEEK_COLUMNS
    cheeks = [
        image[top:bottom, CENTRE - far : CENTRE - near],
        image[top:bottom, CENTRE + near : CENTRE + far],
    ]
    return np.median(np.concatenate([c.reshape(-1, 3) for c in cheeks]), axis=0)


def _eye_spacing(image: np.ndarray, skin_luma: float) -> float:
    top, bottom = EYE_ROWS
    band = _luma(image[top:bottom, CENTRE - EYE_REACH : CENTRE + EYE_REACH])
    weight = np.clip(skin_luma * EYE_DARKNESS - band, 0.0, None).sum(axis=0)
    columns = np.arange(band.shape[1]) + CENTRE - EYE_REACH
    centres = []
    for side in (columns < CENTRE, columns >= CENTRE):
        if weight[side].sum() <= 0:
            return float("nan")
        centres.append(float((weight[side] * columns[side]).sum() / weight[side].sum()))
    return (centres[1] - centres[0]) / MASTER_SIZE


def _hair_lightness(image: np.ndarray) -> float:
    background = image[1, 1]
    column = image[:HAIR_ROWS, CENTRE]
    drawn = np.nonzero(np.linalg.norm(column - background, axis=1) > BACKGROUND_DISTANCE)[0]
    if not len(drawn):
        return float("nan")
    return float(_luma(np.median(column[drawn[0] : drawn[0] + HAIR_DEPTH], axis=0)))


def _luma(rgb: np.ndarray) -> np.ndarray:
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
