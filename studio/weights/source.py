"""The provenance record written as ``source.json`` when weights enter the store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from os import PathLike
from pathlib import Path
from typing import Any

from studio import __version__
from studio.api.errors import WeightsError, shown_name
from studio.api.files import file_problem
from studio.api.types import ImportedWeights

from .entry import SOURCE_FORMAT
from .hashing import sha256_file


def file_record(path: str | PathLike[str]) -> dict[str, Any]:
    """Name, size and SHA-256 of one file, so its exact bytes can be recognised later."""
    path = Path(path)
    problem = file_problem(path)
    if problem:
        raise WeightsError(f"{shown_name(path)}: {problem}")
    return {"name": path.name, "bytes": path.stat().st_size, "sha256": sha256_file(path)}


def source_record(
    *,
    plugin: str,
    name: str,
    imported: ImportedWeights,
    model: dict[str, Any],
    original_files: Iterable[dict[str, Any]] = (),
    importer: str = "",
    demo: bool = False,
) -> dict[str, Any]:
    """The contents of ``source.json``; ``model`` is model.safetensors' :func:`file_record`."""
    return {
        "format": SOURCE_FORMAT,
        "plugin": plugin,
        "name": name,
        "origin": imported.origin,
        "licence": imported.licence,
        "importer": importer,
        "demo": demo,
        "original_files": list(original_files),
        "sha256": model["sha256"],
        "bytes": model["bytes"],
        "app_version": __version__,
        "imported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
