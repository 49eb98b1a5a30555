"""The networks of SF2F (Bai et al.), as the paper's Tables 9-11 and section 4 describe them.

No official weights exist (shared/specs/sf2f.md §7), so the layout is ours; the paper's text and tables
decide every shape, and the spec's resolutions of the gaps are stated where they apply:

- encoder: five 1D Inception modules (branches of kernel 2/3/5/7, stride 2, each Conv -> BN ->
  ReLU as Table 9 orders it), time average pooling, L2 normalisation. Branches are padded with
  (k - 1) // 2; on odd lengths the k=2 branch comes out one frame short, so every branch is
  cropped to the shortest before concatenation.
- fuser: s(e_i, e_j) = e_i^T W_a e_j, softmax over j, a_i = sum_j beta_ij e_j,
  f_i = W_f [a_i, e_i] + b_f, f = mean_i f_i (order-invariant: no positional encoding).
- decoder: UpBlocks of bilinear x2 upsampling -> Conv -> ReLU -> BN (Table 10's order), then a
  1x1 linear convolution. Table 10 writes "Conv 3/2,1" but lists an output as large as the
  upsampled input, which stride 2 cannot give: we use kernel 3, stride 1, padding 1 (the
  spec's default); kernel 4 (section 4's wording) is a config option with asymmetric padding.
- discriminators: Conv 4/2,1 -> BN -> ReLU (x3), average pooling, Linear -> ReLU, Linear;
  ``forward`` returns logits, ``probabilities`` the paper's softmax.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

from studio.ml.settings import as_record as config_dict  # noqa: F401 (re-exported)
from studio.ml.settings import from_record as config_from  # noqa: F401 (re-exported)

NORM_EPS = 1e-12  # the paper's epsilon in e / max(||e||, eps)
INCEPTION_KERNELS = (2, 3, 5, 7)


@dataclass(frozen=True)
class EncoderConfig:
    mel_bins: int = 40
    # Per-branch channels d of each module; the module outputs 4d (Table 9: 256 ... 512).
    branch_channels: tuple[int, ...] = (64, 96, 144, 216, 128)
    kernels: tuple[int, ...] = INCEPTION_KERNELS
    conv_bias: bool = True

    @property
    def embedding(self) -> int:
        return self.branch_channels[-1] * len(self.kernels)


@dataclass(frozen=True)
class FuserConfig:
    embedding: int = 512
    # [C] the authors' code renormalises f; the decoder was trained on unit-norm e_i.
    normalize: bool = True


@dataclass(frozen=True)
class DecoderConfig:
    embedding: int = 512
    channels: tuple[int, ...] = (1024, 512, 256, 128, 64, 32)  # UpBlocks 1-6 -> 64x64
    kernel: int = 3
    conv_bias: bool = True
    # Which sizes the decoder draws: (64,), (128,) or (64, 128) (the multi-resolution model).
    resolutions: tuple[int, ...] = (64,)
    # UpBlock 7's channels (128x128 only); the paper does not give them.
    extra_channels: int = 16
    image_channels: int = 3


@dataclass(frozen=True)
class DiscriminatorConfig:
    channels: tuple[int, ...] = (64, 128, 256)
    hidden: int = 1024
    outputs: int = 2  # 2 for D_real, N_id for D_id
    image_size: int = 64
    image_channels: int = 3


def unit(x: torch.Tensor) -> torch.Tensor:
    return F.normalize(x, dim=-1, eps=NORM_EPS)


class InceptionBranch(nn.Module):
    def __init__(self, width: int, channels: int, kernel: int, bias: bool) -> None:
        super().__init__()
        self.conv = nn.Conv1d(width, channels, kernel, 2, (kernel - 1) // 2, bias=bias)
        self.norm = nn.BatchNorm1d(channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(self.norm(self.conv(x)))


class Inception1d(nn.Module):
    """Four parallel stride-2 branches, cropped to one length and concatenated."""

    def __init__(self, width: int, channels: int, kernels: tuple[int, ...], bias: bool) -> None:
        super().__init__()
        self.branches = nn.ModuleList(
            InceptionBranch(width, channels, kernel, bias) for kernel in kernels
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        outputs = [branch(x) for branch in self.branches]
        length = min(out.shape[-1] for out in outputs)
        return torch.cat([out[..., :length] for out in outputs], dim=1)


class VoiceEncoder(nn.Module):
    """log-mel [N, 40, t0] -> unit-norm e [N, 512] (any t0 >= MIN_FRAMES)."""

    def __init__(self, config: EncoderConfig = EncoderConfig()) -> None:
        super().__init__()
        self.config = config
        modules, width = [], config.mel_bins
        for channels in config.branch_channels:
            modules.append(Inception1d(width, channels, config.kernels, config.conv_bias))
            width = channels * len(config.kernels)
        self.inception = nn.ModuleList(modules)

    def features(self, mel: torch.Tensor) -> list[torch.Tensor]:
        """Every module's output, for shape checks."""
        outputs, x = [], mel
        for module in self.inception:
            x = module(x)
            outputs.append(x)
        return outputs

    def forward(self, mel: torch.Tensor) -> torch.Tensor:
        return unit(self.features(mel)[-1].mean(dim=-1))


# The shortest input every module can halve down to at least one frame.
MIN_FRAMES = 2 ** len(EncoderConfig().branch_channels)


class AttentionFuser(nn.Module):
    """E [N, T, d] (+ mask [N, T] of real segments) -> f [N, d] and beta [N, T, T]."""

    def __init__(self, config: FuserConfig = FuserConfig()) -> None:
        super().__init__()
        self.config = config
        self.score = nn.Linear(config.embedding, config.embedding, bias=False)  # W_a
        self.combine = nn.Linear(2 * config.embedding, config.embedding)  # W_f, b_f

    @torch.no_grad()
    def init_as_mean(self) -> None:
        """Start as plain averaging (our init [U]): W_a = 0 gives uniform beta, and
        W_f = [I/2, I/2], b_f = 0 make f the mean of the e_i, which the stage-1 decoder reads."""
        d = self.config.embedding
        self.score.weight.zero_()
        eye = torch.eye(d, dtype=self.combine.weight.dtype) / 2
        self.combine.weight.copy_(torch.cat([eye, eye], dim=1))
        self.combine.bias.zero_()

    def forward(
        self, segments: torch.Tensor, mask: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        scores = segments @ self.score(segments).transpose(1, 2)  # [i, j] = e_i^T W_a e_j
        if mask is not None:
            scores = scores.masked_fill(~mask[:, None, :], float("-inf"))
        beta = torch.softmax(scores, dim=-1)
        attended = beta @ segments  # a_i
        fine = self.combine(torch.cat([attended, segments], dim=-1))  # f_i
        if mask is None:
            fused = fine.mean(dim=1)
        else:
            weights = mask.to(fine.dtype)
            fused = (fine * weights[..., None]).sum(1) / weights.sum(1, keepdim=True)
            beta = beta * weights[..., None]  # rows of padded segments are not attention
        return (unit(fused) if self.config.normalize else fused), beta


def segment_weights(beta: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    """How much each segment j is attended to, averaged over the queries i: [N, T], sums to 1."""
    if mask is None:
        return beta.mean(dim=1)
    return beta.sum(dim=1) / mask.to(beta.dtype).sum(dim=1, keepdim=True)


class UpBlock(nn.Module):
    """Bilinear x2 -> Conv -> ReLU -> BatchNorm, the order of Table 10."""

    def __init__(self, width: int, channels: int, kernel: int, bias: bool) -> None:
        super().__init__()
        # A kernel of 4 cannot keep the size with symmetric padding: pad 1 before, 2 after.
        self.pad = nn.ZeroPad2d((1, 2, 1, 2)) if kernel % 2 == 0 else nn.Identity()
        padding = 0 if kernel % 2 == 0 else kernel // 2
        self.conv = nn.Conv2d(width, channels, kernel, 1, padding, bias=bias)
        self.norm = nn.BatchNorm2d(channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
        return self.norm(F.relu(self.conv(self.pad(x))))


class FaceDecoder(nn.Module):
    """e or f [N, d] -> {resolution: image [N, 3, r, r]} (linear output, no squashing).

    The multi-resolution model (App. D.2.2, after StackGAN++) branches a 64x64 head off
    UpBlock 6 and a 128x128 head off UpBlock 7, which continues from UpBlock 6.
    """

    def __init__(self, config: DecoderConfig = DecoderConfig()) -> None:
        super().__init__()
        if not config.resolutions or set(config.resolutions) - {64, 128}:
            raise ValueError(f"resolutions must be from (64, 128), got {config.resolutions}")
        self.config = config
        widths = (config.embedding, *config.channels)
        blocks = [
            UpBlock(a, b, config.kernel, config.conv_bias) for a, b in itertools.pairwise(widths)
        ]
        if 128 in config.resolutions:
            blocks.append(
                UpBlock(widths[-1], config.extra_channels, config.kernel, config.conv_bias)
            )
        self.blocks = nn.ModuleList(blocks)
        heads = {}
        if 64 in config.resolutions:
            heads["out64"] = nn.Conv2d(widths[-1], config.image_channels, 1)
        if 128 in config.resolutions:
            heads["out128"] = nn.Conv2d(config.extra_channels, config.image_channels, 1)
        self.heads = nn.ModuleDict(heads)
        self.base = 64 // 2 ** len(config.channels)  # 1 with the paper's six UpBlocks

    def forward(self, embedding: torch.Tensor) -> dict[int, torch.Tensor]:
        x = embedding.reshape(embedding.shape[0], -1, 1, 1)
        if self.base > 1:
            x = x.expand(-1, -1, self.base, self.base)
        images = {}
        stem = len(self.config.channels)
        for index, block in enumerate(self.blocks):
            x = block(x)
            if index == stem - 1 and "out64" in self.heads:
                images[64] = self.heads["out64"](x)
        if "out128" in self.heads:
            images[128] = self.heads["out128"](x)
        return images


class Discriminator(nn.Module):
    """D_real (outputs=2) and D_id (outputs=N_id) share this architecture (Table 11)."""

    def __init__(self, config: DiscriminatorConfig = DiscriminatorConfig()) -> None:
        super().__init__()
        self.config = config
        layers: list[nn.Module] = []
        width = config.image_channels
        channels = list(config.channels)
        if config.image_size == 128:  # "another convolution layer before average pooling"
            channels.append(config.channels[-1])
        elif config.image_size != 64:
            raise ValueError(f"image_size must be 64 or 128, got {config.image_size}")
        for out in channels:
            layers += [nn.Conv2d(width, out, 4, 2, 1), nn.BatchNorm2d(out), nn.ReLU()]
            width = out
        self.trunk = nn.Sequential(*layers)
        self.hidden = nn.Linear(width, config.hidden)
        self.out = nn.Linear(config.hidden, config.outputs)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        pooled = self.trunk(image).mean(dim=(2, 3))
        return self.out(F.relu(self.hidden(pooled)))

    def probabilities(self, image: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self(image), dim=-1)


def parameter_count(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())
