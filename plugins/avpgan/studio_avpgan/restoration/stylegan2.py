"""The StyleGAN2 face prior of GFP-GAN (its "clean" variant: no custom CUDA ops), with the
channel-split spatial feature transform (CS-SFT) that lets the U-Net's features steer it.

Attribute names follow the published ``GFPGANv1Clean`` checkpoints' ``stylegan_decoder.*``
keys (style_mlp, constant_input, style_conv1, to_rgb1, style_convs, to_rgbs, noises) so those
files load unchanged; the computation is StyleGAN2's (Karras et al. 2020): weight modulation
and demodulation, bilinear up-sampling, per-layer noise, skip-connected RGB outputs.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

LEAKY_SLOPE = 0.2
DEMOD_EPS = 1e-8


def prior_channels(channel_multiplier: float, narrow: float) -> dict[int, int]:
    """Feature channels per resolution: 512 up to 32 px, then halving, scaled by ``narrow``."""
    widths = {4: 512, 8: 512, 16: 512, 32: 512}
    widths.update({64: 256, 128: 128, 256: 64, 512: 32, 1024: 16})
    return {
        size: int(width * (channel_multiplier if size >= 64 else 1) * narrow)
        for size, width in widths.items()
    }


class NormStyleCode(nn.Module):
    """Pixel norm of the style code before the mapping MLP."""

    def forward(self, code: torch.Tensor) -> torch.Tensor:
        return code * torch.rsqrt(code.pow(2).mean(dim=1, keepdim=True) + DEMOD_EPS)


class ModulatedConv2d(nn.Module):
    """A convolution whose input channels are scaled per sample by an affine map of the style."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel: int,
        style: int,
        demodulate: bool = True,
        upsample: bool = False,
    ) -> None:
        super().__init__()
        self.out_channels = out_channels
        self.demodulate = demodulate
        self.upsample = upsample
        self.modulation = nn.Linear(style, in_channels)
        nn.init.kaiming_normal_(self.modulation.weight, nonlinearity="linear")
        nn.init.ones_(self.modulation.bias)  # start as an unmodulated convolution
        fan_in = in_channels * kernel * kernel
        self.weight = nn.Parameter(
            torch.randn(1, out_channels, in_channels, kernel, kernel) / math.sqrt(fan_in)
        )

    def forward(self, x: torch.Tensor, style: torch.Tensor) -> torch.Tensor:
        batch, channels = x.shape[:2]
        weight = self.weight * self.modulation(style).view(batch, 1, channels, 1, 1)
        if self.demodulate:
            weight = weight * torch.rsqrt(weight.pow(2).sum(dim=(2, 3, 4)) + DEMOD_EPS).view(
                batch, self.out_channels, 1, 1, 1
            )
        if self.upsample:
            x = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
        height, width = x.shape[2:]
        kernel = weight.shape[-1]
        # One grouped convolution runs every sample with its own weights.
        out = F.conv2d(
            x.reshape(1, batch * channels, height, width),
            weight.reshape(batch * self.out_channels, channels, kernel, kernel),
            padding=kernel // 2,
            groups=batch,
        )
        return out.view(batch, self.out_channels, *out.shape[2:])


class StyleConv(nn.Module):
    def __init__(
        self, in_channels: int, out_channels: int, style: int, upsample: bool = False
    ) -> None:
        super().__init__()
        self.modulated_conv = ModulatedConv2d(in_channels, out_channels, 3, style, True, upsample)
        self.weight = nn.Parameter(torch.zeros(1))  # noise strength
        self.bias = nn.Parameter(torch.zeros(1, out_channels, 1, 1))

    def forward(self, x: torch.Tensor, style: torch.Tensor, noise: torch.Tensor) -> torch.Tensor:
        # sqrt(2) keeps the activation's gain after the leaky ReLU (StyleGAN2's fused bias-act)
        out = self.modulated_conv(x, style) * math.sqrt(2) + self.weight * noise + self.bias
        return F.leaky_relu(out, LEAKY_SLOPE)


class ToRGB(nn.Module):
    def __init__(self, in_channels: int, style: int, upsample: bool = True) -> None:
        super().__init__()
        self.upsample = upsample
        self.modulated_conv = ModulatedConv2d(in_channels, 3, 1, style, demodulate=False)
        self.bias = nn.Parameter(torch.zeros(1, 3, 1, 1))

    def forward(
        self, x: torch.Tensor, style: torch.Tensor, skip: torch.Tensor | None = None
    ) -> torch.Tensor:
        out = self.modulated_conv(x, style) + self.bias
        if skip is None:
            return out
        if self.upsample:
            skip = F.interpolate(skip, scale_factor=2, mode="bilinear", align_corners=False)
        return out + skip


class ConstantInput(nn.Module):
    def __init__(self, channels: int, size: int = 4) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(1, channels, size, size))

    def forward(self, batch: int) -> torch.Tensor:
        return self.weight.expand(batch, -1, -1, -1)


class StyleGAN2Prior(nn.Module):
    """StyleGAN2 generator whose features are modulated by SFT conditions (scale, shift pairs).

    With ``sft_half`` only the second half of each feature map is transformed (CS-SFT): the
    untouched half keeps the prior's own detail, the other follows the degraded input.
    """

    def __init__(
        self,
        out_size: int,
        style: int = 512,
        mlp_layers: int = 8,
        channel_multiplier: float = 2,
        narrow: float = 1.0,
        sft_half: bool = True,
    ) -> None:
        super().__init__()
        self.sft_half = sft_half
        self.log_size = int(math.log2(out_size))
        self.num_layers = (self.log_size - 2) * 2 + 1  # style convs, one noise map each
        self.num_latent = self.log_size * 2 - 2  # style vectors consumed (w+)
        mapping: list[nn.Module] = [NormStyleCode()]
        for _ in range(mlp_layers):
            mapping += [nn.Linear(style, style), nn.LeakyReLU(LEAKY_SLOPE, True)]
        self.style_mlp = nn.Sequential(*mapping)
        widths = prior_channels(channel_multiplier, narrow)
        self.constant_input = ConstantInput(widths[4])
        self.style_conv1 = StyleConv(widths[4], widths[4], style)
        self.to_rgb1 = ToRGB(widths[4], style, upsample=False)
        self.style_convs = nn.ModuleList()
        self.to_rgbs = nn.ModuleList()
        self.noises = nn.Module()
        for layer in range(self.num_layers):
            side = 2 ** ((layer + 5) // 2)  # 4, 8, 8, 16, 16, ...
            self.noises.register_buffer(f"noise{layer}", torch.randn(1, 1, side, side))
        width = widths[4]
        for level in range(3, self.log_size + 1):
            out = widths[2**level]
            self.style_convs.append(StyleConv(width, out, style, upsample=True))
            self.style_convs.append(StyleConv(out, out, style))
            self.to_rgbs.append(ToRGB(out, style))
            width = out

    def noise_maps(self, batch: int, generator: torch.Generator | None) -> list[torch.Tensor]:
        """The stored noise, or fresh noise from ``generator`` (a seed then decides the result)."""
        stored = [getattr(self.noises, f"noise{i}") for i in range(self.num_layers)]
        if generator is None:
            return stored
        return [torch.randn((batch, 1, *n.shape[2:]), generator=generator).to(n) for n in stored]

    def forward(
        self,
        latent: torch.Tensor,
        conditions: list[torch.Tensor],
        noise: list[torch.Tensor],
    ) -> torch.Tensor:
        """``latent``: w+ codes [N, num_latent, style]; ``conditions``: scale, shift, scale, ..."""
        out = self.style_conv1(self.constant_input(latent.shape[0]), latent[:, 0], noise[0])
        skip = self.to_rgb1(out, latent[:, 1])
        index = 1
        for level, to_rgb in enumerate(self.to_rgbs):
            conv_up, conv = self.style_convs[2 * level], self.style_convs[2 * level + 1]
            out = conv_up(out, latent[:, index], noise[index])
            if 2 * level + 1 < len(conditions):
                out = self._transform(out, conditions[2 * level], conditions[2 * level + 1])
            out = conv(out, latent[:, index + 1], noise[index + 1])
            skip = to_rgb(out, latent[:, index + 2], skip)
            index += 2
        return skip

    def _transform(self, out: torch.Tensor, scale: torch.Tensor, shift: torch.Tensor):
        if not self.sft_half:
            return out * scale + shift
        kept, steered = out.split(out.shape[1] // 2, dim=1)
        return torch.cat([kept, steered * scale + shift], dim=1)
