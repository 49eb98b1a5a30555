"""Fixtures for the model-store and checkpoint tests: a private store and small weights."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from studio.api.types import ImportedWeights
from studio.weights import DATA_ENV, ModelStore


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh ``$PERSONA_STUDIO_DATA``, so no test touches the user's real models."""
    data = tmp_path / "data"
    monkeypatch.setenv(DATA_ENV, str(data))
    return data


@pytest.fixture
def store(data_dir: Path) -> ModelStore:
    return ModelStore()


@pytest.fixture
def imported() -> ImportedWeights:
    generator = torch.Generator().manual_seed(0)
    return ImportedWeights(
        tensors={
            "conv.weight": torch.randn(4, 3, 3, 3, generator=generator),
            "conv.bias": np.arange(4, dtype=np.float32),  # importers may hand over numpy arrays
            "norm.num_batches_tracked": torch.tensor(7),
        },
        config={"channels": 4, "kernel": 3},
        licence="CC-BY-4.0 (test)",
        origin="https://example.org/paper",
    )
