"""The synthetic sounds-scenes corpus: layout, two-source items, the example recordings, and the
colour measure the demo's checks rely on (it must find drawn objects and miss absent ones)."""

from __future__ import annotations

import json

import numpy as np

from studio.audio.io import read_audio
from studio.demodata.scene_measure import areas, object_area, present
from studio.demodata.scenes import Placed, scene
from studio.demodata.sound_scenes import (
    TWO_SOURCES,
    build_sounds_scenes,
    draw_item,
    recording,
    recording_name,
)
from studio.demodata.sound_sources import BED_RMS, CLASSES


def test_the_corpus_layout_and_its_recordings(tmp_path):
    manifest = build_sounds_scenes(tmp_path, items=6, seed=3, heldout_fraction=0.5)
    lines = [json.loads(line) for line in manifest.read_text().splitlines()]
    assert [line["split"] for line in lines] == ["train"] * 3 + ["test"] * 3
    assert all((tmp_path / line["audio"]).is_file() for line in lines)
    assert all((tmp_path / line["face"]).is_file() for line in lines)
    for kind in range(len(CLASSES)):
        written = read_audio(tmp_path / "recordings" / recording_name(kind))
        assert np.allclose(written.samples, recording(kind, 3).samples, atol=1e-4)
    assert (tmp_path / "recordings" / "birdsong.wav").is_file()


def test_about_half_the_items_hold_two_sources():
    counts = [len(draw_item(i, 1, "train").objects) for i in range(400)]
    share = counts.count(2) / len(counts)
    assert abs(share - TWO_SOURCES) < 0.08 and set(counts) == {1, 2}


def test_a_recording_is_its_source_well_over_its_bed():
    clip = recording(1, 5).samples.astype(np.float64)
    assert np.sqrt(np.mean(clip**2)) > 3 * BED_RMS  # +12 dB source over a bed of BED_RMS


def test_the_colour_measure_finds_what_is_drawn_and_nothing_else():
    for first in range(len(CLASSES)):
        second = (first + 3) % len(CLASSES)
        picture = scene([Placed(first, 6.0), Placed(second, 9.0)], seed=first)
        assert {first, second} <= present(picture)
    empty = scene([], seed=1)
    assert present(empty) == set() and object_area(empty) < 0.005
    sizes = [areas(scene([Placed(4, level)], seed=2))[4] for level in (-6.0, 2.0, 10.0, 18.0)]
    assert np.all(np.diff(sizes) > 0)  # louder over the bed: nearer and bigger
