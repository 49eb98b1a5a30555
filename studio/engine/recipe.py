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

RECIPE_KEY = "persona-studio-recipe"
RECIPE_FORMAT = 1


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

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, source: object) -> Recipe:
        try:
            data = json.loads(text)
            if data.get("format", 0) > RECIPE_FORMAT:
                raise InputError(source, "the recipe was made by a newer version of Persona Studio")
            data.pop("format", None)
            return cls(**data)
        except (ValueError, TypeError, AttributeError) as error:
            raise InputError(source, f"the embedded recipe is damaged ({error})") from None


def read_recipe(path: Path) -> Recipe:
    """The recipe embedded in a PNG, WAV or FLAC result, or InputError."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file")
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
