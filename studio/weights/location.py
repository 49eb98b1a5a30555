"""Where the model store lives on this machine: ``<data dir>/models``."""

from __future__ import annotations

from pathlib import Path

from studio.paths import DATA_ENV, data_dir

MODELS_DIR = "models"
CACHE_DIR = "cache"

__all__ = ["DATA_ENV", "cache_root", "store_root"]


def store_root() -> Path:
    """The ``models`` folder under the data dir (``$PERSONA_STUDIO_DATA`` overrides it, for
    tests, portable installs and CI)."""
    return data_dir() / MODELS_DIR


def cache_root() -> Path:
    """Weights the app makes itself (untrained self-test weights): never listed as the user's."""
    return data_dir() / CACHE_DIR / MODELS_DIR
