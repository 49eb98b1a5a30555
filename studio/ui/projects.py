"""Project files in the window: New, Open, Save, Save As, recent files, autosave and recovery.

Saving and opening run in workers on immutable snapshots of the project, so a long recording
never freezes the window while it is written. Every ``autosave_seconds``, after each
generation and when a recording starts, the project is written to this session's recovery
file (:mod:`studio.project.recovery`); the next start after a crash offers it back together
with every take it does not hold yet.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.api.errors import StudioError
from studio.project import ProjectFile, read_project, write_project
from studio.project.media import AudioCache
from studio.project.recovery import Crashed, Session, crashed_sessions

from .model.persist import Restored, from_file, to_file
from .model.settings import Settings
from .model.source import Source, load_source
from .qt_compat import Signal
from .workers import Job, describe

RECOVERED_TAKE = "{name} (recovered)"


class ProjectFiles(QObject):
    changed = Signal()  # the file name or the unsaved state changed (window title)
    saved = Signal(object)  # Path
    opened = Signal(object)  # Path or None (a recovered project)
    autosaved = Signal()

    def __init__(self, window, settings: Settings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.path: Path | None = None
        try:
            self.session = Session()
        except OSError:  # a read-only data dir: keep recovery files in the temp folder
            self.session = Session(Path(tempfile.gettempdir()) / "persona-studio-recovery")
        # FLAC of audio already written, kept on disk: autosaves stay cheap
        self.cache = AudioCache(self.session.folder / "encoded")
        self.recovery_box: QMessageBox | None = None
        self._unsaved = False  # results or an open/recovery since the last save
        self._saving: Job | None = None
        self._written = threading.Event()
        self._autosaving: Job | None = None
        self._autosave_again = False
        self._opening: Job | None = None
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(settings.preferences.autosave_seconds * 1000)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        window.document.undo_stack.cleanChanged.connect(lambda clean: self.changed.emit())
        window.generator.resultReady.connect(self._result_added)
        window.generator.previewReady.connect(lambda result: self._set_unsaved(True))
        window.recorder.takeStarted.connect(self._take_started)
        window.recorder.takeStopped.connect(self.session.recording_stopped)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._quitting)
        self.closed = False

    # -- state -------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return (
            self._unsaved
            or not self.window.document.undo_stack.isClean()
            or self.window.recorder.recording
        )

    @property
    def busy(self) -> bool:
        return any(job is not None for job in (self._saving, self._autosaving, self._opening))

    @property
    def title(self) -> str:
        name = self.path.name if self.path else "Untitled"
        return f"{name}{' *' if self.dirty else ''}"

    def _set_unsaved(self, unsaved: bool) -> None:
        self._unsaved = unsaved
        self.changed.emit()

    def _result_added(self, result) -> None:
        self._set_unsaved(True)
        self.autosave()  # a generation can take minutes: keep it safe at once

    def _take_started(self, path: Path) -> None:
        self.session.recording_started(path)
        self.autosave()

    def snapshot(self) -> ProjectFile:
        """The project as it is now (immutable values: safe to write from a worker)."""
        window = self.window
        return to_file(
            window.document.project,
            window.document.selection,
            window.output.results(),
            window.generator.settings(),
        )

    # -- saving ------------------------------------------------------------------------------

    def save_to(self, path: Path) -> Job | None:
        """Write the project to ``path`` (in a worker); it becomes the project's file."""
        if self._saving is not None:
            return None
        path = Path(path)
        snapshot = self.snapshot()
        undo_index = self.window.document.undo_stack.index()
        results = len(snapshot.results)

        def done(_) -> None:
            self.path = path
            stack = self.window.document.undo_stack
            if stack.index() == undo_index:  # nothing changed while it was being written
                stack.setClean()
                self._set_unsaved(len(self.window.output.results()) != results)
            else:
                self.changed.emit()
            self._remember(path)
            self.session.set_project(path)
            self.window.status.show_message(f"Saved {path}")
            self.saved.emit(path)

        def finished() -> None:
            self._saving = None

        written = threading.Event()

        def work(progress) -> None:
            # Not cancellable: quitting waits for a save in progress instead of dropping it.
            try:
                write_project(path, snapshot, self.cache)
            finally:
                written.set()

        self._saving = self.window.jobs.start(
            work, done=done, failed=self.window.show_failure, finished=finished
        )
        self._written = written
        return self._saving

    def wait_for_save(self, seconds: float = 120.0) -> None:
        """Block until a save in progress is on disk (when the window closes)."""
        if self._saving is not None:
            self._written.wait(seconds)

    def save_now(self, path: Path) -> None:
        """Write the project on this thread (when quitting: the window is about to go)."""
        write_project(path, self.snapshot(), self.cache)
        self.path = path
        self.window.document.undo_stack.setClean()
        self._set_unsaved(False)
        self._remember(path)

    def _remember(self, path: Path) -> None:
        self.settings.add_recent(path)
        self.window.rebuild_recent()

    # -- autosave ----------------------------------------------------------------------------

    def autosave(self) -> None:
        """Write the recovery file now (in a worker; once more afterwards if one is running)."""
        if self._autosaving is not None:
            self._autosave_again = True
            return
        snapshot = self.snapshot()
        target = self.session.recovery_file
        if not snapshot.tracks and not snapshot.results:
            target.unlink(missing_ok=True)  # nothing worth recovering
            self.session.heartbeat()  # still running (where process ids cannot be checked)
            return

        def finished() -> None:
            self._autosaving = None
            if self._autosave_again:
                self._autosave_again = False
                self.autosave()

        def done(_) -> None:
            self.session.autosaved()
            self.autosaved.emit()

        self._autosaving = self.window.jobs.start(
            lambda progress: write_project(target, snapshot, self.cache),
            done=done,
            failed=self.window.show_failure,
            finished=finished,
        )

    # -- opening -----------------------------------------------------------------------------

    def open(self, path: Path) -> Job | None:
        path = Path(path)
        if self._opening is not None:
            return None
        generators = dict(self.window.context.host.generators)

        def failed(failure) -> None:
            if isinstance(failure.error, StudioError) and not path.is_file():
                self.settings.forget_recent(path)
                self.window.rebuild_recent()
            self.window.show_failure(failure)

        self._opening = self.window.jobs.start(
            lambda progress: from_file(read_project(path, progress.update), generators),
            done=lambda restored: self.install(restored, path),
            failed=failed,
            finished=self._opened,
        )
        self.window.status.show_message(f"Opening {path}…")
        return self._opening

    def _opened(self) -> None:
        self._opening = None

    def install(self, restored: Restored, path: Path | None, unsaved: bool = False) -> None:
        """Make ``restored`` the window's project (opened from ``path``, or recovered)."""
        window = self.window
        window.document.reset(restored.project, restored.selection, restored.next_track_id)
        window.output.clear()
        for result in sorted(restored.results, key=lambda r: r.number):
            window.output.add(result)
        window.generation.results = max((r.number for r in restored.results), default=0)
        window.generator.apply_settings(restored.settings)
        window.timeline.fit()
        self.path = path
        self.session.set_project(path)
        self._set_unsaved(unsaved)
        if path is not None and not unsaved:
            self._remember(path)
            window.status.show_message(f"Opened {path}")
        self.opened.emit(path)

    def new(self) -> None:
        self.install(
            Restored(
                project=type(self.window.document.project)(),
                selection=type(self.window.document.selection)(),
                results=[],
                settings={},
                next_track_id=1,
            ),
            None,
        )

    # -- recovery ----------------------------------------------------------------------------

    def offer_recovery(self) -> Crashed | None:
        """After a crash: ask (without blocking the window) whether to bring the work back."""
        offers = []
        for crashed in crashed_sessions(self.session.folder.parent):
            if crashed.worth_offering:
                offers.append(crashed)
            else:
                crashed.discard()
        if not offers:
            return None
        crashed = offers[-1]  # the newest; older ones are offered at the next start
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Recover your work?")
        box.setText(crashed.describe())
        box.setInformativeText(
            "Recover opens it as it was; Discard forgets it (recorded takes stay in the "
            "recordings folder); Later asks again at the next start."
        )
        recover = box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(recover)

        def answered(button) -> None:
            self.recovery_box = None
            if button is recover:
                self.recover(crashed)
            elif button is discard:
                crashed.discard()

        box.buttonClicked.connect(answered)
        self.recovery_box = box
        box.open()
        return crashed

    def recover(self, crashed: Crashed) -> Job:
        generators = dict(self.window.context.host.generators)

        def work(progress) -> tuple[Restored, list[tuple[Path, Source]]]:
            if crashed.recovery_file is not None:
                restored = from_file(read_project(crashed.recovery_file), generators)
            else:
                restored = from_file(ProjectFile(), generators)
            takes = [
                (take, load_source(take, progress))
                for take in crashed.takes
                if str(take) not in restored.origins
            ]
            return restored, takes

        def done(found) -> None:
            restored, takes = found
            self.install(restored, crashed.project, unsaved=True)
            for path, source in takes:
                name = RECOVERED_TAKE.format(name=path.stem)
                self.window.loader.add_track(name, source)
            self.window.status.show_message(
                "Recovered your work"
                + (f" with {len(takes)} take(s) not saved before" if takes else "")
                + ": save it to keep it."
            )
            self.autosave()
            crashed.discard()

        return self.window.jobs.start(work, done=done, failed=self._recovery_failed)

    def _recovery_failed(self, failure) -> None:
        self.window.show_failure(describe(StudioError(f"could not recover: {failure.message}")))

    def _quitting(self) -> None:
        """The app quits without the window being closed (no question was asked): keep
        unsaved work in the recovery file, to be offered at the next start."""
        if self.closed:
            return
        if not self.keep_unsaved():
            self.close()

    def keep_unsaved(self) -> bool:
        """Write unsaved work to the recovery file now and leave it there, so the next start
        offers it back as after a crash (the app is going away and no one was asked).
        False when there was nothing worth keeping."""
        if self.closed:
            return False
        snapshot = self.snapshot()
        if not (self.dirty and (snapshot.tracks or snapshot.results)):
            return False
        self.autosave_timer.stop()
        self.window.jobs.wait(5000)  # an autosave in flight would rename older work over this
        write_project(self.session.recovery_file, snapshot, self.cache)
        self.session.autosaved()
        self.closed = True  # so close() keeps the session folder
        return True

    def close(self) -> None:
        """A clean exit: the recovery file is no longer needed."""
        if self.closed:  # already quit, keeping unsaved work for the next start
            return
        self.closed = True
        self.autosave_timer.stop()
        if self._autosaving is not None:
            self._autosaving.cancel()
            self.window.jobs.wait(5000)
        self.session.close()
