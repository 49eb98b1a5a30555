"""Faces for synthetic speakers: 64x64 RGB, drawn from the same parameters as the voice.

What the voice decides (strong, smooth signals, so a small model can learn them):
  * vocal-tract length -> head size (half-width 15.5..24.5 px) and jaw width (a squarer jaw);
  * mean F0 -> face roundness (lower-face length / width 1.45..1.10: low voices get long faces)
    and the brows (low voices: thick and low; high voices: thin, high and arched);
  * breathiness -> skin tone (dark and warm .. light and pink).
What the image seed decides (nuisance, not tied to the voice): a small shift (+-3 px across,
+-0.25 px up or down), a lighting gradient, the background, clothes, iris colour, and the
hair's colour and shape.

The frame is aligned the way cropped face datasets are: eyes on row ``EYE_ROW`` and the face
centred across, filling most of the frame. Shapes are drawn at 4x and downsampled with LANCZOS.
``measure_face`` (from ``face_measure``) reads the voice's attributes back from any such image.
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from . import seeds
from .face_measure import measure_face
from .layout import CENTRE_X, EYE_ROW, SIZE
from .speakers import SpeakerParams, lerp

if TYPE_CHECKING:
    from PIL import ImageDraw

__all__ = ["FaceGeometry", "face", "geometry", "measure_face", "skin_colour"]

RGB = tuple[int, int, int]
_SCALE = 4  # drawn at 256x256, then downsampled: smooth edges at 64x64

# Head half-width in px over the VTL range, and lower-face length / half-width over the F0 range.
HALF_WIDTH_PX = (15.5, 24.5)
ASPECT = (1.45, 1.10)
# Superellipse exponent of the jaw over the VTL range: 2.3 is a narrow rounded jaw, 3.2 a square
# one. Near the chin the shapes agree to 1 %, so the chin (and the aspect read there) is untouched.
JAW_EXPONENT = (2.3, 3.2)
# Brows over the F0 range: height of their centre line above the eye row, thickness, arch (px).
BROW_HEIGHT_PX = (5.0, 9.5)
BROW_THICKNESS_PX = (3.6, 1.6)
BROW_ARCH_PX = (0.0, 1.5)
# Skin colour at breathiness 0, 0.25, .. 1: from dark and warm to light and pink.
SKIN_RGB = ((104, 68, 48), (146, 98, 70), (190, 136, 104), (222, 176, 148), (244, 214, 196))
NECK_SHADE = 0.62  # the neck is in the chin's shadow, so it never reads as face
_LIP_TINT = (150, 50, 60)  # lips are the skin tinted this far (45 %) toward this red
_SHIFT_X_PX = 3.0
_SHIFT_Y_PX = 0.25
_LIGHT_GRADIENT = 0.12  # brightness change from the frame's centre to its edge, at most
_HAIRLINE_PX = (12.5, 16.0)  # above the eye row: always clear of the highest brow (10.3 px)


@dataclass(frozen=True)
class FaceGeometry:
    """Everything the voice decides about a face, in 64-px units."""

    half_width: float
    lower_length: float  # eye row to chin
    jaw_exponent: float
    brow_height: float
    brow_thickness: float
    brow_arch: float
    skin: RGB


def geometry(speaker: SpeakerParams) -> FaceGeometry:
    v, f = speaker.vtl_position, speaker.f0_position
    half_width = lerp(HALF_WIDTH_PX, v)
    return FaceGeometry(
        half_width=half_width,
        lower_length=half_width * lerp(ASPECT, f),
        jaw_exponent=lerp(JAW_EXPONENT, v),
        brow_height=lerp(BROW_HEIGHT_PX, f),
        brow_thickness=lerp(BROW_THICKNESS_PX, f),
        brow_arch=lerp(BROW_ARCH_PX, f),
        skin=skin_colour(speaker.breathiness),
    )


def skin_colour(breathiness: float) -> RGB:
    """``SKIN_RGB`` interpolated piecewise-linearly at the breathiness."""
    position = min(max(breathiness, 0.0), 1.0) * (len(SKIN_RGB) - 1)
    low = min(int(position), len(SKIN_RGB) - 2)
    return _mix(SKIN_RGB[low], SKIN_RGB[low + 1], position - low)


def face(speaker: SpeakerParams, seed: int) -> np.ndarray:
    """The speaker's face as uint8 ``[64, 64, 3]``; ``seed`` picks the nuisance only."""
    from PIL import Image, ImageDraw

    geo = geometry(speaker)
    look = _Look(seeds.stream(seed, seeds.FACE))
    canvas = Image.new("RGB", (SIZE * _SCALE, SIZE * _SCALE), look.background)
    pen = _Pen(ImageDraw.Draw(canvas))
    cx, eye_y = CENTRE_X + look.shift_x, EYE_ROW + look.shift_y
    chin_y = eye_y + geo.lower_length
    skull = 1.25 * geo.half_width  # eye row to the top of the head

    a = geo.half_width
    _back_hair(pen, look, cx, eye_y, a, skull, chin_y)
    neck = 0.42 * a
    pen.polygon(
        [(cx - neck, eye_y), (cx + neck, eye_y), (cx + neck, SIZE), (cx - neck, SIZE)],
        _shade(geo.skin, NECK_SHADE),
    )
    _clothes(pen, look, cx, chin_y, a, neck)
    pen.polygon(_outline(cx, eye_y, geo, skull), geo.skin)
    _eyes(pen, look, cx, eye_y, a)
    _brows(pen, look, cx, eye_y, geo)
    pen.ellipse(cx, eye_y + 0.38 * geo.lower_length, 0.12 * a, 0.9, _shade(geo.skin, 0.82))
    lips = _mix(geo.skin, _LIP_TINT, 0.45)
    pen.ellipse(cx, eye_y + 0.66 * geo.lower_length, 0.42 * a, 0.9 + 0.04 * a, lips)
    _fringe(pen, look, cx, eye_y, a, skull)

    small = canvas.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    pixels = np.asarray(small, dtype=np.float64) * look.lighting()
    return np.clip(np.rint(pixels), 0, 255).astype(np.uint8)


class _Look:
    """The image seed's choices: pose, light, background, clothes, eyes and hair."""

    def __init__(self, rng: np.random.Generator) -> None:
        u = rng.random(20)
        self.shift_x = _SHIFT_X_PX * (2 * u[0] - 1)
        self.shift_y = _SHIFT_Y_PX * (2 * u[1] - 1)
        self.light_angle = 2 * math.pi * u[2]
        self.light_strength = _LIGHT_GRADIENT * u[3]
        # Backgrounds and clothes: greens, blues and violets, neither pale nor grey, so every
        # skin stands out against them.
        self.background = _hsv(140 + 140 * u[4], 0.25 + 0.35 * u[5], 0.25 + 0.45 * u[6])
        self.clothes = _hsv(140 + 140 * u[7], 0.25 + 0.55 * u[8], 0.2 + 0.5 * u[9])
        self.iris = _hsv(360 * u[10], 0.3 + 0.5 * u[11], 0.2 + 0.4 * u[12])
        # Hair is always darker than the darkest skin, so the face's outline stays clear.
        self.hair = _hsv(10 + 30 * u[13], 0.3 + 0.5 * u[14], 0.04 + 0.18 * u[15])
        self.hair_volume = 1.0 + 4.0 * u[16]  # px beyond the skull
        self.hair_length = int(u[17] * 3)  # 0 short, 1 to the chin, 2 to the shoulders
        self.fringe = int(u[18] * 3)  # 0 straight, 1 swept, 2 parted
        self.hairline = lerp(_HAIRLINE_PX, u[19])

    def lighting(self) -> np.ndarray:
        """Per-pixel brightness factor ``[64, 64, 1]``: a linear ramp through the centre."""
        y, x = np.mgrid[0:SIZE, 0:SIZE] + 0.5 - SIZE / 2
        along = x * math.cos(self.light_angle) + y * math.sin(self.light_angle)
        return (1 + self.light_strength * along / (SIZE / 2))[..., np.newaxis]


def _outline(cx: float, eye_y: float, geo: FaceGeometry, skull: float) -> list[tuple[float, float]]:
    """Face contour: an elliptic skull above the eye row, a superellipse jaw below it."""
    a, n = geo.half_width, geo.jaw_exponent
    t = np.linspace(0, 1, 90)
    top = [
        (cx + a * math.sin(math.pi * (s - 0.5)), eye_y - skull * math.cos(math.pi * (s - 0.5)))
        for s in t
    ]
    down = (1 - t**n) ** (1 / n)  # half-width at depth t of the lower face
    right = [(cx + a * w, eye_y + geo.lower_length * d) for d, w in zip(t, down)]
    left = [(cx - a * w, eye_y + geo.lower_length * d) for d, w in zip(t[::-1], down[::-1])]
    return top + right + left


def _eyes(pen: _Pen, look: _Look, cx: float, eye_y: float, a: float) -> None:
    for side in (-1, 1):
        x = cx + side * 0.4 * a
        pen.ellipse(x, eye_y, 0.17 * a, 0.075 * a, (236, 234, 228))
        pen.ellipse(x, eye_y, 0.065 * a, 0.065 * a, look.iris)
        pen.ellipse(x, eye_y, 0.03 * a, 0.03 * a, (20, 16, 16))


def _brows(pen: _Pen, look: _Look, cx: float, eye_y: float, geo: FaceGeometry) -> None:
    colour = _shade(look.hair, 0.5)
    a = geo.half_width
    for side in (-1, 1):
        xs = cx + side * np.linspace(0.16 * a, 0.66 * a, 24)
        bow = np.sin(np.pi * np.linspace(0.15, 1.0, 24))  # rises then falls toward the temple
        mid = eye_y - geo.brow_height - geo.brow_arch * (bow - 0.5)
        half = geo.brow_thickness / 2 * (1 - 0.35 * np.linspace(0, 1, 24))  # thinner outward
        upper = list(zip(xs, mid - half))
        lower = list(zip(xs[::-1], (mid + half)[::-1]))
        pen.polygon(upper + lower, colour)


def _back_hair(
    pen: _Pen, look: _Look, cx: float, eye_y: float, a: float, skull: float, chin_y: float
) -> None:
    """Hair behind the head: its colour and extent are nuisance; it never covers the face."""
    width = a + look.hair_volume + 1.5
    bottom = (eye_y + 2, chin_y - 2, SIZE + 4)[look.hair_length]
    top = eye_y - skull - look.hair_volume
    pen.rounded((cx - width, top, cx + width, bottom), min(width, 10), look.hair)


def _fringe(pen: _Pen, look: _Look, cx: float, eye_y: float, a: float, skull: float) -> None:
    """The hair over the top of the head, down to a hairline above the brows."""
    rx, ry = a + look.hair_volume, skull + look.hair_volume
    line = eye_y - look.hairline
    t = np.linspace(-1, 1, 60)
    if look.fringe == 0:  # straight across
        edge = np.full_like(t, line)
    elif look.fringe == 1:  # swept: lower on one side
        edge = line + (t + 1)
    else:  # parted in the middle, falling to each side
        edge = line - 2.5 * (1 - np.abs(t))
    # Toward the sides the hairline meets the skull's outline, and follows it down.
    edge = np.maximum(edge, eye_y - ry * np.sqrt(np.clip(1 - t**2, 0, 1)))
    crown = [(cx + rx * math.cos(s), eye_y - ry * math.sin(s)) for s in np.linspace(0, math.pi, 60)]
    # The crown runs right to left; the hairline closes the shape from left to right.
    pen.polygon(crown + list(zip(cx + rx * t, edge)), look.hair)


def _clothes(pen: _Pen, look: _Look, cx: float, chin_y: float, a: float, neck: float) -> None:
    top = max(chin_y + 4, SIZE - 12)
    pen.rounded((cx - a - 14, top, cx + a + 14, SIZE + 12), 10, look.clothes)
    collar = [(cx - neck - 2, top), (cx + neck + 2, top), (cx, top + 5)]
    pen.polygon(collar, _shade(look.clothes, 0.7))


class _Pen:
    """Draws in 64-px frame units on the 4x canvas."""

    def __init__(self, draw: ImageDraw.ImageDraw) -> None:
        self.draw = draw

    def polygon(self, points: Sequence[tuple[float, float]], fill: RGB) -> None:
        self.draw.polygon([(x * _SCALE, y * _SCALE) for x, y in points], fill=fill)

    def ellipse(self, x: float, y: float, rx: float, ry: float, fill: RGB) -> None:
        box = [(x - rx) * _SCALE, (y - ry) * _SCALE, (x + rx) * _SCALE, (y + ry) * _SCALE]
        self.draw.ellipse(box, fill=fill)

    def rounded(self, box: tuple[float, float, float, float], radius: float, fill: RGB) -> None:
        self.draw.rounded_rectangle([v * _SCALE for v in box], radius=radius * _SCALE, fill=fill)


def _mix(rgb: RGB, other: RGB, share: float) -> RGB:
    return (
        round(rgb[0] + (other[0] - rgb[0]) * share),
        round(rgb[1] + (other[1] - rgb[1]) * share),
        round(rgb[2] + (other[2] - rgb[2]) * share),
    )


def _shade(rgb: RGB, factor: float) -> RGB:
    return (round(rgb[0] * factor), round(rgb[1] * factor), round(rgb[2] * factor))


def _hsv(hue_deg: float, saturation: float, value: float) -> RGB:
    r, g, b = colorsys.hsv_to_rgb((hue_deg % 360) / 360, saturation, value)
    return (round(255 * r), round(255 * g), round(255 * b))
