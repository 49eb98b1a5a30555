"""save_safetensors / load_safetensors: the store's own format, round trip and corruption."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import safetensors
import torch

from studio.api.errors import WeightsError
from studio.ml.checkpoint import load_safetensors, save_safetensors


def test_round_trip_of_tensors_and_numpy_arrays(tmp_path: Path) -> None:
    path = tmp_path / "model.safetensors"
    base = torch.arange(12.0).reshape(3, 4)
    tensors = {
        "transposed": base.t(),  # not contiguous
        "tied": base,  # shares storage with "transposed"
        "array": np.arange(6, dtype=np.int16).reshape(2, 3)[:, ::-1],  # negative strides
        "half": torch.ones(2, dtype=torch.float16, requires_grad=False),
    }
    save_safetensors(path, tensors, {"format": "pt", "note": "test"})
    loaded = load_safetensors(path)
    assert torch.equal(loaded["transposed"], base.t())
    assert torch.equal(loaded["tied"], base)
    assert torch.equal(loaded["array"], torch.tensor([[2, 1, 0], [5, 4, 3]], dtype=torch.int16))
    assert loaded["half"].dtype == torch.float16
    with safetensors.safe_open(str(path), "pt") as handle:
        assert handle.metadata() == {"format": "pt", "note": "test"}


def test_parameters_with_gradients_are_saved(tmp_path: Path) -> None:
    path = tmp_path / "model.safetensors"
    layer = torch.nn.Linear(2, 2)
    save_safetensors(path, dict(layer.named_parameters()))
    assert torch.equal(load_safetensors(path)["weight"], layer.weight.detach())


@pytest.mark.parametrize(
    ("tensors", "metadata", "reason"),
    [
        ({"a": 3}, None, "cannot save 'a': a int is not a tensor"),
        ({1: torch.zeros(1)}, None, "tensor name 1 is not text"),
        ({"a": np.array([object()])}, None, "cannot save 'a'"),
        ({"a": torch.zeros(1)}, {"version": 2}, "metadata must map text to text"),
    ],
)
def test_bad_input_is_refused(tmp_path: Path, tensors: dict, metadata, reason: str) -> None:
    path = tmp_path / "model.safetensors"
    with pytest.raises(WeightsError, match=reason):
        save_safetensors(path, tensors, metadata)
    assert not path.exists()


@pytest.mark.parametrize(
    "damage",
    [lambda data: data[:-4], lambda data: b"junk" * 8, lambda data: b""],
    ids=["truncated", "junk", "empty"],
)
def test_corrupt_files_are_refused(tmp_path: Path, damage) -> None:
    path = tmp_path / "model.safetensors"
    save_safetensors(path, {"a": torch.ones(8)})
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(
        WeightsError, match=r"model\.safetensors: not a readable safetensors file \("
    ):
        load_safetensors(path)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(WeightsError, match=r"absent\.safetensors: no such file"):
        load_safetensors(tmp_path / "absent.safetensors")
