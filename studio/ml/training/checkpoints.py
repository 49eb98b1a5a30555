"""The run's checkpoint folder: atomic saves, ``last.pt`` plus the newest step copies.

Files are ``torch.save`` of plain containers (dicts, lists, numbers, tensors), so they load
with ``torch.load(weights_only=True)``; nothing here ever loads with ``weights_only=False``.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import torch

from studio.base.atomic import replacing

from .errors import TrainingError

LAST = "last.pt"
_STEP_FILE = re.compile(r"^step-(\d+)\.pt$")


def step_name(step: int) -> str:
    return f"step-{step:08d}.pt"


def load_checkpoint(path: Path) -> dict[str, Any]:
    """A checkpoint written by :class:`CheckpointFolder`, read without unpickling code."""
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise TrainingError(f"{path}: no such checkpoint") from None
    except Exception as error:
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise TrainingError(f"{path}: not a readable training checkpoint ({reason})") from None
    if not isinstance(state, dict) or "step" not in state or "tracked" not in state:
        raise TrainingError(f"{path}: not a training checkpoint of studio.ml.training")
    return state


class CheckpointFolder:
    """``<out>/checkpoints``: ``last.pt`` is always the newest; ``keep`` step copies are kept."""

    def __init__(self, folder: Path, keep: int) -> None:
        self.folder = folder
        self.keep = keep

    @property
    def last(self) -> Path:
        return self.folder / LAST

    def save(self, state: dict[str, Any], step: int) -> Path:
        """Write ``state`` as step ``step``; a failure leaves every existing file as it was."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.last if self.keep == 0 else self.folder / step_name(step)
        with replacing(target) as temporary, temporary.open("wb") as stream:
            torch.save(state, stream)
            stream.flush()
            os.fsync(stream.fileno())
        if target != self.last:
            # last.pt is a hard link to the step copy: written once, still swapped atomically.
            with replacing(self.last) as temporary:
                temporary.unlink()
                try:
                    os.link(target, temporary)
                except OSError:  # a file system without hard links
                    shutil.copyfile(target, temporary)
            self._prune()
        return self.last

    def load(self) -> dict[str, Any]:
        if not self.last.is_file():
            raise TrainingError(
                f"cannot resume: {self.last} does not exist (no checkpoint has been written in "
                f"{self.folder.parent} yet); start without --resume"
            )
        return load_checkpoint(self.last)

    def step_copies(self) -> list[Path]:
        """The step-N.pt files, oldest first."""
        found = [
            (int(match.group(1)), path)
            for path in self.folder.glob("step-*.pt")
            if (match := _STEP_FILE.match(path.name))
        ]
        return [path for _, path in sorted(found)]

    def _prune(self) -> None:
        copies = self.step_copies()
        for path in copies[: max(len(copies) - self.keep, 0)]:
            path.unlink(missing_ok=True)
