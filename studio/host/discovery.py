"""Finding plugin modules through the ``persona_studio.plugins`` entry-point group.

Each entry point is loaded on its own inside try/except (unlike pluggy's
``load_setuptools_entrypoints``), so one plugin that fails to import cannot stop the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from types import ModuleType

ENTRY_POINT_GROUP = "persona_studio.plugins"


@dataclass
class FoundPlugin:
    name: str
    distribution: str
    version: str
    module: ModuleType | None = None
    error: str | None = None


def describe_error(error: BaseException) -> str:
    """One line for the user: the exception type and its message, lines joined, kept short."""
    text = " ".join(str(error).split())
    if len(text) > 300:
        text = text[:297] + "..."
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def find_plugins() -> list[FoundPlugin]:
    """Every entry point of the group, loaded; failures carry their error instead of a module."""
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
        try:
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
