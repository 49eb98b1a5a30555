"""ModelStore: add, list, get, verify and remove entries; names; opening entry folders."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import torch

from studio import __version__
from studio.api.errors import WeightsError
from studio.api.types import ImportedWeights, ModelRef
from studio.ml.checkpoint import load_safetensors
from studio.weights import (
    DATA_ENV,
    MODEL_FILE,
    SOURCE_FILE,
    ModelStore,
    Status,
    open_entry,
    sha256_file,
    store_root,
)


def test_round_trip(
    store: ModelStore, data_dir: Path, imported: ImportedWeights, tmp_path: Path
) -> None:
    original = tmp_path / "official.pth"
    original.write_bytes(b"the user's original checkpoint")

    ref = store.add(
        "facegen", "base", imported, original_files=[original], importer="facegen:official"
    )

    directory = data_dir / "models" / "facegen" / "base"
    assert isinstance(ref, ModelRef)
    assert (ref.plugin, ref.name, ref.directory) == ("facegen", "base", directory)
    assert ref.config == {"channels": 4, "kernel": 3}
    assert ref.sha256 == sha256_file(ref.weights_file)
    assert sorted(p.name for p in directory.iterdir()) == [
        "config.json",
        "model.safetensors",
        "source.json",
    ]

    tensors = load_safetensors(ref.weights_file)
    assert torch.equal(tensors["conv.weight"], imported.tensors["conv.weight"])
    assert torch.equal(tensors["conv.bias"], torch.arange(4, dtype=torch.float32))

    source = json.loads((directory / SOURCE_FILE).read_text())
    assert source["origin"] == "https://example.org/paper"
    assert source["licence"] == "CC-BY-4.0 (test)"
    assert source["importer"] == "facegen:official"
    assert source["sha256"] == ref.sha256
    assert source["bytes"] == ref.weights_file.stat().st_size
    assert source["app_version"] == __version__
    assert source["imported_at"].endswith("+00:00")
    assert source["demo"] is False
    assert source["original_files"] == [
        {
            "name": "official.pth",
            "bytes": original.stat().st_size,
            "sha256": hashlib.sha256(original.read_bytes()).hexdigest(),
        }
    ]

    [entry] = store.list()
    assert (entry.plugin, entry.name, entry.path, entry.sha256) == (
        "facegen",
        "base",
        directory,
        ref.sha256,
    )
    assert (entry.bytes, entry.origin, entry.licence, entry.demo, entry.problem) == (
        ref.weights_file.stat().st_size,
        "https://example.org/paper",
        "CC-BY-4.0 (test)",
        False,
        "",
    )

    assert store.get("facegen", "base") == ref
    report = store.verify("facegen", "base")
    assert report.ok and report.status is Status.OK and report.actual == ref.sha256

    store.remove("facegen", "base")
    assert store.list() == []
    assert list((data_dir / "models" / "facegen").iterdir()) == []
    with pytest.raises(WeightsError, match="no model named 'base' for plugin 'facegen'"):
        store.get("facegen", "base")


def test_list_is_sorted_and_filtered_by_plugin(
    store: ModelStore, imported: ImportedWeights
) -> None:
    for plugin, name in [("voicegen", "b"), ("facegen", "z"), ("facegen", "a")]:
        store.add(plugin, name, imported, demo=(name == "a"))
    assert [(e.plugin, e.name) for e in store.list()] == [
        ("facegen", "a"),
        ("facegen", "z"),
        ("voicegen", "b"),
    ]
    assert [e.name for e in store.list("facegen")] == ["a", "z"]
    assert [e.demo for e in store.list("facegen")] == [True, False]
    assert store.list("nothing") == []


def test_empty_or_absent_store_lists_nothing(tmp_path: Path) -> None:
    assert ModelStore(tmp_path / "not-yet").list() == []


def test_get_names_what_is_installed(store: ModelStore, imported: ImportedWeights) -> None:
    store.add("facegen", "small", imported)
    store.add("facegen", "large", imported)
    with pytest.raises(
        WeightsError,
        match=r"no model named 'medium' for plugin 'facegen' \(installed: large, small\)",
    ):
        store.get("facegen", "medium")
    with pytest.raises(WeightsError, match=r"for plugin 'voicegen' \(none installed in "):
        store.get("voicegen", "small")


def test_existing_name_is_refused_unless_replaced(
    store: ModelStore, imported: ImportedWeights
) -> None:
    first = store.add("facegen", "base", imported)
    with pytest.raises(WeightsError, match="already installed"):
        store.add("facegen", "base", imported)
    assert store.get("facegen", "base") == first

    changed = ImportedWeights({"w": torch.ones(3)}, {"channels": 1}, origin="retrained")
    second = store.add("facegen", "base", changed, replace=True)
    assert second.sha256 != first.sha256 and second.config == {"channels": 1}
    assert [e.origin for e in store.list()] == ["retrained"]
    assert sorted(p.name for p in (store.root / "facegen").iterdir()) == ["base"]  # old copy gone


def test_tampering_is_reported_as_a_mismatch(store: ModelStore, imported: ImportedWeights) -> None:
    ref = store.add("facegen", "base", imported)
    data = bytearray(ref.weights_file.read_bytes())
    data[-1] ^= 0xFF  # flip bits in the last tensor's data: still a valid file
    ref.weights_file.write_bytes(bytes(data))

    report = store.verify("facegen", "base")
    assert report.status is Status.MISMATCH and not report.ok
    assert report.expected == ref.sha256 and report.actual == sha256_file(ref.weights_file)
    assert "changed since import" in report.message


def test_verify_reports_missing_files(store: ModelStore, imported: ImportedWeights) -> None:
    ref = store.add("facegen", "base", imported)
    ref.weights_file.unlink()
    report = store.verify("facegen", "base")
    assert report.status is Status.MISSING and report.expected == ref.sha256 and report.actual == ""
    assert report.message.endswith("model.safetensors: missing")

    (ref.directory / SOURCE_FILE).unlink()
    assert store.verify("facegen", "base").status is Status.MISSING


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "..",
        ".",
        "../escape",
        "a/b",
        "a\\b",
        ".hidden",
        "-dash",
        "name with space",
        "é",
        "x" * 101,
        None,
        3,
    ],
)
def test_unsafe_names_are_refused(
    store: ModelStore, imported: ImportedWeights, bad: object
) -> None:
    with pytest.raises(WeightsError, match="is not allowed"):
        store.add("facegen", bad, imported)
    with pytest.raises(WeightsError, match="plugin name .* is not allowed"):
        store.add(bad, "base", imported)
    for action in (store.get, store.verify, store.remove):
        with pytest.raises(WeightsError, match="is not allowed"):
            action("facegen", bad)
    assert not store.root.exists() or not any(store.root.rglob("*.safetensors"))


@pytest.mark.parametrize("good", ["base", "v1.2", "ffhq_256-finetuned", "7B"])
def test_safe_names_are_accepted(store: ModelStore, imported: ImportedWeights, good: str) -> None:
    assert store.add("facegen", good, imported).name == good


def test_root_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "portable"))
    assert store_root() == tmp_path / "portable" / "models"
    assert ModelStore().root == tmp_path / "portable" / "models"
    assert ModelStore(tmp_path / "elsewhere").root == tmp_path / "elsewhere"


def test_default_root_is_the_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv(DATA_ENV, raising=False)
    assert (
        store_root()
        == Path(platformdirs.user_data_dir("persona-studio", appauthor=False)) / "models"
    )


def test_open_entry_accepts_any_entry_folder(
    store: ModelStore, imported: ImportedWeights, tmp_path: Path
) -> None:
    import shutil

    bundled = tmp_path / "plugin_pkg" / "demo-weights"
    shutil.copytree(store.add("facegen", "base", imported).directory, bundled)
    ref = open_entry(bundled, "facegen")
    assert (ref.name, ref.directory, ref.config["channels"]) == ("demo-weights", bundled, 4)
    assert ModelStore.open_entry(bundled, "facegen") == ref
    with pytest.raises(
        WeightsError, match="these weights are for plugin 'facegen', not 'voicegen'"
    ):
        open_entry(bundled, "voicegen")


def _entry_folder(tmp_path: Path, imported: ImportedWeights) -> Path:
    return ModelStore(tmp_path / "models").add("facegen", "base", imported).directory


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (
            lambda d: (d / MODEL_FILE).unlink(),
            r"not a complete model folder \(missing model.safetensors\)",
        ),
        (lambda d: (d / "config.json").write_text("{not json"), r"config\.json: not valid JSON"),
        (
            lambda d: (d / "config.json").write_text("[1, 2]"),
            r"config\.json: must hold a JSON object, found list",
        ),
        (lambda d: (d / SOURCE_FILE).write_text("{}"), r"source\.json: no valid 'sha256'"),
    ],
    ids=["no-model", "bad-json", "not-an-object", "no-digest"],
)
def test_open_entry_refuses_broken_folders(
    tmp_path: Path, imported: ImportedWeights, damage, reason: str
) -> None:
    directory = _entry_folder(tmp_path, imported)
    damage(directory)
    with pytest.raises(WeightsError, match=reason):
        open_entry(directory, "facegen")
    [entry] = ModelStore(tmp_path / "models").list()  # listed, flagged rather than hidden
    assert entry.name == "base" and re.search(reason, entry.problem)


def test_open_entry_of_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(WeightsError, match="no such model folder"):
        open_entry(tmp_path / "nowhere", "facegen")


def test_config_must_be_json(store: ModelStore) -> None:
    with pytest.raises(WeightsError, match="the model config cannot be stored as JSON"):
        store.add("facegen", "base", ImportedWeights({"w": torch.ones(1)}, {"bad": object()}))
    assert store.list() == []


def test_numpy_values_in_config_are_stored_as_numbers(store: ModelStore) -> None:
    import numpy as np

    ref = store.add(
        "facegen",
        "base",
        ImportedWeights({"w": torch.ones(1)}, {"rate": np.int64(16000), "mean": np.zeros(2)}),
    )
    assert ref.config == {"rate": 16000, "mean": [0.0, 0.0]}


def test_no_tensors_is_refused(store: ModelStore) -> None:
    with pytest.raises(WeightsError, match="hold no tensors"):
        store.add("facegen", "base", ImportedWeights({}, {}))


def test_sha256_file_reads_in_chunks(tmp_path: Path) -> None:
    path = tmp_path / "blob"
    data = bytes(range(256)) * 1000
    path.write_bytes(data)
    assert sha256_file(path, chunk=4096) == sha256_file(path) == hashlib.sha256(data).hexdigest()
