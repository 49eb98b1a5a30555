"""Registering plugins the way installed distributions are: a ``.dist-info`` folder with
``entry_points.txt`` on ``sys.path``. Discovery then finds them through
``importlib.metadata`` exactly as it finds pip-installed plugins."""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLE_PLUGIN = Path(__file__).parent / "example_plugin"


def register(
    site: Path, distribution: str, entry: str, module: str, version: str = "0.1.0"
) -> None:
    info = site / f"{distribution.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n"
    )
    (info / "entry_points.txt").write_text(f"[persona_studio.plugins]\n{entry} = {module}\n")


def add_module(site: Path, name: str, source: str) -> None:
    (site / f"{name}.py").write_text(source)


def install_example(site: Path) -> None:
    """The example third-party plugin, copied in as pip would place it."""
    shutil.copytree(EXAMPLE_PLUGIN / "studio_example", site / "studio_example")
    register(site, "persona-studio-example", "example", "studio_example.plugin", version="0.2.0")
