"""CBAM as Eqs. 2-5 write it (spec acceptance check 3)."""

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from studio_avpgan.cbam import CBAM, ChannelAttention, SpatialAttention


@settings(deadline=None, max_examples=15)
@given(
    batch=st.integers(1, 3),
    channels=st.integers(1, 40),
    height=st.integers(1, 12),
    width=st.integers(1, 12),
    reduction=st.sampled_from([1, 4, 16]),
)
def test_shapes_and_attention_ranges(batch, channels, height, width, reduction):
    torch.manual_seed(0)
    cbam = CBAM(channels, reduction)
    features = torch.randn(batch, channels, height, width) * 3
    assert cbam(features).shape == features.shape
    m_c = cbam.channel(features)
    m_s = cbam.spatial(m_c * features)
    assert m_c.shape == (batch, channels, 1, 1)
    assert m_s.shape == (batch, 1, height, width)
    for attention in (m_c, m_s):
        assert torch.all((attention > 0) & (attention < 1))


def test_one_mlp_serves_both_pools_and_zero_w1_gives_one_half():
    attention = ChannelAttention(32, reduction=16)
    convs = [m for m in attention.modules() if isinstance(m, torch.nn.Conv2d)]
    assert [tuple(c.weight.shape) for c in convs] == [(2, 32, 1, 1), (32, 2, 1, 1)]
    assert all(c.bias is None for c in convs)
    with torch.no_grad():
        attention.mlp[2].weight.zero_()
    assert torch.equal(attention(torch.randn(2, 32, 5, 5)), torch.full((2, 32, 1, 1), 0.5))


def test_spatial_attention_is_one_7x7_convolution_of_two_pooled_maps():
    spatial = SpatialAttention()
    assert tuple(spatial.conv.weight.shape) == (1, 2, 7, 7)
    features = torch.randn(1, 6, 9, 9)
    pooled = torch.cat([features.mean(1, keepdim=True), features.amax(1, keepdim=True)], 1)
    expected = torch.sigmoid(torch.nn.functional.conv2d(pooled, spatial.conv.weight, padding=3))
    assert torch.allclose(spatial(features), expected)


def test_channel_attention_runs_before_spatial():
    torch.manual_seed(1)
    cbam = CBAM(8, 2)
    features = torch.randn(2, 8, 6, 6)
    refined = cbam.channel(features) * features
    channel_first = cbam.spatial(refined) * refined
    spatial_refined = cbam.spatial(features) * features
    spatial_first = cbam.channel(spatial_refined) * spatial_refined
    out = cbam(features)
    assert torch.allclose(out, channel_first)
    assert not torch.allclose(out, spatial_first, atol=1e-4)


@pytest.mark.parametrize("reduction", [16, 64])
def test_reduction_never_leaves_the_mlp_empty(reduction):
    assert ChannelAttention(8, reduction).mlp[0].out_channels == 1
