"""Results of generations as the history strip keeps them, and exporting one with its recipe.

A result moved by latent sliders (or live params) is a new entry derived from the one it was
moved from; exporting it also writes the moved latent next to the file and records it in the
recipe, so ``persona-studio generate --recipe`` can reproduce exactly what was shown.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from studio.api import AudioClip, GeneratorInfo, Image, Latent, ModelRef
from studio.audio import PeakPyramid
from studio.engine.latent_io import save_latent
from studio.engine.outputs import save_output
from studio.engine.recipe import Recipe
from studio.weights.hashing import sha256_file

LATENT_SUFFIX = ".latent.npz"


@dataclass(frozen=True, eq=False)
class Result:
    number: int  # shown in the history strip: #1, #2...
    info: GeneratorInfo
    output: Image | AudioClip
    recipe: Recipe
    model: ModelRef
    encoded: Latent  # what encode gave: the sliders' zero point
    latent: Latent  # what was decoded into ``output``
    inputs: dict[str, Any] = field(default_factory=dict)  # in memory, for re-running
    weights: str | None = None  # the weights picker's choice
    positions: np.ndarray | None = None  # latent slider positions, when moved
    derived_from: int | None = None  # the number of the result this was moved from
    peaks: PeakPyramid | None = None  # an audio output summarised for drawing (made in the worker)
    # Where the input came from on the timeline (the selection's start and tracks), so the
    # lanes can show which parts of it shaped the result; None when not from the selection.
    input_start: float | None = None
    input_tracks: frozenset[int] = frozenset()

    @property
    def moved(self) -> bool:
        return self.positions is not None and bool(np.any(self.positions))

    @property
    def params(self) -> dict[str, Any]:
        return {**self.recipe.params, "seed": self.recipe.seed}

    def with_preview(
        self, number: int, latent: Latent, output, positions: np.ndarray, params: dict[str, Any]
    ) -> Result:
        # Decoded from a latent, as ``generate --latent`` records it: no inputs, the latent is
        # written beside the output on export.
        recipe = dataclasses.replace(
            self.recipe, params={k: v for k, v in params.items() if k != "seed"}, inputs={}
        )
        return dataclasses.replace(
            self,
            number=number,
            output=output,
            latent=latent,
            recipe=recipe,
            positions=np.array(positions, copy=True),
            derived_from=self.derived_from or self.number,
            peaks=summary(output),
        )

    def describe(self) -> str:
        """The recipe as the history strip's tooltip shows it."""
        recipe = self.recipe
        lines = [
            f"#{self.number}  {self.info.title}",
            f"weights: {recipe.weights.get('name', '?')} ({recipe.weights.get('sha256', '')[:12]})",
            f"seed: {recipe.seed}    device: {recipe.device}",
            "params: " + json.dumps(recipe.params, sort_keys=True),
        ]
        for slot, source in recipe.inputs.items():
            lines.append(
                f"input {slot}: {source.get('path') or 'the selection'} ({source['sha256'][:12]})"
            )
        if self.derived_from is not None:
            lines.append(f"latent moved by sliders from #{self.derived_from}")
        return "\n".join(lines)


def summary(output: Image | AudioClip) -> PeakPyramid | None:
    """What the canvas draws an audio output from (None for images)."""
    return PeakPyramid.build(output) if isinstance(output, AudioClip) else None


def export(result: Result, path: Path) -> list[Path]:
    """Write the output (PNG, WAV or FLAC) with its recipe; a moved latent goes alongside."""
    path = Path(path)
    recipe = result.recipe
    written = []
    if result.moved or result.derived_from is not None:
        latent_path = path.with_name(path.stem + LATENT_SUFFIX)
        save_latent(latent_path, result.latent)
        recipe = dataclasses.replace(
            recipe, latent={"path": str(latent_path.resolve()), "sha256": sha256_file(latent_path)}
        )
        written.append(latent_path)
    save_output(path, result.output, recipe)
    return [path, *written]


def default_name(result: Result) -> str:
    suffix = ".png" if isinstance(result.output, Image) else ".wav"
    return f"{result.info.id.replace(':', '_')}-{result.number}{suffix}"
