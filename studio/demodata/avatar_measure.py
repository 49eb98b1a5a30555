"""Reading an avatar's voice-driven traits back from its pixels, at any size.

Each measure answers one trait of ``avatar.look``, so an evaluation can ask of a generated
picture what the corpus drew for a voice:

- ``skin_lightness`` (breathiness): the median luma of the inner cheeks under the eyes, which
  neither facial hair nor any hair style covers;
- ``eye_spacing`` (vocal-tract length, drawn as the figure's width): the distance between the
  darkness-weighted centres of the two eyes, as a share of the picture's width;
- ``hair_lightness`` (speaking rate, drawn as grey hair for slow speech): the median luma of the first pixels that
  differ from the background down the columns of the crown, the top of the hair in every style.

- ``hair_beside_face`` (the F0 register, drawn as the hair family): the share of two bands
  beside the jaw and neck (placed by the eye spacing, as the face is, or by the middle figure's
  when no eyes can be read) that are not background.
  Long hair fills them, short hair leaves them empty; ``presents_high_register`` makes the cut.

Smaller pictures are scaled up to the 256 px master first, so that every measure reads the same
places at every size; the regions are in master pixels, from the art's layout in ``avatar``.
"""

from __future__ import annotations

import numpy as np

from .avatar import MASTER_SIZE

TRAITS = {  # speaker parameter -> the measure that reads it (both rise together, but see FALLING)
    "breathiness": "skin_lightness",
    "vtl_cm": "eye_spacing",
    "rate_syl_s": "hair_lightness",
}
FALLING = frozenset({"rate_syl_s"})  # the slower the speech, the greyer the hair
# The F0 register is a category (long hair for the high register), read by a share and a cut.
REGISTER_MEASURE = "hair_beside_face"
LONG_HAIR_SHARE = 0.3  # above it, a picture presents the high register
CENTRE = 128  # the figure's vertical axis
CHEEK_ROWS = (118, 126)  # under the eyes, above any beard or moustache
CHEEK_COLUMNS = (14, 22)  # each side of the centre, inside the eyes
EYE_ROWS = (98, 119)  # the eyes, below the eyebrows and above the nose
EYE_REACH = 36  # px each side of the centre that the eyes stay within at the widest figure
EYE_DARKNESS = 0.75  # a pixel darker than this share of the skin's luma counts as eye
HAIR_ROWS = 100  # the top of the hair is above this row in every style
BACKGROUND_DISTANCE = 30.0  # RGB distance from the background colour that counts as drawn
CORNER = (8, 24)  # px: the background is the median of both top corners' squares, inset
SIDE_ROWS = (150, 190)  # beside the jaw and neck: below the ears, above the shoulders
SIDE_REACH = (2.2, 3.2)  # the bands' inner and outer edges, in half eye spacings from the axis
# The eye spacing of the middle figure (the avatars' median, 0.17-0.22 over the width range):
# the bands are placed by it when a picture has no eyes to read, as a blurred face may not.
MIDDLE_EYE_SPACING = 0.2
HAIR_DEPTH = 10  # px of hair taken below its top edge
HAIR_REACH = 24  # px each side of the centre: a median over the crown, past any one strand


def measure_avatar(pixels: np.ndarray) -> dict[str, float]:
    """The three trait measures of a square uint8 RGB avatar (NaN where one cannot be read)."""
    image = _at_master_size(pixels).astype(np.float64)
    skin = _skin(image)
    eye_spacing = _eye_spacing(image, float(_luma(skin)))
    return {
        "skin_lightness": float(_luma(skin)),
        "eye_spacing": eye_spacing,
        "hair_lightness": _hair_lightness(image),
        "hair_beside_face": _hair_beside_face(image, eye_spacing),
    }


def presents_high_register(measures: dict[str, float]) -> bool:
    """Whether a picture's measures show the high-register cue (hair down beside the face)."""
    return measures[REGISTER_MEASURE] > LONG_HAIR_SHARE


def _at_master_size(pixels: np.ndarray) -> np.ndarray:
    return scaled(pixels, MASTER_SIZE)


def scaled(pixels: np.ndarray, size: int) -> np.ndarray:
    """A square uint8 RGB picture at ``size`` px (bicubic; the same array when it already is)."""
    if pixels.shape[0] == size and pixels.shape[1] == size:
        return pixels
    from PIL import Image

    image = Image.fromarray(np.ascontiguousarray(pixels))
    return np.asarray(image.resize((size, size), Image.Resampling.BICUBIC))


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
    background = _background(image)
    samples = []
    for column in range(CENTRE - HAIR_REACH, CENTRE + HAIR_REACH + 1, 2):
        pixels = image[CORNER[0] : HAIR_ROWS, column]  # below any edge artefact
        drawn = np.nonzero(np.linalg.norm(pixels - background, axis=1) > BACKGROUND_DISTANCE)[0]
        if len(drawn):  # below the anti-aliased edge pixel
            samples.append(pixels[drawn[0] + 1 : drawn[0] + 1 + HAIR_DEPTH])
    if not samples:
        return float("nan")
    return float(np.median(_luma(np.concatenate(samples))))


def _hair_beside_face(image: np.ndarray, eye_spacing: float) -> float:
    """Share of the bands beside the jaw and neck that are not background: long hair."""
    if not np.isfinite(eye_spacing):
        eye_spacing = MIDDLE_EYE_SPACING
    half = eye_spacing * MASTER_SIZE / 2  # the face's width follows its eyes'
    near, far = (round(k * half) for k in SIDE_REACH)
    top, bottom = SIDE_ROWS
    bands = np.concatenate(
        [
            image[top:bottom, CENTRE - far : CENTRE - near],
            image[top:bottom, CENTRE + near : CENTRE + far],
        ]
    ).reshape(-1, 3)
    return float(np.mean(np.linalg.norm(bands - _background(image), axis=1) > BACKGROUND_DISTANCE))


def _background(image: np.ndarray) -> np.ndarray:
    """The background colour: a median over both top corners, which no hair style reaches, a
    little inside the edge. One pixel is not enough for a generated picture, whose border often
    carries an artefact."""
    inner, outer = CORNER
    left = image[inner:outer, inner:outer]
    right = image[inner:outer, image.shape[1] - outer : image.shape[1] - inner]
    return np.median(np.concatenate([left, right]).reshape(-1, 3), axis=0)


def _luma(rgb: np.ndarray) -> np.ndarray:
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
