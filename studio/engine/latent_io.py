"""Saving and loading latents as ``.npz`` files of named arrays (reuse, blending, interpolation)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np

from studio.api import Latent
from studio.api.errors import InputError
from studio.api.files import require_file
from studio.api.zipguard import zip_problem
from studio.base.atomic import write_bytes_atomically

EXTRA_PREFIX = "extra."


def save_latent(path: Path, latent: Latent) -> None:
    arrays = dict(latent.arrays)
    arrays.update({EXTRA_PREFIX + name: value for name, value in latent.extras.items()})
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    write_bytes_atomically(Path(path), buffer.getvalue())


def load_latent(path: Path) -> Latent:
    path = require_file(path)
    try:
        with zipfile.ZipFile(path) as archive:
            problem = zip_problem(archive)
    except Exception:
        problem = "not a zip archive"
    if problem:
        raise InputError(path, f"not a latent .npz file ({problem})")
    try:
        with np.load(path, allow_pickle=False) as data:
            loaded = {name: np.array(data[name]) for name in data.files}
    except MemoryError:
        raise InputError(path, "not enough memory to read this latent") from None
    except Exception as error:  # numpy and zipfile fail in many ways on forged files
        reason = " ".join(str(error).split())[:200] or type(error).__name__
        if "pickle" in reason:  # numpy's advice to load it unsafely is not ours to give
            reason = "it holds pickled Python objects, which could run code; refused"
        raise InputError(path, f"not a latent .npz file ({reason})") from error
    if not loaded:
        raise InputError(path, "the latent file holds no arrays")
    for name, array in loaded.items():
        problem = _array_problem(array)
        if problem:
            raise InputError(path, f"the latent array {name!r} {problem}")
    extras = {k[len(EXTRA_PREFIX) :]: v for k, v in loaded.items() if k.startswith(EXTRA_PREFIX)}
    arrays = {k: v for k, v in loaded.items() if not k.startswith(EXTRA_PREFIX)}
    return Latent(arrays, extras)


def _array_problem(array: np.ndarray) -> str | None:
    """Why an array cannot be a latent: generators decode real numbers, nothing else."""
    if array.dtype.kind not in "biuf":
        return f"holds {array.dtype} values, not numbers"
    if array.size == 0:
        return "is empty"
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        return "holds NaN or infinite values"
    return None
