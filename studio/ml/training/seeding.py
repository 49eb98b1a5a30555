"""Seeds and random-number-generator states, stored as plain tensors.

Checkpoints must load with ``torch.load(weights_only=True)``, which refuses numpy objects, so
Python's and NumPy's generator states are converted to int64 tensors and numbers here.
"""

from __future__ import annotations

import random
from enum import IntEnum
from typing import Any

import numpy as np
import torch

from studio.base.seeding import seed_everything

__all__ = ["Stream", "derive_seed", "get_rng_state", "seed_everything", "set_rng_state"]

_PYTHON_RNG_VERSION = 3  # random.getstate()'s format version, the only one CPython writes


class Stream(IntEnum):
    """What a derived seed is for: each purpose draws from its own independent stream."""

    LOADER = 1  # a run's n-th loader
    ORDER = 2  # a loader's sample order in an epoch
    WORKERS = 3  # a loader's worker processes in an epoch, on a rank
    RANK = 4  # a rank's randomness while training (dropout, noise)


def derive_seed(*parts: int) -> int:
    """A well-mixed 63-bit seed from several integers (e.g. seed, epoch, rank).

    ``seed + rank`` would make rank 1 of seed 0 replay rank 0 of seed 1; hashing the parts
    with NumPy's SeedSequence keeps every combination independent.
    """
    state = np.random.SeedSequence([int(p) for p in parts]).generate_state(1, np.uint64)
    return int(state[0] >> np.uint64(1))


def get_rng_state(device: torch.device) -> dict[str, Any]:
    """Python, NumPy and torch (CPU, and ``device`` when it is a GPU) generator states."""
    _, python_state, gauss = random.getstate()
    _, keys, position, has_gauss, cached = np.random.get_state(legacy=True)
    state: dict[str, Any] = {
        "python": torch.tensor(python_state, dtype=torch.int64),
        "python_gauss": gauss,
        "numpy": torch.from_numpy(keys.astype(np.int64)),
        "numpy_extra": [int(position), int(has_gauss), float(cached)],
        "torch": torch.get_rng_state(),
    }
    if device.type == "cuda":
        state["cuda"] = torch.cuda.get_rng_state(device)
    return state


def set_rng_state(state: dict[str, Any], device: torch.device) -> None:
    python_state = tuple(int(n) for n in state["python"].tolist())
    random.setstate((_PYTHON_RNG_VERSION, python_state, state["python_gauss"]))
    position, has_gauss, cached = state["numpy_extra"]
    keys = state["numpy"].numpy().astype(np.uint32)
    np.random.set_state(("MT19937", keys, int(position), int(has_gauss), float(cached)))
    torch.set_rng_state(state["torch"])
    if device.type == "cuda" and "cuda" in state:
        torch.cuda.set_rng_state(state["cuda"], device)
