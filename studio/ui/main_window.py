"""The main window: tracks on the left, the output and its history in the middle, the generator
panel on the right, the mixer docked below; menus and the transport toolbar around them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
)

from studio.api import Image
from studio.api.errors import StudioError
from studio.app.batch import AUDIO_SUFFIXES
from studio.app.context import Context
from studio.audio.playback import PlaybackBackend
from studio.audio.recorder import RecorderBackend
from studio.project import SUFFIX

from .document import Document
from .editing import Editor
from .generation import GenerationController
from .generator_panel import GeneratorPanel
from .icons import icon
from .loading import FileLoader, accept_files, audio_paths
from .mixer import MixerPanel
from .model.attention import overlay_for
from .model.images import IMAGE_SUFFIXES, is_image_path
from .model.project import Selection
from .model.results import Result, default_name, export
from .model.settings import Settings
from .model.viewport import format_time
from .output_panel import OutputPanel
from .projects import ProjectFiles
from .recording import RecordBar, Recorder
from .status import StatusArea
from .timeline import Timeline
from .tracks_panel import TracksPanel
from .transport import Transport
from .unattended import unattended
from .workers import Failure, Jobs, describe

TITLE = "Persona Studio"
CLOSING = "closing"


class MainWindow(QMainWindow):
    def __init__(
        self,
        context: Context,
        playback: PlaybackBackend,
        recorder: RecorderBackend,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = Settings.load()
        self.setWindowTitle(TITLE)
        self.resize(1400, 860)
        self.setAcceptDrops(True)
        self.jobs = Jobs(self)
        self.document = Document(self)
        self.timeline = Timeline(self)
        self.tracks = TracksPanel(self.document, self.timeline)
        self.loader = FileLoader(self.document, self.jobs, self.tracks, self)
        self.editor = Editor(self.document, self.jobs, self)

        self.status = StatusArea()
        self.statusBar().addWidget(self.status, 1)
        self.loader.failed.connect(self.show_failure)
        self.editor.failed.connect(self.show_failure)
        self.editor.message.connect(self.status.show_message)
        if self.settings.note:
            self.status.show_message(self.settings.note)

        self.generation = GenerationController(context, self.jobs, self)
        self.generator = GeneratorPanel(context, self.document, self.generation)
        self.output = OutputPanel()
        self.generator.resultReady.connect(self.output.add)
        self.generator.previewReady.connect(self.output.add)
        self.output.picked.connect(self.generator.show_result)
        self.output.useAsInputRequested.connect(self.use_image)
        for shown in (self.generator.resultReady, self.generator.previewReady, self.output.picked):
            shown.connect(self.show_attention)
        self.output.rerunRequested.connect(self.generator.rerun)
        self.output.exportRequested.connect(self.export_dialog)
        generator_scroll = QScrollArea()
        generator_scroll.setWidgetResizable(True)
        generator_scroll.setWidget(self.generator)
        generator_scroll.setMinimumWidth(340)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tracks)
        self.splitter.addWidget(self.output)
        self.splitter.addWidget(generator_scroll)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.setCentralWidget(self.splitter)

        self.mixer = MixerPanel(self.document)
        dock = QDockWidget("Mixer", self)
        dock.setObjectName("mixer")
        dock.setWidget(self.mixer)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.mixer_dock = dock

        self.transport = Transport(self.document, self.timeline, playback, self.jobs, self)
        self.transport.levels.connect(self.mixer.show_levels)
        self.transport.failed.connect(self.show_failure)
        self.transport.stateChanged.connect(self._transport_state)
        self.timeline.playheadChanged.connect(self._show_time)
        self.output.playRequested.connect(self.transport.play_source)
        self.recorder = Recorder(recorder, self.loader, self.jobs, self)
        self.recorder.failed.connect(self.show_failure)
        self.record_bar = RecordBar(self.recorder)
        self.files = ProjectFiles(self, self.settings)
        self.files.changed.connect(self._update_title)
        self.actions_by_name: dict[str, QAction] = {}
        self._build_menus()
        self._build_toolbar()
        self._transport_state()
        self.apply_preferences()
        self._restore_layout()
        self._update_title()
        # After the first paint: a crash last time, or a plugin turned off because of one.
        QTimer.singleShot(0, self, self._start_up_notices)

    def _update_title(self) -> None:
        safe = " (safe mode: built-in plugins only)" if self.context.safe_mode else ""
        self.setWindowTitle(f"{self.files.title} — {TITLE}{safe}")

    def _start_up_notices(self) -> None:
        notices = self.context.gate.notices if "gate" in vars(self.context) else []
        if notices:
            self.status.show_message(" ".join(notices))
        self.files.offer_recovery()

    def apply_preferences(self) -> None:
        """Make the saved preferences take effect (at start and when they are changed)."""
        from .preferences import apply_theme

        preferences = self.settings.preferences
        self.files.autosave_timer.setInterval(preferences.autosave_seconds * 1000)
        self.recorder.folder = preferences.recordings()
        self.recorder.preferred = preferences.input_device
        self.record_bar.device.clear()  # re-picked with the preferred microphone
        self.record_bar.refresh()
        self.transport.use_device(preferences.output_device)
        self.generator.set_default_device(preferences.device)
        if "engine" in vars(self.context):
            self.context.engine.cache.capacity = preferences.model_cache
        apply_theme(preferences.theme)

    # -- layout --------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        window = self.settings.window
        if window.get("geometry"):
            self.restoreGeometry(QByteArray.fromBase64(window["geometry"].encode()))
        if window.get("state"):
            self.restoreState(QByteArray.fromBase64(window["state"].encode()))
        if window.get("splitter"):
            self.splitter.restoreState(QByteArray.fromBase64(window["splitter"].encode()))

    def save_layout(self) -> None:
        def text(data: QByteArray) -> str:
            return bytes(data.toBase64()).decode()

        self.settings.window = {
            "geometry": text(self.saveGeometry()),
            "state": text(self.saveState()),
            "splitter": text(self.splitter.saveState()),
        }
        self.settings.save()

    # -- menus ------------------------------------------------------------------------------

    def _action(
        self, menu, text: str, slot=None, shortcut=None, tip: str = "", icon_name: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        if icon_name:
            action.setIcon(icon(icon_name))
        if slot is not None:
            action.triggered.connect(slot)
        menu.addAction(action)
        self.actions_by_name[text.replace("&", "").rstrip("…")] = action
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(file, "&New project", self.new_project, QKeySequence.StandardKey.New,
                     "Start an empty project", "document-new")  # fmt: skip
        self._action(file, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open,
                     "Open a project, or audio files as new tracks", "document-open")  # fmt: skip
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self.rebuild_recent)
        self.rebuild_recent()
        self._action(file, "&Save", self.save, QKeySequence.StandardKey.Save,
                     "Save the project", "document-save")  # fmt: skip
        self._action(file, "Save &as…", self.save_as, "Ctrl+Shift+S",
                     "Save the project under a new name", "document-save-as")  # fmt: skip
        file.addSeparator()
        self._action(file, "&Import audio…", self.import_dialog, "Ctrl+I",
                     "Add audio files as new tracks", "audio-import")  # fmt: skip
        self._action(
            file,
            "&Export result…",
            lambda: self.output.current and self.export_dialog(self.output.current),
            "Ctrl+Shift+E",
            "Save the shown result as PNG, WAV or FLAC with its recipe",
            "export",
        )
        self._action(file, "&Batch generate…", self.batch_dialog, "Ctrl+B",
                     "Run a folder of files through one generator", "batch")  # fmt: skip
        file.addSeparator()
        self._action(file, "&Preferences…", self.preferences_dialog,
                     QKeySequence.StandardKey.Preferences, "Device, audio, storage, theme",
                     "preferences")  # fmt: skip
        self.actions_by_name["Preferences"].setShortcuts(
            [QKeySequence("Ctrl+,")]  # the platform's own key (macOS: Cmd+,) is this one too
        )
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Edit")
        undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit.addActions([undo, redo])
        edit.addSeparator()
        self._action(edit, "Cu&t", self.editor.cut, QKeySequence.StandardKey.Cut)
        self._action(edit, "&Copy", self.editor.copy, QKeySequence.StandardKey.Copy)
        self._action(edit, "&Paste", self.editor.paste, QKeySequence.StandardKey.Paste)
        self._action(edit, "&Delete", self.editor.delete, QKeySequence.StandardKey.Delete)
        self._action(edit, "&Trim to selection", self.editor.trim, "Ctrl+T")
        edit.addSeparator()
        self._action(edit, "Fade &in", self.editor.fade_in)
        self._action(edit, "Fade &out", self.editor.fade_out)
        self._action(edit, "&Normalise", self.editor.normalise)
        self._action(edit, "&Gain…", self.ask_gain)
        edit.addSeparator()
        self._action(edit, "Select &all", self.select_all, QKeySequence.StandardKey.SelectAll)
        snap = self._action(edit, "&Snap to zero crossings", self._set_snap)
        snap.setCheckable(True)

        view = bar.addMenu("&View")
        zoom_in = self._action(view, "Zoom &in", self.timeline.zoom_in)
        zoom_in.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")]
        )
        self._action(view, "Zoom &out", self.timeline.zoom_out, QKeySequence.StandardKey.ZoomOut)
        self._action(view, "Zoom to &selection", self.zoom_to_selection, "Ctrl+E")
        self._action(view, "Zoom to &fit", self.timeline.fit, "Ctrl+F")
        smooth = self._action(view, "S&mooth image scaling", self.output.smooth.setChecked)
        smooth.setCheckable(True)
        self.output.smooth.toggled.connect(smooth.setChecked)
        view.addAction(self.mixer_dock.toggleViewAction())

        transport = bar.addMenu("&Transport")
        self.play_action = self._action(
            transport,
            "▶ Play",
            self.transport.play_pause,
            "Space",
            "Play or pause the selection, or from the playhead",
        )
        self.stop_action = self._action(
            transport,
            "■ Stop",
            self.transport.stop,
            "Ctrl+Space",
            "Stop and go back to where playback started",
        )
        self.loop_action = self._action(
            transport, "⟲ Loop", None, "L", "Repeat the selection while playing"
        )
        self.loop_action.setCheckable(True)
        self.loop_action.toggled.connect(self.transport.set_loop)
        self._action(transport, "● Record / stop recording", self.record_bar.toggle, "R")

        tools = bar.addMenu("T&ools")
        self._action(tools, "&Model manager…", self.model_manager, "Ctrl+Shift+M",
                     "Weights per plugin: import, verify, rename, remove", "models")  # fmt: skip
        self._action(tools, "&Plugin manager…", self.plugin_manager, "Ctrl+Shift+P",
                     "Plugins, their generators and errors; turn them on or off",
                     "plugins")  # fmt: skip
        self._action(tools, "&Generate", self.generator.generate_or_cancel, "Ctrl+Return",
                     "Generate (or cancel the running generation)", "generate")  # fmt: skip
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", self.shortcuts_sheet, "Ctrl+/",
                     "Every action and its keys", "keyboard")  # fmt: skip
        self.actions_by_name["Keyboard shortcuts"].setShortcuts(
            [
                key
                for key in (
                    QKeySequence("Ctrl+/"),
                    QKeySequence(QKeySequence.StandardKey.HelpContents),
                )
                if not key.isEmpty()
            ]
        )

    def _build_toolbar(self) -> None:
        bar = self.addToolBar("Transport")
        bar.setObjectName("transport")
        bar.setMovable(False)
        bar.addAction(self.play_action)
        bar.addAction(self.stop_action)
        bar.addAction(self.loop_action)
        self.time_label = QLabel("0:00.000")
        self.time_label.setMinimumWidth(90)
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self.time_label)
        self.playback_reason = QLabel()
        self.playback_reason.setStyleSheet("color: gray")
        self.playback_action = bar.addWidget(self.playback_reason)
        bar.addSeparator()
        bar.addWidget(self.record_bar)

    def _transport_state(self) -> None:
        transport = self.transport
        self.play_action.setText("❚❚ Pause" if transport.playing else "▶ Play")
        for action in (self.play_action, self.stop_action):
            action.setEnabled(transport.available)
            action.setToolTip(transport.unavailable or action.text().split(" ", 1)[1])
        self.playback_reason.setText(transport.unavailable or "")
        self.playback_action.setVisible(not transport.available)

    def _show_time(self, seconds: float) -> None:
        self.time_label.setText(format_time(seconds, 0.001))

    def _set_snap(self, checked: bool) -> None:
        self.timeline.snap_to_zero = checked

    # -- files --------------------------------------------------------------------------------

    def open_files(self, paths) -> None:
        """Open a project (the first .persona given) and audio files as new tracks."""
        paths = [Path(p) for p in paths]
        projects = [p for p in paths if p.suffix.lower() == SUFFIX]
        if projects and self.confirm_discard("opening another project"):
            self.files.open(projects[0])
        pictures = [p for p in paths if is_image_path(p)]
        for picture in pictures[:1]:
            self.use_picture(picture)
        self.loader.open([p for p in paths if p.suffix.lower() != SUFFIX and p not in pictures])

    def use_picture(self, path: Path) -> None:
        """A picture opened or dropped on the window goes into the chosen generator's first
        empty image input."""
        boxes = self.generator.images.boxes
        if not boxes:
            self.status.show_message(
                f"{path.name}: the chosen model takes no picture; choose one that does "
                "(a face-to-voice model, say) and drop it again"
            )
            return
        name = next((n for n, box in boxes.items() if box.image is None), next(iter(boxes)))
        boxes[name].load(path)

    def use_image(self, image: Image) -> None:
        slot = self.generator.images.take(image)
        if slot is None:
            self.status.show_message("The chosen model takes no picture.")

    def open_dialog(self) -> None:
        audio = " ".join(f"*{suffix}" for suffix in AUDIO_SUFFIXES)
        pictures = " ".join(f"*{suffix}" for suffix in sorted(IMAGE_SUFFIXES))
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            "Open",
            "",
            f"Projects, audio and pictures (*{SUFFIX} {audio} {pictures});;"
            f"Persona Studio projects (*{SUFFIX});;Audio files ({audio});;"
            f"Pictures ({pictures});;All files (*)",
        )
        self.open_files(paths)

    def import_dialog(self) -> None:
        audio = " ".join(f"*{suffix}" for suffix in AUDIO_SUFFIXES)
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import audio", "", f"Audio files ({audio});;All files (*)"
        )
        self.loader.open([Path(p) for p in paths])

    def rebuild_recent(self) -> None:
        self.recent_menu.clear()
        for number, path in enumerate(self.settings.recent, start=1):
            action = self.recent_menu.addAction(f"&{number % 10}  {Path(path).name}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_files([p]))
        self.recent_menu.setEnabled(bool(self.settings.recent))

    def new_project(self) -> None:
        if self.confirm_discard("starting a new project"):
            self.files.new()

    def save(self) -> bool:
        if self.files.path is None:
            return self.save_as()
        self.files.save_to(self.files.path)
        return True

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save project",
            str(self.files.path or Path.home() / f"Untitled{SUFFIX}"),
            f"Persona Studio project (*{SUFFIX})",
        )
        if not path:
            return False
        path = Path(path)
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        self.files.save_to(path)
        return True

    def confirm_discard(self, doing: str) -> bool:
        """True when there are no unsaved changes, or the user saved or gave them up."""
        if not self.files.dirty:
            return True
        answer = self.ask_unsaved(doing)
        if answer == "save":
            return self._save_before(doing)
        if answer == "keep":
            return self._keep_unsaved(doing)
        return answer == "discard"

    def ask_unsaved(self, doing: str) -> str:
        """ "save", "discard" or "cancel" (tests replace this: it blocks until answered);
        "keep" without asking in an unattended run, where no one could answer."""
        if unattended():
            return "keep"
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to {self.files.title.rstrip(' *')} before {doing}?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(answer, "cancel")

    def _keep_unsaved(self, doing: str) -> bool:
        """Closing keeps the work in the recovery file, offered back at the next start; opening
        or starting another project is refused, since that file holds only one project."""
        if doing != CLOSING:
            self.status.show_message(f"Not {doing}: there are unsaved changes and no one to ask")
            return False
        self.files.keep_unsaved()
        return True

    def _save_before(self, doing: str) -> bool:
        path = self.files.path
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Save project", str(Path.home() / f"Untitled{SUFFIX}"),
                f"Persona Studio project (*{SUFFIX})",
            )  # fmt: skip
            if not chosen:
                return False
            path = Path(chosen)
        try:
            self.files.save_now(path)
        except (StudioError, OSError) as error:
            self.show_failure(describe(error))
            return False
        return True

    # -- dialogs ------------------------------------------------------------------------------

    def model_manager(self) -> None:
        from .model_manager import ModelManager

        ModelManager.show_for(self)

    def plugin_manager(self) -> None:
        from .plugin_manager import PluginManagerDialog

        PluginManagerDialog.show_for(self)

    def preferences_dialog(self) -> None:
        from .preferences import PreferencesDialog

        PreferencesDialog.show_for(self)

    def batch_dialog(self) -> None:
        from .batch import BatchDialog

        BatchDialog.show_for(self)

    def shortcuts_sheet(self) -> None:
        from .shortcuts import ShortcutsSheet

        ShortcutsSheet.show_for(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_files(event)

    def dragMoveEvent(self, event) -> None:
        accept_files(event)

    def dropEvent(self, event: QDropEvent) -> None:  # audio files and projects
        paths = audio_paths(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            self.open_files(paths)

    # -- editing --------------------------------------------------------------------------------

    def ask_gain(self) -> None:
        db, ok = QInputDialog.getDouble(self, "Gain", "Gain in dB:", 0.0, -60.0, 60.0, 1)
        if ok:
            self.editor.gain(db)

    def select_all(self) -> None:
        project = self.document.project
        self.document.set_selection(
            Selection(0.0, project.duration, frozenset(t.id for t in project.tracks))
        )

    def zoom_to_selection(self) -> None:
        selection = self.document.selection
        if selection.is_range:
            self.timeline.show(selection.start, selection.end)

    # -- results ------------------------------------------------------------------------------

    def export_dialog(self, result: Result) -> None:
        if isinstance(result.output, Image):
            filters = "PNG image (*.png)"
        else:
            filters = "WAV audio (*.wav);;FLAC audio (*.flac)"
        path, _ = QFileDialog.getSaveFileName(self, "Export result", default_name(result), filters)
        if path:
            self.export_result(result, Path(path))

    def export_result(self, result: Result, path: Path) -> list[Path]:
        try:
            written = export(result, path)
        except StudioError as error:
            self.show_failure(describe(error))
            return []
        self.status.show_message(f"Saved {', '.join(str(p) for p in written)}")
        return written

    # -- status ---------------------------------------------------------------------------------

    def show_failure(self, failure: Failure) -> None:
        self.status.show_failure(failure)

    def show_attention(self, result: Result) -> None:
        """Shade the lanes by how much each part of the input shaped ``result`` (SF2F's
        attention over its segments); nothing for results without segment weights."""
        overlay = None
        if result.input_start is not None:
            overlay = overlay_for(result.encoded, result.input_start, result.input_tracks)
        self.timeline.set_attention(overlay)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_discard(CLOSING):
            event.ignore()
            return
        self.save_layout()
        self.files.wait_for_save()
        self.recorder.stop()
        self.transport.stop()
        self.jobs.cancel_all()
        self.jobs.wait(5000)
        self.files.close()
        super().closeEvent(event)
