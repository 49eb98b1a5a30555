"""Dataset manifests: JSON lines of ``{"speaker", "audio", "face", "split"}``.

A line may carry an audio file, a face image or both (paired corpora); paths are relative to
the manifest's folder unless absolute. Every problem in a manifest is collected and reported
at once, with counts, before any training starts.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from studio.api.errors import InputError
from studio.api.files import require_file
from studio.base.atomic import write_text_atomically

SPLITS = ("train", "val", "test")
MEDIA = ("audio", "face")
SHOWN = 5  # problems named in a message before "... and N more"


@dataclass(frozen=True)
class Sample:
    speaker: str
    audio: Path | None
    face: Path | None
    split: str

    def to_json(self, root: Path) -> str:
        def relative(path: Path | None) -> str | None:
            if path is None:
                return None
            try:
                return path.relative_to(root).as_posix()
            except ValueError:
                return str(path)

        record = {
            "speaker": self.speaker,
            "audio": relative(self.audio),
            "face": relative(self.face),
            "split": self.split,
        }
        return json.dumps(record, sort_keys=True)


def read_manifest(path: Path) -> list[Sample]:
    """All samples of a manifest; malformed lines are reported together with line numbers."""
    path = require_file(path)
    root = path.parent
    samples, problems = [], []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise InputError(path, f"line {line} is not UTF-8 text; a manifest is JSON lines") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            samples.append(_sample(json.loads(line), root))
        except (ValueError, TypeError, KeyError, RecursionError) as error:
            reason = " ".join(str(error).split())[:120] or "nested too deeply"
            if isinstance(error, KeyError):
                reason = f"missing {reason}"
            problems.append(f"line {number}: {reason}")
    if problems:
        raise InputError(path, f"{len(problems)} malformed line(s): {_preview(problems)}")
    if not samples:
        raise InputError(path, "the manifest lists no samples")
    return samples


def _sample(record: dict, root: Path) -> Sample:
    if not isinstance(record, dict):
        raise TypeError("not a JSON object")
    speaker = record["speaker"]
    if not isinstance(speaker, str) or not speaker:
        raise ValueError("'speaker' must be a non-empty string")
    split = record.get("split", "train")
    if split not in SPLITS:
        raise ValueError(f"'split' must be one of {', '.join(SPLITS)}, got {split!r}")
    media = {kind: record.get(kind) for kind in MEDIA}
    if not any(media.values()):
        raise ValueError("needs an 'audio' or a 'face' path")
    resolved = {kind: (root / value if value else None) for kind, value in media.items()}
    return Sample(speaker, resolved["audio"], resolved["face"], split)


def write_manifest(path: Path, samples: Iterable[Sample]) -> Path:
    path = Path(path)
    lines = [sample.to_json(path.parent) for sample in samples]
    write_text_atomically(path, "\n".join(lines) + "\n")
    return path


class FileProblems:
    """Problems with a manifest's files, gathered so they are all reported in one message."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.named: list[str] = []

    def add(self, problem: str, file: Path, detail: str = "") -> None:
        self.counts[problem] += 1
        self.named.append(f"{file} ({detail or problem})")

    def check(self, sample: Sample, kinds: Iterable[str] = MEDIA) -> bool:
        """Record missing or empty files of ``sample``; True when all of them exist."""
        fine = True
        for kind in kinds:
            file = getattr(sample, kind)
            if file is None:
                continue
            if not file.is_file():
                self.add(f"missing {kind}", file, "missing")
            elif file.stat().st_size == 0:
                self.add(f"empty {kind}", file, "empty")
            else:
                continue
            fine = False
        return fine

    def raise_if_any(self, manifest: Path, files: int) -> None:
        if self.named:
            counts = ", ".join(f"{n} {problem}" for problem, n in sorted(self.counts.items()))
            raise InputError(manifest, f"{counts} (of {files} files): {_preview(self.named)}")


def check_files(manifest: Path, samples: list[Sample], kinds: Iterable[str] = MEDIA) -> None:
    """Raise one InputError naming every missing or empty file, counted by kind."""
    problems = FileProblems()
    for sample in samples:
        problems.check(sample, kinds)
    files = sum(getattr(sample, kind) is not None for sample in samples for kind in kinds)
    problems.raise_if_any(manifest, files)


def _preview(items: list[str]) -> str:
    shown = "; ".join(items[:SHOWN])
    return shown + (f"; ... and {len(items) - SHOWN} more" if len(items) > SHOWN else "")
