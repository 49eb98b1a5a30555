"""The eight trainable modules, their EMA copies, the frozen helpers and the optimisers."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import torch
from torch import nn

from ..model import XFaVoTConfig, XFaVoTModules
from ..networks.audio import AudioDiscriminator, AudioGenerator, AudioStyleEncoder
from ..networks.blocks import he_init
from ..networks.image import ImageDiscriminator, ImageGenerator, ImageStyleEncoder
from ..networks.jdc import JDCNet
from ..networks.mapping import MappingNetwork
from .settings import Settings

# EMA copies are kept for these (App. A); the discriminators and C need none.
EMA_ROLES = ("generator_image", "generator_audio", "style_image", "style_audio", "mapping")
IMAGE_ROLES = ("generator_image", "style_image", "discriminator_image", "mapping")  # Adam
AUDIO_ROLES = ("generator_audio", "style_audio", "discriminator_audio", "classifier")  # AdamW
GENERATOR_SIDE = EMA_ROLES
DISCRIMINATOR_SIDE = ("discriminator_image", "discriminator_audio", "classifier")


@dataclass
class Nets:
    config: XFaVoTConfig
    trainable: dict[str, nn.Module]
    ema: dict[str, nn.Module]
    f0: JDCNet | None = None  # frozen
    asr: nn.Module | None = None  # frozen; ``asr.features(mel)`` (networks/asr.py)
    optimisers: dict[str, torch.optim.Optimizer] = field(default_factory=dict)


def build_nets(
    config: XFaVoTConfig,
    settings: Settings,
    f0: JDCNet | None = None,
    asr: nn.Module | None = None,
) -> Nets:
    torch.manual_seed(settings.seed)
    trainable: dict[str, nn.Module] = {
        "generator_image": ImageGenerator(config.image),
        "style_image": ImageStyleEncoder(config.image),
        "discriminator_image": ImageDiscriminator(config.image),
        "mapping": MappingNetwork(config.mapping),
        "generator_audio": AudioGenerator(config.audio),
        "style_audio": AudioStyleEncoder(config.audio),
        "discriminator_audio": AudioDiscriminator(config.audio),
        "classifier": AudioDiscriminator(config.audio),
    }
    for module in trainable.values():
        module.apply(he_init)  # He init, zero biases (App. A); AdaIN scale stays 1 + 0
    ema = {role: copy.deepcopy(trainable[role]).requires_grad_(False) for role in EMA_ROLES}
    for helper in (f0, asr):  # frozen, and JDC's BatchNorm stays in eval mode
        if helper is not None:
            helper.eval().requires_grad_(False)
    nets = Nets(config, trainable, ema, f0=f0, asr=asr)
    nets.optimisers = make_optimisers(trainable, settings)
    return nets


def make_optimisers(
    trainable: dict[str, nn.Module], settings: Settings
) -> dict[str, torch.optim.Optimizer]:
    """Adam(0, 0.99) for the image modules and F, AdamW for the audio ones; lr(F) = 1e-6."""
    optimisers: dict[str, torch.optim.Optimizer] = {}
    for role in IMAGE_ROLES:
        lr = settings.lr_mapping if role == "mapping" else settings.lr
        optimisers[role] = torch.optim.Adam(
            trainable[role].parameters(),
            lr=lr,
            betas=settings.betas,
            weight_decay=settings.weight_decay,
        )
    for role in AUDIO_ROLES:
        optimisers[role] = torch.optim.AdamW(
            trainable[role].parameters(),
            lr=settings.lr,
            betas=settings.betas,
            weight_decay=settings.weight_decay,
            eps=settings.adamw_eps,
        )
    return optimisers


@torch.no_grad()
def update_ema(nets: Nets, decay: float) -> None:
    for role, shadow in nets.ema.items():
        for mine, live in zip(shadow.parameters(), nets.trainable[role].parameters()):
            mine.lerp_(live, 1.0 - decay)
        for mine, live in zip(shadow.buffers(), nets.trainable[role].buffers()):
            mine.copy_(live)


def inference_modules(nets: Nets, with_classifier: bool = True) -> XFaVoTModules:
    """The EMA weights (and C, for "auto" gender) as the modules an entry stores."""
    return XFaVoTModules(
        config=nets.config,
        f0=nets.f0,
        asr=nets.asr if nets.config.asr is not None else None,
        classifier=nets.trainable["classifier"] if with_classifier else None,
        **{role: nets.ema[role] for role in EMA_ROLES},
    )
