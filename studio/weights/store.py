"""The host's model store: ``<root>/<plugin>/<name>/`` entry folders (see :mod:`.entry`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from studio.api.errors import WeightsError
from studio.api.types import ImportedWeights, ModelRef

from .atomic import discard_directory, staged_directory
from .entry import CONFIG_FILE, MODEL_FILE, SOURCE_FILE, open_entry, read_entry, to_json
from .location import store_root
from .names import check_name
from .source import file_record, source_record
from .verify import VerifyReport, verify_entry

# Tells safetensors-aware tools (transformers, diffusers) the tensors are torch's.
SAFETENSORS_METADATA = {"format": "pt"}


@dataclass(frozen=True)
class ModelEntry:
    """One installed model as listed; ``problem`` says why it cannot be opened ("" if it can)."""

    plugin: str
    name: str
    path: Path
    sha256: str
    bytes: int
    origin: str = ""
    licence: str = ""
    demo: bool = False
    problem: str = ""


class ModelStore:
    """Installed models. ``root`` is the ``models`` folder; by default :func:`store_root`."""

    open_entry = staticmethod(open_entry)  # for bundled demo models and ``--weights PATH``

    def __init__(self, root: str | PathLike[str] | None = None):
        self.root = Path(root) if root is not None else store_root()

    def directory(self, plugin: str, name: str) -> Path:
        """Where the entry ``plugin``/``name`` lives (whether or not it exists)."""
        return self.root / check_name(plugin, "plugin name") / check_name(name)

    def add(
        self,
        plugin: str,
        name: str,
        imported: ImportedWeights,
        *,
        original_files: Iterable[str | PathLike[str]] = (),
        importer: str = "",
        replace: bool = False,
        demo: bool = False,
    ) -> ModelRef:
        """Store ``imported`` as ``plugin``/``name``; the entry appears complete or not at all."""
        destination = self.directory(plugin, name)
        if destination.exists() and not replace:
            raise WeightsError(
                f"a model named {name!r} for plugin {plugin!r} is already installed "
                f"({destination}); choose another name or replace it"
            )
        if not imported.tensors:
            raise WeightsError(f"{plugin}/{name}: the imported weights hold no tensors")
        if not isinstance(imported.config, dict):
            raise WeightsError(
                f"{plugin}/{name}: the model config must be a dict of hyper-parameters"
            )
        # Cheap checks and the hashing of the originals come first, so mistakes fail fast.
        config_text = to_json(imported.config, f"{plugin}/{name}: the model config")
        originals = [file_record(path) for path in original_files]
        from studio.ml import checkpoint  # torch is loaded only when weights are written

        with staged_directory(destination, replace=replace) as staging:
            checkpoint.save_safetensors(
                staging / MODEL_FILE, imported.tensors, SAFETENSORS_METADATA
            )
            (staging / CONFIG_FILE).write_text(config_text, encoding="utf-8")
            source = source_record(
                plugin=plugin,
                name=name,
                imported=imported,
                model=file_record(staging / MODEL_FILE),
                original_files=originals,
                importer=importer,
                demo=demo,
            )
            (staging / SOURCE_FILE).write_text(to_json(source, SOURCE_FILE), encoding="utf-8")
        return open_entry(destination, plugin)

    def list(self, plugin: str | None = None) -> list[ModelEntry]:
        """Installed entries, sorted by plugin then name; broken ones carry a ``problem``."""
        if plugin is not None:
            plugins = [check_name(plugin, "plugin name")]
        else:
            plugins = [folder.name for folder in _folders(self.root)]
        return [
            _listing(owner, folder) for owner in plugins for folder in _folders(self.root / owner)
        ]

    def get(self, plugin: str, name: str) -> ModelRef:
        """The installed entry ``plugin``/``name``, or :class:`WeightsError` naming what exists."""
        return open_entry(self._existing(plugin, name), plugin)

    def verify(self, plugin: str, name: str) -> VerifyReport:
        """Recompute the SHA-256 of the entry's tensors and compare with ``source.json``."""
        return verify_entry(self._existing(plugin, name), plugin)

    def remove(self, plugin: str, name: str) -> None:
        """Delete the entry ``plugin``/``name``."""
        discard_directory(self._existing(plugin, name))

    def _existing(self, plugin: str, name: str) -> Path:
        directory = self.directory(plugin, name)
        if directory.is_dir():
            return directory
        installed = [folder.name for folder in _folders(self.root / plugin)]
        available = (
            f"installed: {', '.join(installed)}" if installed else f"none installed in {self.root}"
        )
        raise WeightsError(f"no model named {name!r} for plugin {plugin!r} ({available})")


def _folders(parent: Path) -> list[Path]:
    """Sorted sub-folders of ``parent``, without hidden (staging) ones; [] if it is absent."""
    if not parent.is_dir():
        return []
    return sorted(c for c in parent.iterdir() if c.is_dir() and not c.name.startswith("."))


def _listing(plugin: str, directory: Path) -> ModelEntry:
    model = directory / MODEL_FILE
    size = model.stat().st_size if model.is_file() else 0
    try:
        ref, source = read_entry(directory, plugin)
    except WeightsError as error:
        return ModelEntry(plugin, directory.name, directory, "", size, problem=str(error))
    return ModelEntry(
        plugin,
        ref.name,
        directory,
        ref.sha256,
        size,
        origin=str(source.get("origin", "")),
        licence=str(source.get("licence", "")),
        demo=bool(source.get("demo", False)),
    )
