"""Starting the app: the QApplication, the window on real sound devices, files to open."""

from __future__ import annotations

import gc
import sys

from PySide6.QtWidgets import QApplication

from studio import __version__
from studio.app.context import Context
from studio.audio.playback import SoundDevicePlayback
from studio.audio.recorder import SoundDeviceRecorder

from .main_window import MainWindow

APP_NAME = "Persona Studio"


def application() -> QApplication:
    """The running QApplication, made on first use."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName(APP_NAME)
        app.setApplicationVersion(__version__)
        app.setDesktopFileName("persona-studio")
        from .icons import app_icon

        app.setWindowIcon(app_icon())
    return app


def make_window() -> tuple[QApplication, MainWindow]:
    """The application and its main window on the real sound devices (not shown yet)."""
    app = application()
    window = MainWindow(Context(), SoundDevicePlayback(), SoundDeviceRecorder())
    # What start-up made lives until the app quits: keep it out of every later garbage
    # collection, which then stays short enough never to freeze the window.
    gc.freeze()
    return app, window


def run(files: list[str]) -> int:
    app, window = make_window()
    window.show()
    window.open_files(files)
    return app.exec()
