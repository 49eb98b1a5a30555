"""Results beyond the first image: audio outputs shown as a playable waveform and exported as
WAV or FLAC with the recipe, dragging a result out to the file manager, re-running a recipe,
and a plugin crash reported in one line with its traceback one click away."""

from __future__ import annotations

import numpy as np
from app_driver import wait_for_tracks
from PySide6.QtCore import Qt

from studio.audio import read_audio
from studio.engine.recipe import read_recipe

ECHO = """
import numpy as np
from studio.api import AudioClip, GeneratorInfo, Kind, Latent, Param, Slot, Task, hookimpl

@hookimpl
def studio_generators():
    return [GeneratorInfo(id="echo:voice-to-voice", title="Echo", task=Task.VOICE_TO_VOICE,
                          inputs=(Slot("voice", Kind.AUDIO),), output=Kind.AUDIO,
                          params=(Param("gain", float, 0.5, 0.0, 1.0, live=True),),
                          load="plugin_echo:load")]

def load(device, model):
    return Echo()

class Echo:
    def encode(self, inputs, params, progress):
        clip = inputs["voice"].mono()
        return Latent({"samples": clip.samples[0].copy(), "rate": np.array([clip.rate])})
    def decode(self, latent, params, progress):
        return AudioClip(latent.arrays["samples"] * params["gain"], int(latent.arrays["rate"][0]))
"""

EXPLODING = """
from studio.api import GeneratorInfo, Kind, Slot, Task, hookimpl

@hookimpl
def studio_generators():
    return [GeneratorInfo(id="boom:voice-to-face", title="Boom", task=Task.VOICE_TO_FACE,
                          inputs=(Slot("voice", Kind.AUDIO),), output=Kind.IMAGE,
                          load="plugin_boom:load")]

def load(device, model):
    return Boom()

class Boom:
    def encode(self, inputs, params, progress):
        raise RuntimeError("the model fell over")
    def decode(self, latent, params, progress):
        raise AssertionError("never reached")
"""


def generate(qtbot, window, generator_id: str):
    panel = window.generator
    panel.select_generator(generator_id)
    with qtbot.waitSignal(panel.resultReady, timeout=60000) as signal:
        qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.generation.busy)
    return signal.args[0]


def test_an_audio_output_plays_and_exports_as_wav_or_flac(
    qtbot, window_with_plugin, playback, tmp_path
):
    window = window_with_plugin("echo", ECHO)
    result = generate(qtbot, window, "echo:voice-to-voice")
    assert window.output.canvas.audio is not None and window.output.play.isVisibleTo(window)
    qtbot.waitUntil(lambda: window.transport.available, timeout=10000)
    qtbot.mouseClick(window.output.play, Qt.MouseButton.LeftButton)
    assert window.transport.playing
    stream = playback.streams[-1]
    qtbot.waitUntil(lambda: window.transport.player.buffered >= 1, timeout=5000)
    heard = stream.pump(1024)[:, 0]
    np.testing.assert_allclose(heard, result.output.samples[0, :1024], atol=1e-6)
    window.transport.stop()

    for name in ("echo.wav", "echo.flac"):
        written = window.export_result(result, tmp_path / name)
        assert written == [tmp_path / name]
        assert read_recipe(tmp_path / name).generator == "echo:voice-to-voice"
        clip = read_audio(tmp_path / name)
        np.testing.assert_allclose(clip.samples[0], result.output.samples[0], atol=1e-4)
    assert "as .png" not in window.status.text
    window.export_result(result, tmp_path / "echo.png")
    assert "save it as .wav or .flac" in window.status.text


def test_dragging_a_result_out_gives_the_file_manager_a_png(qtbot, window, voice_file):
    window.open_files([voice_file])
    wait_for_tracks(qtbot, window, 1)
    result = generate(qtbot, window, "example:voice-to-swatch")
    strip = window.output.history
    mime = strip.mimeData([strip.item(0)])
    path = mime.urls()[0].toLocalFile()
    assert path.endswith(".png")
    assert read_recipe(path).seed == result.recipe.seed


def test_rerunning_a_recipe_makes_the_same_result_again(qtbot, window, voice_file):
    window.open_files([voice_file])
    wait_for_tracks(qtbot, window, 1)
    first = generate(qtbot, window, "example:voice-to-swatch")
    window.generator.seed.setValue(99)
    window.generator.params.set_values({"size": 32})
    with qtbot.waitSignal(window.generator.resultReady, timeout=30000) as signal:
        window.output.rerunRequested.emit(first)
    again = signal.args[0]
    assert again.number == 2 and again.recipe.seed == first.recipe.seed
    np.testing.assert_array_equal(again.output.pixels, first.output.pixels)


def test_a_plugin_crash_is_one_line_with_the_traceback_a_click_away(qtbot, window_with_plugin):
    window = window_with_plugin("boom", EXPLODING)
    panel = window.generator
    panel.select_generator("boom:voice-to-face")
    with qtbot.waitSignal(window.generation.finished, timeout=30000):
        qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
    assert "the model fell over" in panel.status.text and "\n" not in panel.status.text
    assert panel.status.details_button.isVisibleTo(panel)
    qtbot.mouseClick(panel.status.details_button, Qt.MouseButton.LeftButton)
    assert panel.status.detail.isVisibleTo(panel)
    assert "Traceback" in panel.status.detail.toPlainText()
