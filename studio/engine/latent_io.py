"""Saving and loading latents as ``.npz`` files of named arrays (reuse, blending, interpolation)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np

from studio.api import Latent
from studio.api.errors import InputError
from studio.base.atomic import write_bytes_atomically

EXTRA_PREFIX = "extra."


def save_latent(path: Path, latent: Latent) -> None:
    arrays = dict(latent.arrays)
    arrays.update({EXTRA_PREFIX + name: value for name, value in latent.extras.items()})
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    write_bytes_atomically(Path(path), buffer.getvalue())


def load_latent(path: Path) -> Latent:
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    try:
        with np.load(path, allow_pickle=False) as data:
            loaded = {name: np.array(data[name]) for name in data.files}
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as error:
        raise InputError(path, f"not a latent .npz file ({error})") from None
    if not loaded:
        raise InputError(path, "the latent file holds no arrays")
    extras = {k[len(EXTRA_PREFIX) :]: v for k, v in loaded.items() if k.startswith(EXTRA_PREFIX)}
    arrays = {k: v for k, v in loaded.items() if not k.startswith(EXTRA_PREFIX)}
    return Latent(arrays, extras)
