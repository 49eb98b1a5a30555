"""The training toolkit every plugin's training recipe uses.

``Run`` handles the parts a recipe should not have to get right again: devices and
torchrun/DDP, seeding, a data order that survives resuming and matches across process
counts, mixed precision, metrics, the progress line, checkpoints and Ctrl-C. See
:mod:`studio.ml.training.run` for a recipe skeleton.
"""

from .checkpoints import load_checkpoint
from .config import TrainConfig, stage_config
from .errors import Interrupted, TrainingError
from .run import Run, export_state

__all__ = [
    "Interrupted",
    "Run",
    "TrainConfig",
    "TrainingError",
    "export_state",
    "load_checkpoint",
    "stage_config",
]
