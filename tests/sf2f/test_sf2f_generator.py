"""``sf2f:voice-to-face`` as the app and the command line use it: a 20 s recording gives a
face and per-segment attention over the waveform; the result is deterministic."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image as PILImage

from studio.api import AudioClip, InputError, StudioError, silent
from studio.audio.io import write_audio
from studio.audio.synth import speech_like
from studio.cli.main import main
from studio.engine.recipe import RECIPE_KEY
from studio_sf2f.plugin import DEMO_WEIGHTS_DIR

PARAMS = {"resolution": 128, "fuser": True, "window_seconds": 1.25, "overlap": 0.5, "seed": 0}


@pytest.fixture(scope="module")
def demo():
    from studio.api import ModelRef
    from studio_sf2f.generator import load

    config = json.loads((DEMO_WEIGHTS_DIR / "config.json").read_text())
    return load("cpu", ModelRef("sf2f", "demo", DEMO_WEIGHTS_DIR, config, ""))


@pytest.fixture(scope="module")
def recording(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("voice") / "twenty_seconds.wav"
    write_audio(path, speech_like(20.0, 16000, seed=5))
    return path


def clip(seconds: float, seed: int = 5) -> AudioClip:
    return speech_like(seconds, 16000, seed=seed)


def test_a_20_s_recording_gives_a_face_and_attention_over_its_31_segments(demo):
    latent = demo.encode({"voice": clip(20.0)}, PARAMS, silent())
    extras = latent.extras
    assert latent.arrays["embedding"].shape == (512,)
    assert np.isclose(np.linalg.norm(latent.arrays["embedding"]), 1.0, atol=1e-5)
    assert extras["segment_times"].shape == (31, 2)
    assert np.allclose(extras["segment_times"][:3], [[0, 1.25], [0.625, 1.875], [1.25, 2.5]])
    assert extras["segment_times"][-1, 1] <= 20.0
    assert np.isclose(extras["segment_attention"].sum(), 1.0, atol=1e-5)
    assert np.allclose(extras["attention_matrix"].sum(axis=1), 1.0, atol=1e-5)
    assert extras["segment_embeddings"].shape == (31, 512)
    face = demo.decode(latent, PARAMS, silent())
    assert face.pixels.shape == (128, 128, 3) and face.pixels.std() > 0


def test_the_same_audio_gives_bitwise_the_same_face(demo):
    faces = [
        demo.decode(demo.encode({"voice": clip(6.0)}, PARAMS, silent()), PARAMS, silent())
        for _ in range(2)
    ]
    assert np.array_equal(faces[0].pixels, faces[1].pixels)


def test_a_segment_embeds_the_same_alone_or_in_a_batch(demo):
    from studio_sf2f.features import mono_waveform, segment_features

    waveform = mono_waveform(clip(6.0), demo.features)
    mels, _ = segment_features(waveform, demo.features, 1.25, 0.5)
    with torch.inference_mode():
        batch = demo.network.encoder(mels)
        alone = torch.cat([demo.network.encoder(mels[i : i + 1]) for i in range(len(mels))])
    assert torch.allclose(batch, alone, atol=1e-6)  # BatchNorm uses its running statistics


def test_without_the_fuser_the_clip_is_one_segment_of_weight_1(demo):
    latent = demo.encode({"voice": clip(5.0)}, PARAMS | {"fuser": False}, silent())
    assert np.allclose(latent.extras["segment_times"], [[0.0, 5.0]])
    assert np.array_equal(latent.extras["segment_attention"], [1.0])


def test_window_and_overlap_params_change_the_segments(demo):
    params = PARAMS | {"window_seconds": 2.0, "overlap": 0.75}
    latent = demo.encode({"voice": clip(6.0)}, params, silent())
    times = latent.extras["segment_times"]
    assert np.allclose(times[:2], [[0, 2.0], [0.5, 2.5]]) and len(times) == 9


def test_a_resolution_the_weights_lack_is_a_clear_error(demo):
    latent = demo.encode({"voice": clip(3.0)}, PARAMS, silent())
    with pytest.raises(StudioError, match="128x128 faces only"):
        demo.decode(latent, PARAMS | {"resolution": 64}, silent())


def test_silence_is_refused_naming_the_file(demo):
    silence = AudioClip(np.zeros((1, 32000), np.float32), 16000, source="room_tone.wav")
    with pytest.raises(InputError, match="room_tone.wav"):
        demo.encode({"voice": silence}, PARAMS, silent())


def test_generate_from_the_command_line_saves_face_recipe_and_attention(recording, tmp_path):
    image, latent = tmp_path / "face.png", tmp_path / "face.npz"
    args = ["generate", "sf2f:voice-to-face", "--audio", str(recording), "-o", str(image)]
    assert main([*args, "--save-latent", str(latent)]) == 0
    with PILImage.open(image) as opened:
        assert opened.size == (128, 128)  # the demo draws the paper's 128 px faces
        recipe = json.loads(opened.text[RECIPE_KEY])
    assert recipe["generator"] == "sf2f:voice-to-face" and recipe["weights"]["name"] == "demo"
    with np.load(latent) as saved:
        assert saved["extra.segment_attention"].shape == (31,)
        assert saved["extra.segment_times"].shape == (31, 2)


def test_untrained_full_size_multi_resolution_weights_draw_both_sizes(recording, tmp_path):
    for size in (64, 128):
        image = tmp_path / f"untrained{size}.png"
        args = ["generate", "sf2f:voice-to-face", "--audio", str(recording), "-o", str(image)]
        assert main([*args, "--weights", "untrained", "--set", f"resolution={size}"]) == 0
        with PILImage.open(image) as opened:
            assert opened.size == (size, size)
