"""The recipe of a result: everything needed to make it again, embedded in the file it is saved to.

PNG files carry it in a ``tEXt`` chunk, WAV/FLAC files in their comment tag. The recipe holds
no time stamps, so the same job twice gives byte-identical files.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from studio.api.errors import InputError
from studio.api.files import require_file

RECIPE_KEY = "persona-studio-recipe"
RECIPE_FORMAT = 2  # 2: an enhanced result also records its restoration step
_SEEDS = (-(2**63), 2**64)  # what torch.manual_seed accepts


@dataclass
class Recipe:
    generator: str
    weights: dict[str, str]  # plugin, name, sha256
    params: dict[str, Any]
    seed: int
    inputs: dict[str, dict[str, str]] = field(default_factory=dict)  # slot -> path, sha256
    latent: dict[str, str] | None = None  # path, sha256 when decoded from a saved latent
    device: str = "cpu"
    app_version: str = ""
    format: int = RECIPE_FORMAT
    # Enhance: the restoration step run on this recipe's output (generator, weights, params,
    # seed); the result file holds the restored picture. None: the output as generated.
    enhance: dict[str, Any] | None = None

    def to_json(self) -> str:
        data = asdict(self)
        if data["enhance"] is None:  # a plain result reads as format 1, as it did before
            del data["enhance"]
            data["format"] = 1
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, source: object) -> Recipe:
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            version = data.pop("format", 0)
            if not isinstance(version, int):
                raise ValueError(f"format {version!r}")
            if version > RECIPE_FORMAT:
                raise InputError(source, "the recipe was made by a newer version of Persona Studio")
            recipe = cls(**data)
            _check_fields(recipe)
            return recipe
        except InputError:
            raise
        except (ValueError, TypeError, RecursionError) as error:
            reason = " ".join(str(error).split())[:200] or "nested too deeply"
            raise InputError(source, f"the embedded recipe is damaged ({reason})") from None


def _check_fields(recipe: Recipe) -> None:
    """A recipe's values are later used as ids, seeds and paths: their types must be right."""

    def text_map(value: Any) -> bool:
        return isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        )

    if not isinstance(recipe.generator, str) or not recipe.generator:
        raise ValueError("'generator' must name a generator")
    if not text_map(recipe.weights):
        raise ValueError("'weights' must map text to text")
    if not isinstance(recipe.params, dict) or not all(isinstance(k, str) for k in recipe.params):
        raise ValueError("'params' must map param names to values")
    seed = recipe.seed
    if not isinstance(seed, int) or isinstance(seed, bool) or not _SEEDS[0] <= seed < _SEEDS[1]:
        raise ValueError(f"'seed' must be a whole number that fits 64 bits, not {seed!r}"[:120])
    if not isinstance(recipe.inputs, dict) or not all(
        isinstance(slot, str) and text_map(entry) for slot, entry in recipe.inputs.items()
    ):
        raise ValueError("'inputs' must map slots to a path and a sha256")
    if recipe.latent is not None and not text_map(recipe.latent):
        raise ValueError("'latent' must map text to text")
    if not isinstance(recipe.device, str) or not isinstance(recipe.app_version, str):
        raise ValueError("'device' and 'app_version' must be text")
    step = recipe.enhance
    if step is not None and not (
        isinstance(step, dict)
        and isinstance(step.get("generator"), str)
        and text_map(step.get("weights"))
        and isinstance(step.get("params"), dict)
        and isinstance(step.get("seed"), int)
    ):
        raise ValueError("'enhance' must name a generator, its weights, params and seed")


def read_recipe(path: Path) -> Recipe:
    """The recipe embedded in a PNG, WAV or FLAC result, or InputError."""
    path = require_file(path)
    suffix = path.suffix.lower()
    if suffix == ".png":
        from .image_io import read_png_text

        text = read_png_text(path, RECIPE_KEY)
    elif suffix in (".wav", ".flac"):
        from studio.audio.io import read_comment

        text = read_comment(path)
        if text and RECIPE_KEY not in text[:64]:
            text = None
        elif text:
            text = text.split("\n", 1)[1]
    else:
        raise InputError(path, "recipes are read from .png, .wav or .flac results")
    if not text:
        raise InputError(path, "holds no Persona Studio recipe")
    return Recipe.from_json(text, path)


def audio_comment(recipe: Recipe) -> str:
    """The comment tag of an audio result: a marker line, then the recipe's JSON."""
    return f"{RECIPE_KEY}\n{recipe.to_json()}"
