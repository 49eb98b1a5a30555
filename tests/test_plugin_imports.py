"""The plugin contract's boundary: code inside a plugin package reaches the app only through the
public ``studio.api`` and ``studio.ml`` (scripts beside the package, which build demo models,
may use anything)."""

from __future__ import annotations

import ast
from pathlib import Path

PLUGINS = Path(__file__).resolve().parents[1] / "plugins"
PUBLIC = ("studio.api", "studio.ml")


def studio_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return [name for name in names if name == "studio" or name.startswith("studio.")]


def test_plugin_packages_import_only_the_public_studio_modules():
    sources = sorted(PLUGINS.glob("*/studio_*/**/*.py"))
    assert len(sources) > 20  # every built-in plugin's package is read
    private = [
        f"{path.relative_to(PLUGINS)}: {name}"
        for path in sources
        for name in studio_imports(path)
        if not any(name == public or name.startswith(public + ".") for public in PUBLIC)
    ]
    assert not private, "plugins import app internals:\n" + "\n".join(private)
