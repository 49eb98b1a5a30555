"""Opening audio files as tracks: each file is read and summarised in a worker, shown as a
loading row meanwhile, and becomes a track (one undoable step) when it is ready."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl

from .document import Document
from .model.source import Source, load_source
from .model.track import Track
from .qt_compat import Signal
from .tracks_panel import TracksPanel
from .workers import Jobs


def audio_paths(urls: Iterable[QUrl]) -> list[Path]:
    """The local files among dropped URLs (folders and remote URLs are left out)."""
    return [Path(url.toLocalFile()) for url in urls if url.isLocalFile() and url.toLocalFile()]


def accept_files(event) -> None:
    """Accept a drag (enter or move) that carries local files; others are refused."""
    if audio_paths(event.mimeData().urls()):
        event.acceptProposedAction()


class Previews(QObject):
    ready = Signal(object, int)  # partial Source, the file's total frames


class FileLoader(QObject):
    loaded = Signal(int)  # the new track's id
    failed = Signal(object)  # Failure

    def __init__(self, document: Document, jobs: Jobs, panel: TracksPanel, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.jobs = jobs
        self.panel = panel

    def open(self, paths: Iterable[Path], name: Callable[[Path], str] = lambda p: p.name) -> None:
        for path in paths:
            self._open_one(Path(path), name(Path(path)))

    def _open_one(self, path: Path, name: str) -> None:
        key = object()

        def done(source: Source) -> None:
            self.add_track(name, source)

        def finished() -> None:
            self.panel.remove_loading(key)

        previews = Previews()  # carries partial waveforms from the worker to the GUI thread
        job = self.jobs.start(
            lambda progress: load_source(path, progress, previews.ready.emit),
            done=done,
            failed=self.failed,
            finished=finished,
        )
        row = self.panel.add_loading(key, name, job.cancel)
        job.signals.progress.connect(row.set_progress)
        previews.ready.connect(row.set_preview)
        row.previews = previews  # lives as long as the row

    def add_track(self, name: str, source: Source) -> int:
        track = Track.from_source(self.document.new_track_id(), name, source)
        self.document.change(self.document.project.adding(track), f"Add {name}")
        self.loaded.emit(track.id)
        return track.id
