"""Which weights a job runs on: a path, an imported name, a bundled set, or untrained weights."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from studio.api import GeneratorInfo, ModelRef
from studio.api.contract import UntrainedFactory
from studio.api.errors import WeightsError
from studio.host import PluginHost
from studio.weights import ModelStore
from studio.weights.location import cache_root

UNTRAINED = "untrained"


def plugin_package_dir(info: GeneratorInfo) -> Path:
    """The folder of the plugin's top-level package, where bundled weights live."""
    package = info.load.partition(":")[0].split(".")[0]
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise WeightsError(f"{info.id}: cannot locate package {package}")
    return Path(next(iter(spec.submodule_search_locations)))


def resolve_weights(
    host: PluginHost, store: ModelStore, info: GeneratorInfo, choice: str | None
) -> ModelRef:
    if not (info.weights or info.importers or info.untrained):
        return ModelRef(info.plugin, "none", None, {}, "")  # a generator that needs no weights
    if choice == UNTRAINED:
        return untrained_weights(host, store, info)
    if choice and Path(choice).expanduser().is_dir():
        return store.open_entry(Path(choice).expanduser(), info.plugin)
    bundled = {spec.name: spec for spec in info.weights if spec.bundled}
    if choice:
        if choice in bundled:
            return store.open_entry(plugin_package_dir(info) / bundled[choice].bundled, info.plugin)
        return store.get(info.plugin, choice)
    imported = sorted(entry.name for entry in store.list(info.plugin))
    if imported:
        return store.get(info.plugin, imported[0])
    if bundled:
        first = next(iter(bundled.values()))
        return store.open_entry(plugin_package_dir(info) / first.bundled, info.plugin)
    hint = ""
    if info.importers:
        files = " ".join(info.importers[0].files)
        hint = f": import them with 'persona-studio models import {info.plugin} {files} --name official'"
    raise WeightsError(f"no weights installed for {info.id}{hint}")


def untrained_weights(host: PluginHost, store: ModelStore, info: GeneratorInfo) -> ModelRef:
    """Randomly initialised weights of the full architecture (seed 0), for the self-test.

    They are kept in the store's cache area, never listed among the user's models.
    """
    if not info.untrained:
        raise WeightsError(f"{info.id} offers no untrained weights")
    cache = ModelStore(cache_root())
    try:
        return cache.get(info.plugin, UNTRAINED)
    except WeightsError:
        make: UntrainedFactory = host.resolve(info, info.untrained)
        return cache.add(info.plugin, UNTRAINED, make(0), importer=info.untrained, replace=True)
