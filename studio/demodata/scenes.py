"""Scenes drawn with Pillow: the sound's classes decide what appears, their levels how big
and how near it is.

A level (dB above the ambient bed) maps to a nearness in [0, 1]: near objects are larger and
stand lower in the frame (closer to the viewer), far ones small and up by the horizon. Every
class has its own saturated colour, unused by the sky and ground, so
:mod:`studio.demodata.scene_measure` can find each object again in any picture (a generated
one included) without a classifier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from . import seeds
from .sound_sources import CLASSES

SIZE = 64
SCALE = 4  # drawn at 4x and downsampled: smooth edges
LEVELS_DB = (-6.0, 18.0)  # the corpus's source levels; the ends are far and near
HORIZON = 0.45
SCENE = 23  # seeds purpose of a scene's background jitter
COLOURS = (  # far apart, and far from sky, ground and their blends with each other
    (20, 40, 230),  # rain: a blue cloud with streaks
    (255, 235, 0),  # birdsong: a yellow bird
    (230, 0, 0),  # engine: a red car
    (0, 230, 230),  # waves: a cyan breaker
    (230, 0, 230),  # wind: a magenta windmill
    (255, 140, 0),  # fire crackle: an orange fire
    (0, 220, 60),  # bells: a green bell
    (255, 150, 205),  # crowd babble: pink people
)


@dataclass(frozen=True)
class Placed:
    kind: int
    level_db: float


def nearness(level_db: float) -> float:
    low, high = LEVELS_DB
    return float(np.clip((level_db - low) / (high - low), 0.0, 1.0))


def scene(objects: Sequence[Placed], seed: int, size: int = SIZE) -> np.ndarray:
    """(size, size, 3) uint8: the background for ``seed`` with ``objects`` drawn far to near.

    With two objects, the lower class index stands left: the layout depends only on what is
    heard, never on the order of the tracks."""
    rng = seeds.stream(seed, SCENE)
    big = size * SCALE
    picture = Image.new("RGB", (big, big))
    draw = ImageDraw.Draw(picture)
    _background(draw, big, rng)
    ordered = sorted(objects, key=lambda o: o.kind)
    slots = [0.5] if len(ordered) == 1 else list(np.linspace(0.24, 0.76, len(ordered)))
    drawing_order = sorted(zip(ordered, slots), key=lambda pair: nearness(pair[0].level_db))
    for placed, x in drawing_order:
        near = nearness(placed.level_db)
        height = big * (0.2 + 0.34 * near)
        bottom = big * (HORIZON + 0.08 + 0.45 * near)
        centre = big * (x + rng.uniform(-0.03, 0.03))
        _PAINTERS[placed.kind](draw, centre, bottom, height, COLOURS[placed.kind])
    small = picture.resize((size, size), Image.LANCZOS)
    return np.asarray(small, dtype=np.uint8)


def _background(draw: ImageDraw.ImageDraw, big: int, rng: np.random.Generator) -> None:
    horizon = int(big * HORIZON)
    sky_top = np.array([150, 185, 225]) + rng.uniform(-12, 12, 3)
    sky_low = np.array([205, 220, 235]) + rng.uniform(-8, 8, 3)
    for y in range(horizon):
        colour = sky_top + (sky_low - sky_top) * y / horizon
        draw.line([(0, y), (big, y)], fill=tuple(int(c) for c in colour))
    ground_far = np.array([120, 140, 105]) + rng.uniform(-10, 10, 3)
    ground_near = np.array([85, 105, 70]) + rng.uniform(-10, 10, 3)
    for y in range(horizon, big):
        colour = ground_far + (ground_near - ground_far) * (y - horizon) / (big - horizon)
        draw.line([(0, y), (big, y)], fill=tuple(int(c) for c in colour))


def _rain(draw, cx, bottom, h, colour):
    top = bottom - h
    w = h * 1.2
    for dx, dy, r in ((-0.3, 0.15, 0.22), (0.0, 0.08, 0.28), (0.3, 0.16, 0.22)):
        x, y, rr = cx + dx * w, top + dy * h, r * h
        draw.ellipse([x - rr, y - rr * 0.7, x + rr, y + rr * 0.7], fill=colour)
    for k in range(6):
        x = cx - 0.4 * w + k * 0.16 * w
        draw.line(
            [(x, top + 0.3 * h), (x - 0.06 * w, bottom)], fill=colour, width=max(2, int(h / 25))
        )


def _bird(draw, cx, bottom, h, colour):
    w = h * 1.3
    draw.ellipse([cx - 0.35 * w, bottom - 0.75 * h, cx + 0.3 * w, bottom - 0.2 * h], fill=colour)
    draw.ellipse([cx + 0.12 * w, bottom - h, cx + 0.45 * w, bottom - 0.62 * h], fill=colour)
    draw.polygon(
        [
            (cx + 0.45 * w, bottom - 0.85 * h),
            (cx + 0.6 * w, bottom - 0.78 * h),
            (cx + 0.44 * w, bottom - 0.72 * h),
        ],
        fill=(60, 40, 20),
    )
    draw.polygon(
        [
            (cx - 0.2 * w, bottom - 0.55 * h),
            (cx + 0.05 * w, bottom - 0.55 * h),
            (cx - 0.25 * w, bottom - 0.95 * h),
        ],
        fill=colour,
    )


def _car(draw, cx, bottom, h, colour):
    w = h * 1.8
    draw.rectangle([cx - 0.5 * w, bottom - 0.6 * h, cx + 0.5 * w, bottom - 0.2 * h], fill=colour)
    draw.polygon(
        [
            (cx - 0.28 * w, bottom - 0.6 * h),
            (cx - 0.15 * w, bottom - h),
            (cx + 0.2 * w, bottom - h),
            (cx + 0.32 * w, bottom - 0.6 * h),
        ],
        fill=colour,
    )
    for x in (cx - 0.3 * w, cx + 0.3 * w):
        r = 0.17 * h
        draw.ellipse([x - r, bottom - 2 * r, x + r, bottom], fill=(25, 25, 25))


def _wave(draw, cx, bottom, h, colour):
    w = h * 1.9
    xs = np.linspace(cx - 0.5 * w, cx + 0.5 * w, 24)
    crest = bottom - h * (0.55 + 0.45 * np.sin(np.linspace(0, np.pi, 24)) ** 2)
    points = [(x, y) for x, y in zip(xs, crest)] + [(cx + 0.5 * w, bottom), (cx - 0.5 * w, bottom)]
    draw.polygon(points, fill=colour)


def _windmill(draw, cx, bottom, h, colour):
    h *= 1.4  # thin shapes: drawn taller so that its area stays comparable
    hub = (cx, bottom - 0.62 * h)
    draw.polygon(
        [
            (cx - 0.12 * h, bottom),
            (cx + 0.12 * h, bottom),
            (cx + 0.05 * h, hub[1]),
            (cx - 0.05 * h, hub[1]),
        ],
        fill=colour,
    )
    for angle in (0.3, 0.3 + 2.09, 0.3 + 4.19):
        tip = (hub[0] + 0.4 * h * np.cos(angle), hub[1] - 0.4 * h * np.sin(angle))
        side = (hub[0] + 0.2 * h * np.cos(angle + 0.7), hub[1] - 0.2 * h * np.sin(angle + 0.7))
        draw.polygon([hub, side, tip], fill=colour)
    r = 0.07 * h
    draw.ellipse([hub[0] - r, hub[1] - r, hub[0] + r, hub[1] + r], fill=colour)


def _fire(draw, cx, bottom, h, colour):
    w = h * 0.9
    for dx, scale in ((-0.25, 0.7), (0.25, 0.75), (0.0, 1.0)):
        x = cx + dx * w
        draw.polygon(
            [(x - 0.28 * w, bottom), (x + 0.28 * w, bottom), (x, bottom - scale * h)], fill=colour
        )
    draw.rectangle([cx - 0.45 * w, bottom - 0.08 * h, cx + 0.45 * w, bottom], fill=(70, 40, 20))


def _bell(draw, cx, bottom, h, colour):
    w = h * 0.9
    draw.polygon(
        [
            (cx - 0.5 * w, bottom - 0.15 * h),
            (cx + 0.5 * w, bottom - 0.15 * h),
            (cx + 0.3 * w, bottom - 0.75 * h),
            (cx - 0.3 * w, bottom - 0.75 * h),
        ],
        fill=colour,
    )
    draw.ellipse([cx - 0.3 * w, bottom - h, cx + 0.3 * w, bottom - 0.55 * h], fill=colour)
    draw.ellipse([cx - 0.08 * w, bottom - 0.2 * h, cx + 0.08 * w, bottom], fill=colour)


def _crowd(draw, cx, bottom, h, colour):
    w = h * 1.6
    for k, dx in enumerate((-0.35, -0.12, 0.12, 0.35)):
        x = cx + dx * w
        tall = h * (0.85 + 0.15 * (k % 2))
        r = 0.13 * h
        draw.ellipse([x - r, bottom - tall, x + r, bottom - tall + 2 * r], fill=colour)
        draw.rectangle([x - 0.1 * w, bottom - tall + 2.2 * r, x + 0.1 * w, bottom], fill=colour)


_PAINTERS = (_rain, _bird, _car, _wave, _windmill, _fire, _bell, _crowd)
assert len(_PAINTERS) == len(CLASSES) == len(COLOURS)
