"""What goes into the bundle: the app, every built-in plugin with its entry-point metadata,
their data files (demo models), and ``resources/``. Read from the source tree, so a new
plugin under ``plugins/`` is bundled with no change here."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[2]
APP_DISTRIBUTION = "persona-studio"
ENTRY_POINT_GROUP = "persona_studio.plugins"
APP_ID = "persona-studio"
APP_TITLE = "Persona Studio"
EXECUTABLE = "PersonaStudio"
MIME_TYPE = "application/x-persona-studio"
PROJECT_SUFFIX = ".persona"
# Never needed at run time; some would be pulled in by optional imports of torch or scipy.
EXCLUDED_MODULES = (
    "tkinter",
    "_tkinter",
    "pytest",
    "_pytest",
    "hypothesis",
    "IPython",
    "matplotlib",
    "pandas",
    "tensorboard",
    "torch.utils.tensorboard",
    "PyInstaller",
    "setuptools",
    "pip",
    "ruff",
    # The GPU compiler behind torch.compile (half a GB); the app runs models eagerly.
    "triton",
)


class ContentsError(Exception):
    pass


@dataclass(frozen=True)
class BuiltinPlugin:
    folder: Path
    distribution: str
    version: str
    packages: tuple[str, ...]


def version() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project["version"]


def builtin_plugins(root: Path = ROOT) -> list[BuiltinPlugin]:
    """Every ``plugins/*`` distribution, checked to be installed where the build runs (its
    ``.dist-info`` is what makes discovery work inside the bundle)."""
    plugins = []
    for pyproject in sorted((root / "plugins").glob("*/pyproject.toml")):
        project = tomllib.loads(pyproject.read_text())["project"]
        entries = project.get("entry-points", {}).get(ENTRY_POINT_GROUP, {})
        if not entries:
            continue
        name = project["name"]
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            raise ContentsError(
                f"{pyproject.parent.name}: the distribution {name} is not installed in this "
                f"environment (run 'make setup' first)"
            ) from None
        if installed != project["version"]:
            raise ContentsError(
                f"{pyproject.parent.name}: {name} {installed} is installed but the source says "
                f"{project['version']} (run 'make setup' again)"
            )
        packages = sorted({value.split(":")[0].split(".")[0] for value in entries.values()})
        plugins.append(BuiltinPlugin(pyproject.parent, name, installed, tuple(packages)))
    return plugins
