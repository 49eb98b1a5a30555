"""The plugin contract's version and the callables a descriptor names by dotted path.

A ``GeneratorInfo`` names its callables as ``"module:function"`` strings so that the host can
list generators without importing model code; these protocols say what each string must name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from .types import Generator, ImportedWeights, ModelRef, TrainRequest

# The contract this app speaks. A plugin module declares the one it was written for as
# ``STUDIO_CONTRACT = N`` (none declared: 1); the host lists a plugin written for a newer
# contract as failed, with the reason, instead of calling hooks it cannot understand.
CONTRACT_VERSION = 1
CONTRACT_ATTRIBUTE = "STUDIO_CONTRACT"


class Loader(Protocol):
    """``GeneratorInfo.load``: called on the first Generate with a weights entry (then cached
    per generator, weights and device). Returns the model on ``device`` ("cpu", "cuda",
    "cuda:N" or "mps"), ready for ``encode`` and ``decode``."""

    def __call__(self, device: str, model: ModelRef) -> Generator: ...


class Trainer(Protocol):
    """``GeneratorInfo.trainer``: called by ``persona-studio train`` (once per process under
    torchrun). Returns the weights to export on the main process, ``None`` on the others."""

    def __call__(self, request: TrainRequest) -> ImportedWeights | None: ...


class Importer(Protocol):
    """``ImporterSpec.function``: called by ``persona-studio models import`` with the user's
    files, in the order ``ImporterSpec.files`` describes. Reads them without running pickled
    code (``studio.ml.checkpoint``) and raises ``WeightsError`` naming the file on a mismatch."""

    def __call__(self, files: list[Path]) -> ImportedWeights: ...


class UntrainedFactory(Protocol):
    """``GeneratorInfo.untrained``: randomly initialised weights of the full architecture from
    ``seed``, for the self-test and "untrained (random)" when no trained weights exist."""

    def __call__(self, seed: int) -> ImportedWeights: ...
