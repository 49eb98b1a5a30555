"""Shapes and parameter counts of the full-size networks against torchvision and IC-GAN's design."""

from __future__ import annotations

import itertools

import torch
from torchvision.models import resnet18, resnet50

from studio_sound2vision.layout import audio_layout, generator_layout, image_layout
from studio_sound2vision.networks.biggan import Generator
from studio_sound2vision.networks.config import GeneratorConfig
from studio_sound2vision.networks.resnets import AudioEncoder, ImageEncoder


def count(layout: dict) -> int:
    return sum(int(torch.tensor(shape).prod()) if shape else 1 for shape in layout.values())


def parameters(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def test_audio_encoder_is_resnet18_with_one_input_channel_and_a_2048_fc():
    with torch.device("meta"):
        reference = resnet18()
        ours = AudioEncoder()
    # torchvision's ResNet-18 less the 3-channel conv1 and 1000-way fc, plus conv1 and fc of
    # models/resnet.py: Conv2d(1, 64, 7) and Linear(512, 2048).
    expected = (
        parameters(reference) - 64 * 3 * 49 - (512 * 1000 + 1000) + 64 * 49 + (512 * 2048 + 2048)
    )
    assert parameters(ours) == expected == 12_220_864
    assert set(audio_layout()) == {f"audnet.{k}" for k in reference.state_dict()}


def test_audio_encoder_shapes_on_the_official_spectrogram():
    torch.manual_seed(0)
    encoder = AudioEncoder().eval()
    with torch.no_grad():
        fmap, feature = encoder.encode(torch.randn(2, 1, 257, 1004))
    assert fmap.shape == (2, 512, 9, 32)
    assert feature.shape == (2, 2048) and bool((feature >= 0).all())


def test_image_encoder_is_swavs_resnet50_without_fc():
    with torch.device("meta"):
        reference = resnet50()
        ours = ImageEncoder()
    assert parameters(ours) == parameters(reference) - (2048 * 1000 + 1000) == 23_508_032
    assert set(image_layout()) == {k for k in reference.state_dict() if not k.startswith("fc.")}


def biggan_parameters(c: GeneratorConfig) -> int:
    """IC-GAN's generator counted from its description: SN linears/convs with biases, ccbn
    gain and bias linears without, the 1000x128 class embedding, one 64x64 attention."""
    ch = [c.G_ch * m for m in (16, 16, 8, 4, 2)] + [c.G_ch]
    z_chunk = c.dim_z // 6
    bn_in = z_chunk + c.shared_dim_feat
    total = c.n_classes * c.shared_dim + (2048 * c.shared_dim_feat + c.shared_dim_feat)
    total += z_chunk * ch[0] * 16 + ch[0] * 16
    for c_in, c_out in itertools.pairwise(ch):
        total += c_in * c_out * 9 + c_out + c_out * c_out * 9 + c_out + c_in * c_out + c_out
        total += 2 * bn_in * c_in + 2 * bn_in * c_out
    attention = ch[4]  # after the block that outputs 64x64
    total += 2 * attention * (attention // 8) + 2 * attention * (attention // 2) + 1
    total += 2 * ch[-1] + ch[-1] * 3 * 9 + 3  # output BN gain/bias and conv
    return total


def test_generator_parameter_count_follows_the_icgan_res128_config():
    with torch.device("meta"):
        generator = Generator()
    assert generator.dim_z == 120 and generator.z_chunk == 20
    assert parameters(generator) == biggan_parameters(GeneratorConfig()) == 77_160_132
    layout = generator_layout()
    assert layout["shared_feat.weight"] == (512, 2048)
    assert layout["blocks.0.0.bn1.gain.weight"] == (96 * 16, 532)
    assert layout["blocks.3.1.theta.weight"] == (96 * 2 // 8, 96 * 2, 1, 1)
    assert layout["linear.u0"] == (1, 96 * 16 * 16)
    assert count(layout) > parameters(generator)  # SN vectors and BN statistics are buffers


def test_generator_contract_on_a_narrow_copy():
    torch.manual_seed(0)
    generator = Generator(GeneratorConfig(G_ch=4)).eval()
    feats = torch.nn.functional.normalize(torch.rand(3, 2048), dim=1)
    with torch.no_grad():
        images = generator(torch.randn(3, generator.dim_z), feats)
        again = generator(torch.zeros(3, generator.dim_z), feats)
    assert images.shape == (3, 3, 128, 128)
    assert float(images.min()) >= -1 and float(images.max()) <= 1
    assert not torch.equal(images, again)  # z matters


def test_spectral_norm_buffers_update_only_in_training():
    torch.manual_seed(0)
    generator = Generator(GeneratorConfig(G_ch=2, resolution=32, G_attn="0"))
    before = generator.linear.u0.clone()
    generator.eval()
    with torch.no_grad():
        generator(torch.randn(2, generator.dim_z), torch.rand(2, 2048))
    assert torch.equal(before, generator.linear.u0)
    generator.train()
    generator(torch.randn(2, generator.dim_z), torch.rand(2, 2048))
    assert not torch.equal(before, generator.linear.u0)
