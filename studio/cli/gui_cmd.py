"""``persona-studio gui [FILES]``: the desktop app (also what runs when no command is given)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from studio.api.errors import StudioError


def add_parser(commands) -> None:
    parser = commands.add_parser("gui", help="open the desktop app (the default)")
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="a project (.persona) and/or audio files to open as tracks",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    check_display()
    try:
        import studio.ui
    except ImportError as error:  # PySide6 missing or its system libraries absent
        raise StudioError(
            f"the desktop app cannot start: {error} (run 'make run' to install everything)"
        ) from None
    return studio.ui.run([str(path) for path in getattr(args, "files", [])])


def check_display() -> None:
    """Say so plainly when there is no screen, instead of letting Qt abort the process."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise StudioError(
            "cannot open a window: no display (DISPLAY is not set). Run it on a desktop, "
            "under xvfb-run, or use the command line ('persona-studio --help')"
        )
