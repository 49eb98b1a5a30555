"""The house's layer rules, as data: what ``make lint`` holds every import to.

A name pattern matches the module itself and everything below it (``studio.ui`` matches
``studio.ui.app``); a final ``*`` in a component matches any suffix (``studio_*`` is every
plugin package). Where a module may break a rule, the exception says why, and the rule names
it; an exception that no longer matches anything is reported, so none outlives its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Allowed:
    """One import a rule lets through, and why."""

    importer: str  # a module pattern
    imported: str  # a module pattern
    reason: str


@dataclass(frozen=True)
class Forbidden:
    """Modules matching ``sources`` may not import anything matching ``targets``."""

    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    why: str
    only_on_import: bool = False  # a lazy import inside a function is allowed
    outside: tuple[str, ...] = ()  # sources' modules that the rule does not cover
    exceptions: tuple[Allowed, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Layers:
    """Each layer (low to high) may import its own layer and those below, never one above.
    Every module under ``scope`` must belong to a layer, so a new package gets placed."""

    name: str
    scope: str
    layers: tuple[tuple[str, ...], ...]
    why: str
    exceptions: tuple[Allowed, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class OnlyThrough:
    """Modules matching ``sources`` reach ``scope`` only through ``allowed``."""

    name: str
    sources: tuple[str, ...]
    scope: str
    allowed: tuple[str, ...]
    why: str
    exceptions: tuple[Allowed, ...] = field(default_factory=tuple)


PLUGINS = "studio_*"
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")
TORCH = ("torch", "torchaudio", "torchvision")

RULES = (
    Forbidden(
        name="qt-only-in-ui",
        sources=("studio", PLUGINS),
        outside=("studio.ui",),
        targets=QT,
        why="everything below the window is tested and run without a display",
    ),
    Forbidden(
        name="torch-lazy-outside-ml",
        sources=("studio",),
        outside=("studio.ml",),
        targets=TORCH,
        only_on_import=True,
        why="the window opens before torch is loaded: import it inside the function that runs a model",
    ),
    Forbidden(
        name="no-plugin-in-the-app",
        sources=("studio",),
        targets=(PLUGINS,),
        why="the host knows no model: a plugin is reached through its hooks and descriptors only",
    ),
    Forbidden(
        name="ui-not-cli",
        sources=("studio.ui",),
        targets=("studio.cli",),
        why="the two faces of the app share services from studio.app, not each other",
    ),
    OnlyThrough(
        name="plugins-public-only",
        sources=(PLUGINS, "plugin_scripts"),
        scope="studio",
        allowed=("studio.api", "studio.ml"),
        why="a third-party plugin has only the public contract and toolkit, and so do ours",
        exceptions=(
            Allowed(
                importer="plugin_scripts",
                imported="studio.evaluation",
                reason="the demo scripts' own measures (sf2f_retrieval, latent_basis, "
                "sound_scene) drive the app's engine, as the yardstick, the `persona-studio "
                "evaluate` command, does",
            ),
            Allowed(
                importer="plugin_scripts.avpgan",
                imported="studio.weights.hashing",
                reason="the joined demo entry's source.json records the sha256 the model store "
                "computes",
            ),
        ),
    ),
    Layers(
        name="layers",
        scope="studio",
        layers=(
            ("studio.api",),
            ("studio.base", "studio.paths", "studio.__version__"),
            ("studio.audio",),
            ("studio.demodata",),
            ("studio.ml",),
            ("studio.host", "studio.weights"),
            ("studio.engine",),
            ("studio.images", "studio.project", "studio.evaluation"),
            ("studio.app",),
            ("studio.ui", "studio.cli"),
        ),
        why="arrows point down only (docs/architecture.md)",
    ),
)
