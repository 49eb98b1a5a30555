"""The recipe's stages, each a resumable run of ``studio.ml.training``.

``train_scene`` (demo only, see settings.py) fits small f_V and G to the frames.
``train_audio`` is the paper's recipe: f_A learns to land where the frozen f_V puts the
paired frame, with the symmetric InfoNCE on L2 distances (Eq. 1-2), Adam lr 1e-3, weight decay
1e-5, batch 64; the weights kept are those of the lowest validation loss (early stopping).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from studio.ml.training import Run, stage_config

from ..loss import info_nce_l2
from ..networks.biggan import Generator
from ..networks.config import AudioConfig, GeneratorConfig, ImageConfig, ResNetConfig
from ..networks.resnets import AudioEncoder, ImageEncoder
from .data import Frames, SoundFeaturePairs
from .settings import TrainSettings


def audio_config(settings: TrainSettings) -> AudioConfig:
    return AudioConfig(
        ResNetConfig(
            "basic", (2, 2, 2, 2), settings.audio_planes, settings.audio_stem, in_channels=1
        )
    )


def image_config(settings: TrainSettings) -> ImageConfig:
    resnet = ResNetConfig(
        "bottleneck",
        (1, 1, 1, 1),
        settings.image_planes,
        settings.image_stem,
        settings.image_base_widths,
    )
    return ImageConfig(resnet, resize=settings.image_size, size=settings.image_size)


def generator_config(settings: TrainSettings) -> GeneratorConfig:
    return GeneratorConfig(
        G_ch=settings.G_ch,
        dim_z=settings.dim_z,
        resolution=settings.image_size,
        G_attn=settings.G_attn,
        shared_dim=4,
        n_classes=1,
        shared_dim_feat=settings.shared_dim_feat,
    )


class SceneAutoencoder(nn.Module):
    def __init__(self, encoder: ImageEncoder, generator: Generator) -> None:
        super().__init__()
        self.encoder, self.generator = encoder, generator

    def forward(self, frames: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        return self.generator(z, F.normalize(self.encoder(frames), dim=1))


def weighted_l1(drawn: torch.Tensor, frames: torch.Tensor, object_weight: float) -> torch.Tensor:
    """L1 against the frames in [-1, 1], with saturated pixels weighted ``object_weight`` times
    more: sky and ground are most of every frame, and a plain mean lets G ignore the objects."""
    saturation = frames.amax(dim=1, keepdim=True) - frames.amin(dim=1, keepdim=True)
    weight = 1.0 + (object_weight - 1.0) * (saturation > 0.3).float()
    return (weight * (drawn - (frames * 2 - 1)).abs()).sum() / (weight.sum() * 3)


def train_scene(settings: TrainSettings, images: torch.Tensor, out: Path, resume: bool, device):
    """f_V and G fitted together: G(z, f_V(x)/|f_V(x)|) reconstructs x (L1 on [-1, 1])."""
    config = stage_config(
        settings, out, settings.scene_steps, resume, device, "scene encoder + generator"
    )
    with Run(config) as run:
        encoder, generator = (
            ImageEncoder(image_config(settings)),
            Generator(generator_config(settings)),
        )
        model = run.wrap(SceneAutoencoder(encoder, generator))
        optimizer = torch.optim.Adam(model.parameters(), lr=settings.scene_lr, betas=(0.5, 0.999))
        run.track(model=model, optimizer=optimizer)
        run.resume()
        loader = run.loader(Frames(images), settings.scene_batch_size)
        for frames in run.batches(loader):
            frames = frames.to(run.device)
            z = torch.randn(frames.shape[0], generator.dim_z, device=run.device)
            with run.autocast():
                drawn = model(frames, z)
                loss = weighted_l1(drawn, frames, settings.object_weight)
            optimizer.zero_grad(set_to_none=True)
            run.backward(loss, optimizer)
            run.log(l1=loss.detach())
            run.next_step()
    return run.export_state(encoder), run.export_state(generator)


class Best:
    """The lowest validation loss so far and f_A's weights then (saved with checkpoints)."""

    def __init__(self) -> None:
        self.loss = float("inf")
        self.state: dict[str, torch.Tensor] | None = None
        self.stale = 0  # validations since the last improvement

    def offer(self, loss: float, model: nn.Module) -> None:
        if loss < self.loss:
            self.loss, self.stale = loss, 0
            self.state = copy.deepcopy({k: v.detach().cpu() for k, v in model.state_dict().items()})
        else:
            self.stale += 1

    def state_dict(self) -> dict[str, Any]:
        return {"loss": self.loss, "state": self.state, "stale": self.stale}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.loss, self.state, self.stale = state["loss"], state["state"], state["stale"]


@torch.no_grad()
def validation_loss(model: nn.Module, data: SoundFeaturePairs, batch: int, device) -> float:
    """Mean InfoNCE over whole batches of the validation items (as the official validate)."""
    model.eval()
    losses = []
    for start in range(0, len(data) - batch + 1, batch):
        items = [data[i] for i in range(start, start + batch)]
        specs = torch.stack([s for s, _ in items]).to(device)
        features = torch.stack([f for _, f in items]).to(device)
        losses.append(float(info_nce_l2(model(specs), features)))
    model.train()
    return float(np.mean(losses)) if losses else float("nan")


def train_audio(
    settings: TrainSettings,
    train: SoundFeaturePairs,
    validation: SoundFeaturePairs,
    out: Path,
    resume: bool,
    device,
) -> tuple[dict[str, torch.Tensor], dict[str, float]]:
    per_epoch = max(1, len(train) // settings.batch_size)
    every = settings.eval_every or per_epoch
    config = stage_config(
        settings, out, settings.epochs * per_epoch, resume, device, "audio encoder"
    )
    with Run(config) as run:
        audio = AudioEncoder(audio_config(settings))
        model = run.wrap(audio)
        optimizer = torch.optim.Adam(
            model.parameters(), lr=settings.lr, weight_decay=settings.weight_decay
        )
        best = Best()
        run.track(model=model, optimizer=optimizer, best=best)
        run.resume()
        loader = run.loader(train, settings.batch_size)
        validation_batch = min(settings.batch_size, len(validation))
        for specs, features in run.batches(loader):
            specs, features = specs.to(run.device), features.to(run.device)
            with run.autocast():
                loss = info_nce_l2(model(specs), features)
            optimizer.zero_grad(set_to_none=True)
            run.backward(loss, optimizer)
            run.log(loss=loss.detach())
            run.next_step()
            if run.step % every == 0 and validation_batch > 1:
                current = validation_loss(model, validation, validation_batch, run.device)
                best.offer(current, audio)
                run.log(val_loss=current)
                if best.stale >= settings.patience:
                    break  # early stopping: the run saves where it is on leaving the block
    state = best.state if best.state is not None else run.export_state(audio)
    return {k: v.float() if v.is_floating_point() else v for k, v in state.items()}, {
        "best_validation_loss": best.loss,
        "steps": run.step,
    }
