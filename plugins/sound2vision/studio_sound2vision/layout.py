"""Checkpoint layouts (key -> shape), derived from the networks, and how one model-store entry
holds the three networks: ``audio.`` + sound2scene.pth's keys, ``generator.`` + the IC-GAN
generator's keys and, when imported, ``image.`` + SwAV's backbone keys."""

from __future__ import annotations

from typing import Any

import torch

from .networks.biggan import Generator
from .networks.config import (
    AudioConfig,
    GeneratorConfig,
    ImageConfig,
    as_dict,
    audio_from,
    generator_from,
    image_from,
)
from .networks.resnets import AudioEncoder, ImageEncoder

PREFIXES = {"audio": "audio.", "image": "image.", "generator": "generator."}
ARCHITECTURE = "sound2vision"
# BatchNorm's counter is absent from files saved by PyTorch < 0.4.1; accept either.
OPTIONAL_SUFFIX = ".num_batches_tracked"


def shapes_of(module: torch.nn.Module) -> dict[str, tuple[int, ...]]:
    return {key: tuple(value.shape) for key, value in module.state_dict().items()}


def audio_layout(config: AudioConfig = AudioConfig()) -> dict[str, tuple[int, ...]]:
    with torch.device("meta"):
        return shapes_of(AudioEncoder(config))


def image_layout(config: ImageConfig = ImageConfig()) -> dict[str, tuple[int, ...]]:
    """SwAV's backbone keys (torchvision ResNet-50 without fc), as f_V's ``net.`` module."""
    with torch.device("meta"):
        return {k.removeprefix("net."): v for k, v in shapes_of(ImageEncoder(config)).items()}


def generator_layout(config: GeneratorConfig = GeneratorConfig()) -> dict[str, tuple[int, ...]]:
    with torch.device("meta"):
        return shapes_of(Generator(config))


def optional_keys(layout: dict[str, Any]) -> set[str]:
    return {key for key in layout if key.endswith(OPTIONAL_SUFFIX)}


def entry_config(
    audio: AudioConfig, generator: GeneratorConfig, image: ImageConfig | None
) -> dict[str, Any]:
    return {
        "architecture": ARCHITECTURE,
        "audio": as_dict(audio),
        "image": None if image is None else as_dict(image),
        "generator": as_dict(generator),
        "frontend": {"sample_rate": 16000, "nperseg": 512, "noverlap": 353, "seconds": 10},
    }


def configs(entry: dict[str, Any]) -> tuple[AudioConfig, GeneratorConfig, ImageConfig | None]:
    image = entry.get("image")
    return (
        audio_from(entry["audio"]),
        generator_from(entry["generator"]),
        None if image is None else image_from(image),
    )


def join_entry(
    audio: dict[str, torch.Tensor],
    generator: dict[str, torch.Tensor],
    image: dict[str, torch.Tensor] | None = None,
) -> dict[str, torch.Tensor]:
    """One flat tensor dict; ``image`` holds SwAV-layout keys (no ``net.``)."""
    parts = {"audio": audio, "generator": generator, "image": image or {}}
    return {
        PREFIXES[part] + key: value for part, state in parts.items() for key, value in state.items()
    }


def split_entry(tensors: dict[str, torch.Tensor]) -> dict[str, dict[str, torch.Tensor]]:
    parts: dict[str, dict[str, torch.Tensor]] = {part: {} for part in PREFIXES}
    for key, value in tensors.items():
        for part, prefix in PREFIXES.items():
            if key.startswith(prefix):
                parts[part][key[len(prefix) :]] = value
    return parts


def complete(state: dict[str, torch.Tensor], layout: dict[str, Any]) -> dict[str, torch.Tensor]:
    """Float32 copies of the layout's tensors; BatchNorm counters added where a file lacks them."""
    out = {}
    for key in layout:
        if key in state:
            value = state[key]
            out[key] = value.float().contiguous() if value.is_floating_point() else value.clone()
        else:
            out[key] = torch.tensor(0, dtype=torch.long)
    return out
