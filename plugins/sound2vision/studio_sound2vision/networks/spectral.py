"""BigGAN's spectrally normalised layers, with the buffers its checkpoints carry.

BigGAN does not use ``torch.nn.utils.spectral_norm``: each layer keeps its raw ``weight`` and,
per tracked singular value i, buffers ``u{i}`` (the power-iteration vector, (1, out)) and
``sv{i}`` (the last estimate, (1,)). Every forward runs one power iteration from the stored u
(updating u and sv only in training) and divides the weight by the first singular value.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F


def _orthogonalise(x: torch.Tensor, others: list[torch.Tensor]) -> torch.Tensor:
    for y in others:  # Gram-Schmidt against the vectors already found
        x = x - torch.mm(y, x.t()) * y / torch.mm(y, y.t())
    return x


class SpectralNorm:
    """Mixin for a layer with ``weight``: registers u0.., sv0.. and normalises the weight."""

    def _init_sn(self, num_svs: int, num_outputs: int, eps: float) -> None:
        self.num_svs, self.sn_eps = num_svs, eps
        for i in range(num_svs):
            self.register_buffer(f"u{i}", torch.randn(1, num_outputs))
            self.register_buffer(f"sv{i}", torch.ones(1))

    def normalised_weight(self) -> torch.Tensor:
        matrix = self.weight.view(self.weight.size(0), -1)
        us = [getattr(self, f"u{i}") for i in range(self.num_svs)]
        found_u: list[torch.Tensor] = []
        found_v: list[torch.Tensor] = []
        values = []
        for index, u in enumerate(us):
            with torch.no_grad():
                v = F.normalize(_orthogonalise(torch.matmul(u, matrix), found_v), eps=self.sn_eps)
                found_v.append(v)
                u = F.normalize(
                    _orthogonalise(torch.matmul(v, matrix.t()), found_u), eps=self.sn_eps
                )
                found_u.append(u)
                if self.training:
                    us[index][:] = u
            values.append(torch.squeeze(torch.matmul(torch.matmul(v, matrix.t()), u.t())))
        if self.training:
            with torch.no_grad():
                for index, value in enumerate(values):
                    getattr(self, f"sv{index}")[:] = value
        return self.weight / values[0]


class SNConv2d(nn.Conv2d, SpectralNorm):
    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size=3,
        padding=1,
        bias=True,
        *,
        num_svs=1,
        eps=1e-12,
    ):
        nn.Conv2d.__init__(self, in_channels, out_channels, kernel_size, 1, padding, bias=bias)
        self._init_sn(num_svs, out_channels, eps)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.conv2d(x, self.normalised_weight(), self.bias, self.stride, self.padding)


class SNLinear(nn.Linear, SpectralNorm):
    def __init__(self, in_features, out_features, bias=True, *, num_svs=1, eps=1e-12):
        nn.Linear.__init__(self, in_features, out_features, bias)
        self._init_sn(num_svs, out_features, eps)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.linear(x, self.normalised_weight(), self.bias)
