"""Driving the main window in tests: dropping files as a file manager does, waiting for tracks."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication


def drop_files(widget, paths) -> None:
    """Drag ``paths`` over ``widget`` and drop them, with file URLs as a file manager sends."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    position = QPointF(widget.width() / 2, widget.height() / 2)
    enter = QDragEnterEvent(
        position,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted(), "the window refused the drag"
    drop = QDropEvent(
        position,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, drop)
    assert drop.isAccepted(), "the window refused the drop"


def wait_for_tracks(qtbot, window, count: int, timeout: int = 10000) -> None:
    qtbot.waitUntil(lambda: len(window.document.project.tracks) == count, timeout=timeout)
    qtbot.waitUntil(lambda: not window.tracks.loading, timeout=timeout)


def open_and_select(qtbot, window, path, start: float, end: float):
    """Drop ``path`` on the window and select ``start``..``end`` seconds of its track."""
    from studio.ui.model.project import Selection

    drop_files(window, [path])
    wait_for_tracks(qtbot, window, 1)
    track = window.document.project.tracks[0]
    window.document.set_selection(Selection(start, end, frozenset({track.id})))
    return track


def generate(qtbot, window, generator_id: str = "example:voice-to-swatch", timeout: int = 120000):
    """Press Generate with ``generator_id`` chosen; the new result."""
    from PySide6.QtCore import Qt

    panel = window.generator
    panel.select_generator(generator_id)
    with qtbot.waitSignal(panel.resultReady, timeout=timeout) as signal:
        qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.generation.busy, timeout=timeout)
    return signal.args[0]


def save_project(qtbot, window, path) -> None:
    """Save the window's project to ``path`` and wait until it is written."""
    with qtbot.waitSignal(window.files.saved, timeout=30000):
        window.files.save_to(path)
    qtbot.waitUntil(lambda: not window.files.busy, timeout=30000)


def open_project(qtbot, window, path) -> None:
    with qtbot.waitSignal(window.files.opened, timeout=30000):
        window.open_files([path])
    qtbot.waitUntil(lambda: not window.files.busy, timeout=30000)
