"""Latent sliders on wen2019 (untrained weights): moving one re-runs only the decoder and
refreshes the face; the moved result exports with its latent and reproduces from the CLI."""

from __future__ import annotations

import numpy as np
import pytest
from app_driver import open_and_select
from PySide6.QtCore import Qt

from studio.cli.main import main
from studio.engine.image_io import read_image


@pytest.fixture
def face(qtbot, window, voice_file):
    open_and_select(qtbot, window, voice_file, 0.0, 3.0)
    panel = window.generator
    panel.select_generator("wen2019:voice-to-face")
    panel.select_weights("untrained")
    with qtbot.waitSignal(panel.resultReady, timeout=120000) as signal:
        qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.generation.busy)
    return window, signal.args[0]


def test_a_latent_slider_changes_the_face_without_generate(qtbot, face, tmp_path):
    window, first = face
    panel = window.generator
    assert first.output.pixels.shape == (64, 64, 3)
    assert panel.sliders.isEnabled() and len(panel.sliders.sliders) == 64
    encodes = []
    generator, _ = window.context.engine.model(first.info, first.model, "cpu")
    original_encode = generator.encode
    generator.encode = lambda *a, **k: encodes.append(1) or original_encode(*a, **k)

    with qtbot.waitSignal(panel.previewReady, timeout=30000):
        for value in (20, 60, 100):  # a drag: intermediate positions coalesce
            panel.sliders.sliders[0].setValue(value)
    qtbot.waitUntil(lambda: not window.generation._previews.busy, timeout=30000)
    moved = window.output.current
    assert moved.derived_from == first.number and moved.positions[0] == 1.0
    assert not np.array_equal(moved.output.pixels, first.output.pixels)
    assert encodes == []  # only the decoder ran
    assert window.output.history.count() == 2

    written = window.export_result(moved, tmp_path / "moved.png")
    assert written == [tmp_path / "moved.png", tmp_path / "moved.latent.npz"]
    again = tmp_path / "again.png"
    assert (
        main(["generate", "--recipe", str(written[0]), "-o", str(again), "--weights", "untrained"])
        == 0
    )
    np.testing.assert_array_equal(read_image(again).pixels, moved.output.pixels)

    with qtbot.waitSignal(panel.resultReady, timeout=30000) as rerun:
        window.output.rerunRequested.emit(moved)  # from the history strip's menu
    np.testing.assert_array_equal(rerun.args[0].output.pixels, moved.output.pixels)
    assert encodes == []  # decoded from the moved latent, not encoded again


def test_a_live_param_redraws_the_face(qtbot, face):
    window, first = face
    panel = window.generator
    with qtbot.waitSignal(panel.previewReady, timeout=30000) as signal:
        panel.params.controls["variation"].setValue(0.5)
    assert not np.array_equal(signal.args[0].output.pixels, first.output.pixels)
    assert signal.args[0].recipe.params["variation"] == 0.5


def test_demo_weights_offer_named_principal_directions(window):
    panel = window.generator
    panel.select_generator("wen2019:voice-to-face")
    panel.select_weights("demo")
    names = [axis.name for axis in panel.sliders.axes]
    assert len(names) == 8 and names[0].startswith("PC1")
    assert any("vocal-tract length" in name for name in names)
    panel.select_weights("untrained")
    assert len(panel.sliders.axes) == 64  # weights without a basis: the raw axes
