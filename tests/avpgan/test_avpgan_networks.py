"""G, D/C and spectral normalisation as the paper places them (spec checks 4-6)."""

import torch
from torch import nn

from studio_avpgan.cbam import CBAM
from studio_avpgan.networks import Critic, CriticConfig, Generator, GeneratorConfig


def _convs(sequential: nn.Sequential, kind) -> list[nn.Module]:
    return [m for m in sequential if isinstance(m, kind)]


def _normalised(layer: nn.Module) -> bool:
    return hasattr(layer, "parametrizations") and "weight" in layer.parametrizations


SMALL = dict(channels=(64, 32, 16, 16, 8), cbam_reduction=4)


def test_generator_sizes_activations_and_spectral_norm_layers():
    generator = Generator(GeneratorConfig(**SMALL))
    sizes, x = [], torch.randn(2, 64, 1, 1)
    for layer in generator.model:
        x = layer(x)
        if isinstance(layer, nn.ConvTranspose2d):
            sizes.append(x.shape[-1])
    assert x.shape == (2, 3, 64, 64)
    assert sizes == [4, 8, 16, 32, 64, 64]
    convs = _convs(generator.model, nn.ConvTranspose2d)
    assert [i + 1 for i, c in enumerate(convs) if _normalised(c)] == [2, 3, 4, 5]
    layers = list(generator.model)
    for conv in convs[:-1]:  # a ReLU right after every layer but the last
        assert isinstance(layers[layers.index(conv) + 1], nn.ReLU)
    assert layers[-1] is convs[-1]
    assert sum(isinstance(m, CBAM) for m in generator.modules()) == 5


def test_critic_heads_spectral_norm_and_leaky_relus():
    critic = Critic(CriticConfig(channels=(8, 16, 16, 32, 32), identities=924))
    realness, identity = critic(torch.randn(3, 3, 64, 64))
    assert realness.shape == (3,) and identity.shape == (3, 924)
    convs = _convs(critic.trunk, nn.Conv2d)
    assert [i + 1 for i, c in enumerate(convs) if _normalised(c)] == [2, 3, 4, 5]
    layers = list(critic.trunk)
    for conv in convs[:-1]:
        assert isinstance(layers[layers.index(conv) + 1], nn.LeakyReLU)
    assert layers[-1] is convs[-1]


def test_the_ablation_variant_has_no_cbam_and_the_same_layers_otherwise():
    with_cbam = Generator(GeneratorConfig(**SMALL))
    without = Generator(GeneratorConfig(**SMALL, cbam_after=()))
    assert not any(isinstance(m, CBAM) for m in without.modules())
    assert len(_convs(with_cbam.model, nn.ConvTranspose2d)) == len(
        _convs(without.model, nn.ConvTranspose2d)
    )
    small_critic = CriticConfig(channels=(8, 16, 16, 32, 32), cbam_after=())
    assert not any(isinstance(m, CBAM) for m in Critic(small_critic).modules())


def test_cbam_placement_is_configurable():
    generator = Generator(GeneratorConfig(**SMALL, cbam_after=(3,)))
    layers = list(generator.model)
    cbams = [i for i, m in enumerate(layers) if isinstance(m, CBAM)]
    assert len(cbams) == 1
    convs = _convs(generator.model, nn.ConvTranspose2d)
    assert layers[cbams[0] - 2] is convs[2]  # after the third layer's activation


def _largest_singular_value(layer: nn.Module) -> float:
    weight = layer.weight.detach()  # the parametrised (normalised) weight
    if isinstance(layer, nn.ConvTranspose2d):
        weight = weight.transpose(0, 1)  # output channels first
    return float(torch.linalg.matrix_norm(weight.flatten(1), ord=2))


def test_spectral_norm_bounds_the_largest_singular_value_after_power_iterations():
    torch.manual_seed(0)
    generator = Generator(GeneratorConfig(channels=(128, 64, 32, 16, 8), cbam_after=()))
    critic = Critic(CriticConfig(channels=(8, 16, 32, 64, 64), cbam_after=(), identities=5))
    generator.train(), critic.train()
    with torch.no_grad():
        for _ in range(20):
            critic(generator(torch.randn(2, 64, 1, 1)))
    generator.eval(), critic.eval()
    layers = [m for m in (*generator.model, *critic.trunk) if _normalised(m)]
    assert len(layers) == 8
    for layer in layers:
        assert abs(_largest_singular_value(layer) - 1.0) < 0.05
