"""The desktop app (PySide6). The only package that imports Qt; torch is loaded only when the
first generation starts, in a worker, so the window opens quickly.

``run(files)`` starts the app; :class:`studio.ui.main_window.MainWindow` is the window.
"""

from __future__ import annotations


def run(files: list[str] | None = None) -> int:
    from .app import run as run_app

    return run_app(files or [])
