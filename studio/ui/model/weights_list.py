"""The model manager's rows and actions (Qt-free): every plugin's weights, bundled and
imported, with source, licence, size and sha256; importing, renaming, verifying, removing."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from studio.api.errors import WeightsError
from studio.base.atomic import write_text_atomically
from studio.engine.weights_choice import plugin_package_dir
from studio.weights import SOURCE_FILE, ModelStore, check_name
from studio.weights.entry import MODEL_FILE, read_entry


@dataclass(frozen=True)
class WeightsRow:
    plugin: str
    name: str
    kind: str  # "bundled" (ships with the plugin) or "imported"
    directory: Path | None
    origin: str
    licence: str
    bytes: int
    sha256: str
    demo: bool
    problem: str = ""

    @property
    def removable(self) -> bool:
        return self.kind == "imported"


def weights_rows(host, store: ModelStore, plugin: str | None = None) -> list[WeightsRow]:
    rows: dict[tuple[str, str], WeightsRow] = {}
    for info in host.generators.values():
        if plugin not in (None, info.plugin):
            continue
        for spec in info.weights:
            if not spec.bundled or (info.plugin, spec.name) in rows:
                continue
            rows[(info.plugin, spec.name)] = _bundled_row(info, spec)
    for entry in store.list(plugin):
        rows[(entry.plugin, entry.name)] = WeightsRow(
            entry.plugin, entry.name, "imported", entry.path, entry.origin, entry.licence,
            entry.bytes, entry.sha256, entry.demo, entry.problem,
        )  # fmt: skip
    return [rows[key] for key in sorted(rows)]


def _bundled_row(info, spec) -> WeightsRow:
    try:
        directory = plugin_package_dir(info) / spec.bundled
        ref, source = read_entry(directory, info.plugin)
    except WeightsError as error:
        return WeightsRow(info.plugin, spec.name, "bundled", None, "", spec.licence, 0, "",
                          spec.demo, str(error))  # fmt: skip
    model = directory / MODEL_FILE
    return WeightsRow(
        info.plugin, spec.name, "bundled", directory, str(source.get("origin", "")),
        str(source.get("licence", spec.licence)), model.stat().st_size, ref.sha256,
        bool(source.get("demo", spec.demo)),
    )  # fmt: skip


def importers_of(host, plugin: str) -> list:
    """(generator info, ImporterSpec) pairs of ``plugin``, one per importer name."""
    seen = {}
    for info in host.generators.values():
        if info.plugin == plugin:
            for spec in info.importers:
                seen.setdefault(spec.name, (info, spec))
    return list(seen.values())


def import_files(host, store: ModelStore, plugin: str, files: Sequence[Path], name: str = ""):
    """Run the plugin's importer on the user's files and add the result to the store.

    A wrong file is refused by the importer with what it expected and what it found; the
    message is prefixed with what the plugin's importer asks for."""
    importers = importers_of(host, plugin)
    if not importers:
        raise WeightsError(f"plugin {plugin!r} cannot import weights (it has no importer)")
    info, spec = importers[0]
    make = host.resolve(info, spec.function)
    try:
        imported = make([Path(f) for f in files])
    except WeightsError as error:
        raise WeightsError(
            f"{error} (the {plugin} importer expects: {', '.join(spec.files)})"
        ) from None
    return store.add(
        plugin, name or spec.name, imported, original_files=list(files), importer=spec.function
    )


def rename(store: ModelStore, plugin: str, old: str, new: str) -> Path:
    """Rename the imported entry ``old`` to ``new`` (folder and ``source.json``)."""
    source = store.directory(plugin, old)
    target = store.directory(plugin, check_name(new))
    if not source.is_dir():
        raise WeightsError(f"no model named {old!r} for plugin {plugin!r}")
    if target.exists():
        raise WeightsError(f"a model named {new!r} for plugin {plugin!r} is already installed")
    os.rename(source, target)  # one rename: the entry is under one name or the other
    record_path = target / SOURCE_FILE
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        record["name"] = new
        write_text_atomically(record_path, json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    except (OSError, ValueError):
        pass  # the folder name is what counts; a damaged source.json shows up in the list
    return target
