"""The two generators as a user drives them: 8 s of speech in, restoration on and off, the
before/after view, the blend, determinism, imported GFP-GAN weights, and clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from avpgan_helpers import TINY_RESTORER, save_gfpgan_file
from PIL import Image as PILImage

from studio.api import Image, InputError
from studio.audio.io import write_audio
from studio.audio.synth import speech_like
from studio.cli.main import main
from studio.engine import Engine, GenerateRequest
from studio.host import PluginHost
from studio.weights import ModelStore

VOICE = "avpgan:voice-to-face"
RESTORE = "avpgan:restore-face"


@pytest.fixture(scope="module")
def voice_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("voice") / "eight_seconds.wav"
    write_audio(path, speech_like(8.0, 16000, seed=5))
    return path


@pytest.fixture
def engine():
    return Engine(PluginHost(), ModelStore())


def run(engine, generator, inputs, **params):
    seed = params.pop("seed", 0)
    weights = params.pop("weights", None)
    request = GenerateRequest(generator, inputs, params, seed=seed, weights=weights, device="cpu")
    return engine.generate(request)


def test_eight_seconds_of_speech_give_a_face_and_restoration_a_before_after_view(
    engine, voice_file
):
    raw = run(engine, VOICE, {"voice": voice_file}, restore=False).output.pixels
    assert raw.shape == (64, 64, 3)
    both = run(engine, VOICE, {"voice": voice_file}, view="before/after").output.pixels
    assert both.shape == (512, 1024, 3)
    before, after = both[:, :512], both[:, 512:]
    assert np.abs(before.astype(int) - after.astype(int)).mean() > 1.0  # restoration changed it
    upscaled = np.asarray(PILImage.fromarray(raw))  # the left half is the raw face, upsampled
    assert abs(before.reshape(64, 8, 64, 8, 3).mean((1, 3)) - upscaled).mean() < 12
    restored = run(engine, VOICE, {"voice": voice_file}).output.pixels  # the default: the face
    assert np.array_equal(restored, after)


def test_blend_zero_is_the_upsampled_face(engine, voice_file):
    result = run(engine, VOICE, {"voice": voice_file}, restore_blend=0.0, view="before/after")
    assert np.array_equal(result.output.pixels[:, :512], result.output.pixels[:, 512:])


def test_same_seed_same_face_and_variation_follows_the_seed(engine, voice_file):
    first = run(engine, VOICE, {"voice": voice_file}, variation=0.5, seed=3).output.pixels
    again = run(engine, VOICE, {"voice": voice_file}, variation=0.5, seed=3).output.pixels
    other = run(engine, VOICE, {"voice": voice_file}, variation=0.5, seed=4).output.pixels
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_clip_length_and_crop_offset_change_the_embedding(engine, voice_file):
    def embedding(**params):
        return run(engine, VOICE, {"voice": voice_file}, restore=False, **params).latent.arrays[
            "embedding"
        ]

    eight, four = embedding(), embedding(clip_seconds=4.0)
    later = embedding(clip_seconds=4.0, crop_offset=3.0)
    assert abs(np.linalg.norm(eight) - 1) < 1e-5
    assert not np.allclose(eight, four) and not np.allclose(four, later)


def test_a_crop_beyond_the_speech_is_a_clear_error(engine, voice_file):
    with pytest.raises(InputError, match=r"eight_seconds\.wav.*only"):
        run(engine, VOICE, {"voice": voice_file}, crop_offset=30.0)


def test_the_ablation_model_without_cbam_runs(engine, voice_file):
    result = run(engine, VOICE, {"voice": voice_file}, weights="demo-no-cbam", restore=False)
    assert result.output.pixels.shape == (64, 64, 3)


def test_restore_face_takes_any_picture_to_512(engine):
    rng = np.random.default_rng(0)
    picture = Image(rng.integers(0, 255, (90, 70, 3), dtype=np.uint8))
    out = run(engine, RESTORE, {"face": picture}, view="restored").output.pixels
    assert out.shape == (512, 512, 3)


def test_imported_gfpgan_layout_weights_are_used_by_both_generators(tmp_path, voice_file, engine):
    path = tmp_path / "GFPGANv1-tiny.pth"
    save_gfpgan_file(path, TINY_RESTORER, seed=9)
    assert (
        main(["models", "import", "avpgan", str(path), "--importer", "gfpgan", "--name", "gfp"])
        == 0
    )

    def restored(**params):
        return run(engine, VOICE, {"voice": voice_file}, weights="gfp", **params).output.pixels

    imported, upscaled = restored(view="restored"), restored(view="restored", restore_blend=0.0)
    assert imported.shape == upscaled.shape == (512, 512, 3)
    assert np.abs(imported.astype(int) - upscaled.astype(int)).mean() > 5  # the restorer ran
    demo_voice = run(engine, VOICE, {"voice": voice_file}, restore=False).output.pixels
    paired_voice = run(engine, VOICE, {"voice": voice_file}, weights="gfp", restore=False)
    assert np.array_equal(
        paired_voice.output.pixels, demo_voice
    )  # paired with the demo voice model
    face = Image(np.full((64, 64, 3), 128, np.uint8))
    assert run(engine, RESTORE, {"face": face}, weights="gfp").output.pixels.shape == (512, 512, 3)


def test_generate_from_the_command_line_with_restoration_off(tmp_path, voice_file):
    out = tmp_path / "face.png"
    args = ["generate", VOICE, "--audio", str(voice_file), "--set", "restore=false", "-o", str(out)]
    assert main(args) == 0
    with PILImage.open(out) as image:
        assert image.size == (64, 64)
