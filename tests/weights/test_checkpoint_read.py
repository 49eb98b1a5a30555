"""read_state_dict: plain checkpoints load; everything else is refused with one clear line."""

from __future__ import annotations

import argparse
import zipfile
from collections import OrderedDict
from pathlib import Path

import pytest
import torch
import torch.serialization
from checkpoint_files import save_as_from_cuda

from studio.api.errors import WeightsError
from studio.ml.checkpoint import read_state_dict, save_safetensors

STATE = {"layer.weight": torch.arange(6.0).reshape(2, 3), "layer.bias": torch.ones(2)}


def assert_same(found: dict, expected: dict) -> None:
    assert list(found) == list(expected)
    for name, tensor in expected.items():
        assert torch.equal(found[name], tensor)
        assert found[name].device.type == "cpu"


@pytest.mark.parametrize("zipped", [True, False], ids=["zip-format", "legacy-format"])
def test_reads_a_plain_state_dict(tmp_path: Path, zipped: bool) -> None:
    path = tmp_path / "model.pth"
    torch.save(OrderedDict(STATE), path, _use_new_zipfile_serialization=zipped)
    found = read_state_dict(path)
    assert type(found) is dict
    assert_same(found, STATE)


def test_tensors_saved_on_a_gpu_load_on_the_cpu(tmp_path: Path) -> None:
    path = save_as_from_cuda(STATE, tmp_path / "gpu.pth")
    if not torch.cuda.is_available():  # shows the file really asks for a GPU
        with pytest.raises(RuntimeError, match="CUDA"):
            torch.load(path, weights_only=True)
    assert_same(read_state_dict(path), STATE)


@pytest.mark.parametrize("wrapper", ["state_dict", "model"])
def test_unwraps_a_training_checkpoint(tmp_path: Path, wrapper: str) -> None:
    path = tmp_path / "train.ckpt"
    torch.save({wrapper: STATE, "epoch": 12, "optimizer": {"lr": 0.1}}, path)
    assert_same(read_state_dict(path), STATE)


def test_key_picks_an_entry(tmp_path: Path) -> None:
    path = tmp_path / "gan.pt"
    torch.save({"g_ema": STATE, "d": {"x": torch.zeros(1)}}, path)
    assert_same(read_state_dict(path, key="g_ema"), STATE)
    with pytest.raises(
        WeightsError, match=r"gan\.pt: has no 'g' entry \(top-level keys: g_ema, d\)"
    ):
        read_state_dict(path, key="g")


def test_two_candidate_wrappers_are_ambiguous(tmp_path: Path) -> None:
    path = tmp_path / "both.pt"
    torch.save({"state_dict": STATE, "model": STATE, "epoch": 1}, path)
    with pytest.raises(WeightsError, match="ambiguous"):
        read_state_dict(path)


def test_nested_dict_without_a_known_wrapper_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nested.pt"
    torch.save({"generator": STATE, "epoch": 3}, path)
    with pytest.raises(WeightsError) as caught:
        read_state_dict(path)
    assert str(caught.value) == (
        f"{path}: not a plain state dict: 2 of 2 entries are not tensors "
        "(generator: dict, epoch: int)"
    )


def test_non_tensor_values_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pt"
    torch.save({**STATE, "step": 5, "name": "x"}, path)
    with pytest.raises(
        WeightsError, match=r"2 of 4 entries are not tensors \(step: int, name: str\)"
    ):
        read_state_dict(path)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ([torch.zeros(1)], "holds a list, not a state dict"),
        ({}, "holds no tensors"),
        ({1: torch.zeros(1)}, "keys are not text"),
    ],
)
def test_other_shapes_are_refused(tmp_path: Path, payload: object, reason: str) -> None:
    path = tmp_path / "odd.pt"
    torch.save(payload, path)
    with pytest.raises(WeightsError, match=reason):
        read_state_dict(path)


def test_allowed_globals_extend_the_allow_list(tmp_path: Path) -> None:
    path = tmp_path / "args.ckpt"
    torch.save({"state_dict": STATE, "args": argparse.Namespace(lr=0.1)}, path)
    with pytest.raises(WeightsError, match="refused: it contains pickled Python objects"):
        read_state_dict(path)
    assert_same(read_state_dict(path, allowed_globals=[argparse.Namespace]), STATE)


def _zip_without_checkpoint(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("weights/readme.txt", "hello")


def _truncated_checkpoint(path: Path) -> None:
    torch.save(STATE, path)
    path.write_bytes(path.read_bytes()[:200])


@pytest.mark.parametrize(
    ("write", "reason"),
    [
        (lambda p: p.write_bytes(b""), "the file is empty"),
        (lambda p: p.write_text("just some notes\n"), "not a PyTorch checkpoint"),
        (lambda p: p.write_bytes(bytes(range(1, 256)) * 40), "not a PyTorch checkpoint"),
        (_zip_without_checkpoint, "a zip archive but not a PyTorch checkpoint"),
        (_truncated_checkpoint, "damaged zip archive|not a readable PyTorch checkpoint"),
        (lambda p: save_safetensors(p, STATE), "a safetensors file"),
    ],
    ids=["empty", "text", "random-bytes", "other-zip", "truncated", "safetensors"],
)
def test_files_that_are_not_checkpoints_are_refused(tmp_path: Path, write, reason: str) -> None:
    path = tmp_path / "weights.pth"
    write(path)
    with pytest.raises(WeightsError, match=reason) as caught:
        read_state_dict(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message


def test_pickle_protocol_garbage_is_refused_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pth"
    path.write_bytes(b"\x80\x02" + bytes(range(3, 200)))
    with pytest.raises(WeightsError, match="refused: the safe loader cannot read") as caught:
        read_state_dict(path)
    assert "\n" not in str(caught.value)


def test_missing_file_and_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(WeightsError, match=r"nothing\.pth: no such file"):
        read_state_dict(tmp_path / "nothing.pth")
    with pytest.raises(WeightsError, match=": is a folder"):
        read_state_dict(tmp_path)
