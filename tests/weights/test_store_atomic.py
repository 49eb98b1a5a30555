"""A failure while adding never leaves a half entry, a staging folder, or a lost old entry."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch

from studio.api.errors import WeightsError
from studio.api.types import ImportedWeights
from studio.ml import checkpoint
from studio.weights import ModelStore


class DiskFull(OSError):
    pass


def fail_while_writing(path, tensors, metadata=None) -> None:
    Path(path).write_bytes(b"half a file")  # something was already written when it fails
    raise DiskFull("no space left on device")


def leftovers(store: ModelStore) -> list[str]:
    return sorted(str(p.relative_to(store.root)) for p in store.root.rglob("*"))


def test_failed_add_leaves_nothing(
    store: ModelStore, imported: ImportedWeights, monkeypatch
) -> None:
    monkeypatch.setattr(checkpoint, "save_safetensors", fail_while_writing)
    with pytest.raises(DiskFull):
        store.add("facegen", "base", imported)
    assert leftovers(store) == ["facegen"]  # just the (empty) plugin folder: no entry, no temp dir
    assert store.list() == []


def test_failed_replace_keeps_the_old_entry(
    store: ModelStore, imported: ImportedWeights, monkeypatch
) -> None:
    old = store.add("facegen", "base", imported)
    monkeypatch.setattr(checkpoint, "save_safetensors", fail_while_writing)
    with pytest.raises(DiskFull):
        store.add("facegen", "base", ImportedWeights({"w": torch.ones(1)}, {}), replace=True)
    assert store.get("facegen", "base") == old
    assert store.verify("facegen", "base").ok
    assert leftovers(store) == [
        "facegen",
        "facegen/base",
        "facegen/base/config.json",
        "facegen/base/model.safetensors",
        "facegen/base/source.json",
    ]


def test_failed_final_rename_puts_the_old_entry_back(
    store: ModelStore, imported: ImportedWeights, monkeypatch
) -> None:
    old = store.add("facegen", "base", imported)
    real_replace = os.replace

    def replace(source, destination):
        if Path(source).name.startswith(".tmp-"):
            raise PermissionError("the folder is in use")
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(PermissionError):
        store.add("facegen", "base", ImportedWeights({"w": torch.ones(1)}, {}), replace=True)
    monkeypatch.undo()
    assert store.get("facegen", "base") == old
    assert store.verify("facegen", "base").ok
    assert [p.name for p in (store.root / "facegen").iterdir()] == ["base"]


def test_a_crash_leaves_only_a_hidden_staging_folder(
    store: ModelStore, imported: ImportedWeights, monkeypatch
) -> None:
    # A process killed mid-write cannot clean up; what it leaves must not look like an entry.
    class Killed(BaseException):
        pass

    def killed(path, tensors, metadata=None):
        Path(path).write_bytes(b"half")
        raise Killed

    monkeypatch.setattr(
        "shutil.rmtree", lambda *args, **kwargs: None
    )  # no cleanup, as after a crash
    monkeypatch.setattr(checkpoint, "save_safetensors", killed)
    with pytest.raises(Killed):
        store.add("facegen", "base", imported)
    [staging] = (store.root / "facegen").iterdir()
    assert staging.name.startswith(".tmp-base-")
    assert store.list() == []
    with pytest.raises(WeightsError, match="no model named 'base'"):
        store.get("facegen", "base")


def test_missing_original_file_fails_before_anything_is_written(
    store: ModelStore, imported: ImportedWeights, tmp_path: Path
) -> None:
    with pytest.raises(WeightsError, match=r"gone\.pth: no such file"):
        store.add("facegen", "base", imported, original_files=[tmp_path / "gone.pth"])
    assert not store.root.exists()
