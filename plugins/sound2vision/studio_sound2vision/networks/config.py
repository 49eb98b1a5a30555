"""Hyper-parameters of the three networks; the defaults are the published full-size models.

Each config round-trips through the model store's ``config.json`` (``as_dict`` / ``from_dict``),
so a stored entry says exactly which architecture its tensors belong to.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

FEATURE_DIM = 2048  # z^A and z^V: SwAV's pooled ResNet-50 feature [P §3.2]


@dataclass(frozen=True)
class ResNetConfig:
    """A torchvision ResNet: stem width, blocks per stage, planes per stage and, for bottleneck
    stages, the ResNeXt-style ``base_width`` that sets each stage's inner width."""

    block: str  # "basic" (ResNet-18) or "bottleneck" (ResNet-50)
    blocks: tuple[int, ...]
    planes: tuple[int, ...] = (64, 128, 256, 512)
    stem: int = 64
    base_widths: tuple[int, ...] = (64, 64, 64, 64)
    in_channels: int = 3

    @property
    def expansion(self) -> int:
        return 4 if self.block == "bottleneck" else 1

    @property
    def pooled_dim(self) -> int:
        return self.planes[-1] * self.expansion

    @property
    def is_torchvision_default(self) -> bool:
        return (
            self.planes == (64, 128, 256, 512)
            and self.stem == 64
            and self.base_widths == (64, 64, 64, 64)
        )


@dataclass(frozen=True)
class AudioConfig:
    """f_A [P §3.1; C models/resnet.py]: ResNet-18 on the 1x257x1004 spectrogram, average pool,
    fc to 2048, ReLU."""

    resnet: ResNetConfig = ResNetConfig("basic", (2, 2, 2, 2), in_channels=1)
    feature_dim: int = FEATURE_DIM


@dataclass(frozen=True)
class ImageConfig:
    """f_V [P §3.2; C data_utils]: SwAV's ResNet-50 without its classifier; frames are resized
    to ``resize`` x ``resize`` (aspect not kept), ImageNet-normalised, then bicubic to ``size``."""

    resnet: ResNetConfig = ResNetConfig("bottleneck", (3, 4, 6, 3))
    resize: int = 256
    size: int = 224


@dataclass(frozen=True)
class GeneratorConfig:
    """IC-GAN's BigGAN generator (BigGAN_PyTorch/BigGAN.py) with the icgan_res128.json values;
    ``dim_z`` 120 is BigGAN's parser default (6 hierarchical chunks of 20 at 128 px)."""

    G_ch: int = 96
    dim_z: int = 120
    bottom_width: int = 4
    resolution: int = 128
    G_attn: str = "64"
    hier: bool = True
    G_shared: bool = True  # a class embedding exists in the file though IC-GAN never uses it
    shared_dim: int = 128
    n_classes: int = 1000
    G_shared_feat: bool = True
    shared_dim_feat: int = 512
    feature_dim: int = FEATURE_DIM
    BN_eps: float = 1e-5
    SN_eps: float = 1e-6  # BigGAN's parser default (the layer's own default is 1e-12)
    num_G_SVs: int = 1


def as_dict(config: Any) -> dict[str, Any]:
    return dataclasses.asdict(config)


def _tuples(record: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in record.items()}


def resnet_from(record: dict[str, Any]) -> ResNetConfig:
    return ResNetConfig(**_tuples(record))


def audio_from(record: dict[str, Any]) -> AudioConfig:
    return AudioConfig(resnet=resnet_from(record["resnet"]), feature_dim=record["feature_dim"])


def image_from(record: dict[str, Any]) -> ImageConfig:
    return ImageConfig(
        resnet=resnet_from(record["resnet"]), resize=record["resize"], size=record["size"]
    )


def generator_from(record: dict[str, Any]) -> GeneratorConfig:
    return GeneratorConfig(**record)
