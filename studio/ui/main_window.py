"""The main window: tracks on the left, the output and its history in the middle, the generator
panel on the right, the mixer docked below; menus and the transport toolbar around them
(:mod:`.menus`), file pickers and the unsaved-changes question in :mod:`.file_dialogs`."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDockWidget, QInputDialog, QMainWindow, QScrollArea, QSplitter

from studio.api import Image
from studio.api.errors import StudioError
from studio.app.context import Context
from studio.audio.playback import PlaybackBackend
from studio.audio.recorder import RecorderBackend
from studio.engine.enhance import can_enhance
from studio.project import SUFFIX

from .document import Document
from .editing import Editor
from .file_dialogs import CLOSING, ask_unsaved, confirm_discard, export_dialog
from .generation import GenerationController
from .generator_panel import GeneratorPanel
from .loading import FileLoader, accept_files, audio_paths
from .menus import build_menus, build_toolbar, fill_recent_menu
from .mixer import MixerPanel
from .model.attention import overlay_for
from .model.images import is_image_path
from .model.project import Selection
from .model.results import Result, export
from .model.settings import Settings
from .output_panel import OutputPanel
from .projects import ProjectFiles
from .recording import RecordBar, Recorder
from .status import StatusArea
from .timeline import Timeline
from .tracks_panel import TracksPanel
from .transport import Transport
from .workers import Failure, Jobs, describe

TITLE = "Persona Studio"


TRACKS_MIN_WIDTH = 320  # px the tracks keep when the result's panel grows


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
        self.output.enhanceRequested.connect(lambda r: self.generator.rerun(r, enhance=True))
        self.output.can_enhance = lambda r: can_enhance(self.context.host, r.info)
        self.output.exportRequested.connect(partial(export_dialog, self))
        generator_scroll = QScrollArea()
        generator_scroll.setWidgetResizable(True)
        generator_scroll.setWidget(self.generator)
        # Never narrower than the panel needs beside its vertical scroll bar: a horizontal
        # scroll bar here hid the ends of the Seed row and the param fields.
        generator_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = generator_scroll.verticalScrollBar().sizeHint().width()
        generator_scroll.setMinimumWidth(
            max(340, self.generator.minimumSizeHint().width() + bar + 4)
        )

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tracks)
        self.splitter.addWidget(self.output)
        self.splitter.addWidget(generator_scroll)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 2)
        self.generator.resultReady.connect(self._make_room_for_the_result)
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
        self.output.playRequested.connect(self.transport.play_source)
        self.recorder = Recorder(recorder, self.loader, self.jobs, self)
        self.recorder.failed.connect(self.show_failure)
        self.record_bar = RecordBar(self.recorder)
        self.files = ProjectFiles(self, self.settings)
        self.files.changed.connect(self._update_title)
        self.actions_by_name: dict[str, QAction] = {}
        build_menus(self)
        build_toolbar(self)
        self.apply_preferences()
        self._restore_layout()
        self._update_title()
        # After the first paint: a crash last time, or a plugin turned off because of one.
        QTimer.singleShot(0, self, self._start_up_notices)

    def _make_room_for_the_result(self, _result=None) -> None:
        """The face is what the window is for: once there is one, its panel is at least as
        wide as the tracks' (it shows the picture as large as the panel allows)."""
        tracks, output, generator = self.splitter.sizes()
        if output >= tracks:
            return
        moved = min((tracks - output + 1) // 2, max(0, tracks - TRACKS_MIN_WIDTH))
        self.splitter.setSizes([tracks - moved, output + moved, generator])

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

    # -- files --------------------------------------------------------------------------------

    def open_files(self, paths) -> None:
        """Open a project (the first .persona given) and audio files as new tracks."""
        paths = [Path(p) for p in paths]
        projects = [p for p in paths if p.suffix.lower() == SUFFIX]
        if projects and confirm_discard(self, "opening another project"):
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

    def rebuild_recent(self) -> None:
        """Refill File ▸ Open recent (the project files call this when the list changes)."""
        fill_recent_menu(self)

    def new_project(self) -> None:
        if confirm_discard(self, "starting a new project"):
            self.files.new()

    def ask_unsaved(self, doing: str) -> str:
        """ "save", "discard", "cancel" or "keep" (tests replace this with their answer)."""
        return ask_unsaved(self, doing)

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

    def demo_data_sheet(self) -> None:
        from .demo_data_dialog import DemoDataDialog

        DemoDataDialog.show_for(self)

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
        if not confirm_discard(self, CLOSING):
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
