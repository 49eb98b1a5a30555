"""Finding plugin modules through the ``persona_studio.plugins`` entry-point group.

Each entry point is loaded on its own inside try/except (unlike pluggy's
``load_setuptools_entrypoints``), so one plugin that fails to import cannot stop the others.

Besides the Python environment (or the frozen bundle), discovery searches the user plugins
folder, ``<data dir>/plugins``: ``pip install --target`` puts a plugin's package and its
``.dist-info`` there, which is how an installed (frozen) app gets third-party plugins.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType

from studio.paths import data_dir

ENTRY_POINT_GROUP = "persona_studio.plugins"


def user_plugins_dir() -> Path:
    """Where a user installs third-party plugins (``pip install --target <this> plugin``)."""
    return data_dir() / "plugins"


def search_user_plugins(folder: Path | None = None) -> Path:
    """Put the user plugins folder on ``sys.path``, after the built-in ones: a user copy of a
    built-in plugin never shadows the version the app ships with."""
    folder = folder or user_plugins_dir()
    if folder.is_dir() and str(folder) not in sys.path:
        sys.path.append(str(folder))
    return folder


@dataclass
class FoundPlugin:
    name: str
    distribution: str
    version: str
    module: ModuleType | None = None
    error: str | None = None
    skipped: str | None = None  # why it was not loaded (disabled, safe mode): see plugin_state


def describe_error(error: BaseException) -> str:
    """One line for the user: the exception type and its message, lines joined, kept short."""
    text = " ".join(str(error).split())
    if len(text) > 300:
        text = text[:297] + "..."
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def find_plugins(gate=None) -> list[FoundPlugin]:
    """Every entry point of the group, loaded; failures carry their error instead of a module.
    ``gate`` (a :class:`~.plugin_state.PluginGate`) may skip plugins and marks each import."""
    search_user_plugins()
    found: dict[str, FoundPlugin] = {}
    for entry in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if entry.name in found:  # the same distribution seen twice on sys.path
            continue
        dist = entry.dist
        plugin = FoundPlugin(
            name=entry.name,
            distribution=dist.metadata["Name"] if dist else "?",
            version=dist.version if dist else "?",
        )
        plugin.skipped = gate.skip_reason(plugin.name, plugin.distribution) if gate else None
        if plugin.skipped:
            found[entry.name] = plugin
            continue
        try:
            with gate.loading(entry.name, "import") if gate else nullcontext():
                loaded = entry.load()
        except Exception as error:  # a plugin's import error must not stop discovery
            plugin.error = f"failed to import {entry.value}: {describe_error(error)}"
        else:
            if isinstance(loaded, ModuleType):
                plugin.module = loaded
            else:
                plugin.error = f"entry point {entry.value} is not a module"
        found[entry.name] = plugin
    return list(found.values())
