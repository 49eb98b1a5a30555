"""``persona-studio train xfavot:<any>``: the paper's recipe (Eqs. 1-7, App. A) on a manifest.

Settings (``--set NAME=VALUE``): ``preset`` (paper | demo), ``steps``, ``batch``,
``crop_frames``, ``lr``, ``lr_mapping``, ``ema``, ``ds_in_output_space``, ``use_f0``,
``use_asr``, ``r1_every``, ``encoders_learn_from_references``, ``csc_every_step``,
``csc_pairs``, ``seed``, ``max_minutes``, ``checkpoint_every``, ``log_every``, and the frozen
helpers ``f0`` / ``asr`` (the folder of an auxiliary entry made by the svc-jdc / svc-asr
importers, or by the demo's helper training); L_F0 and the F0 branch need ``f0``, L_asr
needs ``asr``; without them those terms are off. App. A's loss weights and L_csc's
temperature go under ``weights.`` (``weights.csc``, ``weights.tau``). The paper preset is the
paper's configuration; ``demo`` is a small configuration of the same architecture.

The loop runs on the shared training toolkit (``studio.ml.training.Run``): checkpoints every
``checkpoint_every`` steps, Ctrl-C or the app's Cancel stops with one, ``--resume`` continues
from it with the same batches, and ``metrics.csv`` averages every ``log_every`` steps. A
``max_minutes`` budget ends the run early with a checkpoint, and the weights are exported.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from pathlib import Path

import torch

from studio.api import ImportedWeights, StudioError, TrainRequest
from studio.ml.checkpoint import load_safetensors
from studio.ml.training import Run, stage_config

from .model import XFaVoTConfig, compact_tensors, entry_tensors
from .networks.asr import ASRConfig, ASRNet
from .networks.audio import AudioConfig
from .networks.image import ImageConfig
from .networks.jdc import JDCConfig, JDCNet
from .networks.mapping import MappingConfig
from .training.data import Batches, first_item, load_corpus
from .training.nets import Nets, build_nets, inference_modules
from .training.post_fit import fit_after_training
from .training.settings import Settings
from .training.step import discriminator_step, generator_step

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


# The demo preset trains on one CPU thread for a time budget (115 min, about 4500 steps; the
# shipped demo's make_demo_model.py runs it by steps, then sharpens L_csc in a second stage):
# batches of 4, the shortest crop E^au accepts, lazy R1, and learning rates 10x (100x for F)
# the paper's so the networks move in that time (the paper's are for 20k steps of batch 32).
# The loss weights are the paper's. Two of SG2's choices where the paper is silent keep the
# styles apart: L_ds in output space, and E^im, E^au and F stepped on latent-guided steps only
# (without them the demo's styles collapsed to one per gender head, so only gender carried).
DEMO = Settings(
    steps=100000,
    batch=4,
    crop_frames=80,
    lr=1e-3,
    lr_mapping=1e-4,
    r1_every=4,
    max_minutes=115.0,
    ds_in_output_space=True,
    encoders_learn_from_references=False,
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

    # Loss weights and tau by their App. A names under "weights." (f0 and asr name helpers).
    weights = {
        k.removeprefix("weights."): texts.pop(k) for k in list(texts) if k.startswith("weights.")
    }
    try:
        base = dataclasses.replace(base, weights=apply_settings(base.weights, weights))
    except StudioError as error:
        raise StudioError(f"weights.*: {error}") from None
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
    batches = Batches(
        corpus,
        settings.batch,
        settings.crop_frames,
        settings.seed,
        settings.steps,
        settings.csc_pairs,
    )
    # the step count's ETA means little when a time budget ends the run first
    label = (
        f"XFaVoT (stops after {settings.max_minutes:g} min)" if settings.max_minutes else "XFaVoT"
    )
    run_config = stage_config(settings, out, settings.steps, request.resume, device, label)
    with Run(run_config) as run:
        nets = build_nets(config, settings, f0=jdc, asr=asr)
        train(run, nets, batches, settings)
    modules = inference_modules(nets)
    probe_accuracy = fit_after_training(modules, corpus)
    record = {
        "preset": preset,
        "settings": dataclasses.asdict(settings),
        "speakers": speakers,
        **{f"{role}_probe_training_accuracy": round(v, 3) for role, v in probe_accuracy.items()},
    }
    (out / "recipe.json").write_text(json.dumps(record, indent=2, default=str))
    if int(os.environ.get("RANK", "0")) != 0:
        return None
    tensors = entry_tensors(modules)
    if preset == "demo":  # shipped inside the plugin: at most 10 MB
        tensors = compact_tensors(tensors, config)
    return ImportedWeights(
        tensors=tensors,
        config=config.to_dict(),
        licence="trained by you with Persona Studio; the training data's terms apply",
        origin=f"persona-studio train on {request.manifest} ({preset} preset, {run.step} steps)",
    )


def train(run: Run, nets: Nets, batches: Batches, settings: Settings) -> None:
    """Alternate the D/C step and the G/E/F step until ``settings.steps`` (or the
    ``max_minutes`` budget of this session) is reached."""
    for module in [*nets.trainable.values(), *nets.ema.values(), nets.f0, nets.asr]:
        if module is not None:
            module.to(run.device)
    run.track(
        **{f"net_{role}": module for role, module in nets.trainable.items()},
        **{f"ema_{role}": module for role, module in nets.ema.items()},
        **{f"opt_{role}": optimiser for role, optimiser in nets.optimisers.items()},
    )
    run.resume()
    loader = run.loader(batches, batch_size=1, shuffle=False, collate_fn=first_item)
    started = time.monotonic()
    for batch in run.batches(loader):
        if settings.max_minutes and time.monotonic() - started > 60 * settings.max_minutes:
            print(
                f"stopping after {run.step} steps: the {settings.max_minutes} min budget is spent"
            )
            break
        batch = {name: value.to(run.device) for name, value in batch.items()}
        # The step's noise (z, style sources) from its own stream, so a resumed run repeats it.
        rng = torch.Generator().manual_seed(settings.seed * 1_000_003 + run.step)
        row = discriminator_step(nets, batch, settings, run.step, rng)
        row.update(generator_step(nets, batch, settings, run.step, rng))
        run.log(**row)
        run.next_step()
