"""GFP-GAN's restoration network (Wang et al., CVPR 2021) in the layout of its published "clean"
v1.x checkpoints (GFPGANv1Clean, v1.3, v1.4), so their ``params_ema`` load unchanged.

A degradation-removal U-Net (``conv_body_first``, ``conv_body_down``, ``final_conv``,
``conv_body_up``) reads the degraded face; its bottleneck becomes the prior's w+ codes
(``final_linear``) and each decoder level yields a CS-SFT scale and shift
(``condition_scale``/``condition_shift``) for the StyleGAN2 prior (``stylegan_decoder``);
``toRGB`` gives the U-Net's own coarse images, used only by the training pyramid loss.
``channel_multiplier`` and ``narrow`` size every layer: the published files use 2 and 1,
the bundled demo a narrow network of the same topology.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn import functional as F

from .stylegan2 import LEAKY_SLOPE, StyleGAN2Prior, prior_channels


@dataclass(frozen=True)
class RestorerConfig:
    out_size: int = 512
    num_style_feat: int = 512
    channel_multiplier: float = 2
    narrow: float = 1.0
    num_mlp: int = 8
    different_w: bool = True  # one style vector per prior layer (w+), as v1.3/v1.4
    input_is_latent: bool = True  # final_linear writes latents directly, skipping style_mlp
    sft_half: bool = True  # CS-SFT

    def as_dict(self) -> dict:
        return asdict(self)


class ResBlock(nn.Module):
    """Residual block that halves (down) or doubles (up) the size with bilinear resampling."""

    def __init__(self, in_channels: int, out_channels: int, scale: float) -> None:
        super().__init__()
        self.scale = scale
        self.conv1 = nn.Conv2d(in_channels, in_channels, 3, 1, 1)
        self.conv2 = nn.Conv2d(in_channels, out_channels, 3, 1, 1)
        self.skip = nn.Conv2d(in_channels, out_channels, 1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        def resize(t):
            return F.interpolate(t, scale_factor=self.scale, mode="bilinear", align_corners=False)

        out = resize(F.leaky_relu(self.conv1(x), LEAKY_SLOPE))
        out = F.leaky_relu(self.conv2(out), LEAKY_SLOPE)
        return out + self.skip(resize(x))


def _sft_branch(channels: int, out_channels: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(channels, channels, 3, 1, 1),
        nn.LeakyReLU(LEAKY_SLOPE, True),
        nn.Conv2d(channels, out_channels, 3, 1, 1),
    )


class FaceRestorer(nn.Module):
    """Degraded face [N, 3, S, S] in [-1, 1] -> (restored face [N, 3, S, S], U-Net RGB pyramid)."""

    def __init__(self, config: RestorerConfig = RestorerConfig()) -> None:
        super().__init__()
        self.config = config
        # The U-Net uses half the prior's widths ("unet_narrow").
        widths = prior_channels(config.channel_multiplier, config.narrow * 0.5)
        self.log_size = int(math.log2(config.out_size))
        if 2**self.log_size != config.out_size or self.log_size < 3:
            raise ValueError(f"out_size must be a power of two >= 8, got {config.out_size}")
        self.conv_body_first = nn.Conv2d(3, widths[config.out_size], 1)
        self.conv_body_down = nn.ModuleList()
        width = widths[config.out_size]
        for level in range(self.log_size, 2, -1):
            self.conv_body_down.append(ResBlock(width, widths[2 ** (level - 1)], 0.5))
            width = widths[2 ** (level - 1)]
        self.final_conv = nn.Conv2d(width, widths[4], 3, 1, 1)
        self.conv_body_up = nn.ModuleList()
        self.toRGB = nn.ModuleList()
        self.condition_scale = nn.ModuleList()
        self.condition_shift = nn.ModuleList()
        width = widths[4]
        for level in range(3, self.log_size + 1):
            out = widths[2**level]
            self.conv_body_up.append(ResBlock(width, out, 2.0))
            self.toRGB.append(nn.Conv2d(out, 3, 1))
            sft_out = out if config.sft_half else 2 * out
            self.condition_scale.append(_sft_branch(out, sft_out))
            self.condition_shift.append(_sft_branch(out, sft_out))
            width = out
        latents = (2 * self.log_size - 2) if config.different_w else 1
        self.final_linear = nn.Linear(widths[4] * 16, latents * config.num_style_feat)
        self.stylegan_decoder = StyleGAN2Prior(
            config.out_size,
            config.num_style_feat,
            config.num_mlp,
            config.channel_multiplier,
            config.narrow,
            config.sft_half,
        )

    def forward(
        self, degraded: torch.Tensor, noise: torch.Generator | None = None
    ) -> tuple[torch.Tensor, list[torch.Tensor]]:
        """``noise``: a seeded generator for the prior's noise maps (None: the stored maps)."""
        feat = F.leaky_relu(self.conv_body_first(degraded), LEAKY_SLOPE)
        skips = []
        for block in self.conv_body_down:
            feat = block(feat)
            skips.insert(0, feat)
        feat = F.leaky_relu(self.final_conv(feat), LEAKY_SLOPE)
        batch = feat.shape[0]
        code = self.final_linear(feat.reshape(batch, -1))
        conditions, pyramid = [], []
        for level, block in enumerate(self.conv_body_up):
            feat = block(feat + skips[level])
            conditions += [self.condition_scale[level](feat), self.condition_shift[level](feat)]
            pyramid.append(self.toRGB[level](feat))
        latent = self._latents(code)
        noise_maps = self.stylegan_decoder.noise_maps(batch, noise)
        return self.stylegan_decoder(latent, conditions, noise_maps), pyramid

    def _latents(self, code: torch.Tensor) -> torch.Tensor:
        """[N, num_latent, style]: one w per prior layer (different_w) or one repeated."""
        decoder, style = self.stylegan_decoder, self.config.num_style_feat
        if self.config.different_w:
            codes = code.view(code.shape[0], -1, style)
            return (
                codes
                if self.config.input_is_latent
                else decoder.style_mlp(codes.reshape(-1, style)).view_as(codes)
            )
        if not self.config.input_is_latent:
            code = decoder.style_mlp(code)
        return code.unsqueeze(1).expand(-1, decoder.num_latent, -1)
