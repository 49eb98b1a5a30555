"""Running one generator over many input files into an output folder (the CLI's
``generate FILE... -o FOLDER`` and the app's File > Batch generate share this).

Each file is its own job: one that fails (unreadable, too short) is recorded with its message
and the batch goes on; cancelling stops between or inside files, keeping what is written.
Outputs are named after their input and never overwrite an existing file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.api import GeneratorInfo, Kind, Progress
from studio.api.errors import Cancelled, StudioError

AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".oga", ".aif", ".aiff", ".aifc", ".opus")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff")


@dataclass(frozen=True)
class BatchItem:
    input: Path
    output: Path | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def input_kind(path: Path) -> Kind | None:
    suffix = path.suffix.lower()
    if suffix in AUDIO_SUFFIXES:
        return Kind.AUDIO
    if suffix in IMAGE_SUFFIXES:
        return Kind.IMAGE
    return None


def batch_inputs(paths: Iterable[Path], info: GeneratorInfo) -> list[Path]:
    """The files (folders are searched, not recursively) the generator can take, sorted."""
    kinds = {slot.kind for slot in info.inputs}
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and input_kind(p) in kinds)
        else:
            found.append(path)
    return found


def output_path(folder: Path, source: Path, info: GeneratorInfo, taken: set[Path]) -> Path:
    suffix = ".png" if info.output is Kind.IMAGE else ".wav"
    stem = f"{source.stem}-{info.id.split(':', 1)[1]}"
    path = folder / f"{stem}{suffix}"
    number = 2
    while path.exists() or path in taken:
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    taken.add(path)
    return path


def run_batch(
    engine,
    info: GeneratorInfo,
    inputs: list[Path],
    folder: Path,
    params: dict[str, Any],
    seed: int,
    weights: str | None,
    device: str | None,
    progress: Progress,
    on_item: Callable[[int, BatchItem], None] | None = None,
    fixed: dict[str, Any] | None = None,
) -> list[BatchItem]:
    """Generate one output per input into ``folder`` (made if missing), each with its recipe.
    ``fixed`` inputs (slot name to file or value) go with every item: the reference face of a
    face-to-voice batch over a folder of speech, say."""
    fixed = dict(fixed or {})
    from studio.engine import GenerateRequest
    from studio.engine.outputs import save_output

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    done: list[BatchItem] = []
    taken: set[Path] = set()
    count = max(len(inputs), 1)
    for index, source in enumerate(inputs):
        step = progress.span(index / count, (index + 1) / count)
        step.update(0.0, f"{index + 1} of {len(inputs)}: {source.name}")
        item: BatchItem
        kind = input_kind(source)
        slots = [slot for slot in info.inputs if slot.kind is kind and slot.name not in fixed]
        try:
            if not slots:
                raise StudioError(
                    f"{source}: {info.title} takes no {kind.value if kind else 'such'} input"
                )
            request = GenerateRequest(
                generator=info.id,
                inputs={**fixed, slots[0].name: source},
                params=dict(params),
                seed=seed,
                weights=weights,
                device=device,
            )
            result = engine.generate(request, step)
            target = output_path(folder, source, info, taken)
            save_output(target, result.output, result.recipe)
            item = BatchItem(source, target)
        except Cancelled:
            raise
        except StudioError as error:
            item = BatchItem(source, error=str(error))
        except Exception as error:  # a plugin's bug on one file must not lose the others
            item = BatchItem(source, error=f"internal error: {type(error).__name__}: {error}")
        done.append(item)
        if on_item is not None:
            on_item(index, item)
    return done


def summary(items: list[BatchItem]) -> str:
    failed = [item for item in items if not item.ok]
    text = f"{len(items) - len(failed)} of {len(items)} done"
    if failed:
        text += f", {len(failed)} failed:\n" + "\n".join(
            f"  {i.input.name}: {i.error}" for i in failed
        )
    return text
