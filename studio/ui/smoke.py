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


PREFERRED_FACE_GENERATOR = "wen2019:voice-to-face"


def drop_and_generate(audio, screenshot=None, timeout: float = 300.0) -> str:
    """What a new user does first: drop an audio file on the window, press Generate, get a
    face. The drop goes through the window's real drag-and-drop handlers. Returns the id of
    the generator that ran; raises RuntimeError when a step fails or ``timeout`` passes."""
    from pathlib import Path

    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    from .app import make_window

    app, window = make_window()
    problems: list[str] = []
    done: list[str] = []

    def finish(problem: str | None = None) -> None:
        if problem:
            problems.append(problem)
        if screenshot is not None and not problem:
            window.grab().save(str(screenshot))
        window.ask_unsaved = lambda doing: "discard"  # a check, not work to keep: no question
        window.close()
        app.quit()

    def drop() -> None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(Path(audio).resolve()))])
        centre = window.rect().center()
        buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        enter = QDragEnterEvent(QPoint(centre), Qt.DropAction.CopyAction, mime, buttons, keys)
        app.sendEvent(window, enter)
        if not enter.isAccepted():
            finish(f"the window refused the dropped file {audio}")
            return
        app.sendEvent(
            window, QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, buttons, keys)
        )

    def loaded(_track_id: int) -> None:
        panel = window.generator
        if PREFERRED_FACE_GENERATOR in window.context.host.generators:
            panel.select_generator(PREFERRED_FACE_GENERATOR)
        if panel.info is None:
            finish("no generator to run")
            return
        done.append(panel.info.id)
        panel.generate_or_cancel()

    window.loader.loaded.connect(loaded)
    window.loader.failed.connect(lambda failure: finish(f"loading failed: {failure}"))
    window.generator.resultReady.connect(lambda result: QTimer.singleShot(200, finish))
    window.generation.failed.connect(lambda failure: finish(f"generation failed: {failure}"))
    on_first_paint(window, drop)
    QTimer.singleShot(int(timeout * 1000), lambda: finish(f"nothing generated in {timeout:.0f} s"))
    window.show()
    app.exec()
    window.jobs.wait(30000)
    if problems:
        raise RuntimeError(problems[0])
    if not done:
        raise RuntimeError("the dropped file never became a track")
    return done[0]
