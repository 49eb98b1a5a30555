"""What a training run is asked to do: :class:`TrainConfig`."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .errors import TrainingError


@dataclass
class TrainConfig:
    """Settings every recipe shares; recipe-specific hyper-parameters live in the recipe."""

    out: Path  # run folder: checkpoints/, metrics.csv, run.json, tensorboard/ (if installed)
    steps: int  # total optimisation steps
    seed: int = 0
    checkpoint_every: int = 200
    log_every: int = 10
    resume: bool = False  # continue from out/checkpoints/last.pt
    device: str | None = None  # None/"auto": cuda if available else cpu; torchrun: cuda:LOCAL_RANK
    amp: bool = True  # mixed precision, used only on CUDA
    label: str = "train"  # shown in the progress line
    keep_checkpoints: int = 2  # step-N.pt copies kept besides last.pt (0: only last.pt)

    def __post_init__(self) -> None:
        self.out = Path(self.out)
        for name, least in (
            ("steps", 0),
            ("checkpoint_every", 1),
            ("log_every", 1),
            ("keep_checkpoints", 0),
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise TrainingError(f"{name} must be an integer >= {least}, not {value!r}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise TrainingError(f"seed must be an integer >= 0, not {self.seed!r}")

    def to_json(self) -> dict[str, Any]:
        record = asdict(self)
        record["out"] = str(self.out)
        return record


def stage_config(settings: Any, out: Path, steps: int, resume: bool, device, label: str):
    """The :class:`TrainConfig` of one stage of a multi-stage recipe, whose ``settings`` carry
    ``seed``, ``checkpoint_every`` and ``log_every``. A stage resumes only where it left a
    checkpoint: an interrupted first stage has none for the second."""
    resume = resume and (Path(out) / "checkpoints" / "last.pt").is_file()
    return TrainConfig(
        out=out,
        steps=steps,
        seed=settings.seed,
        checkpoint_every=settings.checkpoint_every,
        log_every=settings.log_every,
        resume=resume,
        device=device,
        label=label,
    )
