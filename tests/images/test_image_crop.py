"""The crop rectangle: locked to the slot's aspect and kept inside the picture through every
move, corner drag and zoom a user can make."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.images.crop import CORNERS, MIN_SIDE, Box, fitted, largest, moved, resized, zoomed


def test_the_largest_box_is_centred_and_as_big_as_the_picture_allows():
    assert largest(1.0, (300, 200)) == Box(50, 0, 200, 200)
    assert largest(1.0, (200, 300)) == Box(0, 50, 200, 200)
    assert largest(2.0, (300, 300)) == Box(0, 75, 300, 150)
    assert largest(1.0, (300, 200), centre=(290, 100)) == Box(100, 0, 200, 200)  # slid inside


def test_dragging_a_corner_keeps_the_opposite_corner_and_the_aspect():
    box = Box(100, 100, 100, 50)  # aspect 2
    grown = resized(box, "bottom-right", (260, 170), (1000, 1000))
    assert (grown.left, grown.top) == (100, 100)
    assert grown.width == 160 and grown.height == 80  # the farther coordinate (x) decides
    shrunk = resized(box, "top-left", (150, 140), (1000, 1000))
    assert (shrunk.right, shrunk.bottom) == (200, 150) and shrunk.aspect == 2


def test_a_corner_dragged_past_the_edge_stops_at_it():
    box = Box(100, 100, 100, 100)
    grown = resized(box, "top-left", (-500, -80), (1000, 1000))
    assert grown == Box(0, 0, 200, 200)  # the room above (100) limits it, not the pointer


def test_a_corner_dragged_across_the_box_stops_at_the_smallest_size():
    box = Box(100, 100, 100, 100)
    tiny = resized(box, "bottom-right", (20, 20), (1000, 1000))
    assert tiny == Box(100, 100, MIN_SIDE, MIN_SIDE)


def test_moving_stops_at_the_edges():
    assert moved(Box(10, 10, 50, 50), -100, 500, (200, 100)) == Box(0, 50, 50, 50)


def test_zoom_and_reshape_stay_inside():
    box = Box(0, 0, 100, 100)
    assert zoomed(box, 1.5, (120, 300)) == Box(0, 0, 120, 120)
    assert fitted(Box(100, 100, 100, 100), 4.0, (1000, 1000)) == Box(50, 125, 200, 50)


bounds = st.tuples(st.integers(20, 4000), st.integers(20, 4000))


@st.composite
def picture_and_box(draw):
    size = draw(bounds)
    aspect = draw(st.sampled_from([1.0, 0.75, 4 / 3, 16 / 9]))
    start = largest(aspect, size)
    factor = draw(st.floats(0.05, 1.0))
    centre = (draw(st.floats(0, size[0])), draw(st.floats(0, size[1])))
    return (
        size,
        aspect,
        zoomed(
            moved(start, centre[0] - start.centre[0], centre[1] - start.centre[1], size),
            factor,
            size,
        ),
    )


def assert_valid(box: Box, size, aspect):
    tolerance = 1e-6 * max(size)
    assert box.left >= -tolerance and box.top >= -tolerance
    assert box.right <= size[0] + tolerance and box.bottom <= size[1] + tolerance
    assert box.aspect == pytest.approx(aspect, rel=1e-6)
    assert box.width >= min(MIN_SIDE, size[0], size[1] * aspect) - tolerance


@settings(deadline=None, max_examples=200)
@given(
    picture_and_box(),
    st.sampled_from(CORNERS),
    st.floats(-5000, 9000),
    st.floats(-5000, 9000),
    st.floats(-5000, 5000),
    st.floats(-5000, 5000),
    st.floats(0.2, 5),
)
def test_every_gesture_leaves_a_valid_box(case, corner, px, py, dx, dy, factor):
    size, aspect, box = case
    assert_valid(box, size, aspect)
    assert_valid(resized(box, corner, (px, py), size), size, aspect)
    assert_valid(moved(box, dx, dy, size), size, aspect)
    assert_valid(zoomed(box, factor, size), size, aspect)
