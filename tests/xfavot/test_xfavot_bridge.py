"""The style bridge between E^au's and E^im's style spaces: its fit recovers a known map, it
survives the store round trip, and it reaches only cross-modal references, only when on."""

from __future__ import annotations

import numpy as np
import torch
from xfavot_fixtures import TINY, face, voice

from studio.api import silent
from studio_xfavot.generator import FaceToFace, FaceToVoice, VoiceToFace
from studio_xfavot.model import build, entry_tensors, from_entry
from studio_xfavot.training.data import Corpus
from studio_xfavot.training.style_bridge import fit_style_bridge, paired_styles, ridge_map

PARAMS = {"gender": "male", "strength": 1.0, "mix": 0.0, "seed": 0}


def test_ridge_map_recovers_an_affine_map_and_shrinks_with_the_penalty():
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(200, 8, generator=generator)
    weight, bias = torch.randn(8, 8, generator=generator), torch.randn(8, generator=generator)
    found_weight, found_bias = ridge_map(x, x @ weight + bias, ridge=1e-6)
    torch.testing.assert_close(found_weight, weight, atol=1e-4, rtol=1e-4)
    torch.testing.assert_close(found_bias, bias, atol=1e-4, rtol=1e-4)
    shrunk, _ = ridge_map(x, x @ weight + bias, ridge=1e4)
    assert shrunk.norm() < 0.5 * weight.norm()


def _corpus(rows: int = 12) -> Corpus:
    from studio_xfavot.frontend import MelFrontEnd
    from studio_xfavot.inputs import face_tensor, speech_mel

    front_end = MelFrontEnd()
    mels = [speech_mel(voice(seed=i), "voice", front_end)[0] for i in range(rows)]
    faces = torch.cat([face_tensor(face(seed=i), "face", TINY.image.img_size) for i in range(rows)])
    gender = torch.tensor([i % 2 for i in range(rows)])
    return Corpus(mels, faces, torch.arange(rows), gender, [f"s{i}" for i in range(rows)])


def test_the_fitted_bridge_maps_each_heads_voice_styles_onto_its_face_styles():
    torch.manual_seed(0)
    modules = build(TINY)
    corpus = _corpus()
    modules.style_bridge = fit_style_bridge(modules, corpus, ridge=1e-10)
    audio, image, gender = paired_styles(modules, corpus)
    # 6 pairs per head and 64-d styles: an exact fit is possible and a near-free ridge finds it
    mapped = modules.style_bridge(audio, gender, "audio_to_image")
    torch.testing.assert_close(mapped, image, atol=1e-3, rtol=1e-3)
    back = modules.style_bridge(image, gender, "image_to_audio")
    torch.testing.assert_close(back, audio, atol=1e-3, rtol=1e-3)


def _with_constant_bridge() -> tuple:
    """Modules whose bridge sends every style of either head to one constant per direction."""
    torch.manual_seed(0)
    modules = build(TINY, with_style_bridge=True)
    to_image, to_audio = torch.full((64,), 0.5), torch.full((64,), -0.25)
    with torch.no_grad():
        for maps, constant in (
            (modules.style_bridge.audio_to_image, to_image),
            (modules.style_bridge.image_to_audio, to_audio),
        ):
            maps.weight.zero_()
            maps.bias.copy_(constant.repeat(2, 1))
    again = from_entry(entry_tensors(modules), TINY.to_dict()).to("cpu")
    return again, to_image.numpy(), to_audio.numpy()


def test_a_cross_modal_reference_goes_through_the_bridge_only_when_it_is_on():
    modules, to_image, to_audio = _with_constant_bridge()
    voice_to_face = VoiceToFace(modules, "cpu")
    inputs = {"source": face(seed=1), "reference": voice(seed=2), "reference_b": voice(seed=3)}
    latent = voice_to_face.encode(inputs, PARAMS, silent())
    np.testing.assert_allclose(latent.arrays["style"], to_image, atol=1e-6)
    np.testing.assert_allclose(latent.extras["style_b"], to_image, atol=1e-6)
    assert not np.allclose(latent.extras["source_style"], to_image)  # the source's own: no bridge
    direct = voice_to_face.encode(inputs, {**PARAMS, "bridge": False}, silent())
    assert not np.allclose(direct.arrays["style"], to_image)
    face_to_voice = FaceToVoice(modules, "cpu")
    latent = face_to_voice.encode(
        {"source": voice(seed=1), "reference": face(seed=2)}, PARAMS, silent()
    )
    np.testing.assert_allclose(latent.arrays["style"], to_audio, atol=1e-6)


def test_a_same_modality_reference_never_goes_through_the_bridge():
    modules, to_image, _ = _with_constant_bridge()
    latent = FaceToFace(modules, "cpu").encode(
        {"source": face(seed=1), "reference": face(seed=2)}, PARAMS, silent()
    )
    assert not np.allclose(latent.arrays["style"], to_image)
