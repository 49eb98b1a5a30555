"""Descriptors a plugin returns from its hook, and the values that flow through a generator.

Everything here is cheap to import (numpy at most): the host reads these descriptors at
start-up, long before any model is loaded.
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .progress import Progress

GENERATOR_ID = re.compile(r"^[a-z][a-z0-9_]*:[a-z][a-z0-9_-]*$")
PARAM_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PARAM_TYPES = (float, int, bool, str)


class Task(str, enum.Enum):
    VOICE_TO_FACE = "voice-to-face"
    FACE_TO_VOICE = "face-to-voice"
    FACE_TO_FACE = "face-to-face"
    VOICE_TO_VOICE = "voice-to-voice"
    SOUND_TO_SCENE = "sound-to-scene"
    LATENT_TO_FACE_AND_VOICE = "latent-to-face-and-voice"
    RESTORE_FACE = "restore-face"


class Kind(str, enum.Enum):
    AUDIO = "audio"
    IMAGE = "image"


def parse_bool(text: str) -> bool:
    """Command-line text as a bool: 1/0, true/false, yes/no, on/off."""
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"expected true or false, got {text!r}")


@dataclass(frozen=True)
class Param:
    """One user-facing parameter. ``live`` params re-run only ``decode`` when moved."""

    name: str
    type: type
    default: Any
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] = ()
    live: bool = False
    title: str = ""
    help: str = ""

    def problems(self) -> list[str]:
        """What is wrong with this descriptor (empty when it is well formed)."""
        found = []
        if not isinstance(self.name, str) or not PARAM_NAME.match(self.name):
            found.append(f"param name {self.name!r} is not a lower-case identifier")
        if self.type not in PARAM_TYPES:
            found.append(f"param {self.name!r}: type must be one of float, int, bool, str")
            return found
        try:
            self.coerce(self.default)
        except ValueError as error:
            found.append(f"param {self.name!r}: default {self.default!r} is invalid ({error})")
        if (
            self.minimum is not None
            and self.maximum is not None
            and not self.minimum <= self.maximum
        ):
            found.append(f"param {self.name!r}: minimum is above maximum")
        return found

    def coerce(self, value: Any) -> Any:
        """``value`` (a typed value or command-line text) as this param's type, or ValueError."""
        if isinstance(value, str) and self.type is not str:
            value = self._parse(value)
        if self.type is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = float(value)
        if self.type is int and isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, self.type) or (self.type is int and isinstance(value, bool)):
            raise ValueError(f"expected {self.type.__name__}, got {value!r}")
        if self.type is float and not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {value!r}")
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"{value!r} is below the minimum {self.minimum!r}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"{value!r} is above the maximum {self.maximum!r}")
        if self.choices and value not in self.choices:
            raise ValueError(f"{value!r} is not one of {list(self.choices)}")
        return value

    def _parse(self, text: str) -> Any:
        if self.type is bool:
            return parse_bool(text)
        try:
            return self.type(text)
        except ValueError:
            raise ValueError(f"expected {self.type.__name__}, got {text!r}") from None


IMAGE_CONTENTS = ("face", "scene")


@dataclass(frozen=True)
class Slot:
    """A named input of a generator: an audio clip or an image.

    For an image, ``aspect`` is the width / height the generator wants (the app's crop tool is
    locked to it) and ``content`` says how a picture is first framed: ``"face"`` centres the
    crop on the largest detected face, ``"scene"`` takes the whole picture.
    """

    name: str
    kind: Kind
    title: str = ""
    optional: bool = False
    aspect: float = 1.0
    content: str = "face"

    def problems(self) -> list[str]:
        found = []
        if not isinstance(self.kind, Kind):
            found.append(f"input {self.name!r}: kind must be a studio.api.Kind")
        aspect_ok = isinstance(self.aspect, (int, float)) and not isinstance(self.aspect, bool)
        if not aspect_ok or not math.isfinite(self.aspect) or not 0.1 <= self.aspect <= 10:
            found.append(f"input {self.name!r}: aspect must be a number from 0.1 to 10")
        if self.content not in IMAGE_CONTENTS:
            found.append(f"input {self.name!r}: content must be one of {list(IMAGE_CONTENTS)}")
        return found


@dataclass(frozen=True)
class LatentSpec:
    """The latent that ``decode`` consumes and that sliders move.

    ``array`` names the entry of :class:`Latent` the sliders act on; ``basis`` says how the
    slider directions are chosen ("pca" of the weights when known, else "axes").
    """

    dim: int
    array: str = "latent"
    basis: str = "axes"
    unit_norm: bool = False
    title: str = ""


@dataclass(frozen=True)
class WeightsSpec:
    """A set of weights a generator can run on.

    ``bundled`` is a folder, relative to the plugin package, holding a model-store entry
    (``model.safetensors`` + ``config.json`` + ``source.json``); ``None`` means the user
    imports it into the model store.
    """

    name: str
    title: str = ""
    bundled: str | None = None
    licence: str = ""
    demo: bool = False


@dataclass(frozen=True)
class ImporterSpec:
    """Turns a user's official checkpoint files into a model-store entry.

    ``function`` is a dotted ``"module:callable"`` path, imported only when used; it takes a
    list of paths and returns :class:`ImportedWeights`. ``files`` describes what to pass.
    """

    name: str
    function: str
    files: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class GeneratorInfo:
    """What a plugin tells the host about one generator, before any model is loaded."""

    id: str
    title: str
    task: Task
    inputs: tuple[Slot, ...]
    output: Kind
    load: str
    params: tuple[Param, ...] = ()
    latent: LatentSpec | None = None
    weights: tuple[WeightsSpec, ...] = ()
    importers: tuple[ImporterSpec, ...] = ()
    paper: str = ""
    description: str = ""
    trainer: str | None = None
    # Dotted path to ``make(seed) -> ImportedWeights`` giving randomly initialised weights of
    # the full architecture; used by the self-test when no trained weights are installed.
    untrained: str | None = None

    @property
    def plugin(self) -> str:
        return self.id.split(":", 1)[0]

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(name)

    def problems(self) -> list[str]:
        """What is wrong with this descriptor (empty when it is well formed)."""
        found = []
        if not isinstance(self.id, str) or not GENERATOR_ID.match(self.id):
            found.append(f"generator id {self.id!r} is not of the form 'plugin:name'")
        if not isinstance(self.task, Task):
            found.append(f"{self.id}: task {self.task!r} is not a studio.api.Task")
        if not isinstance(self.output, Kind):
            found.append(f"{self.id}: output {self.output!r} is not a studio.api.Kind")
        if not isinstance(self.load, str) or ":" not in self.load:
            found.append(f"{self.id}: load must be a 'module:function' path")
        if not all(isinstance(slot, Slot) for slot in self.inputs):
            found.append(f"{self.id}: inputs must be Slot objects with a Kind")
        else:
            found += [
                f"{self.id}: {problem}" for slot in self.inputs for problem in slot.problems()
            ]
        names = set()
        for param in self.params:
            if not isinstance(param, Param):
                found.append(f"{self.id}: param {param!r} is not a studio.api.Param")
                continue
            found += [f"{self.id}: {problem}" for problem in param.problems()]
            if param.name in names:
                found.append(f"{self.id}: param {param.name!r} is declared twice")
            names.add(param.name)
        if self.latent is not None and (
            not isinstance(self.latent, LatentSpec) or self.latent.dim < 1
        ):
            found.append(f"{self.id}: latent must be a LatentSpec with dim >= 1")
        return found


@dataclass
class Image:
    """An RGB image: ``pixels`` is uint8 ``[height, width, 3]``."""

    pixels: np.ndarray
    source: str | None = None

    def __post_init__(self) -> None:
        pixels = np.asarray(self.pixels)
        if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] != 3:
            raise ValueError(
                f"Image pixels must be uint8 [H, W, 3], got {pixels.dtype} {pixels.shape}"
            )
        self.pixels = pixels

    @property
    def size(self) -> tuple[int, int]:
        return self.pixels.shape[1], self.pixels.shape[0]


@dataclass
class Latent:
    """Named arrays ``decode`` consumes; ``extras`` are side outputs sliders never move."""

    arrays: dict[str, np.ndarray]
    extras: dict[str, np.ndarray] = field(default_factory=dict)

    def copy(self) -> Latent:
        return Latent(
            {k: np.array(v, copy=True) for k, v in self.arrays.items()},
            {k: np.array(v, copy=True) for k, v in self.extras.items()},
        )


@dataclass
class ImportedWeights:
    """What an importer or the untrained-weights factory hands to the model store.

    ``tensors`` maps state-dict keys to torch tensors (or numpy arrays); ``config`` holds the
    architecture's hyper-parameters; ``licence`` and ``origin`` end up in ``source.json``.
    """

    tensors: dict[str, Any]
    config: dict[str, Any]
    licence: str = ""
    origin: str = ""


@dataclass(frozen=True)
class ModelRef:
    """A model-store entry handed to ``load``: read tensors with ``studio.ml.checkpoint``."""

    plugin: str
    name: str
    directory: Path | None  # None for a generator that needs no weights
    config: dict[str, Any]
    sha256: str

    @property
    def weights_file(self) -> Path:
        return self.directory / "model.safetensors"


@dataclass(frozen=True)
class TrainRequest:
    """What ``persona-studio train`` hands a generator's ``trainer``.

    ``settings`` are the raw ``--set NAME=VALUE`` texts; the recipe parses them (see
    ``studio.ml.settings``). The trainer returns the weights to export (on the main process of a
    distributed run; ``None`` elsewhere).
    """

    manifest: Path
    out: Path
    settings: dict[str, str]
    resume: bool = False
    device: str | None = None


@runtime_checkable
class Generator(Protocol):
    """What ``load(device, model)`` returns: the slow and the fast half of a generator."""

    def encode(
        self, inputs: dict[str, Any], params: dict[str, Any], progress: Progress
    ) -> Latent: ...

    def decode(self, latent: Latent, params: dict[str, Any], progress: Progress) -> Any: ...
