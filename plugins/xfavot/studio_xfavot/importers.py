"""Importing StarGANv2-VC's auxiliary checkpoints unchanged (read for facts, never executed).

* F0: see below.
* ASR: SVC's ``Utils/ASR/epoch_00100.pth`` (``{"model": state_dict}`` of ``ASRCNN``) -> an
  auxiliary entry (role ``asr``) holding the encoder and CTC head (``networks/asr.py``); the
  recipe takes it with ``--set asr=<entry dir>``.
* Vocoder: SVC's 24 kHz Parallel WaveGAN (``checkpoint-400000steps.pkl``, saved by
  kan-bayashi/ParallelWaveGAN as ``{"model": {"generator": ..., "discriminator": ...}, ...}``)
  -> an auxiliary entry (role ``vocoder``) with weight norm folded; the generators find it next
  to their own entry in the model store when the "vocoder" param says parallel-wavegan.


``Utils/JDC/bst.t7`` is ``torch.save({"net": state_dict})`` of ``JDCNet(num_class=1)``. It is
read with ``weights_only=True`` on the CPU, checked key by key and shape by shape against
:class:`~studio_xfavot.networks.jdc.JDCNet`, and stored as an auxiliary entry (architecture
``xfavot-aux``, role ``f0``) that the training recipe takes with ``--set f0=<entry dir>``.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import torch

from studio.api import ImportedWeights, WeightsError
from studio.ml.checkpoint import check_layout, read_record, read_state_dict

from .networks.asr import N_MFCC, ASRConfig, ASRNet
from .networks.jdc import JDCConfig, JDCNet
from .networks.pwg import ParallelWaveGAN, config_from_state, fold_weight_norm

AUX_ARCHITECTURE = "xfavot-aux"
BN_COUNTER = ".num_batches_tracked"
ASR_DECODER = "asr_s2s."
LICENCE = "StarGANv2-VC's pretrained JDC (yl4579/StarGANv2-VC, MIT); trained on VCTK"


def jdc_layout(config: JDCConfig = JDCConfig()) -> dict[str, tuple[int, ...]]:
    with torch.device("meta"):
        return {k: tuple(v.shape) for k, v in JDCNet(config).state_dict().items()}


def read_jdc(path: Path) -> dict[str, torch.Tensor]:
    """The JDC state dict of an SVC file (``{"net": ...}`` or a bare state dict), validated."""
    record = read_record(path)
    key = "net" if isinstance(record, dict) and "net" in record else None
    state = read_state_dict(path, key=key) if key else read_state_dict(path)
    layout = jdc_layout()
    check_layout(state, layout, path, optional={k for k in layout if k.endswith(BN_COUNTER)})
    complete = {}
    for name in layout:
        value = state.get(name, torch.tensor(0, dtype=torch.long))
        complete[name] = value.float().contiguous() if value.is_floating_point() else value.clone()
    return complete


def import_jdc(files: list[Path]) -> ImportedWeights:
    if len(files) != 1:
        raise WeightsError(f"the F0 importer takes one file (bst.t7), got {len(files)}")
    state = read_jdc(Path(files[0]))
    return ImportedWeights(
        tensors={f"f0.{k}": v for k, v in state.items()},
        config=aux_config("f0", JDCConfig()),
        licence=LICENCE,
        origin=f"StarGANv2-VC JDC checkpoint {Path(files[0]).name}",
    )


def aux_config(role: str, config: JDCConfig | ASRConfig) -> dict[str, Any]:
    """The config.json of an auxiliary entry: role ``f0`` (JDC) or ``asr``."""
    if isinstance(config, JDCConfig):
        arch = {"jdc": {"widths": list(config.widths), "lstm_hidden": config.lstm_hidden,
                        "num_class": 1}}  # fmt: skip
    else:
        arch = {"asr": asdict(config)}
    return {"architecture": AUX_ARCHITECTURE, "role": role, **arch}


def asr_layout(config: ASRConfig) -> dict[str, tuple[int, ...]]:
    with torch.device("meta"):
        return {k: tuple(v.shape) for k, v in ASRNet(config).state_dict().items()}


def asr_config_from_state(state: dict[str, torch.Tensor], path: Path) -> ASRConfig:
    """SVC's ASR config (hidden width, layer count, token count) as its shapes imply it."""
    try:
        hidden, mfcc, _ = state["init_cnn.conv.weight"].shape
        tokens = state["ctc_linear.2.linear_layer.weight"].shape[0]
        mels = state["to_mfcc.dct_mat"].shape[0]
    except KeyError as error:
        raise WeightsError(f"{path}: not a StarGANv2-VC ASR (ASRCNN) checkpoint (no {error})") from None
    layers = len({key.split(".")[1] for key in state if key.startswith("cnns.")})
    if mfcc != N_MFCC:
        raise WeightsError(f"{path}: the ASR's first conv takes {mfcc} MFCCs, expected {N_MFCC}")
    return ASRConfig(input_dim=mels, hidden_dim=hidden, n_token=tokens, n_layers=layers)


def read_asr(path: Path) -> tuple[dict[str, torch.Tensor], ASRConfig]:
    """The encoder and CTC head of SVC's ``Utils/ASR/epoch_00100.pth`` (``{"model": ...}``),
    validated key by key; the attention decoder ``asr_s2s.*`` (training only) must be present
    in a full checkpoint and is left out."""
    record = read_record(path)
    key = "model" if isinstance(record, dict) and "model" in record else None
    state = read_state_dict(path, key=key) if key else read_state_dict(path)
    state = {k.removeprefix("module."): v for k, v in state.items()}  # DataParallel saves
    kept = {k: v for k, v in state.items() if not k.startswith(ASR_DECODER)}
    config = asr_config_from_state(kept, path)
    check_layout(kept, asr_layout(config), path)
    return {k: v.float().contiguous() for k, v in kept.items()}, config


def import_asr(files: list[Path]) -> ImportedWeights:
    if len(files) != 1:
        raise WeightsError(f"the ASR importer takes one file (epoch_00100.pth), got {len(files)}")
    state, config = read_asr(Path(files[0]))
    return ImportedWeights(
        tensors={f"asr.{k}": v for k, v in state.items()},
        config=aux_config("asr", config),
        licence="StarGANv2-VC's pretrained ASR (yl4579/StarGANv2-VC, MIT); trained on English",
        origin=f"StarGANv2-VC ASR checkpoint {Path(files[0]).name}",
    )


def read_pwg(path: Path, stacks: int = 3) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """The generator of a ParallelWaveGAN training checkpoint (or a bare generator state
    dict), weight norm folded, checked against the architecture its shapes imply."""
    record = read_record(path)
    if isinstance(record, dict) and isinstance(record.get("model"), dict):
        record = record["model"].get("generator", record["model"])
    if not isinstance(record, dict) or not all(
        isinstance(v, torch.Tensor) for v in record.values()
    ):
        raise WeightsError(f"{path}: no Parallel WaveGAN generator state dict found")
    state = fold_weight_norm(record)
    try:
        config = config_from_state(state, stacks)
    except (KeyError, IndexError) as error:
        raise WeightsError(f"{path}: not a Parallel WaveGAN generator (no {error})") from None
    with torch.device("meta"):
        layout = {k: tuple(v.shape) for k, v in ParallelWaveGAN(config).state_dict().items()}
    check_layout(state, layout, path)
    return {k: v.float().contiguous() for k, v in state.items()}, asdict(config)


def import_pwg(files: list[Path]) -> ImportedWeights:
    if len(files) != 1:
        raise WeightsError(f"the vocoder importer takes one file, got {len(files)}")
    state, config = read_pwg(Path(files[0]))
    return ImportedWeights(
        tensors={f"vocoder.{k}": v for k, v in state.items()},
        config={"architecture": AUX_ARCHITECTURE, "role": "vocoder", "pwg": config},
        licence="StarGANv2-VC's Parallel WaveGAN vocoder (VCTK, 24 kHz); check its terms",
        origin=f"Parallel WaveGAN checkpoint {Path(files[0]).name}",
    )
