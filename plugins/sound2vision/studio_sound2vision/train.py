"""``persona-studio train sound2vision:sound-to-scene``: the paper's recipe on a manifest.

Only f_A trains. f_V and G come frozen from ``--set frozen=ENTRY_FOLDER`` (e.g. the imported
official SwAV + IC-GAN); without it (the demo), small ones are first fitted to the manifest's
frames (see training/settings.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from studio.api import ImportedWeights, Progress, StudioError, TrainRequest
from studio.ml.checkpoint import load_safetensors
from studio.ml.manifest import read_manifest
from studio.ml.settings import as_record

from .layout import configs, entry_config, join_entry, split_entry
from .networks.biggan import Generator
from .networks.resnets import ImageEncoder
from .training.data import SoundFeaturePairs, frames, image_features, read_pairs, spectrograms
from .training.settings import resolve
from .training.stages import (
    audio_config,
    generator_config,
    image_config,
    train_audio,
    train_scene,
)

VALIDATION_EVERY = 20  # without a "val" split, every 20th training pair validates


def main(request: TrainRequest) -> ImportedWeights | None:
    settings = resolve(request.settings)
    out = Path(request.out)
    out.mkdir(parents=True, exist_ok=True)
    pairs = read_pairs(request.manifest, read_manifest(request.manifest))
    train = pairs.indices("train")
    validation = pairs.indices("val") or train[::VALIDATION_EVERY]
    train = [i for i in train if i not in set(validation)]
    if len(train) < settings.batch_size:
        raise StudioError(
            f"{request.manifest}: {len(train)} training pairs, fewer than one batch of {settings.batch_size}"
        )
    if settings.frozen:
        image_state, generator_state, image_cfg, generator_cfg = _frozen(Path(settings.frozen))
    else:
        image_cfg, generator_cfg = image_config(settings), generator_config(settings)
        scene_frames = frames([pairs.images[i] for i in train], image_cfg)
        image_state, generator_state = train_scene(
            settings, scene_frames, out / "scene", request.resume, request.device
        )
    encoder = ImageEncoder(image_cfg)
    encoder.net.load_state_dict({k.removeprefix("net."): v for k, v in image_state.items()})
    features = image_features(encoder, frames(pairs.images, image_cfg))
    specs = spectrograms(pairs.audio, Progress(), (0.0, *settings.gain_augment_db))
    audio_state, record = train_audio(
        settings,
        SoundFeaturePairs(specs, features, train, augment=True),
        SoundFeaturePairs(specs, features, validation),
        out / "audio",
        request.resume,
        request.device,
    )
    (out / "recipe.json").write_text(
        json.dumps(
            {
                "settings": as_record(settings),
                "pairs": len(pairs.audio),
                "train": len(train),
                "validation": len(validation),
                **record,
            },
            indent=2,
        )
    )
    if int(os.environ.get("RANK", "0")) != 0:  # under torchrun only the main process exports
        return None
    image_state = {k.removeprefix("net."): v for k, v in image_state.items()}
    return ImportedWeights(
        tensors=join_entry(audio_state, generator_state, image_state),
        config=entry_config(audio_config(settings), generator_cfg, image_cfg),
        licence="trained by you with Persona Studio; the training data's terms apply",
        origin=f"persona-studio train on {request.manifest} ({settings.preset} preset)",
    )


def _frozen(folder: Path):
    """f_V and G of an existing entry (model.safetensors + config.json)."""
    config_file = folder / "config.json"
    if not config_file.is_file():
        raise StudioError(f"{folder}: not a model-store entry (no config.json) for --set frozen")
    _, generator_cfg, image_cfg = configs(json.loads(config_file.read_text()))
    if image_cfg is None:
        raise StudioError(f"{folder}: this entry has no image encoder; import swav.pth.tar with it")
    parts = split_entry(load_safetensors(folder / "model.safetensors"))
    Generator(generator_cfg).load_state_dict(parts["generator"])  # fails early if mismatched
    return parts["image"], parts["generator"], image_cfg, generator_cfg
