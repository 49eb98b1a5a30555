"""Which parts of the recording shaped the face: SF2F's per-segment attention drawn over the
waveform lanes the input was mixed from, at the selection's place on the timeline."""

import numpy as np
import pytest
from app_driver import generate, open_and_select

from studio.api import Latent
from studio.audio.io import write_audio
from studio.audio.synth import speech_like
from studio.ui.model.attention import FLOOR, overlay_for
from studio.ui.waveform import ATTENTION_STRIP


def latent_with(times, weights) -> Latent:
    return Latent(
        {"embedding": np.zeros(4, np.float32)},
        extras={"segment_times": np.array(times), "segment_attention": np.array(weights)},
    )


def test_segments_land_at_the_selection_and_the_heaviest_part_is_brightest():
    latent = latent_with([[0.0, 1.0], [0.5, 1.5], [1.0, 2.0]], [0.2, 0.2, 0.6])
    overlay = overlay_for(latent, input_start=10.0, tracks={3})
    assert overlay.tracks == {3}
    assert overlay.starts.tolist() == [10.0, 10.5, 11.0]
    # 100 columns of 20 ms from 10 s: the mean weight of the windows over each column, from
    # the lightest part of the input (FLOOR) to the heaviest (1).
    heat = overlay.columns(10.0, 0.02, 100)
    assert heat[:50].tolist() == pytest.approx([FLOOR] * 50)  # 10-11 s: windows of 0.2 only
    assert heat[75:100].tolist() == pytest.approx([1.0] * 25)  # 11.5-12 s: the 0.6 window only
    assert FLOOR < heat[60] < 1.0  # 11.2 s: 0.2 and 0.6 overlap
    assert overlay.weight_at(11.25) == pytest.approx(0.8)
    assert overlay.columns(30.0, 0.02, 10).tolist() == [0.0] * 10  # after the input: nothing
    even = overlay_for(latent_with([[0, 1], [1, 2]], [0.5, 0.5]), 0.0, {1})
    assert even.columns(0.0, 0.1, 20).tolist() == pytest.approx([1.0] * 20)


def test_results_without_segment_weights_have_no_overlay():
    assert overlay_for(Latent({"embedding": np.zeros(4)}), 0.0, {1}) is None
    assert overlay_for(latent_with(np.zeros((0, 2)), []), 0.0, {1}) is None


def test_generating_with_sf2f_shades_the_selected_part_of_the_lane(qtbot, window, tmp_path):
    path = tmp_path / "long.wav"
    write_audio(path, speech_like(8.0, 16000, seed=4))
    track = open_and_select(qtbot, window, path, 2.0, 6.0)
    result = generate(qtbot, window, "sf2f:voice-to-face")

    overlay = window.timeline.attention
    assert overlay is not None and overlay.tracks == {track.id}
    assert overlay.starts.min() == pytest.approx(2.0)
    assert overlay.ends.max() <= 6.0 + 1e-6
    assert overlay.weights.sum() == pytest.approx(1.0, abs=1e-5)
    assert result.input_start == 2.0

    lane = window.tracks.lanes[track.id]
    window.timeline.fit()
    image = lane.grab().toImage()
    strip_row = ATTENTION_STRIP // 2
    viewport = window.timeline.viewport
    reds = [image.pixelColor(x, strip_row).red() for x in range(image.width())]
    inside = reds[int(viewport.x_of(2.1)) : int(viewport.x_of(5.9))]
    after = reds[int(viewport.x_of(6.1)) :]
    assert max(inside) > 200  # the heaviest part: a full-strength orange strip
    assert min(inside) > max(after)  # all of the input is marked, the rest of the track not

    generate(qtbot, window)  # the example plugin reports no segments: the shading goes
    assert window.timeline.attention is None
