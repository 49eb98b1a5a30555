"""The generator panel: pickers from descriptors, params, seed, Generate that becomes Cancel,
results on the canvas and in the history, export with the recipe, and clear weights errors."""

from __future__ import annotations

import numpy as np
import pytest
from app_driver import open_and_select
from PySide6.QtCore import Qt

from studio.engine.recipe import read_recipe

SLOW = """
import time
import numpy as np
from studio.api import GeneratorInfo, Image, Kind, Latent, Slot, Task, hookimpl

@hookimpl
def studio_generators():
    return [GeneratorInfo(id="slow:voice-to-face", title="Slow", task=Task.VOICE_TO_FACE,
                          inputs=(Slot("voice", Kind.AUDIO),), output=Kind.IMAGE,
                          load="plugin_slow:load")]

def load(device, model):
    return Slow()

class Slow:
    def encode(self, inputs, params, progress):
        for step in range(300):
            progress.update(step / 300, "thinking")
            time.sleep(0.02)
        return Latent({"latent": np.zeros(1, np.float32)})
    def decode(self, latent, params, progress):
        return Image(np.zeros((4, 4, 3), np.uint8))
"""


WEIGHTY = """
import numpy as np
from studio.api import (GeneratorInfo, Image, ImportedWeights, ImporterSpec, Kind, Latent, Slot,
                        Task, hookimpl)

@hookimpl
def studio_generators():
    return [GeneratorInfo(id="weighty:voice-to-face", title="Weighty", task=Task.VOICE_TO_FACE,
                          inputs=(Slot("voice", Kind.AUDIO),), output=Kind.IMAGE,
                          load="plugin_weighty:load", untrained="plugin_weighty:untrained",
                          importers=(ImporterSpec("official", "plugin_weighty:untrained",
                                                  files=("w.pth",)),))]

def untrained(seed):
    return ImportedWeights({"w": np.zeros(3, np.float32)}, {"size": 4})

def load(device, model):
    return Weighty()

class Weighty:
    def encode(self, inputs, params, progress):
        return Latent({"latent": np.zeros(1, np.float32)})
    def decode(self, latent, params, progress):
        return Image(np.zeros((4, 4, 3), np.uint8))
"""


@pytest.fixture
def ready(qtbot, window, voice_file):
    open_and_select(qtbot, window, voice_file, 0.5, 2.5)
    return window


def choose(panel, generator_id: str) -> None:
    panel.select_generator(generator_id)
    assert panel.model.currentData() == generator_id


def generate(qtbot, window, timeout: int = 60000):
    panel = window.generator
    with qtbot.waitSignal(panel.resultReady, timeout=timeout) as signal:
        qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
    # The result arrives just before its job ends: until then the button still cancels.
    qtbot.waitUntil(lambda: not window.generation.busy, timeout=timeout)
    return signal.args[0]


def test_pickers_and_params_come_from_the_descriptors(window):
    panel = window.generator
    choose(panel, "example:voice-to-swatch")
    assert panel.task.currentText() == "Voice to face"
    assert set(panel.params.controls) == {"size", "jitter"}
    assert panel.weights.currentText() == "none needed" and not panel.weights.isEnabled()
    assert len(panel.sliders.sliders) == 2  # LatentSpec(dim=2)


def test_generate_shows_the_result_and_keeps_it_in_the_history(qtbot, ready):
    panel = ready.generator
    choose(panel, "example:voice-to-swatch")
    panel.params.set_values({"size": 8})
    panel.seed.setValue(7)
    result = generate(qtbot, ready)
    assert result.output.pixels.shape == (8, 8, 3)
    assert result.recipe.seed == 7 and result.recipe.params["size"] == 8
    assert result.inputs["voice"].duration == pytest.approx(2.0, abs=1e-3)  # the selection
    assert ready.output.canvas.image is not None
    assert ready.output.history.count() == 1
    assert "seed: 7" in ready.output.history.item(0).toolTip()
    qtbot.waitUntil(lambda: panel.generate_button.text() == "Generate")

    panel.seed_lock.setChecked(False)  # unlocked: every Generate rolls a new seed
    second = generate(qtbot, ready)
    assert second.number == 2 and ready.output.history.count() == 2


def test_the_generator_input_is_the_mix_of_the_selection(qtbot, ready):
    track = ready.document.project.tracks[0]
    panel = ready.generator
    choose(panel, "example:voice-to-swatch")
    quiet = generate(qtbot, ready).inputs["voice"]
    ready.document.edit_track(track.replace(volume_db=-6.0), "Volume")
    louder = generate(qtbot, ready).inputs["voice"]
    assert np.max(np.abs(louder.samples)) == pytest.approx(
        np.max(np.abs(quiet.samples)) / 2, rel=0.01
    )


def test_cancel_stops_a_running_generation(qtbot, window_with_plugin):
    slow_window = window_with_plugin("slow", SLOW)
    panel = slow_window.generator
    choose(panel, "slow:voice-to-face")
    qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
    assert panel.generate_button.text() == "Cancel"
    qtbot.waitUntil(
        lambda: panel.progress.maximum() == 100 and panel.progress.value() > 0, timeout=30000
    )
    with qtbot.waitSignal(slow_window.generation.finished, timeout=10000):
        qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
    assert panel.generate_button.text() == "Generate"
    assert panel.status.text == "Cancelled."
    assert slow_window.output.history.count() == 0


def test_export_writes_the_png_with_its_recipe(qtbot, ready, tmp_path):
    panel = ready.generator
    choose(panel, "example:voice-to-swatch")
    result = generate(qtbot, ready)
    written = ready.export_result(result, tmp_path / "swatch.png")
    assert written == [tmp_path / "swatch.png"]
    recipe = read_recipe(tmp_path / "swatch.png")
    assert recipe.generator == "example:voice-to-swatch" and recipe.seed == result.recipe.seed
    assert "swatch.png" in ready.status.text


def test_missing_weights_say_so_and_offer_untrained_ones(qtbot, window_with_plugin):
    window = window_with_plugin("weighty", WEIGHTY)
    panel = window.generator
    choose(panel, "weighty:voice-to-face")
    labels = [panel.weights.itemText(i) for i in range(panel.weights.count())]
    assert labels == ["no weights installed", "untrained (random)"]
    assert "no weights installed for weighty:voice-to-face" in panel.status.text
    assert "persona-studio models import weighty w.pth" in panel.status.text
    assert panel.status.action_button.isVisibleTo(panel)
    panel.status.action_button.click()
    assert panel.weights.currentData() == "untrained"
    assert panel.status.text == ""
    result = generate(qtbot, window)
    assert result.recipe.weights["name"] == "untrained"


def test_without_a_selection_there_is_a_clear_message(qtbot, window):
    panel = window.generator
    choose(panel, "example:voice-to-swatch")
    with qtbot.waitSignal(window.generation.finished, timeout=30000):
        qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
    assert "no track to use" in panel.status.text


def test_enhance_beside_generate_lifts_the_face_and_its_sliders_stay_enhanced(qtbot, ready):
    panel = ready.generator
    choose(panel, "wen2019:voice-to-face")
    assert not panel.enhance.isHidden()  # a face generator, and avpgan's restorer is here
    panel.enhance.setChecked(True)
    result = generate(qtbot, ready, timeout=120000)
    assert result.output.pixels.shape == (512, 512, 3)
    assert result.recipe.enhance["generator"] == "avpgan:restore-face"

    panel.enhance.setChecked(False)
    plain = generate(qtbot, ready, timeout=120000)
    assert plain.output.pixels.shape == (64, 64, 3) and plain.recipe.enhance is None
    with qtbot.waitSignal(panel.resultReady, timeout=120000) as signal:
        ready.output.enhanceRequested.emit(plain)  # the history's "Enhance" on a result
    assert signal.args[0].output.pixels.shape == (512, 512, 3)
    assert panel.enhance.isChecked()


def test_enhance_is_not_offered_where_it_cannot_apply(window):
    panel = window.generator
    choose(panel, "avpgan:restore-face")
    assert panel.enhance.isHidden()  # restoring a restoration: no
    choose(panel, "xfavot:face-to-voice")
    assert panel.enhance.isHidden()  # a voice


def test_the_result_gets_room_and_history_avatars_are_comparable(qtbot, ready):
    from studio.ui.output_panel import THUMBNAIL

    ready.resize(1366, 768)  # a small laptop screen
    ready.show()
    choose(ready.generator, "wen2019:voice-to-face")
    generate(qtbot, ready, timeout=120000)
    qtbot.waitUntil(lambda: ready.splitter.sizes()[1] >= ready.splitter.sizes()[0])
    rect = ready.output.canvas.image_rect()
    assert min(rect.width(), rect.height()) >= 256  # the face is shown at least 256 px
    assert THUMBNAIL >= 96


def test_a_first_start_opens_on_the_voice_to_face_model_with_the_best_figures(
    make_window, monkeypatch
):
    from studio.evaluation import best_model

    best = "sf2f:voice-to-face"  # not the first listed (avpgan is): the figures choose it
    good = {"sets": {"synthetic": {"matching": 0.9}, "real": {"register_agreement": 0.9}}}
    monkeypatch.setattr(
        best_model, "bundled_yardstick", lambda info: good if info.id == best else None
    )
    window = make_window()
    assert window.generator.model.currentData() == best
