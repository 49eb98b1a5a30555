"""The frozen generator G: BigGAN with IC-GAN's instance conditioning, in its checkpoint layout.

Structure (IC-GAN's BigGAN_PyTorch/BigGAN.py, ``class_cond=False, instance_cond=True``):
``shared_feat`` (SN linear 2048 -> shared_dim_feat) embeds the L2-normalised instance
feature; with a hierarchical z, z is cut into one chunk for ``linear`` (-> 16ch x 4 x 4) and
one per block; every block's conditional BatchNorms see [embedded feature, z chunk]. Blocks
upsample x2 (nearest); self-attention follows the block at the ``G_attn`` resolution; the
output is BN-ReLU-conv-tanh. ``shared`` (the class embedding) exists because the published
config keeps ``G_shared`` on, although IC-GAN never feeds it a class.
"""

from __future__ import annotations

import functools

import torch
from torch import nn
from torch.nn import functional as F

from .config import GeneratorConfig
from .spectral import SNConv2d, SNLinear

# (input channel multipliers, output channel multipliers) of the blocks, per resolution.
ARCH = {
    512: ([16, 16, 8, 8, 4, 2, 1], [16, 8, 8, 4, 2, 1, 1]),
    256: ([16, 16, 8, 8, 4, 2], [16, 8, 8, 4, 2, 1]),
    128: ([16, 16, 8, 4, 2], [16, 8, 4, 2, 1]),
    64: ([16, 16, 8, 4], [16, 8, 4, 2]),
    32: ([4, 4, 4], [4, 4, 4]),
}


class ConditionalBN(nn.Module):
    """BigGAN's ``ccbn``: batch norm without affine, then x (1 + gain(y)) + bias(y)."""

    def __init__(self, channels: int, input_size: int, linear, eps: float) -> None:
        super().__init__()
        self.gain = linear(input_size, channels)
        self.bias = linear(input_size, channels)
        self.eps = eps
        self.register_buffer("stored_mean", torch.zeros(channels))
        self.register_buffer("stored_var", torch.ones(channels))

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        gain = (1 + self.gain(y)).view(y.size(0), -1, 1, 1)
        bias = self.bias(y).view(y.size(0), -1, 1, 1)
        out = F.batch_norm(
            x, self.stored_mean, self.stored_var, None, None, self.training, 0.1, self.eps
        )
        return out * gain + bias


class OutputBN(nn.Module):
    """BigGAN's unconditional ``bn`` with its own gain and bias parameters."""

    def __init__(self, channels: int, eps: float) -> None:
        super().__init__()
        self.eps = eps
        self.register_buffer("stored_mean", torch.zeros(channels))
        self.register_buffer("stored_var", torch.ones(channels))
        self.gain = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.batch_norm(
            x, self.stored_mean, self.stored_var, self.gain, self.bias, self.training, 0.1, self.eps
        )


class GBlock(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, conv, bn) -> None:
        super().__init__()
        self.conv1 = conv(in_channels, out_channels)
        self.conv2 = conv(out_channels, out_channels)
        # Every block upsamples, so the shortcut always has its 1x1 conv.
        self.conv_sc = conv(in_channels, out_channels, kernel_size=1, padding=0)
        self.bn1 = bn(in_channels)
        self.bn2 = bn(out_channels)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        h = F.relu(self.bn1(x, y))
        h = F.interpolate(h, scale_factor=2)
        x = F.interpolate(x, scale_factor=2)
        h = self.conv2(F.relu(self.bn2(self.conv1(h), y)))
        return h + self.conv_sc(x)


class Attention(nn.Module):
    """SAGAN self-attention as BigGAN has it (key and value maps max-pooled 2x2)."""

    def __init__(self, channels: int, conv) -> None:
        super().__init__()
        self.ch = channels
        self.theta = conv(channels, channels // 8, kernel_size=1, padding=0, bias=False)
        self.phi = conv(channels, channels // 8, kernel_size=1, padding=0, bias=False)
        self.g = conv(channels, channels // 2, kernel_size=1, padding=0, bias=False)
        self.o = conv(channels // 2, channels, kernel_size=1, padding=0, bias=False)
        self.gamma = nn.Parameter(torch.tensor(0.0))

    def forward(self, x: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        batch, _, height, width = x.shape
        positions = height * width
        theta = self.theta(x).view(batch, self.ch // 8, positions)
        phi = F.max_pool2d(self.phi(x), 2).view(batch, self.ch // 8, positions // 4)
        g = F.max_pool2d(self.g(x), 2).view(batch, self.ch // 2, positions // 4)
        beta = F.softmax(torch.bmm(theta.transpose(1, 2), phi), -1)
        o = self.o(torch.bmm(g, beta.transpose(1, 2)).view(batch, self.ch // 2, height, width))
        return self.gamma * o + x


class Generator(nn.Module):
    def __init__(self, config: GeneratorConfig = GeneratorConfig()) -> None:
        super().__init__()
        if config.resolution not in ARCH:
            raise ValueError(f"BigGAN has no architecture for resolution {config.resolution}")
        self.config = config
        ins, outs = ((config.G_ch * m for m in ms) for ms in ARCH[config.resolution])
        ins, outs = list(ins), list(outs)
        resolutions = [8 * 2**i for i in range(len(outs))]
        attention = {int(r) for r in config.G_attn.split("_") if r.strip().isdigit()}
        if config.hier:
            self.num_slots = len(ins) + 1
            self.z_chunk = config.dim_z // self.num_slots
        else:
            self.num_slots, self.z_chunk = 1, 0
        self.dim_z = self.z_chunk * self.num_slots if config.hier else config.dim_z
        conv = functools.partial(SNConv2d, num_svs=config.num_G_SVs, eps=config.SN_eps)
        linear = functools.partial(SNLinear, num_svs=config.num_G_SVs, eps=config.SN_eps)
        if not config.G_shared:
            raise ValueError("only G_shared=True (IC-GAN's setting) is supported")
        bn_input = self.z_chunk + (
            config.shared_dim_feat if config.G_shared_feat else config.feature_dim
        )
        bn = functools.partial(
            ConditionalBN,
            input_size=bn_input,
            linear=functools.partial(linear, bias=False),
            eps=config.BN_eps,
        )
        self.shared = nn.Embedding(config.n_classes, config.shared_dim)
        self.shared_feat = (
            linear(config.feature_dim, config.shared_dim_feat)
            if config.G_shared_feat
            else nn.Identity()
        )
        width = config.bottom_width
        self.linear = linear(self.dim_z // self.num_slots, ins[0] * width * width)
        blocks = []
        for index, (c_in, c_out) in enumerate(zip(ins, outs)):
            stage: list[nn.Module] = [GBlock(c_in, c_out, conv, bn)]
            if resolutions[index] in attention:
                stage.append(Attention(c_out, conv))
            blocks.append(nn.ModuleList(stage))
        self.blocks = nn.ModuleList(blocks)
        self.output_layer = nn.Sequential(
            OutputBN(outs[-1], config.BN_eps), nn.ReLU(), conv(outs[-1], 3)
        )
        self._init_weights()

    def _init_weights(self) -> None:
        for module in self.modules():  # BigGAN's G_init "ortho"
            if isinstance(module, (nn.Conv2d, nn.Linear, nn.Embedding)):
                nn.init.orthogonal_(module.weight)

    def forward(self, z: torch.Tensor, feats: torch.Tensor) -> torch.Tensor:
        """G(z, feats): (B, dim_z) noise and (B, 2048) L2-normalised features -> (B, 3, R, R)
        in [-1, 1]."""
        y = self.shared_feat(feats)
        if self.config.hier:
            zs = torch.split(z, self.z_chunk, 1)
            z, ys = zs[0], [torch.cat([y, chunk], 1) for chunk in zs[1:]]
        else:
            ys = [y] * len(self.blocks)
        width = self.config.bottom_width
        h = self.linear(z).view(z.size(0), -1, width, width)
        for stage, y_block in zip(self.blocks, ys):
            for layer in stage:
                h = layer(h, y_block)
        return torch.tanh(self.output_layer(h))
