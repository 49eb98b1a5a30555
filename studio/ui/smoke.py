"""The window check of ``persona-studio --selftest``: build the real main window, wait until it
has painted once, close it and quit, as an installed app would on a user's desktop."""

from __future__ import annotations

import time


def on_first_paint(widget, callback) -> None:
    """Call ``callback()`` right after ``widget`` has painted for the first time."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                QTimer.singleShot(0, callback)  # after this paint has finished
            return False

    watcher = Watcher(widget)
    widget.installEventFilter(watcher)


def open_and_close_window(timeout: float = 60.0) -> float:
    """Show the main window, close it after its first paint; the seconds until that paint.

    Raises RuntimeError when the window never paints (a broken Qt platform plugin, say)."""
    from PySide6.QtCore import QTimer

    from .app import make_window

    started = time.perf_counter()
    app, window = make_window()
    painted: list[float] = []

    def shown() -> None:
        painted.append(time.perf_counter() - started)
        window.close()
        app.quit()

    on_first_paint(window, shown)
    QTimer.singleShot(int(timeout * 1000), app.quit)  # never hang a headless check
    window.show()
    app.exec()
    window.jobs.wait(10000)
    if not painted:
        raise RuntimeError(f"the main window did not paint within {timeout:.0f} s")
    return painted[0]
