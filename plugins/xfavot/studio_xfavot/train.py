"""``persona-studio train xfavot:<any>``: the paper's recipe (Eqs. 1-7, App. A) on a manifest.

Settings (``--set NAME=VALUE``): ``preset`` (paper | demo), ``steps``, ``batch``,
``crop_frames``, ``lr``, ``lr_mapping``, ``ema``, ``ds_in_output_space``, ``use_f0``,
``use_asr``, ``r1_every``, ``seed``, and the frozen helpers ``f0`` / ``asr`` (the folder of an
auxiliary entry made by the svc-jdc / svc-asr importers, or by the demo's helper training);
L_F0 and the F0 branch need ``f0``, L_asr needs ``asr``; without them those terms are off. The
paper preset is the paper's configuration; ``demo`` is a small configuration of the same
architecture.
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
from .networks.asr import ASRConfig, ASRNet
from .networks.audio import AudioConfig
from .networks.image import ImageConfig
from .networks.jdc import JDCConfig, JDCNet
from .networks.mapping import MappingConfig
from .training.data import Batches, load_corpus
from .training.nets import build_nets, inference_modules
from .training.settings import Settings
from .training.step import discriminator_step, generator_step

LOG_EVERY = 25
DEMO_WIDTH, DEMO_MAX_WIDTH, DEMO_MAPPING_WIDTH = 8, 64, 128


def demo_config(
    speakers: int, jdc: JDCConfig | None = None, asr: ASRConfig | None = None
) -> XFaVoTConfig:
    """The demo's small configuration: the same modules and the paper's 64-d style and 16-d z,
    fewer channels, 64 px faces (the corpus's size; the image networks' depth follows it), and
    the F0 branch fed by the demo's own small JDC when one is given."""
    return XFaVoTConfig(
        image=ImageConfig(img_size=64, dim_in=DEMO_WIDTH, max_conv_dim=DEMO_MAX_WIDTH),
        audio=AudioConfig(
            dim_in=DEMO_WIDTH,
            max_conv_dim=DEMO_MAX_WIDTH,
            f0_channel=jdc.feature_channels if jdc else 0,
            num_speakers=speakers,
        ),
        mapping=MappingConfig(hidden_dim=DEMO_MAPPING_WIDTH, num_speakers=speakers),
        jdc=jdc,
        asr=asr,
        classifier_reads_gender=True,
    )


def paper_config(speakers: int, jdc: JDCConfig | None) -> XFaVoTConfig:
    return XFaVoTConfig(
        audio=AudioConfig(num_speakers=speakers, f0_channel=jdc.feature_channels if jdc else 0),
        mapping=MappingConfig(num_speakers=speakers),
        jdc=jdc,
        classifier_reads_gender=True,
    )


# The demo trains on one thread of a busy CPU for about an hour (a thousand or so
# steps): batches of 4, the shortest crop E^au accepts, lazy R1, and
# learning rates 10x (100x for F) the paper's so the networks move in that time (the paper's
# are for 20k steps of batch 32). The loss weights are the paper's.
DEMO = Settings(
    steps=100000,
    batch=4,
    crop_frames=80,
    lr=1e-3,
    lr_mapping=1e-4,
    r1_every=4,
    max_minutes=58.0,
)


def resolve(texts: dict[str, str]) -> tuple[Settings, str, dict[str, Path | None]]:
    """Settings, preset name and the helper entries (``f0``, ``asr``) named by ``--set``."""
    texts = dict(texts)
    preset = texts.pop("preset", "paper")
    helpers = {role: Path(texts.pop(role)) if role in texts else None for role in ("f0", "asr")}
    if preset not in ("paper", "demo"):
        raise StudioError(f"unknown preset {preset!r} (paper, demo)")
    base = DEMO if preset == "demo" else Settings()
    from studio.ml.settings import apply_settings

    return apply_settings(base, texts), preset, helpers


def _helper(entry: Path | None, role: str) -> JDCNet | ASRNet | None:
    """A frozen helper from an auxiliary entry (the svc-jdc / svc-asr importers', or the demo's
    own trained ones): ``role`` is ``f0`` or ``asr``."""
    if entry is None:
        return None
    config_file = entry / "config.json"
    if not config_file.is_file():
        raise StudioError(f"{entry}: no config.json (give the folder of an imported {role} entry)")
    config = json.loads(config_file.read_text())
    if config.get("role") != role:
        raise StudioError(
            f"{entry}: not an {role} entry (its role is {config.get('role')!r}); import one with "
            f"the xfavot:svc-{'jdc' if role == 'f0' else 'asr'} importer"
        )
    if role == "f0":
        net: JDCNet | ASRNet = JDCNet(
            JDCConfig(**{**config["jdc"], "widths": tuple(config["jdc"]["widths"])})
        )
    else:
        net = ASRNet(ASRConfig(**config["asr"]))
    tensors = load_safetensors(entry / "model.safetensors")
    prefix = role + "."
    net.load_state_dict({k[len(prefix) :]: v for k, v in tensors.items() if k.startswith(prefix)})
    return net.eval().requires_grad_(False)


def main(request: TrainRequest) -> ImportedWeights | None:
    settings, preset, helpers = resolve(request.settings)
    out = Path(request.out)
    out.mkdir(parents=True, exist_ok=True)
    device = request.device or "cpu"
    jdc = _helper(helpers["f0"], "f0") if settings.use_f0 else None
    asr = _helper(helpers["asr"], "asr") if settings.use_asr else None
    image_size = 64 if preset == "demo" else 128
    corpus = load_corpus(Path(request.manifest), "train", image_size)
    speakers = len(corpus.names)
    jdc_config = jdc.config if jdc else None
    asr_config = asr.config if asr else None
    config = (
        demo_config(speakers, jdc_config, asr_config)
        if preset == "demo"
        else paper_config(speakers, jdc_config)
    )
    nets = build_nets(config, settings, f0=jdc, asr=asr)
    for module in [*nets.trainable.values(), *nets.ema.values(), *(m for m in (jdc, asr) if m)]:
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
