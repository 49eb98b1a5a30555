"""What a model-store entry looks like on disk, and opening one without loading its tensors.

An entry is a folder holding ``model.safetensors`` (the tensors), ``config.json`` (the
architecture's hyper-parameters) and ``source.json`` (where the weights came from, their
licence and the SHA-256 of ``model.safetensors``). Installed models, the demo models bundled
with plugins and folders given with ``--weights PATH`` all share this shape.
"""

from __future__ import annotations

import json
import re
from os import PathLike
from pathlib import Path
from typing import Any

from studio.api.errors import WeightsError
from studio.api.types import ModelRef

MODEL_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
SOURCE_FILE = "source.json"
ENTRY_FILES = (MODEL_FILE, CONFIG_FILE, SOURCE_FILE)
SOURCE_FORMAT = 1  # bump when source.json changes incompatibly

_SHA256 = re.compile(r"[0-9a-f]{64}")


def open_entry(directory: str | PathLike[str], plugin: str) -> ModelRef:
    """A :class:`ModelRef` for the entry folder ``directory``, checked complete and readable."""
    return read_entry(directory, plugin)[0]


def read_entry(directory: str | PathLike[str], plugin: str) -> tuple[ModelRef, dict[str, Any]]:
    """Like :func:`open_entry`, also returning the parsed ``source.json``."""
    directory = Path(directory)
    if not directory.is_dir():
        raise WeightsError(f"{directory}: no such model folder")
    missing = [name for name in ENTRY_FILES if not (directory / name).is_file()]
    if missing:
        raise WeightsError(
            f"{directory}: not a complete model folder (missing {', '.join(missing)})"
        )
    config = read_json(directory / CONFIG_FILE)
    source = read_json(directory / SOURCE_FILE)
    made_for = source.get("plugin")
    if made_for is not None and made_for != plugin:
        raise WeightsError(
            f"{directory}: these weights are for plugin {made_for!r}, not {plugin!r}"
        )
    digest = recorded_sha256(source)
    if digest is None:
        raise WeightsError(f"{directory / SOURCE_FILE}: no valid 'sha256' of {MODEL_FILE} recorded")
    return ModelRef(plugin, directory.name, directory, config, digest), source


def recorded_sha256(source: dict[str, Any]) -> str | None:
    """The SHA-256 of ``model.safetensors`` that ``source.json`` records, if well formed."""
    digest = source.get("sha256")
    return digest if isinstance(digest, str) and _SHA256.fullmatch(digest) else None


def read_json(path: Path) -> dict[str, Any]:
    """The JSON object in ``path``, or :class:`WeightsError` naming the file and the problem."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WeightsError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise WeightsError(f"{path}: cannot be read ({error})") from None
    except json.JSONDecodeError as error:
        raise WeightsError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(value, dict):
        raise WeightsError(f"{path}: must hold a JSON object, found {type(value).__name__}")
    return value


def to_json(value: Any, what: str) -> str:
    """``value`` as indented JSON text; numpy scalars and arrays become plain numbers/lists."""
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, default=_plain) + "\n"
    except (TypeError, ValueError) as error:
        raise WeightsError(f"{what} cannot be stored as JSON ({error})") from None


def _plain(value: Any) -> Any:
    # numpy values in configs are common (shapes, sample rates); json only knows Python ones.
    for convert in ("tolist", "item"):
        if callable(getattr(value, convert, None)):
            return getattr(value, convert)()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
