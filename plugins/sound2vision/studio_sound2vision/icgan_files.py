"""Reading the published IC-GAN folder ``icgan_biggan_imagenet_res128/``.

The folder holds the generator weights (``G_ema_best0.pth``, the EMA copy inference uses, and/or
``G_best0.pth``; plain state dicts) and ``state_dict_best0.pth``, BigGAN's training record: its
``config`` is the run's argparse dict, which also stores torch activation modules
(``nn.ReLU``) and numpy scalars (``best_FID``). That record is read with ``weights_only=True``
and an explicit allow-list of exactly those classes, never with ``weights_only=False``.
The generator's hyper-parameters are read off the tensors' shapes and checked against the
record's config when it is given.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import torch

from studio.api import WeightsError
from studio.ml.checkpoint import read_record

from .networks.config import GeneratorConfig

# What BigGAN's training record pickles besides plain containers, numbers and text.
RECORD_GLOBALS = [
    torch.nn.ReLU,
    torch.nn.LeakyReLU,
    np.dtype,
    (np._core.multiarray.scalar, "numpy.core.multiarray.scalar"),  # numpy 1.x pickles
    np._core.multiarray.scalar,
    np.dtypes.Float64DType,
    np.dtypes.Float32DType,
    np.dtypes.Int64DType,
]
RECORD_FILE = re.compile(r"^state_dict(_best\d+)?\.pth$")
# Record entries that must hold for the generator this plugin builds.
REQUIRED = {"instance_cond": True, "class_cond": False}
COMPARED = ("G_ch", "resolution", "G_attn", "shared_dim_feat", "hier", "num_G_SVs")


def is_generator_name(name: str) -> bool:
    return name.startswith("G_") and name.endswith(".pth") and "optim" not in name


def folder_files(folder: Path) -> list[Path]:
    """The generator and record files of an IC-GAN folder (best0 first, as the code prefers)."""
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    chosen = [n for n in names if RECORD_FILE.match(n) or is_generator_name(n)]
    if not any(is_generator_name(n) for n in chosen):
        raise WeightsError(
            f"{folder}: no generator file (G_ema_best0.pth or G_best0.pth) in this IC-GAN folder"
        )
    suffix = "best0" if any("best0" in n for n in chosen) else None
    if suffix:
        chosen = [n for n in chosen if suffix in n]
    return [folder / n for n in chosen]


def read_config(path: Path) -> dict[str, Any]:
    record = read_record(path, allowed_globals=RECORD_GLOBALS)
    config = record.get("config") if isinstance(record, dict) else None
    if not isinstance(config, dict):
        raise WeightsError(f"{path}: not BigGAN's training record (it has no 'config' dict)")
    return config


def infer_config(state: dict[str, torch.Tensor], path: Path) -> GeneratorConfig:
    """The GeneratorConfig whose layout these tensors have (checked in full afterwards)."""
    try:
        blocks = sorted(
            {int(k.split(".")[1]) for k in state if re.match(r"^blocks\.\d+\.0\.conv1\.weight$", k)}
        )
        attention = [8 * 2**i for i in blocks if f"blocks.{i}.1.theta.weight" in state]
        linear_out, linear_in = state["linear.weight"].shape
        n_classes, shared_dim = state["shared.weight"].shape
        shared_dim_feat, feature_dim = state["shared_feat.weight"].shape
        bn_input = state["blocks.0.0.bn1.gain.weight"].shape[1]
        svs = sum(1 for k in state if re.match(r"^linear\.u\d+$", k))
    except (KeyError, ValueError) as error:
        raise WeightsError(
            f"{path}: not an IC-GAN BigGAN generator (no {error} tensor of the expected form)"
        ) from None
    z_chunk = bn_input - shared_dim_feat
    hier = z_chunk > 0
    resolution = 4 * 2 ** len(blocks)
    return GeneratorConfig(
        G_ch=int(linear_out) // (16 * 16),
        dim_z=int(z_chunk * (len(blocks) + 1)) if hier else int(linear_in),
        resolution=resolution,
        G_attn="_".join(map(str, attention)) or "0",
        hier=hier,
        shared_dim=int(shared_dim),
        n_classes=int(n_classes),
        shared_dim_feat=int(shared_dim_feat),
        feature_dim=int(feature_dim),
        num_G_SVs=max(svs, 1),
    )


def reconcile(
    inferred: GeneratorConfig, record: dict[str, Any] | None, path: Path | None
) -> GeneratorConfig:
    """``inferred`` with the record's epsilons; refuses a record describing another generator."""
    if record is None:
        return inferred
    wrong = [
        f"{key}={record[key]!r}"
        for key, value in REQUIRED.items()
        if key in record and bool(record[key]) != value
    ]
    wrong += [
        f"{key}={record[key]!r} but the weights have {getattr(inferred, key)!r}"
        for key in COMPARED
        if key in record and _normal(record[key]) != _normal(getattr(inferred, key))
    ]
    if "dim_z" in record and inferred.hier:
        slots = _slots(inferred)  # BigGAN rounds dim_z down to whole chunks
        if int(record["dim_z"]) // slots * slots != inferred.dim_z:
            wrong.append(f"dim_z={record['dim_z']!r} but the weights have {inferred.dim_z}")
    if wrong:
        raise WeightsError(
            f"{path}: the training record describes another generator than the weights: "
            + "; ".join(wrong)
        )
    eps = {
        k: float(record[k]) for k in ("BN_eps", "SN_eps") if isinstance(record.get(k), (int, float))
    }
    return GeneratorConfig(**{**inferred.__dict__, **eps})


def _slots(config: GeneratorConfig) -> int:
    return int(np.log2(config.resolution // 4)) + 1


def _normal(value: Any) -> Any:
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value
