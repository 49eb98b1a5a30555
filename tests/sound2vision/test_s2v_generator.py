"""Encode/decode contract of sound2vision:sound-to-scene on a small random model: determinism,
noise, volume, variations, image blending and the saved latent."""

from __future__ import annotations

import numpy as np
import pytest
from sound2vision_files import scene_tracks, small_entry

from studio.api import InputError, WeightsError, silent
from studio.audio.mix import mix
from studio.engine import Engine, GenerateRequest
from studio.engine.image_io import read_image
from studio.host import PluginHost
from studio.weights import ModelStore

GENERATOR = "sound2vision:sound-to-scene"


@pytest.fixture
def engine() -> Engine:
    store = ModelStore()
    store.add("sound2vision", "small", small_entry())
    store.add("sound2vision", "no-image", small_entry(with_image=False))
    return Engine(PluginHost(), store)


def generate(engine, sound, weights="small", seed=0, **params):
    inputs = {"sound": sound}
    if "image" in params:
        inputs["image"] = params.pop("image")
    request = GenerateRequest(GENERATOR, inputs, params, seed=seed, weights=weights, device="cpu")
    return engine.generate(request)


def test_with_no_noise_the_picture_is_a_function_of_the_sound(engine):
    bed, source = scene_tracks(kind=1)
    sound = mix([bed, source])
    first = generate(engine, sound, seed=1, z_var=0.0)
    second = generate(engine, sound, seed=2, z_var=0.0)
    assert np.array_equal(first.output.pixels, second.output.pixels)
    assert not first.latent.arrays["z"].any()
    feature = first.latent.arrays["feature"]
    assert feature.shape == (2048,) and abs(float(np.linalg.norm(feature)) - 1) < 1e-5


def test_the_seed_draws_the_noise_and_repeats_exactly(engine):
    bed, source = scene_tracks(kind=2)
    sound = mix([bed, source])
    a = generate(engine, sound, seed=5)
    b = generate(engine, sound, seed=5)
    c = generate(engine, sound, seed=6)
    assert np.array_equal(a.output.pixels, b.output.pixels)
    assert not np.array_equal(a.latent.arrays["z"], c.latent.arrays["z"])
    assert not np.array_equal(a.output.pixels, c.output.pixels)


def test_volume_and_the_mixers_fader_change_the_feature_alike(engine):
    bed, source = scene_tracks(kind=0)
    base = generate(engine, mix([bed, source]), z_var=0.0).latent.extras["audio_feature"]
    fader = generate(engine, mix([bed, source], [0.0, 12.0]), z_var=0.0).latent.extras[
        "audio_feature"
    ]
    assert np.linalg.norm(fader - base) > 0
    gain = generate(engine, source, gain_db=12.0, z_var=0.0).latent.extras["audio_feature"]
    plain = generate(engine, mix([source], [12.0]), z_var=0.0).latent.extras["audio_feature"]
    assert np.allclose(gain, plain, atol=1e-4)  # gain_db is the fader of a single track


def test_variations_are_drawn_side_by_side(engine):
    bed, _ = scene_tracks(kind=3)
    result = generate(engine, bed, variations=3)
    assert result.latent.arrays["z"].shape == (3, 20)
    assert result.output.pixels.shape == (64, 192, 3)


def test_blending_with_an_image(engine, tmp_path):
    from PIL import Image

    from studio.demodata.scenes import Placed, scene

    picture = tmp_path / "scene.png"
    Image.fromarray(scene([Placed(4, 10.0)], seed=3)).save(picture)
    bed, source = scene_tracks(kind=5)
    sound = mix([bed, source])
    image = read_image(picture)
    only_image = generate(engine, sound, image=image, blend=1.0, z_var=0.0).latent
    visual = only_image.extras["image_feature"]
    assert np.allclose(only_image.arrays["feature"], visual / np.linalg.norm(visual), atol=1e-6)
    only_sound = generate(engine, sound, image=image, blend=0.0, z_var=0.0).latent
    audio = only_sound.extras["audio_feature"]
    assert np.allclose(only_sound.arrays["feature"], audio / np.linalg.norm(audio), atol=1e-6)
    with pytest.raises(InputError, match="give one"):
        generate(engine, sound, blend=0.5)
    with pytest.raises(WeightsError, match="swav.pth.tar"):
        generate(engine, sound, weights="no-image", image=image, blend=0.5)


def test_a_moved_latent_is_renormalised(engine):
    bed, source = scene_tracks(kind=6)
    result = generate(engine, mix([bed, source]), z_var=0.0)
    generator, _ = engine.model(result.info, result.model, "cpu")
    moved = result.latent.copy()
    moved.arrays["feature"] = moved.arrays["feature"] * 3.0
    again = engine.decode(result.info, generator, moved, {"seed": 0}, silent())
    assert np.array_equal(again.pixels, result.output.pixels)
