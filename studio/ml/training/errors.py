"""The two ways a run ends early: a problem the user can fix, or the user asking to stop."""

from __future__ import annotations

from pathlib import Path

from studio.api.errors import StudioError


class TrainingError(StudioError):
    """A run cannot start or continue (bad config, missing or mismatched checkpoint, ...)."""


class Interrupted(Exception):
    """The user stopped training (Ctrl-C or a cancelled progress); a checkpoint was written.

    Deliberately not a :class:`StudioError`: the CLI reports it as a normal stop (exit 130),
    not as an error (exit 2).
    """

    def __init__(self, step: int, path: Path) -> None:
        self.step = step
        self.path = path  # the checkpoint to resume from (``checkpoints/last.pt``)
        super().__init__(f"interrupted at step {step}; checkpoint {path}")
