"""Every generator end to end on a tiny random entry: odd input sizes and rates, determinism,
the live params, latents, and clear messages for unusable inputs."""

from __future__ import annotations

import numpy as np
import pytest
from xfavot_fixtures import face, voice

from studio.api import AudioClip, Image, InputError, silent
from studio_xfavot import generator as xg
from studio_xfavot.plugin import studio_generators

MODES = {
    "face-to-voice": ("voice", "face", AudioClip),
    "voice-to-face": ("face", "voice", Image),
    "face-to-face": ("face", "face", Image),
    "voice-to-voice": ("voice", "voice", AudioClip),
}
PARAMS = {"gender": "auto", "strength": 1.0, "mix": 0.0, "seed": 0}


def loaded(name: str, entry):
    return getattr(xg, f"load_{name.replace('-', '_')}")("cpu", entry)


def test_every_descriptor_is_well_formed_and_loads_lazily():
    infos = studio_generators()
    assert {i.id for i in infos} == {
        "xfavot:face-to-voice", "xfavot:voice-to-face", "xfavot:face-to-face",
        "xfavot:voice-to-voice", "xfavot:latent-voice", "xfavot:latent-face",
    }  # fmt: skip
    for info in infos:
        assert info.problems() == []
        module, function = info.load.split(":")
        assert callable(getattr(__import__(module, fromlist=[function]), function))


@pytest.mark.parametrize("mode", list(MODES))
def test_reference_guided_modes_run_end_to_end(mode, tiny_entry, inputs_of):
    source, reference, kind = MODES[mode]
    model = loaded(mode, tiny_entry)
    inputs = inputs_of(source, reference, second=True)
    latent = model.encode(inputs, PARAMS, silent())
    assert latent.arrays["style"].shape == (64,)
    out = model.decode(latent, PARAMS, silent())
    assert isinstance(out, kind)
    if kind is AudioClip:
        assert out.rate == 24000
        assert abs(out.frames - inputs["source"].frames * 24000 / 22050) < 600
        assert np.isfinite(out.samples).all() and np.abs(out.samples).max() <= 1
    else:
        assert out.pixels.shape == (32, 32, 3)
    again = model.decode(model.encode(inputs, PARAMS, silent()), PARAMS, silent())
    assert _bytes(again) == _bytes(out)  # deterministic
    mixed = model.decode(latent, {**PARAMS, "mix": 1.0}, silent())
    assert _bytes(mixed) != _bytes(out)  # the second reference's style takes over


def test_strength_zero_keeps_the_source_style(tiny_entry, inputs_of):
    model = loaded("voice-to-face", tiny_entry)
    latent = model.encode(inputs_of("face", "voice"), PARAMS, silent())
    own = model._mixed_style(latent, {**PARAMS, "strength": 0.0})
    np.testing.assert_allclose(own[0].numpy(), latent.extras["source_style"], rtol=1e-6)


@pytest.mark.parametrize("source", ["voice", "face"])
def test_latent_guided_mode_one_z_drives_both_generators(source, tiny_entry):
    model = getattr(xg, f"load_latent_{source}")("cpu", tiny_entry)
    given = {"source": voice() if source == "voice" else face()}
    params = {"gender": "female", "speaker": -1, "seed": 5}
    latent = model.encode(given, params, silent())
    assert latent.arrays["z"].shape == (16,)
    first = model.decode(latent, params, silent())
    moved = latent.copy()
    moved.arrays["z"] = moved.arrays["z"] + 1.0
    assert _bytes(model.decode(moved, params, silent())) != _bytes(first)
    other = model.encode(given, {**params, "seed": 6}, silent())
    assert not np.array_equal(other.arrays["z"], latent.arrays["z"])
    with pytest.raises(InputError, match="training speakers"):
        model.decode(latent, {**params, "speaker": 99}, silent())


@pytest.mark.parametrize(
    ("mode", "slot", "bad", "reason"),
    [
        ("face-to-voice", "source", AudioClip(np.zeros((1, 48000), np.float32), 48000), "silent"),
        ("voice-to-face", "reference", AudioClip(np.zeros((1, 9000), np.float32), 16000), "silent"),
        ("voice-to-voice", "reference", voice(seconds=0.5), "too short"),
        ("face-to-voice", "reference", Image(np.full((90, 90, 3), 128, np.uint8)), "no face"),
        ("voice-to-face", "source", Image(np.zeros((8, 8, 3), np.uint8)), "too small"),
    ],
)
def test_unusable_inputs_get_a_clear_message(mode, slot, bad, reason, tiny_entry, inputs_of):
    source, reference, _ = MODES[mode]
    inputs = {**inputs_of(source, reference), slot: bad}
    with pytest.raises(InputError, match=reason) as caught:
        loaded(mode, tiny_entry).encode(inputs, PARAMS, silent())
    assert slot in str(caught.value)


def _bytes(value) -> bytes:
    return value.samples.tobytes() if isinstance(value, AudioClip) else value.pixels.tobytes()


def test_a_large_photo_is_cropped_and_reduced_without_a_float_copy():
    from studio_xfavot.inputs import face_tensor

    big = np.zeros((3000, 4000, 3), np.uint8)
    big[1000:2000, 1500:2500] = 200  # a bright square in the middle of the centre crop
    x = face_tensor(Image(big), "photo.jpg", 128)
    assert x.shape == (1, 3, 128, 128)
    assert float(x[0, :, 64, 64].mean()) > 0.5 and float(x[0, :, 2, 64].mean()) < -0.9


def test_parallel_wavegan_without_an_imported_vocoder_says_what_to_do(tiny_entry, inputs_of):
    from studio.api import WeightsError

    model = loaded("face-to-voice", tiny_entry)
    latent = model.encode(inputs_of("voice", "face"), PARAMS, silent())
    with pytest.raises(WeightsError, match="svc-vocoder"):
        model.decode(latent, {**PARAMS, "vocoder": "parallel-wavegan"}, silent())
