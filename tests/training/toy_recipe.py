"""A tiny recipe the tests run in-process and, through ddp_worker.py, under torchrun."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.data import Dataset

from studio.api.progress import Progress
from studio.ml.training import Run, TrainConfig

SAMPLES = 28  # 3 global batches of 8 per epoch; drop_last drops the other 4 samples
BATCH = 8


class Numbered(Dataset):
    """Fixed regression data; every item carries its index so tests can see the data order."""

    def __init__(self, size: int = SAMPLES) -> None:
        generator = torch.Generator().manual_seed(1234)
        self.x = torch.randn(size, 4, generator=generator)
        self.y = self.x @ torch.tensor([[0.5], [-1.0], [2.0], [0.1]]) + 0.3

    def __len__(self) -> int:
        return len(self.x)

    def __getitem__(self, index: int) -> tuple[int, torch.Tensor, torch.Tensor]:
        return index, self.x[index], self.y[index]


def make_model() -> nn.Module:
    return nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))


@dataclass
class Trained:
    params: dict[str, torch.Tensor]
    step: int
    batches: list[list[int]] = field(default_factory=list)


def train(
    config: TrainConfig,
    *,
    optimizer: str = "sgd",
    noise: bool = False,
    batches: list[list[int]] | None = None,
    on_step: Callable[[Run], None] | None = None,
    progress: Progress | None = None,
) -> Trained:
    """Train; ``batches`` (if given) collects this rank's sample indices step by step, even
    when the run is interrupted."""
    seen = batches if batches is not None else []
    with Run(config, progress) as run:
        model = make_model()
        net = run.wrap(model)
        if optimizer == "sgd":
            opt = torch.optim.SGD(net.parameters(), lr=0.05)
        else:  # Adam's moments must survive resuming too
            opt = torch.optim.Adam(net.parameters(), lr=0.01)
        run.track(net=net, opt=opt)
        run.resume()
        loader = run.loader(Numbered(), BATCH)
        for index, x, y in run.batches(loader):
            seen.append(index.tolist())
            x, y = x.to(run.device), y.to(run.device)
            if noise:  # draws on torch, NumPy and Python RNGs, which resuming must restore
                jitter = float(np.random.randn()) + random.random()
                x = x + 0.05 * torch.randn_like(x) + 0.01 * jitter
            with run.autocast():
                loss = F.mse_loss(net(x), y)
            opt.zero_grad()
            run.backward(loss, opt)
            run.log(loss=loss.detach(), target=float(y.mean()))
            run.next_step()
            if on_step is not None:
                on_step(run)
    return Trained(run.export_state(model), run.step, seen)


def same_params(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor], atol: float = 0.0) -> bool:
    return a.keys() == b.keys() and all(
        torch.allclose(a[k], b[k], rtol=0, atol=atol) if atol else torch.equal(a[k], b[k])
        for k in a
    )


def read_metrics(out: Path) -> list[dict[str, str]]:
    with (out / "metrics.csv").open(newline="") as stream:
        return list(csv.DictReader(stream))


def without_time(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{k: v for k, v in row.items() if k != "time"} for row in rows]
