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
