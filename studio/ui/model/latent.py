"""Latent sliders: moving the latent a generator decodes along named directions.

A slider at ``s`` in [-1, 1] adds ``s * reach`` times its direction to the encoded latent;
``reach`` is three times the latent's RMS value, so a full swing is large but stays in the
range the decoder saw. Directions are the named ones the weights carry
(``studio.ml.latent_basis``, e.g. principal axes over a training corpus), else the latent's axes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.api import Latent, LatentSpec

REACH_IN_RMS = 3.0


@dataclass(frozen=True)
class Direction:
    name: str
    vector: np.ndarray  # [dim], unit length


def directions(
    spec: LatentSpec, basis: list[tuple[str, np.ndarray]] | None = None
) -> list[Direction]:
    """The weights' named directions when they carry some, else the latent's axes."""
    if basis:
        return [Direction(name, vector) for name, vector in basis]
    eye = np.eye(spec.dim, dtype=np.float64)
    return [Direction(f"{spec.title or 'axis'} {i + 1}", eye[i]) for i in range(spec.dim)]


def reach(base: Latent, spec: LatentSpec) -> float:
    values = np.asarray(base.arrays[spec.array], np.float64).reshape(-1)
    rms = float(np.sqrt(np.mean(values**2))) if values.size else 0.0
    return REACH_IN_RMS * rms if rms > 0 else 1.0


def moved(base: Latent, spec: LatentSpec, axes: list[Direction], positions: np.ndarray) -> Latent:
    """``base`` with ``spec.array`` moved by ``positions`` (one per direction, in [-1, 1])."""
    latent = base.copy()
    array = latent.arrays[spec.array]
    shift = np.asarray(positions, np.float64) @ np.stack([d.vector for d in axes])
    values = array.reshape(-1).astype(np.float64) + reach(base, spec) * shift
    if spec.unit_norm:
        values /= max(np.linalg.norm(values), 1e-12)
    latent.arrays[spec.array] = values.reshape(array.shape).astype(array.dtype)
    return latent
