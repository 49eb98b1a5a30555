"""Writing a result to PNG, WAV or FLAC with its recipe embedded."""

from __future__ import annotations

from pathlib import Path

from studio.api import AudioClip, Image
from studio.api.errors import StudioError

from .image_io import write_png
from .recipe import RECIPE_KEY, Recipe, audio_comment

IMAGE_SUFFIXES = (".png",)
AUDIO_SUFFIXES = (".wav", ".flac")


def save_output(path: Path, output: Image | AudioClip, recipe: Recipe) -> Path:
    path = Path(path)
    suffix = path.suffix.lower()
    if isinstance(output, Image):
        if suffix not in IMAGE_SUFFIXES:
            raise StudioError(f"{path}: the result is an image; save it as .png")
        write_png(path, output, {RECIPE_KEY: recipe.to_json()})
    else:
        if suffix not in AUDIO_SUFFIXES:
            raise StudioError(f"{path}: the result is audio; save it as .wav or .flac")
        from studio.audio.io import write_audio

        write_audio(path, output, comment=audio_comment(recipe))
    return path
