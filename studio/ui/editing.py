"""The Edit menu's commands on the selected tracks and time range, each one undo step.

Effects (fades, normalise, gain) apply to the selected range, or to the whole of each selected
track when only a cursor is set. Cut, copy and paste work within and between tracks; pasting
audio of another sample rate resamples it in a worker first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QObject

from studio.api import AudioClip, Progress
from studio.api.errors import StudioError
from studio.audio.resample import resample

from .document import Document
from .model import edits
from .model import segments as seg
from .model.edits import Snippet
from .model.project import Selection
from .model.source import Source
from .model.track import Track
from .qt_compat import Signal
from .workers import Failure, Jobs


class Editor(QObject):
    message = Signal(str)  # a short note for the status bar
    failed = Signal(object)  # Failure

    def __init__(self, document: Document, jobs: Jobs, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.jobs = jobs
        self.clipboard: list[Snippet] = []

    # -- effects --------------------------------------------------------------------------

    def fade_in(self) -> None:
        self._each("Fade in", edits.fade_in)

    def fade_out(self) -> None:
        self._each("Fade out", edits.fade_out)

    def normalise(self, peak_db: float = -1.0) -> None:
        """Normalise needs the loudest sample, a scan of the whole selection: done in a worker
        on the (immutable) tracks as they are now, applied if nothing changed meanwhile."""
        project, selection = self.document.project, self.document.selection
        tracks = self.document.selected_tracks()
        if not tracks:
            self.message.emit("Select a track first (click its waveform)")
            return

        def done(normalised: list[Track]) -> None:
            if self.document.project is not project:
                self.message.emit("Normalise was not applied: the tracks changed while it ran")
                return
            after = project
            for track in normalised:
                after = after.with_track(track)
            self.document.change(after, "Normalise")

        self.jobs.start(
            lambda progress: [edits.normalise(t, *selection.frames(t), peak_db) for t in tracks],
            done=done,
            failed=self.failed,
        )

    def gain(self, db: float) -> None:
        self._each(f"Gain {db:+.1f} dB", lambda t, a, b: edits.gain(t, a, b, db))

    # -- cutting ----------------------------------------------------------------------------

    def trim(self) -> None:
        selection = self.document.selection
        if not selection.is_range:
            self.message.emit("Select the part to keep, then trim")
            return
        if self._each("Trim to selection", edits.trim):
            self._select(0.0, selection.end - selection.start)

    def delete(self) -> None:
        selection = self.document.selection
        if selection.is_range and self._each("Delete", edits.delete, whole_track=False):
            self._select(selection.start, selection.start)

    def copy(self) -> bool:
        selection = self.document.selection
        tracks = self.document.selected_tracks()
        if not selection.is_range or not tracks:
            self.message.emit("Select a range to copy")
            return False
        self.clipboard = [edits.copy(t, *selection.frames(t)) for t in tracks]
        seconds = selection.end - selection.start
        self.message.emit(f"Copied {seconds:.2f} s from {len(tracks)} track(s)")
        return True

    def cut(self) -> None:
        if self.copy():
            self.delete()

    def paste(self) -> None:
        """Paste at the cursor (replacing a selected range); with no track selected, the
        clipboard becomes new tracks."""
        if not self.clipboard:
            self.message.emit("Nothing to paste: copy or cut a range first")
            return
        targets = self.document.selected_tracks()
        if not targets:
            self._paste_as_new_tracks()
            return
        pairs = [
            (t, self.clipboard[min(i, len(self.clipboard) - 1)]) for i, t in enumerate(targets)
        ]
        if all(snippet.rate == track.rate for track, snippet in pairs):
            self._paste_pairs(pairs)
            return
        self.message.emit("Resampling the pasted audio…")
        self.jobs.start(
            lambda progress: [(t, fit_rate(s, t.rate, progress)) for t, s in pairs],
            done=self._paste_pairs,
            failed=self.failed,
        )

    def _paste_pairs(self, pairs: list[tuple[Track, Snippet]]) -> None:
        selection = self.document.selection
        project = self.document.project
        for track, snippet in pairs:
            current = project.track(track.id)
            first, end = (
                selection.frames(current)
                if selection.is_range
                else (current.frame_at(selection.start),) * 2
            )
            project = project.with_track(edits.paste(current, first, end, snippet))
        self.document.change(project, "Paste")
        longest = max(snippet.frames / snippet.rate for _, snippet in pairs)
        self._select(selection.start, selection.start + longest)

    def _paste_as_new_tracks(self) -> None:
        project = self.document.project
        added = []
        for snippet in self.clipboard:
            track = Track(
                self.document.new_track_id(),
                f"{snippet.name} (pasted)",
                snippet.rate,
                snippet.channels,
                snippet.segments,
            )
            project = project.adding(track)
            added.append(track.id)
        self.document.change(project, "Paste as new track")
        self.document.set_selection(Selection(0.0, 0.0, frozenset(added)))

    # -- helpers ----------------------------------------------------------------------------

    def _each(
        self, text: str, edit: Callable[[Track, int, int], Track], whole_track: bool = True
    ) -> bool:
        """Apply ``edit`` to every selected track as one undo step; False if nothing changed."""
        selection = self.document.selection
        tracks = self.document.selected_tracks()
        if not tracks:
            self.message.emit("Select a track first (click its waveform)")
            return False
        if not selection.is_range and not whole_track:
            return False
        project = self.document.project
        try:
            for track in tracks:
                project = project.with_track(edit(track, *selection.frames(track)))
        except StudioError as error:
            self.failed.emit(Failure(str(error), str(error), True, error))
            return False
        self.document.change(project, text)
        return True

    def _select(self, start: float, end: float) -> None:
        current = self.document.selection
        self.document.set_selection(dataclasses.replace(current, start=start, end=end))


def fit_rate(snippet: Snippet, rate: int, progress: Progress) -> Snippet:
    """The snippet at ``rate`` (rendered and resampled: torch, so call it in a worker)."""
    if snippet.rate == rate:
        return snippet
    progress.update(0.0, "resampling")
    rendered = AudioClip(
        seg.render(snippet.segments, 0, snippet.frames, snippet.channels), snippet.rate
    )
    source = Source.from_clip(resample(rendered, rate))
    return Snippet(seg.whole(source), rate, snippet.channels, snippet.name)
