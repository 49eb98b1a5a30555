"""Holding a tree's imports to the rules of ``rules.py``: one line per broken rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from .imports import Import, tree_imports
from .rules import RULES, Allowed, Forbidden, Layers, OnlyThrough


@dataclass(frozen=True)
class Violation:
    rule: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.rule}] {self.message}"


def matches(name: str, pattern: str) -> bool:
    """``pattern`` names ``name`` or a package above it; components may end in ``*``."""
    wanted = pattern.split(".")
    parts = name.split(".")
    return len(parts) >= len(wanted) and all(
        fnmatchcase(part, want) for part, want in zip(parts, wanted)
    )


def _any(name: str, patterns: Iterable[str]) -> bool:
    return any(matches(name, pattern) for pattern in patterns)


def _allowed(found: Import, exceptions: Iterable[Allowed], used: set[Allowed]) -> bool:
    for allowed in exceptions:
        if matches(found.importer, allowed.importer) and matches(found.imported, allowed.imported):
            used.add(allowed)
            return True
    return False


def _layer_of(name: str, layers: tuple[tuple[str, ...], ...]) -> int | None:
    """The layer whose most specific pattern names ``name``."""
    best, best_length = None, -1
    for index, patterns in enumerate(layers):
        for pattern in patterns:
            if matches(name, pattern) and pattern.count(".") > best_length:
                best, best_length = index, pattern.count(".")
    return best


def _forbidden(rule: Forbidden, imports: list[Import], root: Path, used: set[Allowed]):
    for found in imports:
        if not _any(found.importer, rule.sources) or _any(found.importer, rule.outside):
            continue
        if not _any(found.imported, rule.targets):
            continue
        if rule.only_on_import and not found.runs_on_import:
            continue
        if _allowed(found, rule.exceptions, used):
            continue
        when = "at module level " if rule.only_on_import else ""
        yield Violation(
            rule.name,
            found.where(root),
            f"{found.importer} imports {found.imported} {when}({rule.why})",
        )


def _only_through(rule: OnlyThrough, imports: list[Import], root: Path, used: set[Allowed]):
    for found in imports:
        if not _any(found.importer, rule.sources) or not matches(found.imported, rule.scope):
            continue
        if _any(found.imported, rule.allowed) or _allowed(found, rule.exceptions, used):
            continue
        yield Violation(
            rule.name,
            found.where(root),
            f"{found.importer} imports {found.imported}; allowed are "
            f"{', '.join(rule.allowed)} ({rule.why})",
        )


def _layers(rule: Layers, imports: list[Import], root: Path, used: set[Allowed]):
    for found in imports:
        if not matches(found.importer, rule.scope) or found.importer == rule.scope:
            continue  # the root package's __init__ holds the version only
        if not matches(found.imported, rule.scope):
            continue
        low, high = _layer_of(found.importer, rule.layers), _layer_of(found.imported, rule.layers)
        for name, layer in ((found.importer, low), (found.imported, high)):
            if layer is None:
                yield Violation(
                    rule.name, found.where(root), f"{name} belongs to no layer: place it in tools/layers/rules.py"
                )
        if low is None or high is None or high <= low:
            continue
        if _allowed(found, rule.exceptions, used):
            continue
        yield Violation(
            rule.name,
            found.where(root),
            f"{found.importer} (layer {low}) imports {found.imported} (layer {high}, above it; "
            f"{rule.why})",
        )


def check(root: Path, rules=RULES) -> list[Violation]:
    """Every broken rule, once per import statement (``from a import b, c`` is one)."""
    imports = tree_imports(root)
    used: set[Allowed] = set()
    found: list[Violation] = []
    for rule in rules:
        if isinstance(rule, Forbidden):
            found += _forbidden(rule, imports, root, used)
        elif isinstance(rule, OnlyThrough):
            found += _only_through(rule, imports, root, used)
        elif isinstance(rule, Layers):
            found += _layers(rule, imports, root, used)
        else:
            raise TypeError(f"unknown rule {rule!r}")
    for rule in rules:
        for allowed in rule.exceptions:
            if allowed not in used:
                found.append(
                    Violation(
                        rule.name,
                        "tools/layers/rules.py",
                        f"the exception {allowed.importer} -> {allowed.imported} matches no import any more: remove it",
                    )
                )
    once: dict[tuple[str, str], Violation] = {}
    for violation in found:
        once.setdefault((violation.rule, violation.where), violation)
    return list(once.values())
