"""The app's scalable icons: SVG files in ``resources/icons/actions``, drawn sharp at any size."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from studio.paths import resources_dir


def icon_path(name: str):
    return resources_dir() / "icons" / "actions" / f"{name}.svg"


@cache
def icon(name: str) -> QIcon:
    """The icon called ``name`` (an empty icon when the file is missing: never an error)."""
    path = icon_path(name)
    return QIcon(str(path)) if path.is_file() else QIcon()


def app_icon() -> QIcon:
    path = resources_dir() / "icons" / "persona-studio.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()
