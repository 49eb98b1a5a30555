"""The peak pyramid against brute-force min/max over the samples."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.audio import AudioClip, PeakPyramid


def random_clip(seed: int, frames: int, channels: int = 2) -> AudioClip:
    return AudioClip(np.random.default_rng(seed).standard_normal((channels, frames)), 48000)


def brute_force(samples: np.ndarray, edges: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    return (
        np.array([samples[a:b].min() for a, b in edges], dtype=np.float32),
        np.array([samples[a:b].max() for a, b in edges], dtype=np.float32),
    )


def column_edges(start: int, end: int, columns: int) -> list[tuple[int, int]]:
    """The documented column ranges: an even split, at least one frame each."""
    cuts = [start + i * (end - start) // columns for i in range(columns + 1)]
    return [(a, max(b, a + 1)) for a, b in itertools.pairwise(cuts)]


pyramids = st.builds(
    lambda seed, frames, base, factor: PeakPyramid.build(random_clip(seed, frames), base, factor),
    seed=st.integers(0, 2**32 - 1),
    frames=st.integers(1, 5000),
    base=st.sampled_from([1, 2, 3, 16, 256]),
    factor=st.sampled_from([2, 3, 4]),
)


@settings(deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    frames=st.integers(1, 5000),
    base=st.sampled_from([1, 2, 3, 16, 256]),
    factor=st.sampled_from([2, 3, 4]),
)
def test_levels_summarise_their_blocks(seed, frames, base, factor):
    pyramid = PeakPyramid.build(random_clip(seed, frames), base, factor)

    assert [level.block for level in pyramid.levels] == [
        base * factor**k for k in range(len(pyramid.levels))
    ]
    assert pyramid.levels[-1].mins.shape[1] == 1
    assert len(pyramid.levels) == 1 or pyramid.levels[-2].mins.shape[1] > 1
    for level in pyramid.levels:
        edges = [(a, min(a + level.block, frames)) for a in range(0, frames, level.block)]
        for channel in range(2):
            mins, maxs = brute_force(pyramid.samples[channel], edges)
            np.testing.assert_array_equal(level.mins[channel], mins)
            np.testing.assert_array_equal(level.maxs[channel], maxs)


@settings(deadline=None, max_examples=300)
@given(pyramid=pyramids, data=st.data())
def test_range_is_exact_when_columns_align_with_blocks(pyramid, data):
    level_index = data.draw(st.integers(0, len(pyramid.levels) - 1))
    block = pyramid.levels[level_index].block
    whole_blocks = pyramid.frames // block
    blocks = [level.block for level in pyramid.levels]
    factor = blocks[1] // blocks[0] if len(blocks) > 1 else 2
    if whole_blocks == 0:
        return
    # Fewer than `factor` blocks per column, so that this level is the one the view must use.
    per_column = data.draw(st.integers(1, min(factor - 1, whole_blocks))) * block
    columns = data.draw(st.integers(1, whole_blocks * block // per_column))
    start = data.draw(st.integers(0, whole_blocks - columns * per_column // block)) * block
    end = start + columns * per_column
    channel = data.draw(st.integers(0, 1))

    mins, maxs = pyramid.range(channel, start, end, columns)

    expected = brute_force(pyramid.samples[channel], column_edges(start, end, columns))
    np.testing.assert_array_equal(mins, expected[0])
    np.testing.assert_array_equal(maxs, expected[1])


@settings(deadline=None, max_examples=300)
@given(pyramid=pyramids, data=st.data())
def test_any_range_is_an_envelope_that_never_misses_a_peak(pyramid, data):
    start = data.draw(st.integers(0, pyramid.frames - 1))
    end = data.draw(st.integers(start + 1, pyramid.frames))
    columns = data.draw(st.integers(1, 3000))

    mins, maxs = pyramid.range(0, start, end, columns)

    true_mins, true_maxs = brute_force(pyramid.samples[0], column_edges(start, end, columns))
    assert mins.shape == maxs.shape == (columns,)
    assert np.all(mins <= true_mins) and np.all(maxs >= true_maxs)
    # ...and, as blocks are no wider than a column, reaches at most a column beyond the view.
    reach = -(-(end - start) // columns)
    nearby = pyramid.samples[0, max(start - reach, 0) : end + reach]
    assert mins.min() >= nearby.min() and maxs.max() <= nearby.max()


@settings(deadline=None)
@given(seed=st.integers(0, 2**32 - 1), frames=st.integers(300, 3000), data=st.data())
def test_zoomed_in_past_the_base_block_uses_exact_samples(seed, frames, data):
    pyramid = PeakPyramid.build(random_clip(seed, frames), base_block=256)
    start = data.draw(st.integers(0, frames - 1))
    end = data.draw(st.integers(start + 1, min(frames, start + 2000)))
    columns = data.draw(st.integers((end - start) // 255 + 1, 4000))  # < 256 frames per column

    mins, maxs = pyramid.range(1, start, end, columns)

    expected = brute_force(pyramid.samples[1], column_edges(start, end, columns))
    np.testing.assert_array_equal(mins, expected[0])
    np.testing.assert_array_equal(maxs, expected[1])


def test_range_clamps_to_the_clip_and_rejects_empty_views():
    pyramid = PeakPyramid.build(random_clip(0, 1000))

    mins, maxs = pyramid.range(0, -500, 5000, 1)

    assert (mins[0], maxs[0]) == (pyramid.samples[0].min(), pyramid.samples[0].max())
    with pytest.raises(ValueError):
        pyramid.range(0, 600, 600, 10)
    with pytest.raises(ValueError):
        pyramid.range(0, 0, 1000, 0)
