"""Importing GFP-GAN's published "clean" restoration checkpoints unchanged.

GFPGANv1Clean / GFPGANv1.3 / GFPGANv1.4 files are ``torch.save`` dicts whose ``params_ema`` (or
``params``) entry is the state dict of the clean architecture. They are read with
``weights_only=True``; the architecture's size (output size, channel multiplier, narrow ratio,
style width, w+ or single w, CS-SFT or full SFT) is read off the tensor shapes and the whole
file is then checked key by key and shape by shape against that configuration.

The imported restorer is paired with a voice model: the one in a given AVP-GAN entry (its
folder or model.safetensors), or else the bundled demo voice model, so both generators can use
the entry (voice-to-face with restoration, restore-face on its own).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch

from studio.api import ImportedWeights, WeightsError
from studio.ml.checkpoint import check_layout, load_safetensors, read_record

from .layout import entry_config, join_entry, restorer_layout, split_entry
from .restoration.gfpgan import RestorerConfig

STATE_KEYS = ("params_ema", "params")  # the EMA weights are the ones GFP-GAN infers with
LICENCE = (
    "GFP-GAN restoration weights (TencentARC/GFPGAN, Apache-2.0; its StyleGAN2 parts carry "
    "NVIDIA's licence terms, see the repository's LICENSE); trained on FFHQ, whose terms apply."
)


def read_gfpgan(path: Path) -> tuple[RestorerConfig, dict[str, torch.Tensor]]:
    """The configuration and float32 state dict of a GFP-GAN clean checkpoint."""
    record = read_record(path)
    state = record
    if isinstance(record, dict):
        for key in STATE_KEYS:
            if key in record:
                state = record[key]
                break
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise WeightsError(
            f"{path}: not a GFP-GAN checkpoint (expected a state dict under 'params_ema' or 'params')"
        )
    config = _config_of(state, path)
    layout = restorer_layout(config)
    check_layout(state, layout, path)
    return config, {k: state[k].float().contiguous() for k in layout}


def _config_of(state: dict[str, torch.Tensor], path: Path) -> RestorerConfig:
    def shape(key: str) -> tuple[int, ...]:
        if key not in state:
            raise WeightsError(
                f"{path}: not a GFP-GAN clean-architecture checkpoint (no tensor {key!r}; "
                "the original GFPGANv1 with custom CUDA ops is not supported)"
            )
        return tuple(state[key].shape)

    downs = {k.split(".")[1] for k in state if k.startswith("conv_body_down.")}
    out_size = 2 ** (len(downs) + 2)
    narrow = shape("stylegan_decoder.constant_input.weight")[1] / 512
    # At the full size the U-Net's first layer has 32 * multiplier * narrow / 2 channels
    first = shape("conv_body_first.weight")[0]
    full = {8: 512, 16: 512, 32: 512, 64: 256, 128: 128, 256: 64, 512: 32, 1024: 16}[out_size]
    multiplier = first / (full * narrow * 0.5) if out_size >= 64 else 1
    style = shape("stylegan_decoder.style_mlp.1.weight")[0]
    mlp = sum(
        1 for k in state if k.startswith("stylegan_decoder.style_mlp.") and k.endswith(".weight")
    )
    log_size = int(math.log2(out_size))
    different_w = shape("final_linear.weight")[0] == (2 * log_size - 2) * style
    up0 = shape("conv_body_up.0.conv2.weight")[0]
    sft_half = shape("condition_scale.0.2.weight")[0] == up0
    return RestorerConfig(
        out_size=out_size,
        num_style_feat=style,
        channel_multiplier=_tidy(multiplier),
        narrow=_tidy(narrow),
        num_mlp=mlp,
        different_w=different_w,
        input_is_latent=True,  # the clean v1.x releases run with latent input
        sft_half=sft_half,
    )


def _tidy(value: float) -> float:
    """2.0 -> 2 and 0.0625 stays: configs read as the published arguments do."""
    return int(value) if float(value).is_integer() else value


def _voice_part(files: list[Path]) -> tuple[dict, dict[str, torch.Tensor]]:
    """The voice model to pair the restorer with: a given AVP-GAN entry, else the bundled demo."""
    from .plugin import DEMO_WEIGHTS_DIR

    given = [f for f in files if f.is_dir() or f.suffix == ".safetensors"]
    source = given[0] if given else DEMO_WEIGHTS_DIR
    folder = source if source.is_dir() else source.parent
    config_file = folder / "config.json"
    if not config_file.is_file():
        raise WeightsError(f"{source}: an AVP-GAN model folder needs its config.json")
    config = json.loads(config_file.read_text())
    parts = split_entry(load_safetensors(folder / "model.safetensors"))
    if "voice" not in parts or "generator" not in parts or config.get("architecture") != "avpgan":
        raise WeightsError(
            f"{source}: not an AVP-GAN voice model (no voice.* and generator.* tensors)"
        )
    return config, {
        **{f"voice.{k}": v for k, v in parts["voice"].items()},
        **{f"generator.{k}": v for k, v in parts["generator"].items()},
    }


def import_gfpgan(files: list[Path]) -> ImportedWeights:
    """A GFP-GAN clean file, optionally with the AVP-GAN voice model (folder or
    model.safetensors) to pair it with."""
    files = [Path(f) for f in files]
    checkpoints = [f for f in files if not (f.is_dir() or f.suffix == ".safetensors")]
    if len(checkpoints) != 1 or len(files) > 2:
        raise WeightsError(
            "avpgan's GFP-GAN importer takes one GFP-GAN checkpoint (e.g. GFPGANv1.4.pth) and, "
            f"optionally, an AVP-GAN model folder to pair it with; got {', '.join(map(str, files))}"
        )
    restorer_cfg, restorer_state = read_gfpgan(checkpoints[0])
    voice_config, voice_tensors = _voice_part(files)
    config = {k: v for k, v in voice_config.items() if k != "restorer"}
    config.update(entry_config(restorer=restorer_cfg))
    tensors = dict(voice_tensors)
    tensors.update(join_entry(restorer=restorer_state))
    return ImportedWeights(
        tensors=tensors,
        config=config,
        licence=LICENCE,
        origin=f"GFP-GAN clean checkpoint {checkpoints[0].name} ({restorer_cfg.out_size} px, "
        f"channel multiplier {restorer_cfg.channel_multiplier}), paired with an AVP-GAN voice model",
    )
