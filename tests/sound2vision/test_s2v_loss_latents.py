"""The paper's loss (Eq. 1-2), the latent operations of §5.2 and the R@k helper."""

from __future__ import annotations

import math

import numpy as np
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.evaluation.sound_scene import recall_at_k
from studio_sound2vision.latent_ops import blend, direction_edit
from studio_sound2vision.loss import info_nce_l2


def test_perfect_orthogonal_pairs_give_the_closed_form():
    features = torch.eye(64, 2048)
    expected = math.log(1 + 63 * math.exp(-math.sqrt(2)))
    assert abs(float(info_nce_l2(features, features)) - expected) < 1e-5


@settings(deadline=None, max_examples=20)
@given(seed=st.integers(0, 10_000), batch=st.integers(2, 64))
def test_the_loss_is_symmetric_and_bounded_below(seed, batch):
    generator = torch.Generator().manual_seed(seed)
    a = torch.randn(batch, 32, generator=generator)
    b = torch.randn(batch, 32, generator=generator)
    assert torch.allclose(info_nce_l2(a, b), info_nce_l2(b, a), atol=1e-6)
    assert float(info_nce_l2(a, b)) >= math.log(1 + (batch - 1) * math.exp(-2)) - 1e-5


def test_gradients_reach_only_the_audio_side_and_stay_finite():
    audio = torch.randn(8, 16, requires_grad=True)
    image = torch.randn(8, 16)
    info_nce_l2(audio, audio.detach().clone() * 0 + image).backward()
    assert torch.isfinite(audio.grad).all() and audio.grad.abs().sum() > 0
    same = torch.randn(4, 16, requires_grad=True)
    info_nce_l2(same, same.detach()).backward()  # coinciding pairs: no NaN from sqrt(0)
    assert torch.isfinite(same.grad).all()


def test_blend_ends_and_direction_noop():
    visual, audio = torch.rand(2048), torch.rand(2048)
    assert torch.allclose(blend(visual, audio, 1.0), visual / visual.norm(), atol=1e-6)
    assert torch.allclose(blend(visual, audio, 0.0), audio / audio.norm(), atol=1e-6)
    base = torch.rand(2048)
    assert torch.allclose(direction_edit(base, audio, audio, 2.0), base / base.norm(), atol=1e-6)


def test_recall_at_k():
    identity = 1 - np.eye(10)
    assert recall_at_k(identity, 1) == 1.0
    reversed_ranking = np.eye(10)
    assert recall_at_k(reversed_ranking, 1) == 0.0
    rng = np.random.default_rng(0)
    distances = rng.random((30, 30))
    brute = np.mean([i in np.argsort(distances[i])[:5] for i in range(30)])
    assert recall_at_k(distances, 5) == brute
