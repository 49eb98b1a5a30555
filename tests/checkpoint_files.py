"""Making checkpoint files as their authors did, without their hardware."""

from __future__ import annotations

from pathlib import Path

import torch
import torch.serialization


def save_as_from_cuda(state, path: Path) -> Path:
    """``torch.save`` with every storage tagged ``cuda:0``, as files saved on a GPU are.

    A tagger registered first makes torch record the location; it is removed afterwards.
    """
    registry = list(torch.serialization._package_registry)
    torch.serialization.register_package(
        -1000, lambda storage: "cuda:0", lambda storage, location: None
    )
    try:
        torch.save(state, path)
    finally:
        torch.serialization._package_registry[:] = registry
    return path
