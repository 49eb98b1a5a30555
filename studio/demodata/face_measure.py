"""Measurements that read a face's voice attributes back from any aligned 64x64 face image.

They need no model and work on blurry generator output as well as on drawn faces, so they can
score a voice-to-face model: do long vocal tracts get wide heads, low voices long faces, breathy
voices light skin?

  measurement      tracks (drawn faces)             how it is read
  head_width       vocal-tract length (+)           skin width, rows just below the eyes
  jaw_width        vocal-tract length (+)           skin width 3/4 of the way down to the chin
  face_aspect      mean F0 (-): long faces = low    (chin row - eye row) / head_width
  brow_height      mean F0 (+): high brows = high   darkness-weighted mean row above the eyes
  skin_lightness   breathiness (+)                  luma of the cheeks, 0..1
  skin_redness     breathiness (-)                  (R - B) / (R + G + B) of the cheeks

The skin is what resembles the cheeks' colour in log-RGB (so a uniformly darker or lighter skin
gives the same contrasts); the face is the region of it that holds the cheeks, holes (eyes,
mouth, brows) filled.
"""

from __future__ import annotations

import numpy as np

from .layout import CENTRE_X, EYE_ROW, SIZE

# Positions are in frame units, as the painter's: pixel row r spans y = r .. r + 1.
_ROW_CENTRES = np.arange(SIZE) + 0.5

# Cheek patches: a few rows below the eyes, either side of the nose (rows and column offsets).
_CHEEK_ROWS = (int(EYE_ROW) + 3, int(EYE_ROW) + 8)
_CHEEK_COLUMNS = (5, 10)
_SKIN_DISTANCE = 0.3  # log-RGB distance from the cheek colour still counted as skin
_LOG_OFFSET = 8.0  # keeps near-black pixels from dominating log distances
_WIDTH_ROWS = (int(EYE_ROW), int(EYE_ROW) + 5)  # the widest part of the face
_EDGE_REACH = 3  # px beyond an edge that blur may blend; the last of them counts as outside
_CHIN_WIDTH = 0.25  # the chin is where the face narrows to this share of its width
_JAW_DEPTH = 0.75  # share of the way from the eyes to the chin
_BROW_ROWS = (EYE_ROW - 11.0, EYE_ROW - 3.5)  # clear of the hairline and the eyes
_BROW_COLUMNS = (0.2, 0.6)  # share of the half-width out from the centre

MEASUREMENTS = (
    "head_width",
    "jaw_width",
    "face_aspect",
    "brow_height",
    "skin_lightness",
    "skin_redness",
)


def measure_face(pixels: np.ndarray) -> dict[str, float]:
    """The measurements above (pixels, ratios or 0..1) of a uint8 ``[64, 64, 3]`` face."""
    from scipy import ndimage  # scipy costs seconds to import; only measuring needs it

    image = np.asarray(pixels)
    if image.shape != (SIZE, SIZE, 3):
        raise ValueError(f"expected a [{SIZE}, {SIZE}, 3] image, got {image.shape}")
    image = image.astype(np.float64)
    skin = _cheek_colour(image)
    distance = np.linalg.norm(np.log(image + _LOG_OFFSET) - np.log(skin + _LOG_OFFSET), axis=2)
    labels, _ = ndimage.label(ndimage.binary_fill_holes(distance < _SKIN_DISTANCE))
    cheeks = labels[_CHEEK_ROWS[0] : _CHEEK_ROWS[1], int(CENTRE_X) - 8 : int(CENTRE_X) + 8]
    face_label = np.bincount(cheeks[cheeks > 0]).argmax() if (cheeks > 0).any() else -1
    region = labels == face_label
    widths = _soft_widths(image, skin, region)

    head_width = float(widths[_WIDTH_ROWS[0] : _WIDTH_ROWS[1]].mean())
    centre = _centre_column(region)
    chin = _chin_row(widths, head_width)
    lower = chin - EYE_ROW
    return {
        "head_width": head_width,
        "jaw_width": float(np.interp(EYE_ROW + _JAW_DEPTH * lower, _ROW_CENTRES, widths)),
        "face_aspect": lower / max(head_width, 1.0),
        "brow_height": _brow_height(image, skin, centre, head_width),
        "skin_lightness": float(_luma(skin) / 255),
        "skin_redness": float((skin[0] - skin[2]) / max(skin.sum(), 1.0)),
    }


def _cheek_colour(image: np.ndarray) -> np.ndarray:
    """Mean of the left and right cheeks' median colours: symmetric, so a left-right lighting
    ramp cancels out."""
    rows = slice(*_CHEEK_ROWS)
    near, far = _CHEEK_COLUMNS
    left = image[rows, int(CENTRE_X) - far : int(CENTRE_X) - near].reshape(-1, 3)
    right = image[rows, int(CENTRE_X) + near : int(CENTRE_X) + far].reshape(-1, 3)
    return (np.median(left, axis=0) + np.median(right, axis=0)) / 2


def _soft_widths(image: np.ndarray, skin: np.ndarray, region: np.ndarray) -> np.ndarray:
    """Width of the face in each row, to a fraction of a pixel: the region's span counts whole,
    corrected at each edge by how much of the pixels there is skin.

    A pixel near an edge is read as a blend of the skin and the colour ``_EDGE_REACH`` px
    further out; blending is what anti-aliasing and blur do to an edge, so summing the skin
    shares places the edge to a fraction of a pixel, however soft it is."""
    widths = np.zeros(SIZE)
    rows = np.nonzero(region.any(axis=1))[0]
    if len(rows) == 0:
        return widths
    inside = region[rows]
    left = inside.argmax(axis=1)
    right = SIZE - 1 - inside[:, ::-1].argmax(axis=1)
    widths[rows] = right - left + 1
    steps = np.arange(_EDGE_REACH + 1)
    for edge, step in ((left, -1), (right, 1)):
        # Columns from the edge outward, clamped: repeats of the border column add nothing.
        columns = np.clip(edge[:, np.newaxis] + step * steps, 0, SIZE - 1)
        pixels = image[rows[:, np.newaxis], columns]  # [rows, reach + 1, 3]
        outside = pixels[:, -1:]
        axis = skin - outside
        share = ((pixels - outside) * axis).sum(axis=2) / np.maximum(
            (axis * axis).sum(axis=2), 1e-9
        )
        share = np.clip(share, 0.0, 1.0)
        correction = share[:, 1:-1].sum(axis=1) - (1 - share[:, 0])
        at_border = (edge + step < 0) | (edge + step >= SIZE)  # nothing outside to compare with
        widths[rows] += np.where(at_border, 0.0, correction)
    return np.maximum(widths, 0.0)


def _centre_column(region: np.ndarray) -> float:
    """The middle of the face's widest rows: the nominal centre plus any pose shift."""
    columns = np.nonzero(region[_WIDTH_ROWS[0] : _WIDTH_ROWS[1]].any(axis=0))[0]
    return (columns[0] + columns[-1] + 1) / 2 if len(columns) else CENTRE_X


def _chin_row(widths: np.ndarray, head_width: float) -> float:
    """The row, to a fraction, where the face below the eyes has narrowed to ``_CHIN_WIDTH`` of
    its width. (Its very bottom edge borders the neck's shadow, too close in colour to read as
    reliably as the sides, which border the background or hair.)"""
    level = _CHIN_WIDTH * head_width
    start = int(EYE_ROW)
    narrow = np.nonzero(widths[start:] < level)[0]
    if len(narrow) == 0:
        return float(SIZE)
    row = start + int(narrow[0])
    if row == start:
        return float(_ROW_CENTRES[row])
    above, below = widths[row - 1], widths[row]
    return float(_ROW_CENTRES[row - 1] + (above - level) / max(above - below, 1e-9))


def _brow_height(image: np.ndarray, skin: np.ndarray, centre: float, head_width: float) -> float:
    """How far above the eye row the brows' darkness is centred, in pixels, looking above
    each eye."""
    rows = _ROW_CENTRES
    band = (rows >= _BROW_ROWS[0]) & (rows <= _BROW_ROWS[1])
    half = head_width / 2
    offsets = np.abs(_ROW_CENTRES - centre)  # columns, as the frame is square
    columns = (offsets >= _BROW_COLUMNS[0] * half) & (offsets <= _BROW_COLUMNS[1] * half)
    darkness = np.clip(_luma(skin) - _luma(image[band][:, columns]), 0, None).mean(axis=1)
    if darkness.sum() <= 0:
        return 0.0
    return float(EYE_ROW - (rows[band] * darkness).sum() / darkness.sum())


def _luma(rgb: np.ndarray) -> np.ndarray:
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
