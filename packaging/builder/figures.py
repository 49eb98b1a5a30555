"""Sizes as the build prints them."""

from __future__ import annotations

import os
from pathlib import Path


def tree_size(folder: Path) -> int:
    """Bytes on disk of every regular file under ``folder`` (hard links counted once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for directory, _, files in os.walk(folder):
        for name in files:
            info = os.lstat(os.path.join(directory, name))
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            total += info.st_blocks * 512
    return total


def largest_parts(folder: Path, depth: int = 2, count: int = 8) -> list[tuple[str, int]]:
    """The biggest folders/files ``depth`` levels down: what dominates the size."""
    entries = []
    for path in folder.glob("/".join(["*"] * depth)):
        size = tree_size(path) if path.is_dir() else path.lstat().st_size
        entries.append((str(path.relative_to(folder)), size))
    return sorted(entries, key=lambda entry: -entry[1])[:count]


def human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit in ("B", "KiB") else f"{value:.2f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")
