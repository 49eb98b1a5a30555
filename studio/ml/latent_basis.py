"""Named latent directions a weights entry may carry (``latent_basis.npz``).

The file holds ``names`` (strings) and ``vectors`` (``[k, dim]`` floats): the app offers one
slider per direction instead of the raw latent axes. Principal axes over a training corpus,
named after what they change, make far better sliders than 64 anonymous coordinates.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from studio.base.atomic import write_bytes_atomically

BASIS_FILE = "latent_basis.npz"


def read_latent_basis(directory: Path | None, dim: int) -> list[tuple[str, np.ndarray]] | None:
    """The entry's named unit directions, or None when it has none (or an unusable file)."""
    if directory is None or not (Path(directory) / BASIS_FILE).is_file():
        return None
    try:
        with np.load(Path(directory) / BASIS_FILE, allow_pickle=False) as data:
            names, vectors = (
                [str(name) for name in data["names"]],
                np.asarray(data["vectors"], np.float64),
            )
    except (OSError, KeyError, ValueError):
        return None
    if vectors.ndim != 2 or vectors.shape[1] != dim or len(names) != len(vectors):
        return None
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return [(name, vector) for name, vector in zip(names, vectors / np.maximum(norms, 1e-12))]


def write_latent_basis(directory: Path, names: list[str], vectors: np.ndarray) -> Path:
    path = Path(directory) / BASIS_FILE
    buffer = io.BytesIO()
    np.savez(buffer, names=np.array(names), vectors=np.asarray(vectors, np.float32))
    write_bytes_atomically(path, buffer.getvalue())
    return path
