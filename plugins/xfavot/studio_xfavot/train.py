"""``persona-studio train xfavot:<any>``: the paper's recipe (Eqs. 1-7, App. A) on a manifest.

Settings (``--set NAME=VALUE``): ``preset`` (paper | demo), ``steps``, ``batch``,
``crop_frames``, ``lr``, ``lr_mapping``, ``ema``, ``ds_in_output_space``, ``use_f0``,
``use_asr``, ``f0`` (a model-store entry made by the JDC importer), ``seed``. The paper preset
is the paper's configuration; ``demo`` is a small configuration of the same architecture.
The ASR term is off until an ASR network can be imported (not yet).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import time
from pathlib import Path
from typing import Any

import torch

from studio.api import ImportedWeights, StudioError, TrainRequest
from studio.ml.checkpoint import load_safetensors

from .model import XFaVoTConfig, compact_tensors, entry_tensors
from .networks.audio import AudioConfig
from .networks.image import ImageConfig
from .networks.jdc import JDCConfig, JDCNet
from .networks.mapping import MappingConfig
from .training.data import Batches, load_corpus
from .training.nets import build_nets, inference_modules
from .training.settings import Settings
from .training.step import discriminator_step, generator_step

LOG_EVERY = 25


def demo_config(speakers: int) -> XFaVoTConfig:
    """The demo's small configuration: same modules, fewer channels, 64 px faces, no F0 net."""
    return XFaVoTConfig(
        image=ImageConfig(img_size=64, dim_in=8, max_conv_dim=64),
        audio=AudioConfig(dim_in=8, max_conv_dim=64, f0_channel=0, num_speakers=speakers),
        mapping=MappingConfig(hidden_dim=64, num_speakers=speakers),
        jdc=None,
        classifier_reads_gender=True,
    )


def paper_config(speakers: int, jdc: JDCConfig | None) -> XFaVoTConfig:
    return XFaVoTConfig(
        audio=AudioConfig(num_speakers=speakers, f0_channel=jdc.feature_channels if jdc else 0),
        mapping=MappingConfig(num_speakers=speakers),
        jdc=jdc,
        classifier_reads_gender=True,
    )


# The demo trains on 2 busy CPU cores for a quarter of an hour (a few hundred steps): small
# batches, the shortest crop E^au accepts, and learning rates 5x (100x for F) the paper's so
# the networks move at all in that time (the paper's are for 20k steps of batch 32).
DEMO = Settings(steps=2000, batch=4, crop_frames=80, lr=5e-4, lr_mapping=1e-4, max_minutes=14.0)


def resolve(texts: dict[str, str]) -> tuple[Settings, str, Path | None]:
    texts = dict(texts)
    preset = texts.pop("preset", "paper")
    f0 = texts.pop("f0", None)
    if preset not in ("paper", "demo"):
        raise StudioError(f"unknown preset {preset!r} (paper, demo)")
    base = DEMO if preset == "demo" else Settings()
    from studio.ml.settings import apply_settings

    return apply_settings(base, texts), preset, Path(f0) if f0 else None


def _jdc(entry: Path | None) -> JDCNet | None:
    if entry is None:
        return None
    config = json.loads((entry / "config.json").read_text())
    if config.get("role") != "f0":
        raise StudioError(f"{entry}: not an F0 (JDC) entry made by the xfavot:svc-jdc importer")
    jdc_config = JDCConfig(**{**config["jdc"], "widths": tuple(config["jdc"]["widths"])})
    net = JDCNet(jdc_config)
    tensors = load_safetensors(entry / "model.safetensors")
    net.load_state_dict({k[len("f0.") :]: v for k, v in tensors.items()})
    return net


def main(request: TrainRequest) -> ImportedWeights | None:
    settings, preset, f0_entry = resolve(request.settings)
    out = Path(request.out)
    out.mkdir(parents=True, exist_ok=True)
    device = request.device or "cpu"
    jdc = _jdc(f0_entry)
    image_size = 64 if preset == "demo" else 128
    corpus = load_corpus(Path(request.manifest), "train", image_size)
    speakers = len(corpus.names)
    config = (
        demo_config(speakers) if preset == "demo" else paper_config(speakers, jdc and jdc.config)
    )
    nets = build_nets(config, settings, f0=jdc)
    for module in [*nets.trainable.values(), *nets.ema.values(), *([jdc] if jdc else [])]:
        module.to(device)
    batches = Batches(corpus, settings.batch, settings.crop_frames, settings.seed)
    history = train(nets, batches, settings, out, device)
    record = {"preset": preset, "settings": dataclasses.asdict(settings), "speakers": speakers}
    (out / "recipe.json").write_text(json.dumps(record, indent=2, default=str))
    if int(os.environ.get("RANK", "0")) != 0:
        return None
    tensors = entry_tensors(inference_modules(nets))
    if preset == "demo":  # shipped inside the plugin: at most 10 MB
        tensors = compact_tensors(tensors, config)
    return ImportedWeights(
        tensors=tensors,
        config=config.to_dict(),
        licence="trained by you with Persona Studio; the training data's terms apply",
        origin=f"persona-studio train on {request.manifest} ({preset} preset, {len(history)} logged steps)",
    )


def train(
    nets, batches: Batches, settings: Settings, out: Path, device: str = "cpu"
) -> list[dict[str, Any]]:
    """Alternate the D/C step and the G/E/F step for ``settings.steps`` iterations."""
    rng = torch.Generator().manual_seed(settings.seed)
    history: list[dict[str, Any]] = []
    started = time.time()
    for step in range(settings.steps):
        if settings.max_minutes and time.time() - started > 60 * settings.max_minutes:
            print(f"stopping after {step} steps: the {settings.max_minutes} min budget is spent")
            break
        batch = {name: value.to(device) for name, value in next(batches).items()}
        row = {"step": step + 1}
        row.update(discriminator_step(nets, batch, settings, step, rng))
        row.update(generator_step(nets, batch, settings, step, rng))
        if (step + 1) % LOG_EVERY == 0 or step + 1 == settings.steps or step < 2:
            row["seconds"] = round(time.time() - started, 1)
            history.append(row)
            print(
                json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}),
                flush=True,
            )
    if history:
        with (out / "metrics.csv").open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(history[-1]))
            writer.writeheader()
            writer.writerows(history)
    return history
