"""Each voice-driven trait of an avatar is read back from its pixels at 64, 128 and 256 px,
ranking the speakers as the drawn parameter does."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import spearmanr

from studio.demodata.avatar import REGISTER_HZ, avatar
from studio.demodata.avatar_measure import FALLING, TRAITS, measure_avatar, presents_high_register
from studio.demodata.speakers import draw_speakers

# Measured on these 40 speakers (seed 2) at 64 / 128 / 256 px: breathiness 1.0; VTL 0.9996,
# 0.9998, 0.9998; slow speech 0.997, 0.9998, 0.9998 (200 speakers of seeds 1 and 3: every one
# >= 0.9997). The issue asks for 0.95; the floor sits under what is measured.
FLOOR = 0.98


@pytest.fixture(scope="module")
def people():
    return draw_speakers(40, seed=2)


@pytest.mark.parametrize("size", [64, 128, 256])
def test_each_trait_is_read_back_from_the_pixels(people, size):
    measured = [measure_avatar(avatar(person, size=size)) for person in people]
    for parameter, measure in TRAITS.items():
        values = [m[measure] for m in measured]
        assert np.isfinite(values).all(), (parameter, size)
        rho = spearmanr(values, [getattr(person, parameter) for person in people]).statistic
        rho = -rho if parameter in FALLING else rho
        assert rho >= FLOOR, (parameter, size, rho)


@pytest.mark.parametrize("size", [64, 128, 256])
def test_the_register_is_read_back_from_the_hair(people, size):
    # A category, so agreement rather than a rank correlation: all 40 (and 600 of seeds 1-3).
    for person in people:
        measured = measure_avatar(avatar(person, size=size))
        assert presents_high_register(measured) == (person.f0_hz >= REGISTER_HZ), person.id


def test_a_picture_with_no_eyes_gives_no_spacing():
    blank = np.full((128, 128, 3), 200, np.uint8)
    measured = measure_avatar(blank)
    assert np.isnan(measured["eye_spacing"]) and measured["hair_beside_face"] == 0.0


def test_the_register_is_read_from_a_face_without_eyes(people):
    # A blurred generated face may have no eyes to place the bands by: the middle figure's
    # spacing places them, and long and short hair still read apart.
    from studio.demodata.avatar_measure import EYE_ROWS

    for person in people:
        picture = avatar(person, size=256).copy()
        top, bottom = EYE_ROWS
        picture[top:bottom, 90:166] = picture[122, 128 - 18]  # the cheek's colour over the eyes
        measured = measure_avatar(picture)
        assert np.isnan(measured["eye_spacing"]), person.id
        assert presents_high_register(measured) == (person.f0_hz >= REGISTER_HZ), person.id


def test_an_artefact_in_the_corner_pixel_does_not_move_the_background(people):
    # Generated pictures often carry a dark or bright line along their border: the background is
    # read from both top corners' squares, not from one pixel.
    for person in people[:12]:
        picture = avatar(person, size=64).copy()
        clean = measure_avatar(picture)
        picture[0, :] = 20  # a dark first row and column, as a generator's edge artefact
        picture[:, 0] = 20
        marked = measure_avatar(picture)
        assert presents_high_register(marked) == (person.f0_hz >= REGISTER_HZ), person.id
        assert marked["hair_lightness"] == pytest.approx(clean["hair_lightness"], abs=3)
