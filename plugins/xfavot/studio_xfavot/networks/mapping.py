"""The mapping network F_{g,y}(z), shared by both modalities (Sec. 3.1, App. G).

16-d z -> 4 shared FC layers of width 512 -> one of K = K_g + K_y heads (2 gender heads, then
128 speaker heads), each 4 FC layers ending in the 64-d style. ReLU as in SG2; attribute
names (``shared``, ``unshared``) as SG2/SVC.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class MappingConfig:
    latent_dim: int = 16
    hidden_dim: int = 512
    style_dim: int = 64
    num_genders: int = 2
    num_speakers: int = 128  # K_y of the paper's training set [D]

    @property
    def num_heads(self) -> int:
        return self.num_genders + self.num_speakers


def gender_head(g: int) -> int:
    return g


def speaker_head(config: MappingConfig, y: int) -> int:
    return config.num_genders + y


class MappingNetwork(nn.Module):
    def __init__(self, config: MappingConfig = MappingConfig()) -> None:
        super().__init__()
        self.config = config
        hidden = config.hidden_dim
        layers: list[nn.Module] = [nn.Linear(config.latent_dim, hidden), nn.ReLU()]
        for _ in range(3):
            layers += [nn.Linear(hidden, hidden), nn.ReLU()]
        self.shared = nn.Sequential(*layers)
        self.unshared = nn.ModuleList(
            nn.Sequential(
                nn.Linear(hidden, hidden),
                nn.ReLU(),
                nn.Linear(hidden, hidden),
                nn.ReLU(),
                nn.Linear(hidden, hidden),
                nn.ReLU(),
                nn.Linear(hidden, config.style_dim),
            )
            for _ in range(config.num_heads)
        )

    def forward(self, z: torch.Tensor, head: torch.Tensor) -> torch.Tensor:
        """``head`` indexes the K = 130 branches: gender g in [0, 2), speaker y at 2 + y."""
        h = self.shared(z)
        # Only the requested heads run: 130 full heads per sample would waste 98% of the work.
        out = torch.empty(len(z), self.config.style_dim, dtype=h.dtype, device=h.device)
        for index in torch.unique(head).tolist():
            rows = head == index
            out[rows] = self.unshared[index](h[rows])
        return out
