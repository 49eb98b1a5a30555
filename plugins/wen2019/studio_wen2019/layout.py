"""The official checkpoint layouts (key -> shape), derived from the networks themselves, and
how the two official files are stored together in one model-store entry."""

from __future__ import annotations

import torch

from .networks import Generator, GeneratorConfig, VoiceConfig, VoiceEmbedNet

VOICE_PREFIX = "voice_embedding."
GENERATOR_PREFIX = "generator."
# BatchNorm's counter exists only in files saved by PyTorch >= 0.4.1; either way is accepted.
OPTIONAL_SUFFIX = ".num_batches_tracked"


def shapes_of(module: torch.nn.Module) -> dict[str, tuple[int, ...]]:
    return {key: tuple(value.shape) for key, value in module.state_dict().items()}


def voice_layout(config: VoiceConfig = VoiceConfig()) -> dict[str, tuple[int, ...]]:
    with torch.device("meta"):
        return shapes_of(VoiceEmbedNet(config))


def generator_layout(config: GeneratorConfig = GeneratorConfig()) -> dict[str, tuple[int, ...]]:
    with torch.device("meta"):
        return shapes_of(Generator(config))


def optional_keys(layout: dict[str, tuple[int, ...]]) -> set[str]:
    return {key for key in layout if key.endswith(OPTIONAL_SUFFIX)}


def split_entry(
    tensors: dict[str, torch.Tensor],
) -> tuple[dict[str, torch.Tensor], dict[str, torch.Tensor]]:
    """The voice-embedding and generator state dicts of a stored entry."""
    voice = {k[len(VOICE_PREFIX) :]: v for k, v in tensors.items() if k.startswith(VOICE_PREFIX)}
    generator = {
        k[len(GENERATOR_PREFIX) :]: v for k, v in tensors.items() if k.startswith(GENERATOR_PREFIX)
    }
    return voice, generator


def join_entry(
    voice: dict[str, torch.Tensor], generator: dict[str, torch.Tensor]
) -> dict[str, torch.Tensor]:
    tensors = {VOICE_PREFIX + k: v for k, v in voice.items()}
    tensors.update({GENERATOR_PREFIX + k: v for k, v in generator.items()})
    return tensors
