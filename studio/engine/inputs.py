"""Loading a generator's inputs from files, with the hashes the recipe records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from studio.api import AudioClip, GeneratorInfo, Image, Kind
from studio.api.errors import InputError, StudioError
from studio.api.files import require_file
from studio.weights.hashing import sha256_file

from .image_io import read_image

SILENCE_PEAK = 10 ** (-80 / 20)  # -80 dBFS: under any microphone's noise floor, over 16-bit dither


def load_inputs(
    info: GeneratorInfo, given: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    """Values for every slot of ``info`` and, for the recipe, each file's path and sha256.

    A slot's value may be a path (read here) or an already loaded AudioClip/Image (from the
    editor); in-memory values are recorded by their content hash.
    """
    unknown = sorted(set(given) - {slot.name for slot in info.inputs})
    if unknown:
        raise StudioError(f"{info.id} has no input named {', '.join(unknown)}")
    values: dict[str, Any] = {}
    recorded: dict[str, dict[str, str]] = {}
    for slot in info.inputs:
        value = given.get(slot.name)
        if value is None:
            if not slot.optional:
                raise StudioError(f"{info.id} needs an {slot.kind.value} input '{slot.name}'")
            continue
        if isinstance(value, (str, Path)):
            # Checked before resolve(), which cannot cope with a symbolic-link loop.
            path = require_file(value).resolve()
            values[slot.name] = _read(slot.kind, path)
            recorded[slot.name] = {"path": str(path), "sha256": sha256_file(path)}
        else:
            values[slot.name] = _check_kind(slot.kind, slot.name, value)
            recorded[slot.name] = {"path": "", "sha256": content_hash(value)}
        _refuse_silence(values[slot.name], value, slot.name)
    return values, recorded


def _refuse_silence(value: Any, given: Any, slot: str) -> None:
    """A clip whose loudest sample is below -80 dBFS (a muted microphone, dither alone, a mix
    with every track off) holds no sound: no generator can read anything from it, so none is
    asked to. The editor still opens such files; only generating from them is refused."""
    if isinstance(value, AudioClip) and not np.any(np.abs(value.samples) >= SILENCE_PEAK):
        source = given if isinstance(given, (str, Path)) else value.source or f"the {slot} input"
        raise InputError(source, "holds only silence (nothing above -80 dBFS): nothing to read")


def _read(kind: Kind, path: Path) -> Any:
    if kind is Kind.AUDIO:
        from studio.audio.io import read_audio

        return read_audio(path)
    return read_image(path)


def _check_kind(kind: Kind, name: str, value: Any) -> Any:
    expected = AudioClip if kind is Kind.AUDIO else Image
    if not isinstance(value, expected):
        raise InputError(name, f"expected {expected.__name__}, got {type(value).__name__}")
    return value


def content_hash(value: AudioClip | Image) -> str:
    import hashlib

    digest = hashlib.sha256()
    if isinstance(value, AudioClip):
        digest.update(f"{value.rate}:{value.samples.shape}".encode())
        digest.update(value.samples.tobytes())
    else:
        digest.update(f"{value.pixels.shape}".encode())
        digest.update(value.pixels.tobytes())
    return digest.hexdigest()
