"""Transposed convolutions for batch-1 inference as one matrix product plus an overlap-add.

On the CPU, oneDNN's deconvolution re-lays-out a large weight on every call, which makes a
small-batch decoder (Wen et al.'s 64x64 face generator, for one) about twice slower than the
arithmetic needs. Here the weight is laid out once, as ``[out * k * k, in]``, so each call is
a single GEMM followed by ``F.fold`` (col2im), which adds the overlapping taps in place.
Results equal ``nn.ConvTranspose2d`` to float rounding (about 1e-7).
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F


class GemmTransposedConv2d(nn.Module):
    """An inference-only replacement for an ``nn.ConvTranspose2d`` (groups 1, dilation 1)."""

    def __init__(self, conv: nn.ConvTranspose2d) -> None:
        super().__init__()
        if conv.groups != 1 or conv.dilation != (1, 1) or conv.output_padding != (0, 0):
            raise ValueError("only groups=1, dilation=1 and output_padding=0 are supported")
        weight = conv.weight.detach()  # [in, out, kh, kw]
        self.kernel = tuple(weight.shape[2:])
        self.stride = conv.stride
        self.padding = conv.padding
        self.out_channels = weight.shape[1]
        self.register_buffer("columns", weight.reshape(weight.shape[0], -1).t().contiguous())
        bias = conv.bias.detach() if conv.bias is not None else torch.zeros(self.out_channels)
        self.register_buffer("bias", bias.view(1, -1, 1, 1).clone())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, c, h, w = x.shape
        size = tuple(
            (length - 1) * stride - 2 * pad + k
            for length, stride, pad, k in zip((h, w), self.stride, self.padding, self.kernel)
        )
        # [n, c, h*w] -> [n, out*k*k, h*w]: every input pixel's contribution to its k x k taps.
        taps = torch.matmul(self.columns, x.reshape(n, c, h * w))
        out = F.fold(taps, size, self.kernel, stride=self.stride, padding=self.padding)
        return out + self.bias


def with_gemm_transposed_convs(module: nn.Module) -> nn.Module:
    """A copy of ``module`` whose ConvTranspose2d layers run as GEMM + fold (inference only)."""
    import copy

    fast = copy.deepcopy(module)
    for child in list(fast.modules()):
        for child_name, grandchild in list(child.named_children()):
            if isinstance(grandchild, nn.ConvTranspose2d):
                setattr(child, child_name, GemmTransposedConv2d(grandchild))
    return fast.eval()
