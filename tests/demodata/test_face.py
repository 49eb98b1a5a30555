"""Faces from voice parameters, and the measurements that read the parameters back."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.ndimage import gaussian_filter
from scipy.stats import spearmanr

from studio.demodata import MEASUREMENTS, draw_speaker, draw_speakers, face, measure_face
from studio.demodata.face import geometry
from studio.demodata.layout import EYE_ROW, SIZE

# Each measurement, the parameter it tracks, and the direction.
TRACKS = {
    "head_width": ("vtl_cm", 1),
    "jaw_width": ("vtl_cm", 1),
    "face_aspect": ("f0_hz", -1),
    "brow_height": ("f0_hz", 1),
    "skin_lightness": ("breathiness", 1),
    "skin_redness": ("breathiness", -1),
}
PEOPLE = draw_speakers(240, seed=7)


def blur(pixels: np.ndarray, sigma: float = 1.5) -> np.ndarray:
    soft = gaussian_filter(pixels.astype(np.float64), (sigma, sigma, 0))
    return np.clip(np.rint(soft), 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def faces() -> list[np.ndarray]:
    """One face per speaker, each with its own nuisance (pose, light, hair, background)."""
    return [face(person, 1000 + person.index) for person in PEOPLE]


@pytest.fixture(scope="module")
def measured(faces) -> dict[str, list[dict[str, float]]]:
    """The measurements of every face, as drawn and blurred like a generator's output."""
    return {
        "sharp": [measure_face(pixels) for pixels in faces],
        "blurred": [measure_face(blur(pixels)) for pixels in faces],
    }


def test_a_face_is_a_64px_rgb_image_of_its_arguments_alone():
    person = draw_speaker(4, seed=1)
    pixels = face(person, 9)

    assert pixels.shape == (64, 64, 3) and pixels.dtype == np.uint8
    np.testing.assert_array_equal(pixels, face(person, 9))
    assert not np.array_equal(pixels, face(person, 10))


def test_the_measurements_are_the_documented_ones(measured):
    assert tuple(measured["sharp"][0]) == MEASUREMENTS == tuple(TRACKS)


@pytest.mark.parametrize(("version", "least"), [("sharp", 0.9), ("blurred", 0.8)])
@pytest.mark.parametrize("name", list(TRACKS))
def test_each_measurement_tracks_its_parameter(measured, name, version, least):
    """Over 240 speakers; "blurred" is a Gaussian blur of sigma 1.5 px, like a GAN's output."""
    parameter, sign = TRACKS[name]
    values = [m[name] for m in measured[version]]

    assert sign * spearmanr(values, [getattr(p, parameter) for p in PEOPLE])[0] >= least


def test_measurements_agree_with_the_drawn_geometry(measured):
    """In pixels, not just in rank: the head is as wide as drawn, the chin where drawn."""
    for person, found in zip(PEOPLE, measured["sharp"]):
        geo = geometry(person)
        assert found["head_width"] == pytest.approx(2 * geo.half_width, abs=1.25)
        chin = EYE_ROW + found["face_aspect"] * found["head_width"]
        assert chin == pytest.approx(EYE_ROW + geo.lower_length, abs=1.25)
        assert found["brow_height"] == pytest.approx(geo.brow_height, abs=1.25)


def test_nuisance_moves_the_measurements_far_less_than_the_voice_does():
    """Twenty images of one speaker vary much less than one image each of many speakers."""
    person = PEOPLE[0]
    same = [measure_face(face(person, seed)) for seed in range(20)]
    many = [measure_face(face(other, 0)) for other in PEOPLE[:20]]

    for name in TRACKS:
        assert np.std([m[name] for m in same]) < 0.25 * np.std([m[name] for m in many]), name


@settings(deadline=None, max_examples=40)
@given(
    index=st.integers(0, 10_000),
    seed=st.integers(0, 2**63 - 1),
    corner=st.sampled_from([None, (13.0, 85.0), (19.0, 85.0), (13.0, 255.0), (19.0, 255.0)]),
)
def test_any_face_fits_the_frame_and_measures_sensibly(index, seed, corner):
    person = draw_speaker(index, seed=2)
    if corner:
        person = replace(person, vtl_cm=corner[0], f0_hz=corner[1])
    geo = geometry(person)
    found = measure_face(face(person, seed))

    assert EYE_ROW + geo.lower_length < SIZE - 1  # the chin is in the picture
    assert all(np.isfinite(v) for v in found.values())
    assert 28 < found["head_width"] < 52
    assert 0 < found["skin_lightness"] < 1


def test_measure_face_refuses_other_sizes():
    with pytest.raises(ValueError, match="64, 64, 3"):
        measure_face(np.zeros((32, 32, 3), np.uint8))


def test_measure_face_copes_with_an_image_that_is_not_a_face():
    found = measure_face(np.full((64, 64, 3), 90, np.uint8))

    assert set(found) == set(MEASUREMENTS)
    assert all(np.isfinite(v) for v in found.values())
