"""Plain-Python pieces of the app: the weights picker's order, the decode coalescer, the
viewport maths, latent slider moves and the mix of a selection."""

from __future__ import annotations

import numpy as np
import pytest

from studio.api import GeneratorInfo, Kind, Latent, LatentSpec, Slot, Task, WeightsSpec
from studio.api.errors import InputError
from studio.audio import AudioClip
from studio.ui.model.coalescer import Coalescer
from studio.ui.model.latent import directions, moved
from studio.ui.model.mixdown import mix_selection, render_block
from studio.ui.model.project import Project, Selection
from studio.ui.model.source import Source
from studio.ui.model.track import Track
from studio.ui.model.viewport import Viewport, format_time, tick_step
from studio.ui.model.weights_choices import weights_choices
from studio.weights import ModelStore


def info(**kwargs) -> GeneratorInfo:
    return GeneratorInfo(
        id="p:g",
        title="G",
        task=Task.VOICE_TO_FACE,
        inputs=(Slot("voice", Kind.AUDIO),),
        output=Kind.IMAGE,
        load="m:f",
        **kwargs,
    )


def test_weights_picker_lists_demo_first_and_untrained_last(tmp_path):
    store = ModelStore(tmp_path)
    specs = (
        WeightsSpec("big", bundled="models/big"),
        WeightsSpec("demo", bundled="models/demo", demo=True),
    )
    labels = [c.label for c in weights_choices(info(weights=specs, untrained="m:u"), store)]
    assert labels == ["demo", "big", "untrained (random)"]
    nothing = weights_choices(info(untrained="m:u"), store)
    assert [(c.label, c.value) for c in nothing] == [
        ("no weights installed", None),
        ("untrained (random)", "untrained"),
    ]
    assert [c.label for c in weights_choices(info(), store)] == ["none needed"]


def test_the_coalescer_runs_one_job_and_then_only_the_latest_request():
    started = []
    coalescer = Coalescer(started.append)
    for value in range(5):
        coalescer.request(value)
    assert started == [0]
    coalescer.finished()
    assert started == [0, 4]
    coalescer.finished()
    assert not coalescer.busy
    coalescer.request(9)
    assert started == [0, 4, 9]


def test_viewport_zooms_around_the_pointer_and_stays_in_bounds():
    view = Viewport(width=1000, duration=100.0, rate=48000)
    view.fit()
    assert view.start == 0 and view.visible == pytest.approx(100.0)
    view.zoom(10, anchor_x=500)
    assert view.seconds_at(500) == pytest.approx(50.0) and view.visible == pytest.approx(10.0)
    view.scroll_to(1e9)
    assert view.end == pytest.approx(100.0)
    view.zoom(1e12)
    assert view.seconds_per_pixel > 0  # clamped: at most 32 pixels per sample
    assert tick_step(0.01) == 1.0 and format_time(61.5, 0.1) == "1:01.5"


def test_a_latent_slider_moves_along_its_axis_and_keeps_unit_norm():
    spec = LatentSpec(dim=4, array="z", unit_norm=True)
    base = Latent({"z": np.array([0.5, 0.5, 0.5, 0.5], np.float32)})
    axes = directions(spec)
    same = moved(base, spec, axes, np.zeros(4))
    np.testing.assert_allclose(same.arrays["z"], base.arrays["z"])
    pushed = moved(base, spec, axes, np.array([1.0, 0, 0, 0]))
    assert pushed.arrays["z"][0] > 0.5 and np.linalg.norm(pushed.arrays["z"]) == pytest.approx(1.0)
    assert base.arrays["z"][0] == 0.5  # the encoded latent is never changed


def track(track_id: int, values, rate: int = 100, **kwargs) -> Track:
    clip = AudioClip(np.asarray(values, np.float32), rate, f"t{track_id}")
    return Track.from_source(track_id, f"t{track_id}", Source.from_clip(clip)).replace(**kwargs)


def test_the_selection_mix_uses_the_mixer_settings():
    a, b = track(1, np.full(200, 0.1)), track(2, np.full(100, 0.2), volume_db=-6.0)
    project = Project((a, b))
    mixed = mix_selection(project, Selection(0.5, 1.5, frozenset()))
    assert mixed.frames == 100
    np.testing.assert_allclose(mixed.samples[0, :50], 0.1 + 0.2 * 10 ** (-6 / 20), atol=1e-6)
    np.testing.assert_allclose(mixed.samples[0, 50:], 0.1, atol=1e-6)  # b has ended
    assert "t1, t2 (0.50-1.50 s)" == mixed.source
    only_b = mix_selection(project, Selection(0.0, 0.5, frozenset({2})))
    np.testing.assert_allclose(only_b.samples, 0.2 * 10 ** (-6 / 20), atol=1e-6)
    with pytest.raises(InputError, match="no track to use"):
        mix_selection(Project((a.replace(mute=True),)), Selection())


def test_playback_blocks_mix_tracks_of_other_rates():
    slow = track(1, np.linspace(0, 1, 100), rate=100)
    fast = track(2, np.zeros(200), rate=200)
    block, levels = render_block(Project((slow, fast)), 0, 200, rate=200, channels=2)
    np.testing.assert_allclose(block[0, ::2], np.linspace(0, 1, 100), atol=1e-6)
    assert (
        levels[1] == pytest.approx(1.0)
        and levels[2] == 0.0
        and levels["master"] == pytest.approx(1.0)
    )
