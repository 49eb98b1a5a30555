"""The networks match the official checkpoint layout written out in the spec (section 7.3),
key by key and shape by shape, and the parameter counts it derives."""

import torch

from studio_wen2019.layout import generator_layout, voice_layout
from studio_wen2019.networks import Classifier, FaceEmbedNet, Generator, VoiceEmbedNet

BN = ("weight", "bias", "running_mean", "running_var", "num_batches_tracked")
# shared/specs/wen2019.md §7.3, written out by hand (not derived from the code under test).
OFFICIAL_VOICE = {
    "model.0.weight": (256, 64, 3),
    "model.3.weight": (384, 256, 3),
    "model.6.weight": (576, 384, 3),
    "model.9.weight": (864, 576, 3),
    "model.12.weight": (64, 864, 3),
    "model.12.bias": (64,),
    **{
        f"model.{i}.{n}": (() if n == "num_batches_tracked" else (c,))
        for i, c in ((1, 256), (4, 384), (7, 576), (10, 864))
        for n in BN
    },
}
OFFICIAL_GENERATOR = {
    "model.0.weight": (64, 1024, 4, 4),
    "model.0.bias": (1024,),
    "model.2.weight": (1024, 512, 4, 4),
    "model.2.bias": (512,),
    "model.4.weight": (512, 256, 4, 4),
    "model.4.bias": (256,),
    "model.6.weight": (256, 128, 4, 4),
    "model.6.bias": (128,),
    "model.8.weight": (128, 64, 4, 4),
    "model.8.bias": (64,),
    "model.10.weight": (64, 3, 1, 1),
    "model.10.bias": (3,),
}
OFFICIAL_FACE = {
    "model.0.weight": (32, 3, 1, 1),
    "model.2.weight": (64, 32, 4, 4),
    "model.4.weight": (128, 64, 4, 4),
    "model.6.weight": (256, 128, 4, 4),
    "model.8.weight": (512, 256, 4, 4),
    "model.10.weight": (64, 512, 4, 4),
    "model.0.bias": (32,),
    "model.2.bias": (64,),
    "model.4.bias": (128,),
    "model.6.bias": (256,),
    "model.8.bias": (512,),
    "model.10.bias": (64,),
}


def count(module):
    return sum(p.numel() for p in module.parameters())


def test_layouts_equal_the_official_ones():
    assert voice_layout() == OFFICIAL_VOICE
    assert generator_layout() == OFFICIAL_GENERATOR
    assert {k: tuple(v.shape) for k, v in FaceEmbedNet().state_dict().items()} == OFFICIAL_FACE


def test_parameter_counts_match_the_spec():
    assert count(VoiceEmbedNet()) == 2_670_720
    assert count(Generator()) == 12_191_875
    assert count(FaceEmbedNet()) == 3_310_720
    assert Classifier(64, 924).model.weight.shape == (924, 64) and Classifier().model.bias is None


def test_shapes_through_the_networks():
    voice = VoiceEmbedNet().eval()
    with torch.no_grad():
        embedding = voice(torch.randn(2, 64, 800))
        face = Generator()(embedding)
        features = FaceEmbedNet()(face)
    assert embedding.shape == (2, 64, 1, 1)
    assert face.shape == (2, 3, 64, 64)
    assert features.shape == (2, 64, 1, 1)
    assert Classifier(64, 5)(features).shape == (2, 5)


def test_the_voice_embedding_is_the_time_average_of_the_last_convolution():
    voice = VoiceEmbedNet().eval()
    mel = torch.randn(1, 64, 1000)
    with torch.no_grad():
        last = voice.model(mel)
        assert last.shape == (1, 64, 32)  # 1000 -> 500 -> 250 -> 125 -> 63 -> 32
        torch.testing.assert_close(voice(mel).flatten(), last.mean(dim=2).flatten())
