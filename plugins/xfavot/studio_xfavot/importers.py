"""Importing StarGANv2-VC's auxiliary checkpoints unchanged (read for facts, never executed).

``Utils/JDC/bst.t7`` is ``torch.save({"net": state_dict})`` of ``JDCNet(num_class=1)``. It is
read with ``weights_only=True`` on the CPU, checked key by key and shape by shape against
:class:`~studio_xfavot.networks.jdc.JDCNet`, and stored as an auxiliary entry (architecture
``xfavot-aux``, role ``f0``) that the training recipe takes with ``--set f0=<entry dir>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from studio.api import ImportedWeights, WeightsError
from studio.ml.checkpoint import check_layout, read_record, read_state_dict

from .networks.jdc import JDCConfig, JDCNet

AUX_ARCHITECTURE = "xfavot-aux"
BN_COUNTER = ".num_batches_tracked"
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


def aux_config(role: str, jdc: JDCConfig) -> dict[str, Any]:
    return {
        "architecture": AUX_ARCHITECTURE,
        "role": role,
        "jdc": {"widths": list(jdc.widths), "lstm_hidden": jdc.lstm_hidden, "num_class": 1},
    }
