"""The public plugin contract of Persona Studio. Plugins import this and ``studio.ml`` only.

See ``docs/plugins.md`` for a walk-through.
"""

from .clip import AudioClip
from .contract import (
    CONTRACT_VERSION,
    Importer,
    Loader,
    Trainer,
    UntrainedFactory,
)
from .errors import Cancelled, InputError, StudioError, WeightsError
from .hookspecs import PROJECT, hookimpl, hookspec
from .progress import CancelToken, Progress, silent
from .types import (
    Generator,
    GeneratorInfo,
    Image,
    ImportedWeights,
    ImporterSpec,
    Kind,
    Latent,
    LatentSpec,
    ModelRef,
    Param,
    Slot,
    Task,
    TrainRequest,
    WeightsSpec,
)

__all__ = [
    "CONTRACT_VERSION",
    "PROJECT",
    "AudioClip",
    "CancelToken",
    "Cancelled",
    "Generator",
    "GeneratorInfo",
    "Image",
    "ImportedWeights",
    "Importer",
    "ImporterSpec",
    "InputError",
    "Kind",
    "Latent",
    "LatentSpec",
    "Loader",
    "ModelRef",
    "Param",
    "Progress",
    "Slot",
    "StudioError",
    "Task",
    "TrainRequest",
    "Trainer",
    "UntrainedFactory",
    "WeightsError",
    "WeightsSpec",
    "hookimpl",
    "hookspec",
    "silent",
]
