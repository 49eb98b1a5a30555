"""How an AVP-GAN model-store entry holds its parts, and the layouts (key -> shape) of each.

One entry may carry the voice model (``voice.*``: wen2019's frozen encoder, ``generator.*``:
G), the restoration network (``restorer.*``, GFP-GAN clean layout), or both. Config sections
of the same names size each part.
"""

from __future__ import annotations

import torch

from studio_wen2019.networks import VoiceConfig, VoiceEmbedNet

from .networks import Generator, GeneratorConfig, config_dict, config_from
from .restoration.gfpgan import FaceRestorer, RestorerConfig

PARTS = ("voice", "generator", "restorer")
ARCHITECTURE = "avpgan"


def shapes_of(module: torch.nn.Module) -> dict[str, tuple[int, ...]]:
    return {key: tuple(value.shape) for key, value in module.state_dict().items()}


def restorer_layout(config: RestorerConfig = RestorerConfig()) -> dict[str, tuple[int, ...]]:
    with torch.device("meta"):
        return shapes_of(FaceRestorer(config))


def split_entry(tensors: dict[str, torch.Tensor]) -> dict[str, dict[str, torch.Tensor]]:
    """part -> state dict (parts the entry lacks are absent)."""
    parts: dict[str, dict[str, torch.Tensor]] = {}
    for key, value in tensors.items():
        part, _, name = key.partition(".")
        if part in PARTS:
            parts.setdefault(part, {})[name] = value
    return parts


def join_entry(**parts: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    return {
        f"{part}.{name}": value for part, state in parts.items() for name, value in state.items()
    }


def entry_config(
    voice: VoiceConfig | None = None,
    generator: GeneratorConfig | None = None,
    restorer: RestorerConfig | None = None,
) -> dict:
    config: dict = {"architecture": ARCHITECTURE}
    if voice is not None:
        config["voice"] = config_dict(voice)
        config["features"] = {"sample_rate": 16000, "mel_bins": voice.mel_bins}
    if generator is not None:
        config["generator"] = config_dict(generator)
    if restorer is not None:
        config["restorer"] = restorer.as_dict()
    return config


def voice_config(config: dict) -> VoiceConfig:
    return config_from(VoiceConfig, config["voice"])


def generator_config(config: dict) -> GeneratorConfig:
    return config_from(GeneratorConfig, config["generator"])


def restorer_config(config: dict) -> RestorerConfig:
    return RestorerConfig(**config["restorer"])


def build_voice(config: dict, state: dict[str, torch.Tensor]) -> VoiceEmbedNet:
    net = VoiceEmbedNet(voice_config(config))
    net.load_state_dict(state)
    return net.eval()


def build_generator(config: dict, state: dict[str, torch.Tensor]) -> Generator:
    net = Generator(generator_config(config))
    net.load_state_dict(state)
    return net.eval()


def build_restorer(config: dict, state: dict[str, torch.Tensor]) -> FaceRestorer:
    net = FaceRestorer(restorer_config(config))
    net.load_state_dict(state)
    return net.eval()
