"""Where Persona Studio keeps its files: ``$PERSONA_STUDIO_DATA`` or platformdirs' user data dir."""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "PERSONA_STUDIO_DATA"
APP_NAME = "persona-studio"


def data_dir() -> Path:
    override = os.environ.get(DATA_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resources_dir() -> Path:
    """The app's ``resources/`` folder (icons, demo audio): beside the source tree in a checkout,
    inside the bundle when frozen by PyInstaller, so no path is ever hard-coded."""
    import sys

    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"
