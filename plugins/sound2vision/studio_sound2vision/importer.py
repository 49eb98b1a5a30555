"""Importing the authors' files unchanged: ``sound2scene.pth`` (f_A), the IC-GAN folder
``icgan_biggan_imagenet_res128/`` (G; the folder or its files) and, optionally, SwAV's
``swav.pth.tar`` (f_V, needed only to blend with an image).

Every file is read with ``weights_only=True`` on the CPU, recognised by its keys, and checked
key by key and shape by shape against the layout the networks expect; anything else is refused
with what was expected and what was found.
"""

from __future__ import annotations

from pathlib import Path

import torch

from studio.api import ImportedWeights, WeightsError
from studio.ml.checkpoint import check_layout, read_state_dict

from . import icgan_files
from .layout import (
    audio_layout,
    complete,
    entry_config,
    generator_layout,
    image_layout,
    join_entry,
    optional_keys,
)
from .networks.config import AudioConfig, ImageConfig

LICENCE = (
    "Sound2Scene audio encoder: MIT (Kim Sung-Bin); IC-GAN generator: CC BY-NC 4.0 (Meta), "
    "non-commercial use only; SwAV: CC BY-NC 4.0 (Meta). Trained on VGGSound and ImageNet: "
    "the datasets' terms apply."
)
SWAV_HEADS = ("projection_head.", "prototypes.", "fc.")  # parts of SwAV that f_V does not use


def import_official(files: list[Path]) -> ImportedWeights:
    # Training records first, generators last: cheap refusals come before reading 300 MB.
    paths = sorted(
        _expand(files),
        key=lambda p: (
            not icgan_files.RECORD_FILE.match(p.name),
            icgan_files.is_generator_name(p.name),
        ),
    )
    audio = generator = image = None
    generators: dict[str, tuple[Path, dict[str, torch.Tensor]]] = {}
    record: tuple[Path, dict] | None = None
    for path in paths:
        if icgan_files.RECORD_FILE.match(path.name):
            record = (path, icgan_files.read_config(path))
            continue
        state = read_state_dict(path)
        role = _role(state, path)
        if role == "audio":
            _once(audio, path, "Sound2Scene audio encoder")
            check_layout(state, audio_layout(), path, optional=optional_keys(audio_layout()))
            audio = (path, complete(state, audio_layout()))
        elif role == "image":
            _once(image, path, "SwAV image encoder")
            image = (path, _swav_backbone(state, path))
        else:
            kind = "G_ema" if path.name.startswith("G_ema") else "G"
            if kind in generators:
                raise WeightsError(
                    f"{path}: a second generator file ({generators[kind][0].name} is one)"
                )
            generators[kind] = (path, state)
    if audio is None:
        raise WeightsError(
            "sound2vision needs sound2scene.pth (the audio encoder) among the files: "
            + ", ".join(str(p) for p in paths)
        )
    if not generators:
        raise WeightsError(
            "sound2vision needs the IC-GAN generator (the icgan_biggan_imagenet_res128 folder "
            "or its G_ema_best0.pth) among the files: " + ", ".join(str(p) for p in paths)
        )
    config = record[1] if record else None
    use_ema = config is None or bool(config.get("ema", True) and config.get("use_ema", True))
    kind = "G_ema" if ("G_ema" in generators and use_ema) or "G" not in generators else "G"
    path, state = generators[kind]
    generator_config = icgan_files.reconcile(
        icgan_files.infer_config(state, path), config, record[0] if record else None
    )
    layout = generator_layout(generator_config)
    check_layout(state, layout, path)
    generator = complete(state, layout)
    return ImportedWeights(
        tensors=join_entry(audio[1], generator, image[1] if image else None),
        config=entry_config(AudioConfig(), generator_config, ImageConfig() if image else None),
        licence=LICENCE,
        origin="official checkpoint files of Sound2Scene / Sound2Vision (Sung-Bin et al.), "
        f"IC-GAN ({path.name}) and SwAV" + ("" if image else " (not given: no image blending)"),
    )


def _expand(files: list[Path]) -> list[Path]:
    paths: list[Path] = []
    for file in map(Path, files):
        if file.is_dir():
            paths += icgan_files.folder_files(file)
        elif not file.exists():
            raise WeightsError(f"{file}: no such file or folder")
        else:
            paths.append(file)
    if not paths:
        raise WeightsError("no files to import")
    return paths


def _once(found, path: Path, what: str) -> None:
    if found is not None:
        raise WeightsError(f"{path}: a second {what} ({found[0]} is one already)")


def _role(state: dict[str, torch.Tensor], path: Path) -> str:
    keys = list(state)
    if any(k.startswith("audnet.") for k in keys):
        return "audio"
    if any(k.startswith(("shared_feat.", "blocks.")) for k in keys) or "linear.weight" in state:
        return "generator"
    stripped = {k.removeprefix("module.") for k in keys}
    if "layer4.0.conv1.weight" in stripped and "conv1.weight" in stripped:
        return "image"
    raise WeightsError(
        f"{path}: not one of sound2vision's files (expected Sound2Scene's audnet.*, IC-GAN's "
        f"generator or SwAV's ResNet-50 keys; found {', '.join(keys[:4])}, ...)"
    )


def _swav_backbone(state: dict[str, torch.Tensor], path: Path) -> dict[str, torch.Tensor]:
    """SwAV's ResNet-50 trunk: ``module.`` dropped (saved from DDP), heads left out."""
    trunk = {
        k.removeprefix("module."): v
        for k, v in state.items()
        if not k.removeprefix("module.").startswith(SWAV_HEADS)
    }
    layout = image_layout()
    check_layout(trunk, layout, path, optional=optional_keys(layout))
    return complete(trunk, layout)
