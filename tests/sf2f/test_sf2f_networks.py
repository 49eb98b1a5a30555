"""The SF2F networks against the paper's tables (shared/specs/sf2f.md §2 and 8, checks 1-5)."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from studio_sf2f.model import SF2F
from studio_sf2f.networks import (
    AttentionFuser,
    DecoderConfig,
    Discriminator,
    DiscriminatorConfig,
    EncoderConfig,
    FaceDecoder,
    FuserConfig,
    VoiceEncoder,
    parameter_count,
    segment_weights,
)

SMALL = EncoderConfig(branch_channels=(4, 4, 4, 4, 8))


@pytest.fixture(scope="module")
def encoder() -> VoiceEncoder:
    torch.manual_seed(0)
    return VoiceEncoder().eval()


@pytest.mark.parametrize("frames", [99, 100, 125, 150])
def test_encoder_shapes_halve_per_module_and_end_in_a_unit_nonnegative_512d(encoder, frames):
    mel = torch.randn(3, 40, frames)
    with torch.no_grad():
        stages = encoder.features(mel)
        embedding = encoder(mel)
    assert [s.shape[1] for s in stages] == [256, 384, 576, 864, 512]
    length = frames
    for stage in stages:
        assert stage.shape[-1] == length // 2  # the k=2 branch floors; others are cropped to it
        length = stage.shape[-1]
    assert embedding.shape == (3, 512)
    assert torch.allclose(embedding.norm(dim=1), torch.ones(3), atol=1e-6)
    assert (embedding >= 0).all()


def test_full_size_parameter_counts_are_the_spec_figures():
    assert parameter_count(VoiceEncoder()) == 5_404_256
    assert parameter_count(VoiceEncoder(EncoderConfig(conv_bias=False))) == 5_401_664
    assert parameter_count(AttentionFuser()) == 786_944
    assert parameter_count(FaceDecoder()) == 11_010_051
    assert parameter_count(FaceDecoder(DecoderConfig(conv_bias=False))) == 11_008_035
    assert parameter_count(FaceDecoder(DecoderConfig(kernel=4))) == 19_568_643
    assert parameter_count(Discriminator()) == 924_994
    for identities in (2, 2890):
        d_id = Discriminator(DiscriminatorConfig(outputs=identities))
        assert parameter_count(d_id) == 922_944 + 1_025 * identities


def fuser(dim: int = 16, normalize: bool = False, seed: int = 0) -> AttentionFuser:
    torch.manual_seed(seed)
    module = AttentionFuser(FuserConfig(dim, normalize))
    torch.nn.init.normal_(module.score.weight, std=1.0)  # sharp, non-uniform attention
    return module.eval()


@settings(deadline=None, max_examples=25)
@given(segments=st.integers(1, 12), seed=st.integers(0, 2**16))
def test_fuser_is_invariant_to_segment_order_and_duplication(segments, seed):
    module = fuser(seed=seed % 7)
    generator = torch.Generator().manual_seed(seed)
    e = torch.nn.functional.normalize(torch.randn(2, segments, 16, generator=generator), dim=-1)
    order = torch.randperm(segments, generator=generator)
    with torch.no_grad():
        fused, beta = module(e)
        permuted, _ = module(e[:, order])
        doubled, _ = module(e.repeat(1, 3, 1))
    assert fused.shape == (2, 16) and beta.shape == (2, segments, segments)
    assert torch.allclose(beta.sum(-1), torch.ones(2, segments), atol=1e-6)
    assert torch.allclose(fused, permuted, atol=1e-5)
    assert torch.allclose(fused, doubled, atol=1e-5)


def test_one_segment_fuses_to_the_linear_map_of_itself():
    module = fuser()
    e = torch.nn.functional.normalize(torch.randn(3, 1, 16), dim=-1)
    with torch.no_grad():
        fused, beta = module(e)
        expected = module.combine(torch.cat([e[:, 0], e[:, 0]], dim=-1))
    assert torch.allclose(fused, expected, atol=1e-6)
    assert torch.equal(beta, torch.ones(3, 1, 1))


def test_masked_padded_batches_match_unpadded_ones():
    module = fuser()
    long, short = torch.randn(1, 7, 16), torch.randn(1, 4, 16)
    padded = torch.cat([short, torch.zeros(1, 3, 16)], dim=1)
    mask = torch.tensor([[True] * 7, [True] * 4 + [False] * 3])
    with torch.no_grad():
        batch, beta = module(torch.cat([long, padded]), mask)
        alone_long, _ = module(long)
        alone_short, beta_short = module(short)
    assert torch.allclose(batch[0], alone_long[0], atol=1e-6)
    assert torch.allclose(batch[1], alone_short[0], atol=1e-6)
    assert torch.allclose(beta[1, :4, :4], beta_short[0], atol=1e-6)
    weights = segment_weights(beta, mask)
    assert torch.allclose(weights.sum(1), torch.ones(2), atol=1e-6)
    assert torch.all(weights[1, 4:] == 0)


def test_fused_embedding_is_unit_norm_when_renormalised():
    module = AttentionFuser(FuserConfig(16, normalize=True))
    with torch.no_grad():
        fused, _ = module(torch.randn(2, 5, 16))
    assert torch.allclose(fused.norm(dim=1), torch.ones(2), atol=1e-6)


def test_decoder_follows_table_10_and_its_128_and_multi_resolution_variants():
    torch.manual_seed(0)
    decoder = FaceDecoder().eval()
    x = torch.randn(2, 512).reshape(2, 512, 1, 1)
    shapes = []
    with torch.no_grad():
        for block in decoder.blocks:
            x = block(x)
            shapes.append(tuple(x.shape[1:]))
        image = decoder(torch.randn(2, 512))[64]
    assert shapes == [
        (1024, 2, 2),
        (512, 4, 4),
        (256, 8, 8),
        (128, 16, 16),
        (64, 32, 32),
        (32, 64, 64),
    ]
    assert image.shape == (2, 3, 64, 64)
    small = DecoderConfig(channels=(16, 16, 8, 8, 8, 8))
    with torch.no_grad():
        only128 = FaceDecoder(DecoderConfig(**{**small.__dict__, "resolutions": (128,)}))
        both = FaceDecoder(DecoderConfig(**{**small.__dict__, "resolutions": (64, 128)}))
        assert set(only128.eval()(torch.randn(2, 512))) == {128}
        images = both.eval()(torch.randn(2, 512))
    assert images[64].shape == (2, 3, 64, 64) and images[128].shape == (2, 3, 128, 128)


def test_decoder_output_is_linear_not_squashed():
    torch.manual_seed(0)
    decoder = FaceDecoder(DecoderConfig(channels=(16, 16, 8, 8, 8, 8))).eval()
    embedding = torch.randn(1, 512)
    with torch.no_grad():
        before = decoder(embedding)[64]
        decoder.heads["out64"].weight.mul_(50)
        decoder.heads["out64"].bias.mul_(50)
        after = decoder(embedding)[64]
    assert torch.allclose(after, 50 * before, rtol=1e-4, atol=1e-4)
    assert after.abs().max() > 1  # no tanh/sigmoid clips it


@pytest.mark.parametrize("size", [64, 128])
def test_discriminators_give_distributions_of_their_widths(size):
    torch.manual_seed(0)
    for outputs in (2, 37):
        d = Discriminator(DiscriminatorConfig(outputs=outputs, image_size=size)).eval()
        with torch.no_grad():
            p = d.probabilities(torch.randn(3, 3, size, size))
        assert p.shape == (3, outputs)
        assert torch.allclose(p.sum(1), torch.ones(3), atol=1e-6)


def test_state_dict_keys_name_the_three_parts():
    keys = SF2F(SMALL, FuserConfig(32), DecoderConfig(embedding=32, channels=(8,) * 6)).state_dict()
    assert {key.split(".")[0] for key in keys} == {"encoder", "fuser", "decoder"}
    assert "fuser.score.weight" in keys and "fuser.combine.bias" in keys
