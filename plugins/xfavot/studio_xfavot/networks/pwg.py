"""Parallel WaveGAN's generator (Yamamoto et al., paper ref. [80]): the paper's vocoder.

Written from the published architecture so the StarGANv2-VC 24 kHz checkpoint (trained on the
same normalised log-mel) loads: attribute names follow kan-bayashi/ParallelWaveGAN
(``first_conv``, ``upsample_net.conv_in``, ``upsample_net.upsample.up_layers.N``,
``conv_layers.N.{conv,conv1x1_aux,conv1x1_out,conv1x1_skip}``, ``last_conv_layers.{1,3}``).
Weight normalisation is folded into plain weights on import (``fold_weight_norm``): inference
needs only the product g * v / ||v||.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F


@dataclass(frozen=True)
class PWGConfig:
    aux_channels: int = 80
    residual_channels: int = 64
    gate_channels: int = 128
    skip_channels: int = 64
    layers: int = 30
    stacks: int = 3  # dilation cycle 1..2^9 three times; not visible in the weights' shapes
    kernel_size: int = 3
    aux_context_window: int = 2
    upsample_scales: tuple[int, ...] = (4, 5, 3, 5)  # product = hop 300 at 24 kHz

    @property
    def hop(self) -> int:
        return math.prod(self.upsample_scales)


class Stretch(nn.Module):
    def __init__(self, scale: int) -> None:
        super().__init__()
        self.scale = scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, scale_factor=(1, self.scale), mode="nearest")


class UpsampleNetwork(nn.Module):
    def __init__(self, scales: tuple[int, ...]) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        for scale in scales:
            layers += [
                Stretch(scale),
                nn.Conv2d(1, 1, (1, 2 * scale + 1), padding=(0, scale), bias=False),
            ]
        self.up_layers = nn.ModuleList(layers)

    def forward(self, c: torch.Tensor) -> torch.Tensor:
        c = c[:, None]
        for layer in self.up_layers:
            c = layer(c)
        return c[:, 0]


class ConvInUpsample(nn.Module):
    def __init__(self, config: PWGConfig) -> None:
        super().__init__()
        width = 2 * config.aux_context_window + 1  # the input arrives padded: no padding here
        self.conv_in = nn.Conv1d(config.aux_channels, config.aux_channels, width, bias=False)
        self.upsample = UpsampleNetwork(config.upsample_scales)

    def forward(self, c: torch.Tensor) -> torch.Tensor:
        return self.upsample(self.conv_in(c))


class ResidualBlock(nn.Module):
    def __init__(self, config: PWGConfig, dilation: int) -> None:
        super().__init__()
        padding = (config.kernel_size - 1) // 2 * dilation
        half = config.gate_channels // 2
        self.conv = nn.Conv1d(
            config.residual_channels, config.gate_channels, config.kernel_size,
            padding=padding, dilation=dilation,
        )  # fmt: skip
        self.conv1x1_aux = nn.Conv1d(config.aux_channels, config.gate_channels, 1, bias=False)
        self.conv1x1_out = nn.Conv1d(half, config.residual_channels, 1)
        self.conv1x1_skip = nn.Conv1d(half, config.skip_channels, 1)

    def forward(self, x: torch.Tensor, c: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        xa, xb = self.conv(x).chunk(2, dim=1)
        ca, cb = self.conv1x1_aux(c).chunk(2, dim=1)
        gated = torch.tanh(xa + ca) * torch.sigmoid(xb + cb)
        return (self.conv1x1_out(gated) + x) * math.sqrt(0.5), self.conv1x1_skip(gated)


class ParallelWaveGAN(nn.Module):
    def __init__(self, config: PWGConfig = PWGConfig()) -> None:
        super().__init__()
        self.config = config
        per_stack = config.layers // config.stacks
        self.first_conv = nn.Conv1d(1, config.residual_channels, 1)
        self.upsample_net = ConvInUpsample(config)
        self.conv_layers = nn.ModuleList(
            ResidualBlock(config, 2 ** (layer % per_stack)) for layer in range(config.layers)
        )
        self.last_conv_layers = nn.ModuleList(
            [
                nn.ReLU(),
                nn.Conv1d(config.skip_channels, config.skip_channels, 1),
                nn.ReLU(),
                nn.Conv1d(config.skip_channels, 1, 1),
            ]
        )

    def forward(self, noise: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
        c = self.upsample_net(c)
        x = self.first_conv(noise)
        skips = 0
        for block in self.conv_layers:
            x, skip = block(x, c)
            skips = skips + skip
        x = skips * math.sqrt(1.0 / len(self.conv_layers))
        for layer in self.last_conv_layers:
            x = layer(x)
        return x

    def synthesise(self, mel: torch.Tensor, seed: int = 0) -> torch.Tensor:
        """(B, 80, T) normalised log-mel -> (B, T * hop) waveform; the input noise is seeded."""
        pad = self.config.aux_context_window
        c = F.pad(mel, (pad, pad), mode="replicate")
        samples = mel.shape[-1] * self.config.hop
        noise = torch.randn(
            mel.shape[0], 1, samples, generator=torch.Generator().manual_seed(seed)
        ).to(mel.device)
        return self(noise, c)[:, 0]


def fold_weight_norm(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """``X.weight_g`` + ``X.weight_v`` -> ``X.weight`` = g * v / ||v|| (norm over dims 1..)."""
    folded = {}
    for key, value in state.items():
        if key.endswith(".weight_g"):
            continue
        if key.endswith(".weight_v"):
            stem = key[: -len("_v")]
            g = state[stem + "_g"]
            norm = value.flatten(1).norm(dim=1).reshape(-1, *[1] * (value.dim() - 1))
            folded[stem] = g * value / norm
        else:
            folded[key] = value
    return folded


def config_from_state(state: dict[str, torch.Tensor], stacks: int = 3) -> PWGConfig:
    """The architecture a (folded) state dict implies; ``stacks`` is not visible in shapes."""
    layers = len({key.split(".")[1] for key in state if key.startswith("conv_layers.")})
    conv = state["conv_layers.0.conv.weight"]
    ups = sorted(
        (int(key.split(".")[3]), value.shape[-1])
        for key, value in state.items()
        if key.startswith("upsample_net.upsample.up_layers.")
    )
    return PWGConfig(
        aux_channels=state["conv_layers.0.conv1x1_aux.weight"].shape[1],
        residual_channels=state["first_conv.weight"].shape[0],
        gate_channels=conv.shape[0],
        skip_channels=state["conv_layers.0.conv1x1_skip.weight"].shape[0],
        layers=layers,
        stacks=stacks,
        kernel_size=conv.shape[-1],
        aux_context_window=(state["upsample_net.conv_in.weight"].shape[-1] - 1) // 2,
        upsample_scales=tuple((width - 1) // 2 for _, width in ups),
    )
