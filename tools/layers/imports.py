"""Reading a source tree's imports: which module imports what, where, and when it runs.

The layer rules need to know more than an import graph: whether an import runs when the module
is imported (module level) or only when a function is called (a lazy import, the house's way of
keeping torch and Qt off start-up paths), and whether it only serves type checkers.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Import:
    importer: str  # dotted name of the importing module
    imported: str  # dotted name of what is imported (module, or module.attribute)
    path: Path
    line: int
    module_level: bool  # runs on import (not inside a function)
    type_checking: bool  # inside ``if TYPE_CHECKING:``: never runs

    @property
    def runs_on_import(self) -> bool:
        return self.module_level and not self.type_checking

    def where(self, root: Path) -> str:
        try:
            shown = self.path.relative_to(root)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}"


def module_name(path: Path, package_root: Path) -> str:
    """``studio/ui/app.py`` under ``root`` -> ``studio.ui.app`` (packages drop ``__init__``)."""
    parts = list(path.relative_to(package_root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", None)
    return name == "TYPE_CHECKING"


def _absolute(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    """The absolute name a relative ``from .x import y`` refers to."""
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(path: Path, package_root: Path, name: str | None = None) -> Iterator[Import]:
    """Every import statement in one file, with the names it brings in (``name``: the
    importer's name when the file is not in a package)."""
    importer = name or module_name(path, package_root)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))

    def visit(node: ast.AST, in_function: bool, type_checking: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(
                        importer, alias.name, path, child.lineno, not in_function, type_checking
                    )
            elif isinstance(child, ast.ImportFrom):
                base = _absolute(child, importer, is_package)
                for alias in child.names:
                    # ``from pkg import name`` may import the submodule pkg.name: keep both.
                    imported = f"{base}.{alias.name}" if alias.name != "*" else base
                    yield Import(
                        importer, imported, path, child.lineno, not in_function, type_checking
                    )
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                yield from visit(child, True, type_checking)
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                for statement in child.body:
                    yield from visit(ast.Module(body=[statement], type_ignores=[]), in_function, True)
                for statement in child.orelse:
                    yield from visit(
                        ast.Module(body=[statement], type_ignores=[]), in_function, type_checking
                    )
            else:
                yield from visit(child, in_function, type_checking)

    yield from visit(tree, False, False)


SCRIPTS = "plugin_scripts"  # the name the rules give ``plugins/<name>/scripts/<file>.py``


def tree_imports(root: Path) -> list[Import]:
    """The imports of the app (``studio/``), of every plugin package
    (``plugins/<name>/studio_<name>/``) and of the scripts beside them (named
    ``plugin_scripts.<name>.<file>``) under ``root``."""
    found: list[Import] = []
    for path in sorted((root / "studio").rglob("*.py")):
        found += imports_of(path, root)
    for package in sorted((root / "plugins").glob("*/studio_*")):
        for path in sorted(package.rglob("*.py")):
            found += imports_of(path, package.parent)
    for path in sorted((root / "plugins").glob("*/scripts/*.py")):
        found += imports_of(path, root, f"{SCRIPTS}.{path.parent.parent.name}.{path.stem}")
    return found
