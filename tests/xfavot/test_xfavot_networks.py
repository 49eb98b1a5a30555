"""The networks at the paper's configuration: parameter counts (shared/specs/xfavot.md §2.8) and the shapes of
Table 6 row by row; style conditioning, AdaIN's initial scale and batch independence."""

from __future__ import annotations

import pytest
import torch

from studio_xfavot.networks.audio import (
    AudioConfig,
    AudioDiscriminator,
    AudioGenerator,
    AudioStyleEncoder,
)
from studio_xfavot.networks.blocks import he_init
from studio_xfavot.networks.image import (
    ImageConfig,
    ImageDiscriminator,
    ImageGenerator,
    ImageStyleEncoder,
)
from studio_xfavot.networks.jdc import JDCConfig, JDCNet
from studio_xfavot.networks.mapping import MappingConfig, MappingNetwork


def count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: ImageGenerator(ImageConfig(stem_kernel=3)), 43_206_403),
        (lambda: ImageGenerator(), 43_203_331),  # Table 6's Conv1x1 stem
        (lambda: ImageStyleEncoder(ImageConfig(stem_kernel=3)), 20_799_744),
        (lambda: ImageStyleEncoder(), 20_799_744 - 3_072),
        (lambda: ImageDiscriminator(ImageConfig(stem_kernel=3)), 20_735_106),
        (lambda: ImageDiscriminator(), 20_735_106 - 3_072),
        (lambda: MappingNetwork(), 107_500_672),
        (lambda: AudioGenerator(), 45_972_993),
        (lambda: AudioStyleEncoder(), 13_835_840),
        (lambda: AudioDiscriminator(), 13_836_866),  # D^au, and C with the same architecture
    ],
)
def test_full_size_parameter_counts_match_the_spec(build, expected):
    with torch.device("meta"):
        assert count(build()) == expected


def test_the_mapping_network_has_130_heads_and_the_encoders_2():
    with torch.device("meta"):
        assert len(MappingNetwork().unshared) == 130
        assert count(MappingNetwork().shared) == 796_672
        assert len(ImageStyleEncoder().unshared) == 2
        assert len(AudioStyleEncoder().unshared) == 2
        assert ImageDiscriminator().main[-1].out_channels == 2
        assert AudioDiscriminator().main[-1].out_channels == 130


def test_the_image_generator_follows_table_6_row_by_row():
    with torch.device("meta"):
        g = ImageGenerator()
        x = torch.empty(1, 3, 128, 128)
        s = torch.empty(1, 64)
        shapes = [tuple(g.from_rgb(x).shape[1:])]
        h = g.from_rgb(x)
        for block in g.encode:
            h = block(h)
            shapes.append(tuple(h.shape[1:]))
        for block in g.decode:
            h = block(h, s)
            shapes.append(tuple(h.shape[1:]))
        shapes.append(tuple(g.to_rgb(h).shape[1:]))
    assert shapes == [
        (128, 128, 128),
        (256, 64, 64), (512, 32, 32), (512, 16, 16), (512, 8, 8),
        (512, 8, 8), (512, 8, 8),
        (512, 8, 8), (512, 8, 8),
        (512, 16, 16), (512, 32, 32), (256, 64, 64), (128, 128, 128),
        (3, 128, 128),
    ]  # fmt: skip


@pytest.mark.parametrize("frames", [192, 720])
def test_full_size_audio_shapes(frames):
    with torch.device("meta"):
        mel = torch.empty(2, 1, 80, frames)
        f0 = JDCNet().gan_feature(mel)
        assert tuple(f0.shape) == (2, 256, 10, frames)
        assert AudioGenerator()(mel, torch.empty(2, 64), f0).shape == mel.shape
        assert tuple(AudioStyleEncoder()(mel, torch.tensor([0, 1])).shape) == (2, 64)
        assert tuple(AudioDiscriminator()(mel).shape) == (2, 130)


def test_style_changes_the_output_and_adain_starts_at_unit_scale():
    torch.manual_seed(0)
    g = ImageGenerator(ImageConfig(img_size=32, dim_in=4, max_conv_dim=8)).eval()
    g.apply(he_init)
    x = torch.randn(1, 3, 32, 32)
    assert not torch.allclose(g(x, torch.randn(1, 64)), g(x, torch.randn(1, 64)))
    for block in g.decode:
        assert torch.count_nonzero(block.norm1.fc.bias) == 0  # (1 + gamma): scale 1 at init


def test_different_mapping_heads_give_different_styles():
    torch.manual_seed(0)
    f = MappingNetwork(MappingConfig(hidden_dim=16, num_speakers=3))
    z = torch.randn(1, 16).repeat(5, 1)
    styles = f(z, torch.arange(5))
    assert len({tuple(row.tolist()) for row in styles.round(decimals=5)}) == 5


def test_no_batch_coupling_in_the_trainable_networks():
    torch.manual_seed(0)
    config = AudioConfig(dim_in=4, max_conv_dim=8, f0_channel=0, num_speakers=3)
    g = AudioGenerator(config).eval()
    mel, s = torch.randn(3, 1, 80, 96), torch.randn(3, 64)
    together = g(mel, s)
    alone = torch.cat([g(mel[i : i + 1], s[i : i + 1]) for i in range(3)])
    torch.testing.assert_close(together, alone, rtol=1e-4, atol=1e-5)


def test_jdc_matches_the_starganv2_vc_layout():
    with torch.device("meta"):
        state = JDCNet().state_dict()
    assert tuple(state["conv_block.0.weight"].shape) == (64, 1, 3, 3)
    assert tuple(state["res_block3.conv1by1.weight"].shape) == (256, 192, 1, 1)
    assert tuple(state["detector_conv.0.weight"].shape) == (256, 640, 1, 1)
    assert tuple(state["bilstm_classifier.weight_ih_l0"].shape) == (1024, 512)
    assert tuple(state["classifier.weight"].shape) == (1, 512)
    assert JDCConfig().feature_channels == 256
