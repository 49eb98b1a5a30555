"""The public plugin contract of Persona Studio. Plugins import this and ``studio.ml`` only.

See ``docs/plugins.md`` for a walk-through.
"""

from .clip import AudioClip
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
    "PROJECT",
    "AudioClip",
    "CancelToken",
    "Cancelled",
    "Generator",
    "GeneratorInfo",
    "Image",
    "ImportedWeights",
    "ImporterSpec",
    "InputError",
    "Kind",
    "Latent",
    "LatentSpec",
    "ModelRef",
    "Param",
    "Progress",
    "Slot",
    "StudioError",
    "Task",
    "TrainRequest",
    "WeightsError",
    "WeightsSpec",
    "hookimpl",
    "hookspec",
    "silent",
]
