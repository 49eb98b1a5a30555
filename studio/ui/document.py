"""The open project as the widgets see it: the current Project value, the selection, the one
undo stack, and signals saying what changed.

Every change to the project goes through :meth:`Document.change`, which pushes a
:class:`ProjectChange` (a QUndoCommand swapping two immutable Project values) so each edit is
undoable with Ctrl+Z and redoable with Ctrl+Shift+Z.
"""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from .model.project import Project, Selection
from .model.track import Track
from .qt_compat import Signal

MERGE_ID = 1  # commands carrying a merge key (fader drags) share this QUndoCommand id


class Document(QObject):
    tracksChanged = Signal()  # tracks added, removed or reordered
    trackChanged = Signal(int)  # one track's audio or mixer settings
    mixChanged = Signal()  # master fader, crossfade, or any track's mixer settings
    selectionChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = Project()
        self.selection = Selection()
        self.undo_stack = QUndoStack(self)
        self._next_id = 1

    def new_track_id(self) -> int:
        self._next_id += 1
        return self._next_id - 1

    def change(self, after: Project, text: str, merge_key: Hashable | None = None) -> None:
        """Make ``after`` the project, as one undoable step called ``text``."""
        if after is not self.project:
            self.undo_stack.push(ProjectChange(self, self.project, after, text, merge_key))

    def edit_track(self, track: Track, text: str, merge_key: Hashable | None = None) -> None:
        self.change(self.project.with_track(track), text, merge_key)

    def set_selection(self, selection: Selection) -> None:
        if selection != self.selection:
            self.selection = selection
            self.selectionChanged.emit()

    def selected_tracks(self) -> list[Track]:
        return [t for t in self.project.tracks if t.id in self.selection.tracks]

    def reset(self, project: Project, selection: Selection, next_track_id: int) -> None:
        """Make ``project`` the document's (an opened or recovered file): no undo history."""
        self.apply(project)
        self.set_selection(selection)
        self.undo_stack.clear()
        self._next_id = max(next_track_id, 1)

    def apply(self, project: Project) -> None:
        """Install ``project`` and say what changed (called by undo commands only)."""
        before, self.project = self.project, project
        if [t.id for t in before.tracks] != [t.id for t in project.tracks]:
            known = {t.id for t in project.tracks}
            if not self.selection.tracks <= known:
                self.set_selection(
                    Selection(
                        self.selection.start, self.selection.end, self.selection.tracks & known
                    )
                )
            self.tracksChanged.emit()
        old = {t.id: t for t in before.tracks}
        for track in project.tracks:
            if track.id in old and old[track.id] is not track:
                self.trackChanged.emit(track.id)
        self.mixChanged.emit()


class ProjectChange(QUndoCommand):
    def __init__(
        self,
        document: Document,
        before: Project,
        after: Project,
        text: str,
        merge_key: Hashable | None = None,
    ) -> None:
        super().__init__(text)
        self.document = document
        self.before = before
        self.after = after
        self.merge_key = merge_key

    def redo(self) -> None:
        self.document.apply(self.after)

    def undo(self) -> None:
        self.document.apply(self.before)

    def id(self) -> int:
        return -1 if self.merge_key is None else MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        # Dragging a fader makes one undo step, not one per pixel.
        if not isinstance(other, ProjectChange) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True
