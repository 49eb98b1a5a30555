"""The engine runs a third-party generator end to end, seeds it, caches its model, cancels
cooperatively, and records a plugin that raises while generating without stopping others."""

import numpy as np
import pytest
from plugin_sites import add_module, install_example, register

from studio.api import AudioClip, Cancelled, CancelToken, Image, Latent, Progress
from studio.api.errors import StudioError
from studio.engine import Engine, GenerateRequest
from studio.host import PluginHost
from studio.host.registry import PluginError
from studio.weights import ModelStore

EXPLODING = """
from studio.api import GeneratorInfo, Kind, Slot, Task, hookimpl

@hookimpl
def studio_generators():
    return [GeneratorInfo(id="exploding:voice-to-face", title="t", task=Task.VOICE_TO_FACE,
                          inputs=(Slot("voice", Kind.AUDIO),), output=Kind.IMAGE,
                          load="plugin_exploding:load")]

def load(device, model):
    return Exploding()

class Exploding:
    def encode(self, inputs, params, progress):
        raise RuntimeError("the model fell over")
    def decode(self, latent, params, progress):
        raise AssertionError("never reached")
"""


@pytest.fixture
def engine(plugin_site):
    install_example(plugin_site)
    add_module(plugin_site, "plugin_exploding", EXPLODING)
    register(plugin_site, "exploding-plugin", "exploding", "plugin_exploding")
    return Engine(PluginHost(), ModelStore())


def voice(seconds=1.0, rate=16000):
    t = np.arange(int(seconds * rate)) / rate
    return AudioClip(0.3 * np.sin(2 * np.pi * 440 * t), rate, source="tone")


def test_a_third_party_generator_runs_end_to_end(engine):
    result = engine.generate(
        GenerateRequest("example:voice-to-swatch", {"voice": voice()}, {"size": "8"})
    )
    assert isinstance(result.output, Image) and result.output.pixels.shape == (8, 8, 3)
    assert result.recipe.params == {"size": 8, "jitter": 0.0}
    assert result.recipe.inputs["voice"]["path"] == ""  # an in-memory clip is recorded by content
    assert len(result.recipe.inputs["voice"]["sha256"]) == 64


def test_the_seed_decides_random_choices(engine):
    def run(seed):
        request = GenerateRequest(
            "example:voice-to-swatch", {"voice": voice()}, {"jitter": 0.5}, seed=seed
        )
        return engine.generate(request).output.pixels

    assert np.array_equal(run(3), run(3))
    assert not np.array_equal(run(3), run(4))


def test_decoding_a_saved_latent_skips_the_inputs(engine):
    latent = Latent({"colour": np.array([1.0, 0.0], np.float32)})
    result = engine.generate(GenerateRequest("example:voice-to-swatch", latent=latent))
    assert tuple(result.output.pixels[0, 0]) == (255, 0, 128)


def test_a_latent_of_the_wrong_size_is_refused(engine):
    latent = Latent({"colour": np.zeros(3, np.float32)})
    with pytest.raises(StudioError, match="must have 2 values"):
        engine.generate(GenerateRequest("example:voice-to-swatch", latent=latent))


def test_the_model_is_loaded_once_and_cached(engine):
    for _ in range(3):
        engine.generate(GenerateRequest("example:voice-to-swatch", {"voice": voice()}))
    assert len(engine.cache) == 1


def test_unknown_params_and_bad_values_are_user_errors(engine):
    with pytest.raises(StudioError, match="no param colour"):
        engine.generate(
            GenerateRequest("example:voice-to-swatch", {"voice": voice()}, {"colour": "red"})
        )
    with pytest.raises(StudioError, match="param size: 100 is above the maximum"):
        engine.generate(
            GenerateRequest("example:voice-to-swatch", {"voice": voice()}, {"size": "100"})
        )
    with pytest.raises(StudioError, match="needs an audio input 'voice'"):
        engine.generate(GenerateRequest("example:voice-to-swatch", {}))


def test_cancel_stops_the_job(engine):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        engine.generate(
            GenerateRequest("example:voice-to-swatch", {"voice": voice()}), Progress(token=token)
        )


def test_a_plugin_raising_while_generating_is_recorded_and_others_still_work(engine):
    with pytest.raises(
        PluginError,
        match="exploding:voice-to-face failed during generate: RuntimeError: the model fell over",
    ):
        engine.generate(GenerateRequest("exploding:voice-to-face", {"voice": voice()}))
    failure = engine.host.plugins["exploding"].failures[0]
    assert failure.stage == "generate" and "fell over" in failure.message
    assert (
        engine.generate(GenerateRequest("example:voice-to-swatch", {"voice": voice()})).output
        is not None
    )


def test_progress_reaches_one(engine):
    seen = []
    engine.generate(
        GenerateRequest("example:voice-to-swatch", {"voice": voice()}),
        Progress(lambda f, m: seen.append(f)),
    )
    assert seen[-1] == 1.0 and seen == sorted(seen)
